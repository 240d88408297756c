// What a migration DSL call (`remove_column`, `RemoveField`, `dropColumn`…) is found to do, and how those
// issues become findings: only on the PR's added lines, not on tables the migration itself creates, and
// without a HALT question where the author already vouched for the change (Rails `safety_assured`).
import type { Finding } from "../../domain/model.js";
import type { LineIndex } from "../line-index.js";
import { makeFinding } from "../make-finding.js";
import type { RuleDefinition } from "../rule.js";
import { breakingChangeQuestion, destroyQuestion, dropQuestion } from "../sql/migration-review.js";
import { sqlRules } from "../sql/sql-rules.js";
import type { Range } from "./mask-source.js";

export interface MigrationIssue {
  rule: RuleDefinition;
  /** `table.column` or `table`: the finding subject. */
  subject: string;
  message: string;
  haltQuestion?: string;
  /** The table it is about; issues on a table created by the same migration are dropped (see below). */
  table?: string;
  /** Where the call is in the file. */
  at: Range;
}

export interface IssueContext {
  path: string;
  lines: LineIndex;
  addedLines: ReadonlySet<number>;
  /** Tables the migration creates: empty and unused, so locks, drops and renames on them cost nothing. */
  createdTables: ReadonlySet<string>;
  /** Code the author marked as reviewed (Rails `safety_assured`). */
  assured: readonly Range[];
}

/** Same exemption as the SQL analyzer: these still matter on a table created in the same migration. */
const survivesNewTable: ReadonlySet<string> = new Set([
  sqlRules.concurrentlyInTransaction.id,
  sqlRules.typeHygiene.id,
]);

export function issueFindings(issues: readonly MigrationIssue[], context: IssueContext): Finding[] {
  const findings: Finding[] = [];
  for (const issue of issues) {
    if (
      issue.table !== undefined &&
      context.createdTables.has(issue.table) &&
      !survivesNewTable.has(issue.rule.id)
    )
      continue;
    const line = context.lines.lineOf(issue.at.start);
    const endLine = context.lines.lineOf(Math.max(issue.at.start, issue.at.end - 1));
    if (!touchesAddedLine(line, endLine, context.addedLines)) continue;
    const assured = context.assured.some(
      (range) => issue.at.start >= range.start && issue.at.start < range.end,
    );
    if (assured && !issue.rule.halts) continue;
    const finding = makeFinding(issue.rule, {
      path: context.path,
      line,
      ...(endLine > line ? { endLine } : {}),
      subject: issue.subject,
      message: assured
        ? `${issue.message} (Marked \`safety_assured\`, so no question is asked.)`
        : issue.message,
      ...(issue.haltQuestion !== undefined && !assured ? { haltQuestion: issue.haltQuestion } : {}),
    });
    findings.push(finding);
  }
  return findings;
}

/** Embedded-SQL findings inside `safety_assured` get the same treatment as DSL issues there. */
export function honourAssurance(
  findings: readonly Finding[],
  assuredLines: readonly { from: number; to: number }[],
): Finding[] {
  return findings.flatMap((finding) => {
    const line = finding.line;
    if (line === undefined || !assuredLines.some((range) => line >= range.from && line <= range.to))
      return [finding];
    if (finding.haltQuestion === undefined) return [];
    const { haltQuestion: _question, ...rest } = finding;
    return [{ ...rest, message: `${finding.message} (Marked \`safety_assured\`, so no question is asked.)` }];
  });
}

export function touchesAddedLine(from: number, to: number, addedLines: ReadonlySet<number>): boolean {
  for (let line = from; line <= to; line++) if (addedLines.has(line)) return true;
  return false;
}

// Issue builders shared by the DSLs: the consequence is the same whatever wrote the DDL; `how` names the
// call as the author wrote it and `instead` gives the framework's own safe pattern.

const code = (text: string) => `\`${text}\``;

/** Where an issue is and what it is about; `subject` is the table unless a column or index is named. */
function issueOn(rule: RuleDefinition, at: Range, table: string, subject = table) {
  return { rule, subject, table, at };
}

export function dropColumnIssue(
  at: Range,
  table: string,
  column: string,
  how: string,
  instead: string,
): MigrationIssue {
  const label = code(`${table}.${column}`);
  return {
    ...issueOn(sqlRules.dropColumn, at, table, `${table}.${column}`),
    message:
      `${how} drops column ${label}: instances of the previous release still running during the deploy fail on ` +
      `every query that names it, and the data is gone for good. ${instead}`,
    haltQuestion: dropQuestion(label),
  };
}

export function dropTableIssue(at: Range, table: string, how: string, instead: string): MigrationIssue {
  const label = code(table);
  return {
    ...issueOn(sqlRules.dropTable, at, table),
    message:
      `${how} drops table ${label}: instances of the previous release fail on every query against it until the ` +
      `rollout finishes, and only a backup brings the data back. ${instead}`,
    haltQuestion: dropQuestion(label),
  };
}

export function renameColumnIssue(
  at: Range,
  table: string,
  from: string,
  to: string,
  how: string,
): MigrationIssue {
  const label = code(`${table}.${from}`);
  return {
    ...issueOn(sqlRules.renameColumn, at, table, `${table}.${from}`),
    message:
      `${how} renames ${label} to ${code(to)}: instances of the previous release, still serving during a rolling ` +
      `deploy, query ${code(from)} and fail until every instance is replaced. Add ${code(to)}, write both, ` +
      `backfill, switch reads, then drop ${code(from)} in a later release.`,
    haltQuestion: breakingChangeQuestion(label),
  };
}

export function renameTableIssue(at: Range, from: string, to: string, how: string): MigrationIssue {
  const label = code(from);
  return {
    ...issueOn(sqlRules.renameTable, at, from),
    message:
      `${how} renames table ${label} to ${code(to)}: instances of the previous release, still serving during a ` +
      `rolling deploy, query ${label} and fail until every instance is replaced. Create the new table (or a view ` +
      "under the old name), dual-write, switch reads, then drop the old name in a later release.",
    haltQuestion: breakingChangeQuestion(label),
  };
}

/** `known`: both types are known and the change is off the safe list, so the message does not hedge. */
export function changeColumnTypeIssue(
  at: Range,
  table: string,
  column: string,
  how: string,
  to: string,
  known = false,
): MigrationIssue {
  const label = code(`${table}.${column}`);
  const what = `${how} redefines ${label}${to === "" ? "" : ` as ${to}`}`;
  const instead = "add a new column, dual-write, backfill, switch reads, then drop the old one.";
  return {
    ...issueOn(sqlRules.changeColumnType, at, table, `${table}.${column}`),
    message: known
      ? `${what}: the change is not binary-compatible, so Postgres rewrites the table and its indexes under an ACCESS ` +
        "EXCLUSIVE lock, and instances of the previous release may break on the new type. Instead, " +
        instead
      : `${what}: unless the change is binary-compatible (varchar→text, a longer varchar, more numeric precision ` +
        "at the same scale), Postgres rewrites the table and its indexes under an ACCESS EXCLUSIVE lock, and " +
        "instances of the previous release may break on the new definition. If it only widens the column, say so " +
        `in the PR; otherwise ${instead}`,
    haltQuestion: breakingChangeQuestion(label),
  };
}

export function addRequiredColumnIssue(
  at: Range,
  table: string,
  column: string,
  how: string,
  instead: string,
): MigrationIssue {
  return {
    ...issueOn(sqlRules.addRequiredColumn, at, table, `${table}.${column}`),
    message:
      `${how} adds ${code(`${table}.${column}`)} as NOT NULL without a database default: it fails on any table ` +
      `that already has rows (fine on an empty development database, broken in production), and instances of the ` +
      `previous release cannot insert rows without it. ${instead}`,
  };
}

export function setNotNullIssue(at: Range, table: string, column: string, how: string): MigrationIssue {
  return {
    ...issueOn(sqlRules.setNotNull, at, table, `${table}.${column}`),
    message:
      `${how} makes ${code(`${table}.${column}`)} NOT NULL: Postgres scans the whole table for NULLs under an ACCESS ` +
      `EXCLUSIVE lock, blocking reads and writes. Add \`CHECK (${column} IS NOT NULL) NOT VALID\`, validate it in a ` +
      "separate step, then set NOT NULL (Postgres 12+ skips the scan).",
  };
}

export function dropNotNullIssue(at: Range, table: string, column: string, how: string): MigrationIssue {
  return {
    ...issueOn(sqlRules.dropNotNull, at, table, `${table}.${column}`),
    message:
      `${how} makes ${code(`${table}.${column}`)} nullable: readers that assume a value (the previous release, ` +
      "reports, downstream consumers) may start receiving NULLs. Make them tolerate NULL first, or keep the " +
      "constraint and give new rows a default.",
  };
}

export function indexIssue(
  at: Range,
  table: string,
  subject: string,
  what: string,
  instead: string,
): MigrationIssue {
  // Every DSL says `… drops index …` or `… builds …`: DROP INDEX takes an ACCESS EXCLUSIVE lock on the table.
  const blocked = / drops /.test(what)
    ? `reads and writes on ${code(table)} are blocked while it waits and runs`
    : `writes to ${code(table)} are blocked until it finishes`;
  return {
    ...issueOn(sqlRules.indexNotConcurrent, at, table, subject),
    message: `${what} without CONCURRENTLY: ${blocked}. ${instead}`,
  };
}

export function concurrentlyInTransactionIssue(
  at: Range,
  table: string,
  subject: string,
  what: string,
  why: string,
): MigrationIssue {
  return {
    ...issueOn(sqlRules.concurrentlyInTransaction, at, table, subject),
    message:
      `${what} concurrently, but ${why}: Postgres refuses CONCURRENTLY inside a transaction block and the ` +
      "migration fails when it is deployed.",
  };
}

export function blockingConstraintIssue(
  at: Range,
  table: string,
  subject: string,
  message: string,
): MigrationIssue {
  return { ...issueOn(sqlRules.blockingConstraint, at, table, subject), message };
}

export function tableRewriteIssue(at: Range, table: string, column: string, what: string): MigrationIssue {
  return {
    ...issueOn(sqlRules.tableRewriteDefault, at, table, `${table}.${column}`),
    message:
      `${what}: every existing row needs its own value, so Postgres rewrites ${code(table)} under an ACCESS EXCLUSIVE ` +
      "lock. Add the column without a default, set the default for new rows separately, then backfill in batches.",
  };
}

export function jsonTypeIssue(at: Range, table: string, column: string, how: string): MigrationIssue {
  return {
    ...issueOn(sqlRules.typeHygiene, at, table, `${table}.${column}`),
    message: `${how} makes ${code(`${table}.${column}`)} \`json\`: it has no equality operator and no GIN indexing; prefer \`jsonb\`.`,
  };
}

export function destructiveIssue(at: Range, table: string, what: string, message: string): MigrationIssue {
  return {
    ...issueOn(sqlRules.destructiveDataOp, at, table),
    message,
    haltQuestion: destroyQuestion(what),
  };
}

/** Functions whose default needs a value per existing row (a table rewrite); matched in DSL default expressions. */
export const volatileDefault =
  /\b(gen_random_uuid|uuid_generate_v\d\w*|random|clock_timestamp|nextval|uuidv4|uuidv7|timeofday)\s*\(/i;
