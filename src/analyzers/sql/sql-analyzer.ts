// The SQL analyzer family: reviews `.sql` migrations (Flyway, golang-migrate, dbmate, Prisma's migration.sql…).
import type { Analyzer } from "../analyzer.js";
import { missingHead } from "../missing-head.js";
import { analyzeSql } from "./analyze-sql.js";
import { blankTemplatePlaceholders, restoreTemplates } from "./template-placeholders.js";

/**
 * Rollback scripts (golang-migrate `*.down.sql`, dbmate/sqitch `revert/`) legitimately drop what the
 * up migration created: reviewing them would HALT on every new table.
 */
const rollbackPath = /(^|[/._-])down\.sql$|(^|\/)revert\/[^/]+\.sql$/i;

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
    const { sql, restore } = blankTemplatePlaceholders(file.headContent);
    const result = await analyzeSql(sql, file.path, { changedLines: file.addedLines });
    return restoreTemplates(result, restore);
  },
};
