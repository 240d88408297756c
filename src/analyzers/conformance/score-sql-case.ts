// Scores a squawk SQL case: the rule squawk tested, mapped to ours, must (not) be among our findings.
import { analyzeSql } from "../sql/analyze-sql.js";
import type { CaseScore, ReadCaseInput } from "./case-score.js";
import type { SqlMigrationCase } from "./conformance-case.schema.js";

/** squawk rule names → our rule ids (analyzers.md §3.1 and §6); the CLI spells one rule two ways. */
export const squawkRuleIds: Readonly<Record<string, string>> = {
  "ban-drop-column": "db/drop-column",
  "ban-drop-table": "db/drop-table",
  "renaming-column": "db/rename-column",
  "renaming-table": "db/rename-table",
  "changing-column-type": "db/change-column-type",
  "adding-required-field": "db/add-required-column",
  "adding-not-nullable-field": "db/set-not-null",
  "ban-drop-not-null": "db/drop-not-null",
  "require-concurrent-index-creation": "db/index-not-concurrent",
  "require-concurrent-index-deletion": "db/index-not-concurrent",
  "require-concurrent-reindex": "db/index-not-concurrent",
  "ban-concurrent-index-creation-in-transaction": "db/concurrently-in-transaction",
  "constraint-missing-not-valid": "db/blocking-constraint",
  "adding-foreign-key-constraint": "db/blocking-constraint",
  "disallowed-unique-constraint": "db/blocking-constraint",
  "adding-serial-primary-key-field": "db/blocking-constraint",
  "adding-field-with-default": "db/table-rewrite-default",
  "require-lock-timeout": "db/missing-lock-timeout",
  "ban-drop-database": "db/destructive-data-op",
  "ban-truncate-cascade": "db/destructive-data-op",
  "prefer-timestamptz": "db/type-hygiene",
  "prefer-timestamp-tz": "db/type-hygiene",
  "prefer-bigint-over-int": "db/type-hygiene",
  "ban-char-field": "db/type-hygiene",
};

export async function scoreSqlCase(testCase: SqlMigrationCase, read: ReadCaseInput): Promise<CaseScore> {
  const { id, kind, rule, expect } = testCase;
  const ruleId = squawkRuleIds[rule];
  if (ruleId === undefined) {
    return {
      id,
      kind,
      expectation: `${rule} ${expect}`,
      agree: false,
      detail: `no mapping for squawk rule "${rule}"`,
    };
  }
  const sql = await read(testCase.inputs.sql);
  const result = await analyzeSql(sql, testCase.inputs.sql);
  const fired = [...new Set(result.findings.map((finding) => finding.ruleId))];
  const agree = fired.includes(ruleId) === (expect === "fires");
  const score: CaseScore = { id, kind, expectation: `${rule} ${expect} → ${ruleId}`, agree };
  if (!agree) score.detail = result.notes[0]?.message ?? `found: ${fired.join(", ") || "nothing"}`;
  return score;
}
