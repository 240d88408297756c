// Process configuration: the environment variables the app reads, validated once at start-up.
// Every message is one complete line naming the variable, so `loadEnv` can print issues as they are.
import { createPrivateKey } from "node:crypto";
import { z } from "zod";

export const nodeEnvs = ["development", "production", "test"] as const;
export const logLevels = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
export const logFormats = ["json", "pretty"] as const;

/** Shows a rejected (non-secret) value back to the operator, quoted and bounded. */
function got(value: unknown): string {
  const text = String(value);
  return `(got ${JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text)})`;
}

function oneOf<const T extends readonly [string, ...string[]]>(name: string, values: T) {
  return z.enum(values, {
    error: (issue) => `${name} must be one of ${values.join(", ")} ${got(issue.input)}`,
  });
}

function integerFrom(name: string, min: number, max: number, fallback: number) {
  return z
    .string()
    .default(String(fallback))
    .transform((raw, ctx) => {
      const value = Number(raw);
      if (!/^\d+$/.test(raw) || value < min || value > max) {
        ctx.addIssue({
          code: "custom",
          message: `${name} must be an integer from ${min} to ${max} ${got(raw)}`,
        });
        return z.NEVER;
      }
      return value;
    });
}

/** `scheme://…` URL with one of `schemes`. The value is never echoed: URLs carry passwords. */
function urlWith(name: string, schemes: readonly string[], example: string) {
  return z.string().refine(
    (raw) => {
      if (!URL.canParse(raw)) return false;
      return schemes.includes(new URL(raw).protocol.slice(0, -1));
    },
    {
      error: `${name} must be a ${schemes.map((scheme) => `${scheme}://`).join(" or ")} URL, e.g. ${example}`,
    },
  );
}

const pemBlock = /-----BEGIN (RSA )?PRIVATE KEY-----[\s\S]+?-----END (RSA )?PRIVATE KEY-----/;

/**
 * Turns the forms people paste a GitHub App key in (as Probot's get-private-key accepts them: real
 * newlines, `\n` escapes from a one-line .env value, CRLF, base64 of the .pem) into PEM text that Node can
 * load. `undefined` when no private key can be read from it.
 */
export function normalizePrivateKey(raw: string): string | undefined {
  let text = raw.trim();
  if (!text.includes("-----BEGIN") && /^[A-Za-z0-9+/=\s]+$/.test(text)) {
    text = Buffer.from(text, "base64").toString("utf8").trim();
  }
  text = text.replace(/\\r\\n|\\n/g, "\n").replace(/\r\n/g, "\n");
  const pem = pemBlock.exec(text)?.[0];
  if (pem === undefined) return undefined;
  try {
    createPrivateKey(pem);
  } catch {
    return undefined;
  }
  return `${pem}\n`;
}

/** What a private key must look like; shared by PRIVATE_KEY and the file PRIVATE_KEY_PATH names. */
export const privateKeyExpectation =
  'a PEM private key ("-----BEGIN RSA PRIVATE KEY-----" … "-----END RSA PRIVATE KEY-----"), with real or \\n-escaped newlines';

// `process.env` gives "" for `FOO=` lines: an empty value means "not set", so defaults apply.
function dropEmptyValues(input: unknown): unknown {
  if (typeof input !== "object" || input === null) return input;
  return Object.fromEntries(
    Object.entries(input).filter(([, value]) => !(typeof value === "string" && value.trim() === "")),
  );
}

const fields = z.object({
  /** Deployment kind. `production` turns on the refusals below; default `development`. */
  NODE_ENV: oneOf("NODE_ENV", nodeEnvs).default("development"),
  /** The GitHub App id (app settings page). Absent ⇒ Probot's manifest set-up flow; refused in production. */
  APP_ID: z
    .string()
    .refine((raw) => /^\d+$/.test(raw) && Number(raw) > 0, {
      error: (issue) =>
        `APP_ID must be a positive integer, the App ID from the app's settings page ${got(issue.input)}`,
    })
    .transform(Number)
    .optional(),
  /** The App's private key as PEM text; one-line `\n`-escaped and base64 forms are converted. Secret. */
  PRIVATE_KEY: z
    .string()
    .transform((raw, ctx) => {
      const pem = normalizePrivateKey(raw);
      if (pem === undefined) {
        ctx.addIssue({ code: "custom", message: `PRIVATE_KEY must be ${privateKeyExpectation}` });
        return z.NEVER;
      }
      return pem;
    })
    .optional(),
  /** Path of the App's .pem file (relative to the working directory); read and checked by `loadEnv`. */
  PRIVATE_KEY_PATH: z.string().optional(),
  /** Secret GitHub signs webhook deliveries with. Required in production. Secret. */
  WEBHOOK_SECRET: z.string().optional(),
  /** Path the webhook endpoint listens on; default `/api/github/webhooks` (Probot's). */
  WEBHOOK_PATH: z
    .string()
    .regex(/^\/\S*$/, {
      error: (issue) => `WEBHOOK_PATH must be a URL path starting with "/" ${got(issue.input)}`,
    })
    .default("/api/github/webhooks"),
  /** Anthropic API key. Absent ⇒ the offline architect (deterministic analyzers only) reviews. Secret. */
  ANTHROPIC_API_KEY: z.string().optional(),
  /** Claude model id used for reviews; default `claude-sonnet-5-5`. */
  ANTHROPIC_MODEL: z
    .string()
    .regex(/^\S+$/, {
      error: (issue) => `ANTHROPIC_MODEL must be a model id without spaces ${got(issue.input)}`,
    })
    .default("claude-sonnet-5-5"),
  /** Anthropic API base URL, for gateways and proxies; the SDK's default when absent. */
  ANTHROPIC_BASE_URL: urlWith(
    "ANTHROPIC_BASE_URL",
    ["https", "http"],
    "https://gateway.example.com",
  ).optional(),
  /** pino log level; default `info`. `debug`/`trace` are refused in production (see `loadEnv`). */
  LOG_LEVEL: oneOf("LOG_LEVEL", logLevels).default("info"),
  /** `json` (one object per line) or `pretty`; default `json` in production, `pretty` elsewhere. */
  LOG_FORMAT: oneOf("LOG_FORMAT", logFormats).optional(),
  /**
   * Interface the HTTP server binds; default `localhost` as in Probot, which is unreachable from outside a
   * container: set `0.0.0.0` there.
   */
  HOST: z
    .string()
    .regex(/^[A-Za-z0-9.:[\]%-]+$/, {
      error: (issue) =>
        `HOST must be a hostname or IP address to listen on, e.g. 0.0.0.0 ${got(issue.input)}`,
    })
    .default("localhost"),
  /** HTTP port; default 3000. */
  PORT: integerFrom("PORT", 1, 65535, 3000),
  /** Reviews running at once in this process; default 4. */
  CONCURRENCY: integerFrom("CONCURRENCY", 1, 64, 4),
  /**
   * What this process does: `both` (webhook server and worker, the default), `web` (only receives webhooks
   * and queues jobs) or `worker` (only runs jobs). `web` and `worker` need REDIS_URL: the queue is shared.
   */
  ROLE: oneOf("ROLE", ["both", "web", "worker"] as const).default("both"),
  /**
   * Seconds a stopping process (SIGTERM) waits for running jobs and connections to close before it exits
   * anyway; default 25, inside Kubernetes' and Docker's usual grace periods of 30 and 10 s respectively.
   */
  SHUTDOWN_GRACE_SECONDS: integerFrom("SHUTDOWN_GRACE_SECONDS", 1, 3600, 25),
  /**
   * `off` disables Octokit's throttling (at most one write a second per app, shared through Redis, as GitHub
   * asks): only for a GitHub Enterprise Server without rate limits, or a load test against a fake GitHub.
   */
  GITHUB_THROTTLE: oneOf("GITHUB_THROTTLE", ["on", "off"] as const).default("on"),
  /** Prefix of the queue's Redis keys; default `backend-architect`. Two installations may share one Redis. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, {
      error: (issue) => `QUEUE_PREFIX must be 1–64 letters, digits, '_', '.' or '-' ${got(issue.input)}`,
    })
    .default("backend-architect"),
  /** GitHub Enterprise Server hostname (optionally `:port`), no scheme or path; absent ⇒ github.com. */
  GHE_HOST: z
    .string()
    .regex(/^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d{1,5})?$/, {
      error: (issue) =>
        `GHE_HOST must be a hostname only, without scheme or path, e.g. github.example.com ${got(issue.input)}`,
    })
    .optional(),
  /** Protocol to reach GHE_HOST with; default `https`. */
  GHE_PROTOCOL: oneOf("GHE_PROTOCOL", ["http", "https"] as const).default("https"),
  /** Redis for the shared job queue and rate-limit state; absent ⇒ in-process queue. May hold a password. */
  REDIS_URL: urlWith("REDIS_URL", ["redis", "rediss"], "redis://localhost:6379").optional(),
});

/**
 * The environment schema: per-variable checks, then the rules that span variables. Those run even when a
 * field failed (`when`), so one start-up prints every problem; they only compare presence and plain strings,
 * which stay meaningful on unparsed input.
 */
export const envSchema = z.preprocess(
  dropEmptyValues,
  fields.superRefine(
    (env, ctx) => {
      const production = env.NODE_ENV === "production";
      if (production && env.APP_ID === undefined) {
        ctx.addIssue({
          code: "custom",
          message:
            "APP_ID is required when NODE_ENV=production (without it Probot starts the manifest set-up flow)",
        });
      }
      // Only for a valid APP_ID: a bad one already has its own line.
      const appIdValid = typeof env.APP_ID === "number";
      if (appIdValid && env.PRIVATE_KEY === undefined && env.PRIVATE_KEY_PATH === undefined) {
        ctx.addIssue({
          code: "custom",
          message: "PRIVATE_KEY or PRIVATE_KEY_PATH is required when APP_ID is set",
        });
      }
      if ((env.ROLE === "web" || env.ROLE === "worker") && env.REDIS_URL === undefined) {
        ctx.addIssue({
          code: "custom",
          message: `ROLE=${env.ROLE} needs REDIS_URL: a web process and its workers share the queue in Redis`,
        });
      }
      if (env.PRIVATE_KEY !== undefined && env.PRIVATE_KEY_PATH !== undefined) {
        ctx.addIssue({
          code: "custom",
          message:
            "PRIVATE_KEY and PRIVATE_KEY_PATH are both set; set only one, so it is clear which key is used",
        });
      }
      if (production && env.WEBHOOK_SECRET === undefined) {
        ctx.addIssue({
          code: "custom",
          message:
            'WEBHOOK_SECRET is required when NODE_ENV=production (Probot would otherwise accept payloads signed with "development")',
        });
      }
      if (production && env.WEBHOOK_SECRET === "development") {
        ctx.addIssue({
          code: "custom",
          message:
            'WEBHOOK_SECRET must not be "development" when NODE_ENV=production: it is Probot\'s public default',
        });
      }
      if (production && (env.LOG_LEVEL === "debug" || env.LOG_LEVEL === "trace")) {
        ctx.addIssue({
          code: "custom",
          message: `LOG_LEVEL=${env.LOG_LEVEL} is refused when NODE_ENV=production (Octokit's debug logs print request bodies: diffs and prompts would leak); use info`,
        });
      }
      if (production && env.LOG_FORMAT === "pretty") {
        ctx.addIssue({
          code: "custom",
          message:
            "LOG_FORMAT=pretty is refused when NODE_ENV=production (log collectors need one JSON object per line); use json",
        });
      }
    },
    { when: () => true },
  ),
);

/** The validated environment, variable names as-is; `loadEnv` turns it into an `AppConfig`. */
export type Env = z.output<typeof envSchema>;
