// The Postgres migration rules D1–D15 of the catalogue (shared reference analyzers.md §3.1, HALT policy §4).
import type { RuleDefinition } from "../rule.js";

export const sqlRules = {
  dropColumn: {
    id: "db/drop-column",
    category: "schema",
    severity: "blocker",
    halts: true,
    title: "Column dropped",
    why:
      "Dropping a column breaks every running instance that still reads or writes it (during a rolling deploy that " +
      "is the whole previous release), and the data is gone unless a backup exists. ORMs that select every column " +
      "fail even on code paths that never use it.",
    doInstead:
      "Expand/contract: first ship code that no longer reads or writes the column (e.g. mark it ignored in the " +
      "ORM), deploy it everywhere, then drop the column in a later migration once the data is backed up or " +
      "confirmed unneeded.",
  },
  dropTable: {
    id: "db/drop-table",
    category: "schema",
    severity: "blocker",
    halts: true,
    title: "Table dropped",
    why:
      "Dropping a table breaks every running instance that still queries it and destroys its data irreversibly; " +
      "CASCADE silently takes dependent views and foreign keys with it.",
    doInstead:
      "Remove every code path that uses the table and deploy that first; drop the table in a later migration, " +
      "after a backup or an explicit decision that the data is no longer needed.",
  },
  renameColumn: {
    id: "db/rename-column",
    category: "schema",
    severity: "blocker",
    halts: true,
    title: "Column renamed",
    why:
      "A rename is instant in Postgres but breaks every instance of the previous release still running during the " +
      "deploy: their queries name the old column and fail until the rollout finishes.",
    doInstead:
      "Add the new column, write to both, backfill, switch reads to the new column, then drop the old one in a " +
      "later release (or expose the new name through a view while both releases run).",
  },
  renameTable: {
    id: "db/rename-table",
    category: "schema",
    severity: "blocker",
    halts: true,
    title: "Table renamed",
    why:
      "A rename is instant in Postgres but every instance of the previous release still running during the deploy " +
      "queries the old name and fails until the rollout finishes.",
    doInstead:
      "Create the new table (or an updatable view under one of the names), dual-write, backfill, switch reads, and " +
      "drop the old name in a later release.",
  },
  changeColumnType: {
    id: "db/change-column-type",
    category: "schema",
    severity: "blocker",
    halts: true,
    title: "Column type changed",
    why:
      "Unless the change is binary-compatible, Postgres rewrites the table and rebuilds its indexes under an ACCESS " +
      "EXCLUSIVE lock, blocking reads and writes for the duration; instances of the previous release may also break " +
      "on the new type. Safe without a rewrite: varchar→text, varchar(n)→varchar(m>n), numeric precision increase " +
      "at the same scale, cidr→inet.",
    doInstead:
      "Add a column of the new type, dual-write, backfill in batches, switch reads, then drop the old column in a " +
      "later release.",
  },
  addRequiredColumn: {
    id: "db/add-required-column",
    category: "schema",
    severity: "blocker",
    halts: false,
    title: "NOT NULL column added without a default",
    why:
      "Adding a NOT NULL column without a default fails outright on any table that already has rows, so the " +
      "migration passes on an empty development database and breaks in production.",
    doInstead:
      "Add the column with a constant DEFAULT (metadata-only since Postgres 11), or add it nullable, backfill in " +
      "batches and then enforce NOT NULL through a validated CHECK constraint.",
  },
  setNotNull: {
    id: "db/set-not-null",
    category: "schema",
    severity: "major",
    halts: false,
    title: "SET NOT NULL on an existing column",
    why:
      "SET NOT NULL scans the whole table for NULLs while holding an ACCESS EXCLUSIVE lock, blocking every read and " +
      "write on the table for the length of the scan.",
    doInstead:
      "Add `CHECK (col IS NOT NULL) NOT VALID`, then `VALIDATE CONSTRAINT` in a separate statement (it does not " +
      "block reads or writes); Postgres 12+ then skips the scan when you `SET NOT NULL`, and the CHECK can be dropped.",
  },
  dropNotNull: {
    id: "db/drop-not-null",
    category: "schema",
    severity: "major",
    halts: false,
    title: "NOT NULL dropped",
    why:
      "Dropping NOT NULL is cheap for the database but changes the contract for readers: the previous release, " +
      "reports and downstream consumers may start receiving NULLs they do not handle.",
    doInstead:
      "Make every reader tolerate NULL before this ships, or keep the constraint and give new rows a default instead.",
  },
  indexNotConcurrent: {
    id: "db/index-not-concurrent",
    category: "schema",
    severity: "blocker",
    halts: false,
    title: "Index built or dropped without CONCURRENTLY",
    why:
      "CREATE INDEX holds a SHARE lock that blocks all writes to the table until the build finishes; DROP INDEX and " +
      "REINDEX take locks that block reads or writes as well. On a large table that is minutes of failed writes.",
    doInstead:
      "Use `CREATE INDEX CONCURRENTLY`, `DROP INDEX CONCURRENTLY` or `REINDEX … CONCURRENTLY`, each in a migration " +
      "that does not run inside a transaction.",
  },
  concurrentlyInTransaction: {
    id: "db/concurrently-in-transaction",
    category: "schema",
    severity: "blocker",
    halts: false,
    title: "CONCURRENTLY inside a transaction",
    why:
      "Postgres refuses to run CREATE/DROP INDEX CONCURRENTLY or REINDEX CONCURRENTLY inside a transaction block " +
      "(`cannot run inside a transaction block`), so the migration fails when it is deployed.",
    doInstead:
      "Put the concurrent statement in its own migration without BEGIN/COMMIT, and disable the migration tool's " +
      "per-file transaction for it.",
  },
  blockingConstraint: {
    id: "db/blocking-constraint",
    category: "schema",
    severity: "major",
    halts: false,
    title: "Constraint added with a blocking validation",
    why:
      "A FOREIGN KEY or CHECK added without NOT VALID is validated against every existing row while locks are held " +
      "(SHARE ROW EXCLUSIVE on both tables for a foreign key, ACCESS EXCLUSIVE for a CHECK); a UNIQUE or PRIMARY " +
      "KEY constraint builds its index under an ACCESS EXCLUSIVE lock. Reads or writes stall for the duration.",
    doInstead:
      "Add foreign keys and checks with `NOT VALID`, then `VALIDATE CONSTRAINT` in a separate statement; for UNIQUE " +
      "or PRIMARY KEY, `CREATE UNIQUE INDEX CONCURRENTLY` first and then `ADD CONSTRAINT … USING INDEX`.",
  },
  tableRewriteDefault: {
    id: "db/table-rewrite-default",
    category: "schema",
    severity: "major",
    halts: false,
    title: "Column added with a default that rewrites the table",
    why:
      "Since Postgres 11 a constant or stable default is stored in the catalogue and costs nothing, but a volatile " +
      "default (random(), gen_random_uuid(), clock_timestamp(), nextval(), serial/identity) or a GENERATED … STORED " +
      "column needs a value per row, so Postgres rewrites the whole table under an ACCESS EXCLUSIVE lock.",
    doInstead:
      "Add the column without a default, set the default in a separate `ALTER COLUMN … SET DEFAULT` (affects only new " +
      "rows), then backfill existing rows in batches.",
  },
  missingLockTimeout: {
    id: "db/missing-lock-timeout",
    category: "schema",
    severity: "info",
    halts: false,
    title: "No lock_timeout before lock-taking DDL",
    why:
      "DDL waits for its lock behind any long-running transaction on the table, and while it waits every new query " +
      "on that table queues behind it: a cheap change turns into an outage.",
    doInstead:
      "Start the migration with `SET lock_timeout = '5s';` (or set it on the migration role) and retry the migration " +
      "when it times out.",
  },
  destructiveDataOp: {
    id: "db/destructive-data-op",
    category: "schema",
    severity: "blocker",
    halts: true,
    title: "Destructive data operation",
    why:
      "DROP DATABASE/SCHEMA, TRUNCATE and DELETE or UPDATE without WHERE destroy or overwrite data irreversibly; a " +
      "whole-table UPDATE or DELETE inside the migration also locks every row and bloats the table.",
    doInstead:
      "Take a backup first, scope the statement with the intended WHERE clause, and run large deletes or backfills " +
      "in batches outside the schema migration.",
  },
  typeHygiene: {
    id: "db/type-hygiene",
    category: "schema",
    severity: "info",
    halts: false,
    title: "Column type worth revisiting",
    why:
      "Some types are cheap to choose now and expensive to change later: `timestamp` without time zone depends on " +
      "the session time zone, `json` has no equality operator or GIN indexing, `char(n)` pads with blanks, and " +
      "32-bit ids run out at about 2.1 billion rows.",
    doInstead:
      "Prefer `timestamptz`, `jsonb`, `text` (with a CHECK on length if needed) and `bigint` ids " +
      "(`bigint GENERATED ALWAYS AS IDENTITY`).",
  },
} satisfies Record<string, RuleDefinition>;

export type SqlRuleName = keyof typeof sqlRules;

/** Every SQL rule, in catalogue order (D1–D15). */
export const sqlRuleList: readonly RuleDefinition[] = Object.values(sqlRules);
