import { describe, expect, it } from "vitest";
import { sqlRuleList } from "../../../src/analyzers/sql/sql-rules.js";

describe("sqlRules", () => {
  it("covers catalogue rules D1–D15 with their severities and HALT marks", () => {
    expect(sqlRuleList.map((rule) => [rule.id, rule.severity, rule.halts])).toEqual([
      ["db/drop-column", "blocker", true],
      ["db/drop-table", "blocker", true],
      ["db/rename-column", "blocker", true],
      ["db/rename-table", "blocker", true],
      ["db/change-column-type", "blocker", true],
      ["db/add-required-column", "blocker", false],
      ["db/set-not-null", "major", false],
      ["db/drop-not-null", "major", false],
      ["db/index-not-concurrent", "blocker", false],
      ["db/concurrently-in-transaction", "blocker", false],
      ["db/blocking-constraint", "major", false],
      ["db/table-rewrite-default", "major", false],
      ["db/missing-lock-timeout", "info", false],
      ["db/destructive-data-op", "blocker", true],
      ["db/type-hygiene", "info", false],
    ]);
  });

  it("gives every rule the schema category, a one-line title, a why and a safe pattern", () => {
    for (const rule of sqlRuleList) {
      expect(rule.category).toBe("schema");
      expect(rule.title).toMatch(/^[A-Z][^\n.]+$/);
      expect(rule.why.length).toBeGreaterThan(80);
      expect(rule.doInstead.length).toBeGreaterThan(40);
    }
  });
});
