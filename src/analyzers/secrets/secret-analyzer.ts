// Credentials in the lines a PR adds, in any file the review covers: named by kind and line, never echoed.
import type { DiffLine, Finding } from "../../domain/model.js";
import type { Analyzer } from "../analyzer.js";
import { makeFinding } from "../make-finding.js";
import { isPlaceholder, type SecretPattern, secretPatterns } from "./secret-patterns.js";
import { fixtureSecretRule, secretRules } from "./secret-rules.js";

const fixturePath =
  /(^|\/)(?:test|tests|__tests__|spec|specs|fixtures?|__fixtures__|testdata|mocks?|__mocks__)\/|\.(?:test|spec)\.[^/]+$|_test\.[^/]+$|(^|\/)test_[^/]+\.py$/i;

const awsSecretName = /aws.?secret|secret.?access.?key|SecretAccessKey/i;
/** The name a JWT is assigned to: only secret-sounding names count, public ones (`anon`, `publishable`) do not. */
const secretName =
  /(secret|token|passw(or)?d|api.?key|private.?key|service.?role|credential|auth|bearer|jwt)/i;
const publicName = /(anon|public|publishable|example|sample|test)/i;

export const secretAnalyzer: Analyzer = {
  id: "secrets",
  appliesTo: (file) => file.skipped === undefined,
  // Only the patch's added lines are scanned: no contents to fetch.
  needs: { base: false, head: false },
  async analyze(file) {
    const rule = fixturePath.test(file.path) ? fixtureSecretRule : secretRules.hardcodedSecret;
    const findings: Finding[] = [];
    const seen = new Set<string>();
    for (const hunk of file.hunks) {
      const added = hunk.lines.filter((line) => line.kind === "add" && line.newLine !== undefined);
      for (const [index, line] of added.entries()) {
        for (const pattern of secretPatterns) {
          const lineNumber = line.newLine ?? 0;
          if (!matches(pattern, line, added, index)) continue;
          const key = `${pattern.id}:${lineNumber}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const where = rule === fixtureSecretRule ? " in a test or fixture file" : "";
          const advice =
            rule === fixtureSecretRule
              ? "If it is real, revoke it and load it from the environment; if it is a fake, make that obvious " +
                "(e.g. an `EXAMPLE` suffix) so it is not mistaken for a leak."
              : "Treat it as leaked: revoke or rotate it now (deleting the line later leaves it in the Git history), " +
                "then load it from the environment or a secret manager.";
          findings.push(
            makeFinding(rule, {
              path: file.path,
              line: lineNumber,
              subject: key,
              message: `Line ${lineNumber} adds ${pattern.kind}${where}. ${advice}`,
            }),
          );
        }
      }
    }
    return { findings, notes: [] };
  },
};

function matches(pattern: SecretPattern, line: DiffLine, added: readonly DiffLine[], index: number): boolean {
  for (const match of line.content.matchAll(pattern.pattern)) {
    const value = match[0];
    if (pattern.needs !== "key-body" && isPlaceholder(value)) continue;
    switch (pattern.needs) {
      case undefined:
        return true;
      case "aws-context":
        if (isAwsSecret(value, line, added, index)) return true;
        break;
      case "secret-name": {
        const before = line.content.slice(0, match.index);
        const name = /([A-Za-z0-9_.-]+)["'`]?\s*(?::|=|=>)\s*["'`]?(?:Bearer\s+)?$/i.exec(before)?.[1];
        const header = /authorization["'`]?\s*[:=]\s*["'`]?Bearer\s+$/i.test(before);
        if (header || (name !== undefined && secretName.test(name) && !publicName.test(name))) return true;
        break;
      }
      case "key-body":
        if (hasKeyBody(line.content.slice(match.index + value.length), added, index)) return true;
        break;
    }
  }
  return false;
}

/** Base64 of 40 characters is common (hashes, ids): only next to an AWS key id or under an AWS secret name. */
function isAwsSecret(value: string, line: DiffLine, added: readonly DiffLine[], index: number): boolean {
  // Random base64 mixes cases and digits; a 40-character hex string is a SHA-1, not a key.
  if (!/[a-z]/.test(value) || !/[A-Z]/.test(value) || !/[0-9]/.test(value) || /^[0-9a-f]+$/i.test(value))
    return false;
  if (awsSecretName.test(line.content)) return true;
  const nearby = added.slice(Math.max(0, index - 3), index + 4);
  return nearby.some((other) => /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/.test(other.content));
}

/** A BEGIN line alone is often a constant in code that parses keys; a key block has a base64 body. */
function hasKeyBody(rest: string, added: readonly DiffLine[], index: number): boolean {
  // A key inlined in JSON or an env file: `"-----BEGIN PRIVATE KEY-----\nMIIE…"`.
  if (/(?:\\n|\\r\\n)[A-Za-z0-9+/=]{40,}/.test(rest)) return true;
  return added
    .slice(index + 1, index + 5)
    .some(
      (next) =>
        /^[\s"'`]*[A-Za-z0-9+/=]{40,}[\s"'`,;\\n]*$/.test(next.content) &&
        !isPlaceholder(next.content.trim()),
    );
}
