// Redacts credential values (never the names that hold them) from text sent to the model or posted back.
// Redacting names (`process.env.GITHUB_TOKEN` → `REDACTED`) made peers report false findings; the key stays
// visible so the model can still say "a credential is hard-coded here".

export interface Redaction {
  text: string;
  /** The values that were replaced: checked again on everything the model writes. */
  values: string[];
}

const marker = (kind: string) => `[REDACTED ${kind}]`;

/** Token formats that are secret wherever they appear. */
const tokenPatterns: Array<[RegExp, string]> = [
  [/\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g, "aws-access-key"],
  [/\bgh[pousr]_[A-Za-z0-9]{36,255}\b/g, "github-token"],
  [/\bgithub_pat_[A-Za-z0-9_]{22,255}\b/g, "github-token"],
  [/\bsk-ant-[A-Za-z0-9_-]{20,}/g, "anthropic-key"],
  [/\bsk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{32,}/g, "openai-key"],
  [/\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}\b/g, "stripe-key"],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/g, "slack-token"],
  [/https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/_-]+/g, "slack-webhook"],
  [/\bAIza[0-9A-Za-z_-]{35}\b/g, "google-api-key"],
  [/\bglpat-[A-Za-z0-9_-]{20,}\b/g, "gitlab-token"],
  [/\bnpm_[A-Za-z0-9]{36}\b/g, "npm-token"],
  [/\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g, "jwt"],
];

/** `scheme://user:password@host`: only the password goes. */
const urlCredentials = /\b([a-z][a-z0-9+.-]*:\/\/[^/\s:@'"]+:)([^@\s/'"]+)(@)/gi;

/** `DB_PASSWORD=…`, `apiKey: "…"`, `"client_secret": "…"`: the key must end with the secret word. */
const assignment =
  /((?:[A-Za-z0-9_.-]{0,40}?)(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|secret[_-]?key|credentials?)["']?\s*(?::=|=>|:|=)\s*)(?:"([^"\n]*)"|'([^'\n]*)'|([^\s"'#,;]+))/gi;

const privateKeyBegin = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/;
const privateKeyEnd = /-----END [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/;

/** Redacts secret values in a block of text (lines are handled one by one, private-key blocks across lines). */
export function redactSecrets(text: string): Redaction {
  const values: string[] = [];
  const lines = redactLines(text.split("\n"), values);
  return { text: lines.join("\n"), values };
}

/**
 * Redacts `lines` in order (a private-key block spans lines), collecting replaced values in `values`.
 * Line count and order never change, so `[R n]` tags stay right.
 */
export function redactLines(lines: readonly string[], values: string[]): string[] {
  let inKey = false;
  return lines.map((line) => {
    if (inKey) {
      if (privateKeyEnd.test(line)) {
        inKey = false;
        return line;
      }
      const body = line.trim();
      if (body.length >= 16) values.push(body);
      return line.replace(/[A-Za-z0-9+/=]{16,}/g, marker("private-key"));
    }
    if (privateKeyBegin.test(line) && !privateKeyEnd.test(line)) {
      inKey = true;
      return line;
    }
    return redactLine(line, values);
  });
}

// Cheap pre-checks: almost every line of code holds none of the shapes, and the full patterns are slow on
// long lines. Each names what its patterns need to see.
const tokenHint =
  /AKIA|ASIA|ABIA|ACCA|gh[pousr]_|github_pat_|sk-|sk_|rk_|xox|hooks\.slack|AIza|glpat-|npm_|eyJ|PRIVATE KEY/;
const assignmentHint = /passw|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credential/i;

function redactLine(line: string, values: string[]): string {
  let out = line;
  if (tokenHint.test(out)) {
    out = out.replace(
      /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY-----/g,
      (match) => {
        values.push(match);
        return marker("private-key");
      },
    );
    for (const [pattern, kind] of tokenPatterns) {
      out = out.replace(pattern, (match) => {
        values.push(match);
        return marker(kind);
      });
    }
  }
  if (out.includes("://") && out.includes("@")) {
    out = out.replace(urlCredentials, (match, head: string, password: string, at: string) => {
      if (isPlaceholder(password)) return match;
      values.push(password);
      return `${head}${marker("password")}${at}`;
    });
  }
  if (assignmentHint.test(out)) {
    out = out.replace(assignment, (match, head: string, double?: string, single?: string, bare?: string) => {
      const value = double ?? single ?? bare ?? "";
      if (value.includes("[REDACTED")) return match;
      if (!looksSecret(value, bare !== undefined)) return match;
      values.push(value);
      const quote = double !== undefined ? '"' : single !== undefined ? "'" : "";
      return `${head}${quote}${marker("value")}${quote}`;
    });
  }
  return out;
}

/** References, templates and placeholders are not secrets; short and numeric values are not worth it. */
function looksSecret(value: string, bare: boolean): boolean {
  if (value.length < 6 || isPlaceholder(value)) return false;
  if (/^\d+$/.test(value) || /^(?:true|false|null|none|nil|undefined|required|optional)$/i.test(value))
    return false;
  if (bare) {
    // Unquoted: `password = get_password()` or `secret: config.db.secret` are code, not values.
    if (/[()[\]{}]/.test(value)) return false;
    if (/^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(value) && !/\d/.test(value))
      return false;
    if (value.length < 8) return false;
  }
  return !/\s/.test(value) || value.length >= 20;
}

function isPlaceholder(value: string): boolean {
  return (
    /^(?:\$\{?|\{\{|%\(|<%|<|\*{3,}|x{4,}|\.{3}|process\.env|os\.environ|env\(|ENV\[|getenv)/i.test(value) ||
    /^(?:changeme|change-me|password|secret|example|your[_-]?\w*|placeholder|redacted|dummy|test|fake)$/i.test(
      value,
    ) ||
    /^[A-Z][A-Z0-9_]*$/.test(value)
  );
}

/** Replaces every value redacted from the input, wherever it resurfaces (the model's answer, tool output). */
export function redactKnownValues(text: string, values: ReadonlySet<string>): string {
  let out = text;
  for (const value of values) {
    if (value.length >= 6 && out.includes(value)) out = out.split(value).join(marker("value"));
  }
  return out;
}
