// Reviews one parsed statement against the migration's state so far, then advances that state past it.
import type {
  CreateStmt,
  DropStmt,
  IndexStmt,
  Node,
  ReindexStmt,
  RenameStmt,
  TruncateStmt,
  VariableSetStmt,
} from "libpg-query";
import { columnTypeOf, typeHygieneProblem } from "./column-type.js";
import {
  breakingChangeQuestion,
  constraintsOf,
  destroyQuestion,
  dropQuestion,
  foreignKeyTargets,
  type Issue,
  isKeyConstraint,
  type LockWait,
  lockWaitOn,
  type MigrationState,
  namesOf,
  quiet,
  type StatementReview,
  type TableRef,
  type TypeProblem,
  tableRef,
  typeHygieneIssue,
} from "./migration-review.js";
import type { SqlStatement } from "./parse-sql.js";
import { reviewAlterTable } from "./review-alter-table.js";
import { sqlRules } from "./sql-rules.js";

export function reviewStatement({ node, startLine }: SqlStatement, state: MigrationState): StatementReview {
  if ("TransactionStmt" in node) {
    const kind = node.TransactionStmt.kind;
    if (kind === "TRANS_STMT_BEGIN" || kind === "TRANS_STMT_START") state.transactionLine = startLine;
    if (kind === "TRANS_STMT_COMMIT" || kind === "TRANS_STMT_ROLLBACK" || kind === "TRANS_STMT_PREPARE") {
      state.transactionLine = undefined;
      state.lockTimeout.local = undefined;
    }
    return quiet;
  }
  if ("VariableSetStmt" in node) {
    applySetting(node.VariableSetStmt, state);
    return quiet;
  }
  if ("CreateStmt" in node) return reviewCreateTable(node.CreateStmt, state);
  if ("CreateTableAsStmt" in node) {
    const created = node.CreateTableAsStmt.into?.rel?.relname;
    if (created !== undefined) state.createdTables.add(created);
    return quiet;
  }
  if ("AlterTableStmt" in node) return reviewAlterTable(node.AlterTableStmt, state);
  if ("RenameStmt" in node) return reviewRename(node.RenameStmt, state);
  if ("IndexStmt" in node) return reviewCreateIndex(node.IndexStmt, state);
  if ("DropStmt" in node) return reviewDrop(node.DropStmt, state);
  if ("ReindexStmt" in node) return reviewReindex(node.ReindexStmt, state);
  if ("TruncateStmt" in node) return reviewTruncate(node.TruncateStmt);
  if ("DeleteStmt" in node && node.DeleteStmt.whereClause === undefined) {
    const table = tableRef(node.DeleteStmt.relation);
    return {
      issues: [
        destructiveIssue(
          table,
          `deletes every row of \`${table.display}\` (no WHERE clause)`,
          `Deletes every row of \`${table.display}\` (no WHERE clause): the data is gone unless a backup exists, and ` +
            "one huge delete in the migration's transaction locks every row and bloats the table. Add the intended " +
            "WHERE clause, and delete in batches outside the schema migration.",
        ),
      ],
    };
  }
  if ("UpdateStmt" in node && node.UpdateStmt.whereClause === undefined) {
    const table = tableRef(node.UpdateStmt.relation);
    return {
      issues: [
        destructiveIssue(
          table,
          `updates every row of \`${table.display}\` (no WHERE clause)`,
          `Updates every row of \`${table.display}\` (no WHERE clause): the previous values are overwritten for good, ` +
            "and a single-transaction backfill locks every row and bloats the table. Add the intended WHERE clause, " +
            "or backfill in batches outside the schema migration.",
        ),
      ],
    };
  }
  if ("DropdbStmt" in node) {
    const database = node.DropdbStmt.dbname ?? "?";
    return {
      issues: [
        {
          rule: sqlRules.destructiveDataOp,
          subject: database,
          message:
            `Drops database \`${database}\`: every table in it is destroyed, and only a backup brings it back. ` +
            "Database lifecycle belongs in infrastructure change control, not in an application migration.",
          haltQuestion: destroyQuestion(`drops database \`${database}\``),
        },
      ],
    };
  }
  return quiet;
}

function applySetting(set: VariableSetStmt, state: MigrationState): void {
  if (set.kind === "VAR_RESET_ALL") {
    state.lockTimeout = { session: false, local: undefined };
    return;
  }
  if (set.name !== "lock_timeout") return;
  const enabled = set.kind === "VAR_SET_VALUE" && !isZeroSetting(set.args?.[0]);
  if (set.is_local) {
    // SET LOCAL outside a transaction has no effect (Postgres only warns).
    if (state.transactionLine !== undefined) state.lockTimeout.local = enabled;
  } else {
    state.lockTimeout = { session: enabled, local: undefined };
  }
}

/** `0`, `'0'` and `'0s'` all disable lock_timeout. */
function isZeroSetting(value: Node | undefined): boolean {
  if (value === undefined || !("A_Const" in value)) return false;
  const constant = value.A_Const;
  if (constant.ival !== undefined) return (constant.ival.ival ?? 0) === 0;
  if (constant.sval !== undefined) return Number.parseFloat(constant.sval.sval ?? "") === 0;
  return false;
}

function relationsOf(nodes: readonly Node[] | undefined): TableRef[] {
  return (nodes ?? []).flatMap((node) => ("RangeVar" in node ? [tableRef(node.RangeVar)] : []));
}

/** `DROP TABLE a, s.b` lists each object as a `List` of name parts; `DROP SCHEMA s` as a bare `String`. */
function qualifiedNamesOf(objects: readonly Node[] | undefined): TableRef[] {
  return (objects ?? []).flatMap((object) => {
    const parts = "List" in object ? namesOf(object.List.items) : namesOf([object]);
    const key = parts.at(-1);
    return key === undefined ? [] : [{ key, display: parts.join(".") }];
  });
}

function destructiveIssue(table: TableRef, what: string, message: string): Issue {
  return {
    rule: sqlRules.destructiveDataOp,
    subject: table.key,
    message,
    haltQuestion: destroyQuestion(what),
    table: table.key,
  };
}

function reviewCreateTable(create: CreateStmt, state: MigrationState): StatementReview {
  const table = tableRef(create.relation);
  state.createdTables.add(table.key);
  const keyColumns = new Set<string>();
  const referenced: TableRef[] = [];
  const problems: TypeProblem[] = [];
  const tableConstraints = constraintsOf(create.tableElts);
  for (const constraint of tableConstraints) {
    if (constraint.contype === "CONSTR_PRIMARY")
      for (const key of namesOf(constraint.keys)) keyColumns.add(key);
    if (constraint.contype === "CONSTR_FOREIGN")
      for (const key of namesOf(constraint.fk_attrs)) keyColumns.add(key);
  }
  referenced.push(...foreignKeyTargets(tableConstraints));
  for (const element of create.tableElts ?? []) {
    if (!("ColumnDef" in element)) continue;
    const column = element.ColumnDef;
    const name = column.colname ?? "?";
    const constraints = constraintsOf(column.constraints);
    referenced.push(...foreignKeyTargets(constraints));
    const type = columnTypeOf(column.typeName);
    if (type === undefined) continue;
    state.columnTypes.set(`${table.key}.${name}`, type);
    const isKey = keyColumns.has(name) || constraints.some(isKeyConstraint);
    const text = typeHygieneProblem(`\`${table.display}.${name}\``, name, type, isKey);
    if (text !== undefined) problems.push({ subject: `${table.key}.${name}`, text });
  }
  const hygiene = typeHygieneIssue(problems);
  // The new table is nobody's bottleneck, but a foreign key locks the table it references.
  const locks = referenced.map((target) => lockWaitOn("CREATE TABLE … REFERENCES", target));
  return { issues: hygiene === undefined ? [] : [hygiene], locks };
}

function reviewRename(rename: RenameStmt, state: MigrationState): StatementReview {
  const table = tableRef(rename.relation);
  const newName = rename.newname ?? "?";
  const locks = [lockWaitOn("ALTER TABLE … RENAME", table)];
  if (rename.renameType === "OBJECT_COLUMN" && rename.relationType === "OBJECT_TABLE") {
    const column = rename.subname ?? "?";
    const label = `\`${table.display}.${column}\``;
    const known = state.columnTypes.get(`${table.key}.${column}`);
    if (known !== undefined) state.columnTypes.set(`${table.key}.${newName}`, known);
    const issue: Issue = {
      rule: sqlRules.renameColumn,
      subject: `${table.key}.${column}`,
      message:
        `Renames ${label} to \`${newName}\`: instances of the previous release, still serving during a rolling ` +
        `deploy, query \`${column}\` and fail until every instance is replaced. Add \`${newName}\`, write both, ` +
        `backfill, switch reads, then drop \`${column}\` in a later release.`,
      haltQuestion: breakingChangeQuestion(label),
      table: table.key,
    };
    return { issues: [issue], locks };
  }
  if (rename.renameType === "OBJECT_TABLE") {
    // A table created in this file keeps its exemption under its new name.
    if (state.createdTables.has(table.key)) state.createdTables.add(newName);
    const label = `\`${table.display}\``;
    const issue: Issue = {
      rule: sqlRules.renameTable,
      subject: table.key,
      message:
        `Renames table ${label} to \`${newName}\`: instances of the previous release, still serving during a ` +
        `rolling deploy, query ${label} and fail until every instance is replaced. Create the new table (or a view ` +
        "under the old name), dual-write, switch reads, then drop the old name in a later release.",
      haltQuestion: breakingChangeQuestion(label),
      table: table.key,
    };
    return { issues: [issue], locks };
  }
  return quiet;
}

function reviewCreateIndex(index: IndexStmt, state: MigrationState): StatementReview {
  const table = tableRef(index.relation);
  const name = index.idxname;
  if (name !== undefined) state.createdIndexes.add(name);
  const subject = name ?? table.key;
  if (index.concurrent === true) {
    return { issues: concurrentlyInTransaction(state, "CREATE INDEX CONCURRENTLY", subject, table.key) };
  }
  const label =
    name === undefined ? `an index on \`${table.display}\`` : `index \`${name}\` on \`${table.display}\``;
  const issue: Issue = {
    rule: sqlRules.indexNotConcurrent,
    subject,
    message:
      `Creates ${label} without CONCURRENTLY: the build holds a SHARE lock that blocks every INSERT, UPDATE and ` +
      `DELETE on \`${table.display}\` until it finishes. Use \`CREATE INDEX CONCURRENTLY\` in a migration that ` +
      "does not run inside a transaction.",
    table: table.key,
  };
  return { issues: [issue], locks: [lockWaitOn("CREATE INDEX", table)] };
}

/** D10: Postgres refuses every CONCURRENTLY form inside a transaction block, whatever the table. */
function concurrentlyInTransaction(
  state: MigrationState,
  statement: string,
  subject: string,
  table: string | undefined,
): Issue[] {
  if (state.transactionLine === undefined) return [];
  const issue: Issue = {
    rule: sqlRules.concurrentlyInTransaction,
    subject,
    message:
      `Runs \`${statement}\` inside the transaction opened at line ${state.transactionLine}: Postgres refuses it ` +
      "(`cannot run inside a transaction block`) and the migration fails. Move it to its own migration without " +
      "BEGIN/COMMIT, and disable the migration tool's per-file transaction for it.",
  };
  if (table !== undefined) issue.table = table;
  return [issue];
}

function reviewDrop(drop: DropStmt, state: MigrationState): StatementReview {
  const cascade = drop.behavior === "DROP_CASCADE";
  const objects = qualifiedNamesOf(drop.objects);
  switch (drop.removeType) {
    case "OBJECT_TABLE": {
      const issues = objects.map((table): Issue => {
        const label = `\`${table.display}\``;
        const also = cascade
          ? " with CASCADE, which also drops the views and foreign keys that depend on it"
          : "";
        return {
          rule: sqlRules.dropTable,
          subject: table.key,
          message:
            `Drops table ${label}${also}: instances of the previous release fail on every query against it until the ` +
            "rollout finishes, and only a backup brings the data back. Remove the code that uses it and deploy " +
            "first; drop the table in a later migration once the data is backed up or confirmed unneeded.",
          haltQuestion: dropQuestion(label),
          table: table.key,
        };
      });
      return { issues, locks: objects.map((table) => lockWaitOn("DROP TABLE", table)) };
    }
    case "OBJECT_INDEX": {
      const issues: Issue[] = [];
      const locks: LockWait[] = [];
      for (const index of objects) {
        if (drop.concurrent === true) {
          issues.push(...concurrentlyInTransaction(state, "DROP INDEX CONCURRENTLY", index.key, undefined));
          continue;
        }
        // An index created earlier in this file sits on a table nothing else is using yet.
        if (state.createdIndexes.has(index.key)) continue;
        locks.push({
          statement: "DROP INDEX",
          target: `the table of \`${index.display}\``,
          subject: index.key,
        });
        issues.push({
          rule: sqlRules.indexNotConcurrent,
          subject: index.key,
          message:
            `Drops index \`${index.display}\` without CONCURRENTLY: it takes an ACCESS EXCLUSIVE lock on the index's ` +
            "table, blocking reads and writes while it waits and runs. Use `DROP INDEX CONCURRENTLY` in a migration " +
            "that does not run inside a transaction.",
        });
      }
      return { issues, locks };
    }
    case "OBJECT_SCHEMA":
      return {
        issues: objects.map((schema) => ({
          rule: sqlRules.destructiveDataOp,
          subject: schema.key,
          message:
            `Drops schema \`${schema.display}\`${cascade ? " with CASCADE, destroying every table, view and function in it" : ""}: ` +
            "only a backup brings its data back. Drop the objects individually once nothing uses them, or keep the " +
            "schema.",
          haltQuestion: destroyQuestion(
            `drops schema \`${schema.display}\`${cascade ? " with everything in it" : ""}`,
          ),
        })),
      };
    default:
      return quiet;
  }
}

function reviewReindex(reindex: ReindexStmt, state: MigrationState): StatementReview {
  const concurrent = (reindex.params ?? []).some(
    (param) => "DefElem" in param && param.DefElem.defname === "concurrently",
  );
  const onIndex = reindex.kind === "REINDEX_OBJECT_INDEX";
  const name = reindex.name ?? "?";
  const target = reindex.relation === undefined ? { key: name, display: name } : tableRef(reindex.relation);
  const table = reindex.kind === "REINDEX_OBJECT_TABLE" ? target : undefined;
  if (concurrent) {
    return { issues: concurrentlyInTransaction(state, "REINDEX … CONCURRENTLY", target.key, table?.key) };
  }
  if (onIndex && state.createdIndexes.has(target.key)) return quiet;
  const what = onIndex ? `index \`${target.display}\`` : `\`${target.display}\``;
  const issue: Issue = {
    rule: sqlRules.indexNotConcurrent,
    subject: target.key,
    message:
      `Rebuilds ${what} without CONCURRENTLY: writes to the table, and reads that use the index, are blocked until ` +
      "the rebuild finishes. Use `REINDEX … CONCURRENTLY` in a migration that does not run inside a transaction.",
  };
  if (table !== undefined) issue.table = table.key;
  const lock: LockWait = { statement: "REINDEX", target: what, subject: target.key };
  if (table !== undefined) lock.table = table;
  return { issues: [issue], locks: [lock] };
}

function reviewTruncate(truncate: TruncateStmt): StatementReview {
  const cascade = truncate.behavior === "DROP_CASCADE";
  const tables = relationsOf(truncate.relations);
  const issues = tables.map((table) =>
    destructiveIssue(
      table,
      `truncates \`${table.display}\`${cascade ? " with CASCADE" : ""}`,
      `Truncates \`${table.display}\`${cascade ? " with CASCADE, which also empties every table referencing it" : ""}: ` +
        "all rows are deleted at once under an ACCESS EXCLUSIVE lock, and only a backup brings them back. If old " +
        "rows must go, delete them in batches with a WHERE clause after taking a backup.",
    ),
  );
  return { issues, locks: tables.map((table) => lockWaitOn("TRUNCATE", table)) };
}
