// The ORM migration family: Rails, Django and JavaScript/TypeScript (Knex, Sequelize, TypeORM,
// node-pg-migrate) migration files, reviewed against D1–D15 under the same rule ids as raw SQL.
import type { Analyzer } from "../analyzer.js";
import { guardAnalysis } from "../guard-analysis.js";
import { missingHead } from "../missing-head.js";
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
    const source = file.headContent;
    if (source === undefined) {
      return missingHead(
        file,
        `\`${file.path}\`: the head version could not be read; its migration was not checked.`,
      );
    }
    return guardAnalysis(file, "the migration", () => {
      if (dsl === "rails") return reviewRailsMigration(file, source);
      if (dsl === "django") return reviewDjangoMigration(file, source, context);
      return reviewJsMigration(file, source);
    });
  },
};
