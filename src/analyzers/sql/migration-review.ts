// What reviewing one migration statement yields, and the state a migration file carries between statements.
import type { Constraint, Node, RangeVar } from "libpg-query";
import type { RuleDefinition } from "../rule.js";
import type { ColumnType } from "./column-type.js";
import { sqlRules } from "./sql-rules.js";

export interface TableRef {
  /** Unqualified name as Postgres folds it: the key for "created in this file" and the finding subject. */
  key: string;
  /** As written, schema included: `auth.users`. */
  display: string;
}

/** A finding-to-be, before the changed-lines filter and the new-table exemption. */
export interface Issue {
  rule: RuleDefinition;
  subject: string;
  message: string;
  haltQuestion?: string;
  /** The table the issue is about; issues on a table created earlier in the same file are dropped. */
  table?: string;
}

/** A lock the statement waits for that blocks the application's queries on `table` (D13). */
export interface LockWait {
  /** The statement as a reader would name it: `ALTER TABLE`, `CREATE INDEX`. */
  statement: string;
  /** Where the lock is taken, for the message: `` `users` ``. */
  target: string;
  subject: string;
  /** Absent when the table is unknown (DROP INDEX names only the index). */
  table?: TableRef;
}

export interface StatementReview {
  issues: Issue[];
  /** Locks in order of preference; the first one not on a table created in this file counts for D13. */
  locks?: LockWait[];
}

export const quiet: StatementReview = { issues: [] };

export interface MigrationState {
  /** Line of the explicit `BEGIN` whose transaction is open, if any. */
  transactionLine: number | undefined;
  /** `SET lock_timeout` in effect: per session, and `SET LOCAL` until the transaction ends. */
  lockTimeout: { session: boolean; local: boolean | undefined };
  createdTables: Set<string>;
  createdIndexes: Set<string>;
  /** `table.column` → type, for columns whose type this file defines (D5 safe list). */
  columnTypes: Map<string, ColumnType>;
  /** `table\0constraint` → `table.column` of a pending `CHECK (column IS NOT NULL) NOT VALID`. */
  pendingNotNullChecks: Map<string, string>;
  /** `table.column` proven non-null by a validated check: a later SET NOT NULL skips its scan (PG 12+). */
  provenNotNull: Set<string>;
}

export function initialMigrationState(): MigrationState {
  return {
    transactionLine: undefined,
    lockTimeout: { session: false, local: undefined },
    createdTables: new Set(),
    createdIndexes: new Set(),
    columnTypes: new Map(),
    pendingNotNullChecks: new Map(),
    provenNotNull: new Set(),
  };
}

export function hasLockTimeout(state: MigrationState): boolean {
  return state.lockTimeout.local ?? state.lockTimeout.session;
}

export function tableRef(relation: RangeVar | undefined): TableRef {
  const key = relation?.relname ?? "?";
  return { key, display: relation?.schemaname === undefined ? key : `${relation.schemaname}.${key}` };
}

export function lockWaitOn(statement: string, table: TableRef): LockWait {
  return { statement, target: `\`${table.display}\``, subject: table.key, table };
}

/** Names of AST `String` nodes, e.g. a qualified name `["pg_catalog", "int4"]`. */
export function namesOf(nodes: readonly Node[] | undefined): string[] {
  return (nodes ?? []).flatMap((node) =>
    "String" in node && node.String.sval !== undefined ? [node.String.sval] : [],
  );
}

export function constraintsOf(nodes: readonly Node[] | undefined): Constraint[] {
  return (nodes ?? []).flatMap((node) => ("Constraint" in node ? [node.Constraint] : []));
}

export function isKeyConstraint(constraint: Constraint): boolean {
  return constraint.contype === "CONSTR_PRIMARY" || constraint.contype === "CONSTR_FOREIGN";
}

/** Tables referenced by the foreign keys among `constraints`: adding one locks them too. */
export function foreignKeyTargets(constraints: readonly Constraint[]): TableRef[] {
  return constraints.flatMap((constraint) =>
    constraint.contype === "CONSTR_FOREIGN" && constraint.pktable !== undefined
      ? [tableRef(constraint.pktable)]
      : [],
  );
}

export interface TypeProblem {
  subject: string;
  text: string;
}

/** D15 stays quiet: one finding per statement, naming at most three columns. */
export function typeHygieneIssue(problems: readonly TypeProblem[]): Issue | undefined {
  const [first] = problems;
  if (first === undefined) return undefined;
  const listed = problems.slice(0, 3).map((problem) => problem.text);
  const more = problems.length > 3 ? `; and ${problems.length - 3} more column(s)` : "";
  return { rule: sqlRules.typeHygiene, subject: first.subject, message: `${listed.join("; ")}${more}.` };
}

// HALT question templates (analyzers.md §4); `what` arrives already quoted in backticks.

export const dropQuestion = (what: string): string =>
  `This migration drops ${what}. Has every deployed version stopped reading and writing it (expand/contract step 2)? ` +
  "Is the data backed up or no longer needed?";

export const breakingChangeQuestion = (what: string): string =>
  `Renaming or retyping ${what} breaks old instances during a rolling deploy. Is this a deliberate one-step change ` +
  "(maintenance window), or should it be add → dual-write → backfill → switch → drop?";

export const destroyQuestion = (what: string): string =>
  `This migration ${what}. Is that intended, and is there a backup to restore from if it is not?`;
