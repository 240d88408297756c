import { describe, expect, it } from "vitest";
import { blankTemplatePlaceholders, sqlAnalyzer } from "../../../src/analyzers/sql/sql-analyzer.js";
import { toChangedFile } from "../../../src/diff/to-changed-file.js";

function added(path: string, text: string) {
  const lines = text.replace(/\n$/, "").split("\n");
  const file = toChangedFile({
    path,
    status: "added",
    additions: lines.length,
    deletions: 0,
    patch: `@@ -0,0 +1,${lines.length} @@\n${lines.map((line) => `+${line}`).join("\n")}`,
  });
  file.headContent = text;
  return file;
}

describe("sqlAnalyzer file selection", () => {
  it("does not review rollback scripts, which legitimately drop what the up migration created", () => {
    expect(sqlAnalyzer.appliesTo(added("migrations/20230101_users.down.sql", "DROP TABLE users;"))).toBe(
      false,
    );
    expect(sqlAnalyzer.appliesTo(added("db/revert/users.sql", "DROP TABLE users;"))).toBe(false);
    expect(sqlAnalyzer.appliesTo(added("migrations/20230101_users.up.sql", "DROP TABLE users;"))).toBe(true);
    expect(sqlAnalyzer.appliesTo(added("db/migrations/001_slowdown.sql", "SELECT 1;"))).toBe(true);
  });

  it("parses templated SQL with its placeholders blanked, keeping every line where it was", async () => {
    const sql =
      'CREATE TABLE {{ index .Options "Namespace" }}.users (id int);\nCREATE INDEX users_id ON {{ .Ns }}.orders (id);\n';
    expect(
      blankTemplatePlaceholders(sql)
        .split("\n")
        .map((line) => line.length),
    ).toEqual(sql.split("\n").map((line) => line.length));
    const result = await sqlAnalyzer.analyze(added("migrations/001.up.sql", sql), { files: [] });
    expect(result.notes).toEqual([]);
    expect(result.findings.map((finding) => `${finding.ruleId}:${finding.line}`)).toContain(
      "db/index-not-concurrent:2",
    );
  });
});
