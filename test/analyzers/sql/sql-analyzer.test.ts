import { describe, expect, it } from "vitest";
import { sqlAnalyzer } from "../../../src/analyzers/sql/sql-analyzer.js";
import type { ChangedFile } from "../../../src/domain/model.js";

function changedFile(overrides: Partial<ChangedFile> & { path: string }): ChangedFile {
  return {
    status: "added",
    category: "schema",
    patchMissing: false,
    additions: 0,
    deletions: 0,
    hunks: [],
    commentable: { LEFT: new Set(), RIGHT: new Set() },
    addedLines: new Set(),
    ...overrides,
  };
}

describe("sqlAnalyzer", () => {
  it("applies to .sql files that are not skipped, and reads only the head version", () => {
    expect(sqlAnalyzer.appliesTo(changedFile({ path: "db/migrate/V2__add_email.sql" }))).toBe(true);
    expect(
      sqlAnalyzer.appliesTo(changedFile({ path: "prisma/migrations/20240101_init/MIGRATION.SQL" })),
    ).toBe(true);
    expect(sqlAnalyzer.appliesTo(changedFile({ path: "db/schema.rb" }))).toBe(false);
    expect(sqlAnalyzer.appliesTo(changedFile({ path: "vendor/pg/dump.sql", skipped: "vendored" }))).toBe(
      false,
    );
    expect(sqlAnalyzer.needs).toEqual({ base: false, head: true });
  });

  it("reviews only the statements on the PR's added lines", async () => {
    const headContent = "ALTER TABLE users DROP COLUMN a;\nALTER TABLE users DROP COLUMN b;\n";
    const result = await sqlAnalyzer.analyze(
      changedFile({ path: "db/002.sql", status: "modified", headContent, addedLines: new Set([2]) }),
      { files: [] },
    );
    expect(result.notes).toEqual([]);
    expect(result.findings.map((finding) => [finding.line, finding.ruleId, finding.subject])).toEqual([
      [2, "db/drop-column", "users.b"],
      [2, "db/missing-lock-timeout", "users"],
    ]);
  });

  it("has nothing to say about a deleted migration", async () => {
    expect(
      await sqlAnalyzer.analyze(changedFile({ path: "db/001.sql", status: "removed" }), { files: [] }),
    ).toEqual({
      findings: [],
      notes: [],
    });
  });

  it("names a changed migration whose head version could not be read", async () => {
    expect(
      await sqlAnalyzer.analyze(changedFile({ path: "db/003.sql", status: "modified" }), { files: [] }),
    ).toEqual({
      findings: [],
      notes: [
        {
          path: "db/003.sql",
          message: "`db/003.sql`: the head version could not be read; its SQL was not checked.",
        },
      ],
    });
  });

  it("turns an unparseable migration into a note instead of throwing", async () => {
    const result = await sqlAnalyzer.analyze(
      changedFile({ path: "db/004.sql", headContent: "ALTER TABLE;", addedLines: new Set([1]) }),
      { files: [] },
    );
    expect(result.findings).toEqual([]);
    expect(result.notes).toEqual([
      {
        path: "db/004.sql",
        message:
          '`db/004.sql`: could not parse SQL at line 1 (syntax error at or near ";"); its statements were not checked.',
      },
    ]);
  });
});
