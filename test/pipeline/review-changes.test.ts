import { describe, expect, it } from "vitest";
import { defaultAnalyzers } from "../../src/analyzers/registry.js";
import type { ContentSource, PullRequestSnapshot, RawChangedFile } from "../../src/domain/model.js";
import { reviewChanges } from "../../src/pipeline/review-changes.js";

const snapshot: PullRequestSnapshot = {
  owner: "acme",
  repo: "shop",
  number: 1,
  title: "Tidy the users API",
  body: "",
  author: "octocat",
  baseSha: "b".repeat(40),
  headSha: "a".repeat(40),
  changedFilesCount: 1,
};

const spec = (idType: string) =>
  [
    "openapi: 3.0.3",
    "info: { title: users, version: 1.0.0 }",
    "paths:",
    "  /users/{id}:",
    "    get:",
    "      parameters:",
    "        - name: id",
    "          in: path",
    "          required: true",
    "          schema:",
    `            type: ${idType}`,
    "      responses:",
    "        '200': { description: ok }",
    "",
  ].join("\n");

function source(
  files: Record<string, { base?: string; head?: string }>,
): ContentSource & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    async read(path, side) {
      reads.push(`${side}:${path}`);
      return files[path]?.[side];
    },
  };
}

describe("reviewChanges", () => {
  it("classifies a modified spec by its content when the diff does not show the openapi key", async () => {
    const raw: RawChangedFile = {
      path: "api/users.yaml",
      status: "modified",
      additions: 1,
      deletions: 1,
      patch:
        "@@ -9,3 +9,3 @@\n           required: true\n           schema:\n-            type: integer\n+            type: string\n       responses:",
    };
    const contents = source({ "api/users.yaml": { base: spec("integer"), head: spec("string") } });
    const result = await reviewChanges({ snapshot, rawFiles: [raw], contents, analyzers: defaultAnalyzers });
    expect(result.files.map((file) => file.category)).toEqual(["api"]);
    expect(result.relevant).toBe(true);
    expect(result.outcome.questions.map((question) => question.ruleId)).toEqual([
      "api/type-or-nullability-changed",
    ]);
    // The head was read once, while classifying, and reused by the analyzer.
    expect(contents.reads.sort()).toEqual(["base:api/users.yaml", "head:api/users.yaml"]);
  });

  it("asks one question about two columns retyped by one ALTER TABLE, naming both", async () => {
    const sql =
      "SET lock_timeout = '5s';\nALTER TABLE billing.invoices\n  ALTER COLUMN amount TYPE bigint,\n  ALTER COLUMN issued_on TYPE timestamptz;\n";
    const lines = sql.trimEnd().split("\n");
    const raw: RawChangedFile = {
      path: "db/migrations/V7__invoices.sql",
      status: "added",
      additions: lines.length,
      deletions: 0,
      patch: `@@ -0,0 +1,${lines.length} @@\n${lines.map((line) => `+${line}`).join("\n")}`,
    };
    const contents = source({ "db/migrations/V7__invoices.sql": { head: sql } });
    const { outcome } = await reviewChanges({
      snapshot,
      rawFiles: [raw],
      contents,
      analyzers: defaultAnalyzers,
    });
    expect(outcome.findings).toEqual([]);
    expect(
      outcome.questions.map((question) => [
        question.ruleId,
        question.line,
        question.subject,
        question.question,
      ]),
    ).toEqual([
      [
        "db/change-column-type",
        2,
        "invoices.amount, invoices.issued_on",
        "Renaming or retyping `billing.invoices.amount` / `billing.invoices.issued_on` breaks old instances during a " +
          "rolling deploy. Is this a deliberate one-step change (maintenance window), or should it be add → " +
          "dual-write → backfill → switch → drop?",
      ],
    ]);
    expect(outcome.questions[0]?.why).toBe(
      "Changes the type of `billing.invoices.amount` / `billing.invoices.issued_on` to `bigint` / `timestamptz`: " +
        "unless the change is binary-compatible, Postgres rewrites the table and its indexes under an ACCESS " +
        "EXCLUSIVE lock, blocking reads and writes, and instances of the previous release may break on the new type. " +
        "Instead, add a new column, dual-write, backfill in batches, switch reads, then drop the old one.",
    );
  });

  it("leaves configuration files alone without reading them", async () => {
    const raw: RawChangedFile = {
      path: "package.json",
      status: "modified",
      additions: 1,
      deletions: 1,
      patch: "@@ -1 +1 @@\n-{}\n+{ }",
    };
    const contents = source({});
    const result = await reviewChanges({ snapshot, rawFiles: [raw], contents, analyzers: defaultAnalyzers });
    expect(result.relevant).toBe(false);
    expect(contents.reads).toEqual([]);
  });

  it("says the review is incomplete when a file cannot be parsed, without counting it as a failed run", async () => {
    const sql = "ALTER TABL users ADD COLUMN x int;\n";
    const raw: RawChangedFile = {
      path: "db/001.sql",
      status: "added",
      additions: 1,
      deletions: 0,
      patch: `@@ -0,0 +1 @@\n+${sql.trim()}`,
    };
    const result = await reviewChanges({
      snapshot,
      rawFiles: [raw],
      contents: source({ "db/001.sql": { head: sql } }),
      analyzers: defaultAnalyzers,
    });
    expect(result.outcome.summary).toBe(
      "No issues found in 1 schema/migration file. 1 file could not be fully checked (see Notes): this review is incomplete.",
    );
    expect(result.outcome.notes).toEqual([
      '`db/001.sql`: could not parse SQL at line 1 (syntax error at or near "TABL"); its statements were not checked.',
    ]);
    expect(result.unchecked).toEqual([]);
  });

  it("reviews a PR with no backend file when something was found in it, such as a committed token", async () => {
    // Built at run time so the repository never holds a credential-shaped string.
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let seed = 7;
    const token = `${"ghp"}_${Array.from({ length: 36 }, () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return alphabet[seed % alphabet.length];
    }).join("")}`;
    const patch = `@@ -0,0 +1 @@\n+const token = "${token}";`;
    const raw: RawChangedFile = { path: "src/client.js", status: "added", additions: 1, deletions: 0, patch };
    const result = await reviewChanges({
      snapshot,
      rawFiles: [raw],
      contents: source({}),
      analyzers: defaultAnalyzers,
    });
    expect(result.files.map((file) => file.category)).toEqual(["other"]);
    expect(result.relevant).toBe(true);
    expect(result.outcome.findings.map((finding) => `${finding.ruleId}:${finding.line}`)).toEqual([
      "secrets/hardcoded-secret:1",
    ]);
    expect(JSON.stringify(result.outcome)).not.toContain(token.slice(4));
  });
});
