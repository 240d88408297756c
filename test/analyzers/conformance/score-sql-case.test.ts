import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatCaseScore } from "../../../src/analyzers/conformance/case-score.js";
import {
  conformanceCasesSchema,
  type SqlMigrationCase,
} from "../../../src/analyzers/conformance/conformance-case.schema.js";
import { scoreConformanceCase } from "../../../src/analyzers/conformance/score-conformance-case.js";
import { scoreSqlCase } from "../../../src/analyzers/conformance/score-sql-case.js";

const sqlCase = (overrides: Partial<SqlMigrationCase>): SqlMigrationCase => ({
  id: "sq-99",
  kind: "sql-migration",
  inputs: { sql: "case.sql" },
  rule: "ban-drop-column",
  expect: "fires",
  ...overrides,
});
const reading = (sql: string) => async () => sql;

describe("scoreSqlCase", () => {
  it("agrees when the mapped rule fires as expected, and prints the case on one line", async () => {
    const score = await scoreSqlCase(sqlCase({}), reading("ALTER TABLE t DROP COLUMN c;"));
    expect(formatCaseScore(score)).toBe("sq-99 sql-migration ban-drop-column fires → db/drop-column ✓");
  });

  it("agrees on a negative case when the mapped rule stays quiet", async () => {
    const score = await scoreSqlCase(
      sqlCase({ rule: "adding-required-field", expect: "does-not-fire" }),
      reading("ALTER TABLE t ADD COLUMN c boolean NOT NULL DEFAULT true;"),
    );
    expect(score.agree).toBe(true);
  });

  it("disagrees and says what fired instead", async () => {
    const score = await scoreSqlCase(sqlCase({}), reading("ALTER TABLE t ADD COLUMN c text;"));
    expect(formatCaseScore(score)).toBe(
      "sq-99 sql-migration ban-drop-column fires → db/drop-column ✗ (found: db/missing-lock-timeout)",
    );
  });

  it("disagrees on a squawk rule it has no mapping for", async () => {
    const score = await scoreSqlCase(sqlCase({ rule: "prefer-robust-stmts" }), reading("SELECT 1;"));
    expect(formatCaseScore(score)).toBe(
      'sq-99 sql-migration prefer-robust-stmts fires ✗ (no mapping for squawk rule "prefer-robust-stmts")',
    );
  });
});

describe("scoreConformanceCase", () => {
  it("leaves kinds without a scorer unscored", async () => {
    const score = await scoreConformanceCase(
      {
        id: "gq-01",
        kind: "graphql-schema-diff",
        inputs: { old: "old.graphql", new: "new.graphql" },
        function: "findBreakingChanges",
        expected_types: ["TYPE_REMOVED"],
      },
      reading(""),
      { "sql-migration": scoreSqlCase },
    );
    expect(score).toBeUndefined();
  });

  it("counts an unreadable input as a disagreement, not a crash", async () => {
    const score = await scoreConformanceCase(sqlCase({}), () =>
      Promise.reject(new Error("ENOENT: case.sql")),
    );
    expect(score).toEqual({
      id: "sq-99",
      kind: "sql-migration",
      expectation: "could not be scored",
      agree: false,
      detail: "ENOENT: case.sql",
    });
  });
});

// CI places shared/ beside the clone, so the corpus sits at ../shared/corpus/analyzers from the repo root.
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const corpus = resolve(repoRoot, "../shared/corpus/analyzers");

describe.skipIf(!existsSync(corpus))("the shared conformance corpus", () => {
  it("agrees with squawk on all 18 SQL cases", async () => {
    const cases = conformanceCasesSchema.parse(
      JSON.parse(readFileSync(resolve(corpus, "cases.json"), "utf8")),
    );
    const sqlCases = cases.filter((testCase) => testCase.kind === "sql-migration");
    const read = (relativePath: string) => readFile(resolve(corpus, relativePath), "utf8");
    const scores = await Promise.all(sqlCases.map((testCase) => scoreConformanceCase(testCase, read)));
    expect(sqlCases).toHaveLength(18);
    expect(scores.filter((score) => !score?.agree).map((score) => score && formatCaseScore(score))).toEqual(
      [],
    );
  });
});
