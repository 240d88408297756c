// The process logger: pino, JSON in production, with every secret scrubbed from each line before it is
// written. Field paths (`redact`) are not enough: a token can sit in an error message, a URL or a nested
// request object, so the serialized line itself is scrubbed (pino's `streamWrite` hook).
import { type DestinationStream, type Logger, pino } from "pino";

/** Patterns of credentials the app handles, whatever their source. */
const secretPatterns: readonly RegExp[] = [
  // PEM private keys (the App's key), also when JSON-escaped (`\n` inside a string).
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  // GitHub tokens: installation (ghs_), user-to-server (ghu_), OAuth (gho_), PAT (ghp_, github_pat_), refresh.
  /\b(?:gh[pousr]_[A-Za-z0-9]{20,255}|github_pat_[A-Za-z0-9_]{20,255})\b/g,
  // Anthropic API keys.
  /\bsk-ant-[A-Za-z0-9_-]{10,}\b/g,
  // Authorization headers and JWTs (the App's JWT).
  /\b(?:[Bb]earer|[Tt]oken)\s+[A-Za-z0-9._~+/=-]{8,}/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
];

export const redacted = "[REDACTED]";

/**
 * Removes `secrets` (exact values, e.g. the webhook secret) and anything matching the credential patterns
 * from `line`. Values shorter than 6 characters are not scrubbed (they would hit ordinary words).
 */
export function scrubSecrets(line: string, secrets: readonly string[]): string {
  let scrubbed = line;
  for (const secret of secrets) {
    if (secret.length < 6) continue;
    for (const form of [secret, JSON.stringify(secret).slice(1, -1)]) {
      scrubbed = scrubbed.split(form).join(redacted);
    }
  }
  for (const pattern of secretPatterns) scrubbed = scrubbed.replace(pattern, redacted);
  return scrubbed;
}

export interface LoggerOptions {
  level: string;
  format: "json" | "pretty";
  /** Exact values never to write: the webhook secret, the API key, the private key. */
  secrets: readonly string[];
  /** Where lines go (tests); stdout by default. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const secrets = options.secrets.filter((secret) => secret.length > 0);
  const base = {
    level: options.level,
    name: "backend-architect",
    redact: {
      paths: [
        "req.headers.authorization",
        'req.headers["x-hub-signature-256"]',
        'req.headers["x-hub-signature"]',
        "headers.authorization",
        "request.headers.authorization",
        "err.request.headers.authorization",
        "*.privateKey",
        "*.apiKey",
        "*.webhookSecret",
        "*.token",
      ],
      censor: redacted,
    },
    hooks: { streamWrite: (line: string) => scrubSecrets(line, secrets) },
  };
  if (options.format === "pretty" && options.destination === undefined)
    return pino({ ...base, transport: { target: "pino-pretty" } });
  return options.destination === undefined ? pino(base) : pino(base, options.destination);
}
