import { describe, expect, it } from "vitest";
import { sqlAnalyzer } from "../../../src/analyzers/sql/sql-analyzer.js";
import { blankTemplatePlaceholders } from "../../../src/analyzers/sql/template-placeholders.js";
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
        .sql.split("\n")
        .map((line) => line.length),
    ).toEqual(sql.split("\n").map((line) => line.length));
    const result = await sqlAnalyzer.analyze(added("migrations/001.up.sql", sql), { files: [] });
    expect(result.notes).toEqual([]);
    expect(result.findings.map((finding) => `${finding.ruleId}:${finding.line}`)).toContain(
      "db/index-not-concurrent:2",
    );
  });

  it("names the template the author wrote, never the placeholder, in every message, subject and question", async () => {
    const sql = [
      "-- retype and index the tenants' accounts",
      "alter table {{ .Values.schema }}.accounts",
      "  alter column balance type numeric(20, 4),",
      "  alter column owner_email type varchar(120);",
      "",
      'create index accounts_owner_email_idx on {{ index .Params "Schema" }}.accounts (owner_email);',
      "",
      "alter table {{ .Values.schema }}.accounts drop column legacy_code;",
      "",
    ].join("\n");
    const { findings, notes } = await sqlAnalyzer.analyze(added("migrations/20240301_accounts.up.sql", sql), {
      files: [],
    });
    expect(notes).toEqual([]);
    expect(findings.map((finding) => [finding.ruleId, finding.line, finding.subject])).toEqual([
      ["db/change-column-type", 2, "accounts.balance"],
      ["db/change-column-type", 2, "accounts.owner_email"],
      ["db/missing-lock-timeout", 2, "accounts"],
      ["db/index-not-concurrent", 6, "accounts_owner_email_idx"],
      ["db/drop-column", 8, "accounts.legacy_code"],
    ]);
    expect(findings[3]?.message).toBe(
      'Creates index `accounts_owner_email_idx` on `{{ index .Params "Schema" }}.accounts` without CONCURRENTLY: ' +
        'the build holds a SHARE lock that blocks every INSERT, UPDATE and DELETE on `{{ index .Params "Schema" }}.accounts` ' +
        "until it finishes. Use `CREATE INDEX CONCURRENTLY` in a migration that does not run inside a transaction.",
    );
    expect(findings[2]?.message).toMatch(
      /^`ALTER TABLE` on `\{\{ \.Values\.schema \}\}\.accounts` runs without/,
    );
    expect(findings[4]?.haltQuestion).toContain("`{{ .Values.schema }}.accounts.legacy_code`");
    for (const finding of findings) {
      for (const text of [finding.message, finding.subject, finding.haltQuestion, finding.suggestion]) {
        expect(text ?? "").not.toMatch(/\bt[0-9a-z]?_{3,}/);
      }
    }
  });

  it("gives each distinct template its own placeholder, and a template longer than 63 characters back too", () => {
    const long = `{{ index .Options "Namespace" | default "auth" | printf "%s" | trimSuffix "_" }}`;
    const { sql, restore } = blankTemplatePlaceholders(`select 1 from {{ .A }}.x, {{ .B }}.y, ${long}.z;`);
    expect(sql).toBe(`select 1 from t0______.x, t1______.y, t2${"_".repeat(long.length - 2)}.z;`);
    expect(restore("`t1______.y` and `t0______.x`")).toBe("`{{ .B }}.y` and `{{ .A }}.x`");
    expect(restore(`\`t2${"_".repeat(61)}.z\``)).toBe(`\`${long}.z\``);
  });
});
