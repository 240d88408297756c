// High-confidence credential formats: a prefix or structure that only that kind of secret has. Generic
// `password = "…"` assignments are deliberately absent: far too many of them are fixtures and examples.

export interface SecretPattern {
  /** Stable id, used in the finding subject. */
  id: string;
  /** What the message calls it: "a GitHub token". */
  kind: string;
  pattern: RegExp;
  /** Extra evidence the line (and its neighbours) must show, for formats that are not unique on their own. */
  needs?: "aws-context" | "secret-name" | "key-body";
}

export const secretPatterns: readonly SecretPattern[] = [
  {
    id: "aws-access-key-id",
    kind: "an AWS access key ID",
    pattern: /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/g,
  },
  {
    id: "aws-secret-access-key",
    kind: "an AWS secret access key",
    pattern: /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
    needs: "aws-context",
  },
  {
    id: "private-key",
    kind: "a private key",
    pattern: /-----BEGIN (?:(?:RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY(?: BLOCK)?-----/g,
    needs: "key-body",
  },
  {
    id: "github-token",
    kind: "a GitHub token",
    pattern: /(?<![A-Za-z0-9_])(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g,
  },
  {
    id: "github-token",
    kind: "a GitHub fine-grained token",
    pattern: /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9_])/g,
  },
  {
    id: "slack-token",
    kind: "a Slack token",
    pattern: /(?<![A-Za-z0-9])xox[baprs]-[0-9A-Za-z]{8,}-[0-9A-Za-z-]{8,}/g,
  },
  {
    id: "stripe-live-key",
    kind: "a Stripe live secret key",
    pattern: /(?<![A-Za-z0-9])[sr]k_live_[0-9A-Za-z]{20,}/g,
  },
  {
    id: "google-api-key",
    kind: "a Google API key",
    pattern: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g,
  },
  {
    id: "anthropic-api-key",
    kind: "an Anthropic API key",
    pattern: /(?<![A-Za-z0-9])sk-ant-[A-Za-z0-9_-]{40,}/g,
  },
  {
    id: "openai-api-key",
    kind: "an OpenAI API key",
    pattern:
      /(?<![A-Za-z0-9])sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|(?<![A-Za-z0-9])sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}/g,
  },
  {
    id: "jwt",
    kind: "a JSON Web Token",
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
    needs: "secret-name",
  },
];

/** Documentation values and obvious fillers: `AKIAIOSFODNN7EXAMPLE`, `xoxb-xxxxxxxx-…`, `sk_live_000000…`. */
export function isPlaceholder(value: string): boolean {
  if (/example|dummy|sample|placeholder|changeme|redacted|your[_-]|fake|insert/i.test(value)) return true;
  if (/x{4,}|X{4,}|(.)\1{5,}/.test(value)) return true;
  if (/0123456789|123456789|abcdefghij|ABCDEFGHIJ/.test(value)) return true;
  // A real key's random part uses many distinct characters.
  return new Set(value.replace(/^[a-z]+[_-](?:[a-z]+[_-])?/i, "")).size < 8;
}
