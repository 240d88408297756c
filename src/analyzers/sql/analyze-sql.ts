// Reviews one Postgres migration file against the catalogue's rules D1–D15, statement by statement.
import type { Finding } from "../../domain/model.js";
import type { AnalysisResult } from "../analyzer.js";
import { makeFinding } from "../make-finding.js";
import type { RuleDefinition } from "../rule.js";
import {
  hasLockTimeout,
  initialMigrationState,
  type LockWait,
  type MigrationState,
} from "./migration-review.js";
import { parseSql, type SqlStatement, type SqlSyntaxError } from "./parse-sql.js";
import { reviewStatement } from "./review-statement.js";
import { sqlRules } from "./sql-rules.js";

export interface AnalyzeSqlOptions {
  /**
   * New-file lines the PR added: only statements touching one of them are reported. Transactions, tables
   * created in the file and `lock_timeout` are still tracked over the whole file.
   */
  changedLines?: ReadonlySet<number>;
}

/**
 * A table created in the same file is empty and invisible to running code, so locks, rewrites, validation
 * and even drops or renames cost nothing there (squawk exempts it the same way). Two rules still apply:
 * CONCURRENTLY in a transaction fails whatever the table, and type choices matter most on new tables.
 */
const survivesNewTable: ReadonlySet<RuleDefinition> = new Set([
  sqlRules.concurrentlyInTransaction,
  sqlRules.typeHygiene,
]);

/** Analyses the SQL of the migration at `path`; an unparseable file becomes a note, never an exception. */
export async function analyzeSql(
  sql: string,
  path: string,
  options: AnalyzeSqlOptions = {},
): Promise<AnalysisResult> {
  const parsed = await parseSql(sql);
  if (!parsed.ok) return { findings: [], notes: [{ path, message: unparseableMessage(path, parsed.error) }] };

  const state = initialMigrationState();
  const findings: Finding[] = [];
  let lockTimeoutReported = false;
  for (const statement of parsed.statements) {
    const review = reviewStatement(statement, state);
    if (!isReported(statement, options.changedLines)) continue;
    const site = { path, line: statement.startLine, endLine: statement.endLine };
    for (const issue of review.issues) {
      const onNewTable = issue.table !== undefined && state.createdTables.has(issue.table);
      if (onNewTable && !survivesNewTable.has(issue.rule)) continue;
      const { subject, message, haltQuestion } = issue;
      findings.push(makeFinding(issue.rule, { ...site, subject, message, haltQuestion }));
    }
    // At most one D13 per file: on the first reported statement that waits for a lock without a timeout.
    const lock = lockingTableWait(review.locks, state);
    if (lock !== undefined && !hasLockTimeout(state) && !lockTimeoutReported) {
      lockTimeoutReported = true;
      findings.push(
        makeFinding(sqlRules.missingLockTimeout, {
          ...site,
          subject: lock.subject,
          message:
            `\`${lock.statement}\` on ${lock.target} runs without a \`lock_timeout\`: if any transaction holds a ` +
            "conflicting lock, the statement waits, and the application's queries on the table queue behind it. " +
            "Start the migration with `SET lock_timeout = '5s';` and retry on timeout.",
        }),
      );
    }
  }
  return { findings, notes: [] };
}

/** The first lock the statement waits for on a table that existed before this file. */
function lockingTableWait(
  locks: readonly LockWait[] | undefined,
  state: MigrationState,
): LockWait | undefined {
  return locks?.find((lock) => lock.table === undefined || !state.createdTables.has(lock.table.key));
}

function unparseableMessage(path: string, error: SqlSyntaxError): string {
  const where = error.line === undefined ? "" : ` at line ${error.line}`;
  return `\`${path}\`: could not parse SQL${where} (${error.message}); its statements were not checked.`;
}

function isReported(statement: SqlStatement, changedLines: ReadonlySet<number> | undefined): boolean {
  if (changedLines === undefined) return true;
  for (let line = statement.startLine; line <= statement.endLine; line++) {
    if (changedLines.has(line)) return true;
  }
  return false;
}
