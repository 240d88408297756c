// The ORM migration family: Rails, Django and JavaScript/TypeScript (Knex, Sequelize, TypeORM,
// node-pg-migrate) migration files, reviewed against D1–D15 under the same rule ids as raw SQL.
import type { ChangedFile, FileStatus } from "../../domain/model.js";
import type { AnalysisResult, Analyzer } from "../analyzer.js";
import { reviewDjangoMigration } from "./review-django-migration.js";
import { reviewJsMigration } from "./review-js-migration.js";
import { reviewRailsMigration } from "./review-rails-migration.js";

export type MigrationDsl = "rails" | "django" | "javascript";

const railsMigration = /(^|\/)db\/(?:[\w-]+_)?migrate\/[^/]+\.rb$/i;
const djangoMigration = /(^|\/)migrations\/[^/]+\.py$/i;
const jsMigration = /(^|\/)(?:migrations?|migrate)\/(?:[^/]+\/)*[^/]+\.[cm]?[jt]s$/i;
/** Test suites ship migrations for throwaway apps and fixtures; they never run against production. */
const testPath =
  /(^|\/)(?:test|tests|__tests__|spec|fixtures|testdata)\/|\.(?:test|spec)\.[cm]?[jt]s$|\.d\.[cm]?ts$/i;

/** Which DSL the file at `path` is written in, or undefined when it is not an ORM migration. */
export function migrationDslOf(path: string): MigrationDsl | undefined {
  if (testPath.test(path)) return undefined;
  if (railsMigration.test(path)) return "rails";
  if (djangoMigration.test(path) && !/(^|\/)__init__\.py$/.test(path)) return "django";
  if (jsMigration.test(path)) return "javascript";
  return undefined;
}

const hasHeadRevision: ReadonlySet<FileStatus> = new Set([
  "added",
  "modified",
  "renamed",
  "copied",
  "changed",
]);

/**
 * Reads the head version only. A Django `AlterField` is also compared with the app's models before the PR
 * when the PR changes them: their base content is in `context.files` because djangoModelAnalyzer needs it.
 */
export const ormMigrationAnalyzer: Analyzer = {
  id: "orm-migrations",
  appliesTo: (file) => file.skipped === undefined && migrationDslOf(file.path) !== undefined,
  needs: { base: false, head: true },
  async analyze(file, context) {
    const dsl = migrationDslOf(file.path);
    if (dsl === undefined) return { findings: [], notes: [] };
    if (file.headContent === undefined) {
      if (!hasHeadRevision.has(file.status)) return { findings: [], notes: [] };
      return unreadable(file, "the head version could not be read; its migration was not checked");
    }
    try {
      if (dsl === "rails") return await reviewRailsMigration(file, file.headContent);
      if (dsl === "django") return await reviewDjangoMigration(file, file.headContent, context);
      return await reviewJsMigration(file, file.headContent);
    } catch (error) {
      // The scanners are tolerant by design; anything that still escapes is a bug, not the author's problem.
      const reason = error instanceof Error ? error.message : String(error);
      return unreadable(file, `the migration could not be analysed (${reason}); it was not checked`);
    }
  },
};

function unreadable(file: ChangedFile, message: string): AnalysisResult {
  return { findings: [], notes: [{ path: file.path, message: `${file.path}: ${message}` }] };
}
