// The SQL analyzer family: reviews `.sql` migrations (Flyway, golang-migrate, dbmate, Prisma's migration.sql…).
import type { Analyzer } from "../analyzer.js";
import { missingHead } from "../missing-head.js";
import { analyzeSql } from "./analyze-sql.js";

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
      return missingHead(
        file,
        `\`${file.path}\`: the head version could not be read; its SQL was not checked.`,
      );
    }
    // Only statements the PR added are reported; the whole file still decides transactions and lock_timeout.
    return analyzeSql(blankTemplatePlaceholders(file.headContent), file.path, {
      changedLines: file.addedLines,
    });
  },
};
