// Runs the ORM, Prisma and secrets analyzers over the shared corpus of real changes, when it is checked out.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Analyzer } from "../../../src/analyzers/analyzer.js";
import { djangoModelAnalyzer } from "../../../src/analyzers/orm/django-model-analyzer.js";
import { ormMigrationAnalyzer } from "../../../src/analyzers/orm/orm-migration-analyzer.js";
import { prismaSchemaAnalyzer } from "../../../src/analyzers/prisma/prisma-schema-analyzer.js";
import { secretAnalyzer } from "../../../src/analyzers/secrets/secret-analyzer.js";
import { corpusCaseFiles } from "../../helpers/corpus-case.js";

// CI places shared/ beside the clone; vitest runs from the repository root.
const corpus = "../shared/corpus/real";
const analyzers: readonly Analyzer[] = [
  ormMigrationAnalyzer,
  djangoModelAnalyzer,
  prismaSchemaAnalyzer,
  secretAnalyzer,
];

async function reviewCase(name: string): Promise<{ fired: string[]; notes: string[] }> {
  const files = await corpusCaseFiles(corpus, name);
  const fired: string[] = [];
  const notes: string[] = [];
  for (const file of files) {
    for (const analyzer of analyzers) {
      // Every schema file goes through every analyzer, which must not throw even where it does not apply;
      // only what an analyzer applies to counts (models.py and any file's added lines included).
      const applies = analyzer.appliesTo(file);
      if (file.category !== "schema" && !applies) continue;
      const result = await analyzer.analyze(file, { files });
      if (!applies) continue;
      for (const finding of result.findings) {
        fired.push(
          `${finding.path}:${finding.line}${finding.side === "LEFT" ? " LEFT" : ""} ${finding.ruleId}`,
        );
      }
      notes.push(...result.notes.map((note) => note.message));
    }
  }
  return { fired, notes };
}

const cases = existsSync(corpus)
  ? readdirSync(corpus).filter((name) => existsSync(path.join(corpus, name, "pr.json")))
  : [];

describe.skipIf(!existsSync(corpus))("ORM, Prisma and secrets analyzers on the real corpus", () => {
  it.each(cases)("%s: analyses every schema file without throwing or giving up", async (name) => {
    const { notes } = await reviewCase(name);
    expect(notes).toEqual([]);
  });

  it("saleor-14: the dropped tables and columns are HALT-worthy drops, the state-only RemoveField is not", async () => {
    const { fired } = await reviewCase("saleor-14");
    expect(fired).toEqual(
      expect.arrayContaining([
        "saleor/product/migrations/0206_drop_digitalcontent_tables.py:17 db/drop-table",
        "saleor/product/migrations/0206_drop_digitalcontent_tables.py:21 db/drop-table",
        "saleor/site/migrations/0052_drop_digital_content_settings.py:22 db/drop-column",
      ]),
    );
    // 0207 only sets a database default on `is_digital` and removes the field from Django's state.
    expect(fired.filter((entry) => entry.includes("0207_"))).toEqual([]);
  });

  it("saleor-05: widening varchar columns is recognised as safe from the models before the PR", async () => {
    expect((await reviewCase("saleor-05")).fired).toEqual([]);
  });

  it("saleor-24: the validated CHECK is flagged; the concurrent unique index in a non-atomic migration is not", async () => {
    const { fired } = await reviewCase("saleor-24");
    expect(fired).toEqual([
      "saleor/webhook/migrations/0013_webhook_identifier_and_more.py:15 db/blocking-constraint",
      "saleor/webhook/migrations/0014_webhook_identifier_unique_constraint.py:29 db/missing-lock-timeout",
    ]);
  });

  it("outline-15 and outline-23: Sequelize's concurrent index passes, the removed column is asked about", async () => {
    expect((await reviewCase("outline-15")).fired).toEqual([]);
    expect((await reviewCase("outline-23")).fired).toEqual([
      "server/migrations/20240810080954-group-users-remove-deleted-at.js:6 db/drop-column",
      "server/migrations/20240810080954-group-users-remove-deleted-at.js:9 db/blocking-constraint",
      "server/migrations/20240810080954-group-users-remove-deleted-at.js:15 db/index-not-concurrent",
    ]);
  });

  it("netbox-11: every app whose models gained indexes also gained a migration", async () => {
    const { fired } = await reviewCase("netbox-11");
    expect(fired.filter((entry) => entry.endsWith("db/orm-change-without-migration"))).toEqual([]);
    expect(fired.every((entry) => entry.endsWith("db/index-not-concurrent"))).toBe(true);
  });
});
