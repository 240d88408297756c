import { describe, expect, it } from "vitest";
import { migrationDslOf, ormMigrationAnalyzer } from "../../../src/analyzers/orm/orm-migration-analyzer.js";
import { addedFile } from "../../helpers/changed-file.js";

describe("ormMigrationAnalyzer", () => {
  it("recognises Rails, Django and JavaScript migrations by path, and nothing in tests", () => {
    expect(migrationDslOf("db/migrate/20240101000000_add_email.rb")).toBe("rails");
    expect(migrationDslOf("db/secondary_migrate/20240101000000_add_email.rb")).toBe("rails");
    expect(migrationDslOf("saleor/webhook/migrations/0013_webhook_identifier.py")).toBe("django");
    expect(migrationDslOf("saleor/webhook/migrations/__init__.py")).toBeUndefined();
    expect(migrationDslOf("server/migrations/20240810080954-group-users.js")).toBe("javascript");
    expect(migrationDslOf("src/database/migration/1709294400000-Init.ts")).toBe("javascript");
    expect(migrationDslOf("db/migrations/001_init.sql")).toBeUndefined();
    expect(migrationDslOf("test/fixtures/orm/db/migrate/1_x.rb")).toBeUndefined();
    expect(migrationDslOf("src/migrations/types.d.ts")).toBeUndefined();
    expect(ormMigrationAnalyzer.needs).toEqual({ base: false, head: true });
  });

  it("skips lockfile-like skipped files", () => {
    const file = { ...addedFile("server/migrations/1-x.js", ""), skipped: "generated" as const };
    expect(ormMigrationAnalyzer.appliesTo(file)).toBe(false);
  });

  it("names a changed migration whose head version could not be read", async () => {
    const { headContent: _head, ...file } = addedFile("db/migrate/1_x.rb", "x\n");
    expect(await ormMigrationAnalyzer.analyze(file, { files: [] })).toEqual({
      findings: [],
      notes: [
        {
          path: "db/migrate/1_x.rb",
          message: "`db/migrate/1_x.rb`: the head version could not be read; its migration was not checked.",
        },
      ],
    });
  });

  it("ignores a Python file in migrations/ that is not a Django migration", async () => {
    const file = addedFile(
      "saleor/account/migrations/tasks.py",
      "def drop():\n    RemoveField(model_name='a', name='b')\n",
    );
    expect(await ormMigrationAnalyzer.analyze(file, { files: [] })).toEqual({ findings: [], notes: [] });
  });

  it("never throws on binary-looking or empty content", async () => {
    for (const [path, content] of [
      ["db/migrate/1_x.rb", "\u0000\u0001\uFFFD<<~\n%q("],
      ["a/migrations/0001_x.py", 'class Migration:\n  x = """'],
      ["migrations/1.js", ""],
    ] as const) {
      const result = await ormMigrationAnalyzer.analyze(addedFile(path, content), { files: [] });
      expect(result.findings).toEqual([]);
    }
  });
});
