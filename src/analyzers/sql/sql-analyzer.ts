// The SQL analyzer family: reviews `.sql` migrations (Flyway, golang-migrate, dbmate, Prisma's migration.sql…).
import type { FileStatus } from "../../domain/model.js";
import type { Analyzer } from "../analyzer.js";
import { analyzeSql } from "./analyze-sql.js";

/** Statuses where the head revision exists, so missing head content is a gathering gap worth naming. */
const hasHeadRevision: ReadonlySet<FileStatus> = new Set([
  "added",
  "modified",
  "renamed",
  "copied",
  "changed",
]);

/**
 * Rollback scripts (golang-migrate `*.down.sql`, dbmate/sqitch `revert/`) legitimately drop what the
 * up migration created: reviewing them would HALT on every new table.
 */
const rollbackPath = /(^|[/._-])down\.sql$|(^|\/)revert\/[^/]+\.sql$/i;

/**
 * Go-template (`{{ .Namespace }}`) and similar placeholders make SQL unparseable. Each `{{…}}` becomes an
 * identifier of the same length on the same line, so statement lines stay exact.
 */
export function blankTemplatePlaceholders(sql: string): string {
  return sql.replace(/\{\{[^\n]*?\}\}/g, (match) => `t${"_".repeat(match.length - 1)}`);
}

export const sqlAnalyzer: Analyzer = {
  id: "sql",
  appliesTo: (file) =>
    file.skipped === undefined && file.path.toLowerCase().endsWith(".sql") && !rollbackPath.test(file.path),
  needs: { base: false, head: true },
  async analyze(file) {
    if (file.headContent === undefined) {
      if (!hasHeadRevision.has(file.status)) return { findings: [], notes: [] };
      return {
        findings: [],
        notes: [
          {
            path: file.path,
            message: `${file.path}: the head version could not be read; its SQL was not checked`,
          },
        ],
      };
    }
    // Only statements the PR added are reported; the whole file still decides transactions and lock_timeout.
    return analyzeSql(blankTemplatePlaceholders(file.headContent), file.path, {
      changedLines: file.addedLines,
    });
  },
};
