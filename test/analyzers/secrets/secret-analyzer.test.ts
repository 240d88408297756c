import { describe, expect, it } from "vitest";
import { secretAnalyzer } from "../../../src/analyzers/secrets/secret-analyzer.js";
import type { ChangedFile } from "../../../src/domain/model.js";
import { addedFile, changedFile } from "../../helpers/changed-file.js";

/**
 * Fake credentials are assembled at run time from a seeded generator, so this repository never contains a
 * credential-shaped string (secret scanners and push protection stay quiet) and no value is ever real.
 */
function fake(
  seed: number,
  length: number,
  alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
): string {
  // mulberry32: small, seeded, and random enough in every bit.
  let state = seed;
  let text = "";
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    text += alphabet[((t ^ (t >>> 14)) >>> 0) % alphabet.length];
  }
  return text;
}
const upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const jwtPart = (seed: number) =>
  `eyJ${fake(seed, 30, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")}`;

const secrets = {
  awsKeyId: ["AK", "IA", fake(1, 16, upper)].join(""),
  awsSecret: fake(2, 40, base64),
  github: ["gh", "p_", fake(3, 36)].join(""),
  githubFineGrained: ["github", "_pat_", fake(4, 22), "_", fake(5, 59)].join(""),
  slack: ["xo", "xb-", fake(6, 12, "0123456789"), "-", fake(7, 24)].join(""),
  stripe: ["sk", "_live_", fake(8, 24)].join(""),
  google: ["AI", "za", fake(9, 35)].join(""),
  anthropic: ["sk", "-ant-api03-", fake(10, 90)].join(""),
  openai: ["sk", "-proj-", fake(11, 60)].join(""),
  jwt: `${jwtPart(12)}.${jwtPart(13)}.${fake(14, 40)}`,
  keyBody: fake(15, 64, base64),
};

async function review(file: ChangedFile) {
  const result = await secretAnalyzer.analyze(file, { files: [file] });
  expect(result.notes).toEqual([]);
  return result.findings;
}

const kinds = async (path: string, content: string) =>
  (await review(addedFile(path, content))).map(
    (finding) => `${finding.line} ${finding.subject?.split(":")[0]}`,
  );

describe("secretAnalyzer: each kind fires on a real-looking value and stays quiet on its placeholder", () => {
  const begin = ["-----BEGIN", "RSA PRIVATE KEY-----"].join(" ");
  const cases: Array<{ kind: string; bad: string; good: string }> = [
    {
      kind: "aws-access-key-id",
      bad: `AWS_ACCESS_KEY_ID=${secrets.awsKeyId}`,
      good: "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
    },
    {
      kind: "aws-secret-access-key",
      bad: `aws_secret_access_key = ${secrets.awsSecret}`,
      good: "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    },
    {
      kind: "private-key",
      bad: `${begin}\n${secrets.keyBody}\n${secrets.keyBody}`,
      good: `const header = "${begin}";`,
    },
    { kind: "github-token", bad: `token: ${secrets.github}`, good: `token: ${"gh"}p_${"x".repeat(36)}` },
    {
      kind: "github-token",
      bad: `GH_TOKEN=${secrets.githubFineGrained}`,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the text under test is source code that contains `${…}`
      good: "GH_TOKEN=${{ secrets.GH_TOKEN }}",
    },
    {
      kind: "slack-token",
      bad: `SLACK_BOT_TOKEN=${secrets.slack}`,
      good: `SLACK_BOT_TOKEN=${"xo"}xb-your-token-here`,
    },
    {
      kind: "stripe-live-key",
      bad: `stripe.api_key = "${secrets.stripe}"`,
      good: `stripe.api_key = "${"sk"}_live_changeme"`,
    },
    {
      kind: "google-api-key",
      bad: `const key = "${secrets.google}";`,
      good: 'const key = "<google-api-key>";',
    },
    {
      kind: "anthropic-api-key",
      bad: `ANTHROPIC_API_KEY=${secrets.anthropic}`,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the text under test is source code that contains `${…}`
      good: "ANTHROPIC_API_KEY=${ANTHROPIC_API_KEY}",
    },
    {
      kind: "openai-api-key",
      bad: `OPENAI_API_KEY="${secrets.openai}"`,
      good: `OPENAI_API_KEY="${"sk"}-proj-${"0".repeat(48)}"`,
    },
    { kind: "jwt", bad: `SERVICE_ROLE_KEY=${secrets.jwt}`, good: `ANON_KEY=${secrets.jwt}` },
  ];

  it.each(cases)("$kind", async ({ kind, bad, good }) => {
    expect((await kinds(".env.production", `${bad}\n`)).map((entry) => entry.split(" ")[1])).toContain(kind);
    expect(await kinds(".env.production", `${good}\n`)).toEqual([]);
  });
});

describe("secretAnalyzer", () => {
  it("names the kind and the line, never the value or any piece of it longer than four characters", async () => {
    for (const [name, value] of Object.entries(secrets)) {
      if (name === "keyBody") continue;
      const line =
        name === "awsSecret"
          ? `AWS_SECRET_ACCESS_KEY=${value}`
          : name === "jwt"
            ? `API_TOKEN=${value}`
            : `value = "${value}"`;
      const findings = await review(addedFile("config/settings.py", `# settings\n${line}\n`));
      expect(findings, name).toHaveLength(1);
      const [finding] = findings;
      const shown = `${finding?.title}\n${finding?.message}\n${finding?.subject}\n${finding?.suggestion ?? ""}`;
      expect(finding?.message).toMatch(/^Line 2 adds (a|an) /);
      // The documented prefix (`github_pat_`, `sk-proj-`) says what the value is, not what it is: skip it.
      const secretPart = value.slice(/^(?:[a-z]+[_-])+/i.exec(value)?.[0].length ?? 0);
      for (let i = 0; i + 5 <= secretPart.length; i++) {
        const piece = secretPart.slice(i, i + 5);
        expect(shown, `${name} leaks ${piece}`).not.toContain(piece);
      }
      expect(shown).not.toContain(value);
    }
  });

  it("is a blocker, not a HALT, and `major` in test and fixture paths", async () => {
    const [production] = await review(addedFile("deploy/app.env", `GITHUB_TOKEN=${secrets.github}\n`));
    expect([production?.ruleId, production?.severity, production?.haltQuestion]).toEqual([
      "secrets/hardcoded-secret",
      "blocker",
      undefined,
    ]);
    expect(production?.message).toContain("revoke or rotate it now");
    const [fixture] = await review(
      addedFile("test/fixtures/github/app.env", `GITHUB_TOKEN=${secrets.github}\n`),
    );
    expect(fixture?.severity).toBe("major");
    expect(fixture?.message).toContain("in a test or fixture file");
  });

  it("finds an AWS secret key next to its key id even without a telling name", async () => {
    const content = `[default]\nkey = ${secrets.awsKeyId}\nvalue = ${secrets.awsSecret}\n`;
    expect(await kinds("config/credentials", content)).toEqual([
      "2 aws-access-key-id",
      "3 aws-secret-access-key",
    ]);
    // The same 40 characters elsewhere are just base64 (a hash, an id): too common to call a key.
    expect(await kinds("config/credentials", `checksum = ${secrets.awsSecret}\n`)).toEqual([]);
  });

  it("finds a private key inlined in JSON", async () => {
    const begin = ["-----BEGIN", "PRIVATE KEY-----"].join(" ");
    const json = `{\n  "type": "service_account",\n  "private_key": "${begin}\\n${secrets.keyBody}\\n-----END PRIVATE KEY-----\\n"\n}\n`;
    expect(await kinds("gcp/service-account.json", json)).toEqual(["3 private-key"]);
  });

  it("scans only the lines the PR adds", async () => {
    const before = `TOKEN=${secrets.github}\n`;
    const after = `TOKEN=${secrets.github}\nSTRIPE=${secrets.stripe}\n`;
    const findings = await review(changedFile(".env", before, after));
    expect(findings.map((finding) => finding.subject)).toEqual(["stripe-live-key:2"]);
    expect(await review(changedFile(".env", before, ""))).toEqual([]);
  });

  it("applies to every reviewed file whatever its category, reads no contents, and skips skipped files", () => {
    const file = { ...addedFile("src/app.ts", "x\n"), category: "other" as const };
    expect(secretAnalyzer.appliesTo(file)).toBe(true);
    expect(secretAnalyzer.appliesTo({ ...file, skipped: "lockfile" })).toBe(false);
    expect(secretAnalyzer.needs).toEqual({ base: false, head: false });
  });

  it("has nothing to say about files without a diff", async () => {
    const file = { ...addedFile("bin/tool", "x\n"), hunks: [], patchMissing: true };
    expect(await review(file)).toEqual([]);
  });
});
