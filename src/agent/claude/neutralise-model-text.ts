// Makes text the model wrote safe to post: no pings, no links off GitHub, no hidden markup, no secrets.
// The model read attacker-written text, so its output is treated like the PR's own text until proven harmless.
import { redactKnownValues, redactSecrets } from "./redact-secrets.js";

export interface NeutraliseOptions {
  /** Hosts links may point to (github.com and its subdomains are always allowed). */
  allowedHosts?: readonly string[];
  /** Secret values redacted from the prompt: they must not come back. */
  secrets?: ReadonlySet<string>;
  /** Longest text kept; the rest is cut with an ellipsis. */
  maxLength?: number;
}

const markdownLink = /(!?)\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g;
const bareUrl = /\b(?:https?|ftp):\/\/[^\s<>()"'`]+/gi;

export function neutraliseModelText(text: string, options: NeutraliseOptions = {}): string {
  const allowed = (url: string) => isAllowedUrl(url, options.allowedHosts ?? []);
  let out = text
    // Hidden markup never reaches a review: comments and raw HTML tags are dropped or shown.
    .replace(/<!--[\s\S]*?(?:-->|$)/g, "")
    .replace(/<\/?(?:img|a|script|iframe|details|summary|picture|source|video|svg|style)\b[^>]*>/gi, "")
    // Images are dropped (tracking pixels, misleading content); links off GitHub keep their text only.
    .replace(markdownLink, (_match, bang: string, label: string, url: string) => {
      if (bang === "!") return "";
      return allowed(url) ? `[${label}](${url})` : `${label} (link removed)`;
    })
    .replace(bareUrl, (url) => (allowed(url) ? url : "(link removed)"))
    // @mentions (people, teams) get a zero-width joiner so nobody is pinged by the bot.
    .replace(/(^|[^\w`])@(?=[A-Za-z0-9-])/g, "$1@\u200d");
  out = redactSecrets(out).text;
  if (options.secrets !== undefined) out = redactKnownValues(out, options.secrets);
  const max = options.maxLength;
  if (max !== undefined && out.length > max) out = `${out.slice(0, max - 1).trimEnd()}…`;
  return out.trim();
}

/** Secrets only: for suggestions, which are code and must stay literal (`@Column` is a decorator). */
export function redactModelCode(text: string, secrets?: ReadonlySet<string>): string {
  const out = redactSecrets(text).text;
  return secrets === undefined ? out : redactKnownValues(out, secrets);
}

function isAllowedUrl(raw: string, extraHosts: readonly string[]): boolean {
  if (raw.startsWith("#")) return true;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Relative links resolve against the PR on github.com.
    return !/^[a-z][a-z0-9+.-]*:/i.test(raw) && !raw.startsWith("//");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return false;
  const host = url.hostname.toLowerCase();
  return (
    host === "github.com" ||
    host.endsWith(".github.com") ||
    extraHosts.some((allowed) => host === allowed.toLowerCase())
  );
}
