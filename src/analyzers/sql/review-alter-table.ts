// ALTER TABLE, command by command: D1, D5–D8, D11, D12 and D15 (the rules that live on existing tables).
import type { AlterTableCmd, AlterTableStmt, ColumnDef, Constraint, FuncCall, Node } from "libpg-query";
import {
  type ColumnType,
  columnTypeOf,
  formatColumnType,
  isSafeTypeChange,
  safeSourceFor,
  typeHygieneProblem,
} from "./column-type.js";
import {
  breakingChangeQuestion,
  constraintsOf,
  dropQuestion,
  foreignKeyTargets,
  type Issue,
  isKeyConstraint,
  lockWaitOn,
  type MigrationState,
  namesOf,
  quiet,
  type StatementReview,
  type TableRef,
  tableRef,
} from "./migration-review.js";
import { sqlRules } from "./sql-rules.js";

export function reviewAlterTable(alter: AlterTableStmt, state: MigrationState): StatementReview {
  // ALTER INDEX / VIEW / SEQUENCE share this node; D1–D15 are about tables.
  if (alter.objtype !== "OBJECT_TABLE") return quiet;
  const table = tableRef(alter.relation);
  const issues: Issue[] = [];
  const referenced: TableRef[] = [];
  let blocks = false;
  for (const node of alter.cmds ?? []) {
    if (!("AlterTableCmd" in node)) continue;
    const command = node.AlterTableCmd;
    blocks ||= takesBlockingLock(command);
    referenced.push(...foreignKeyTargets(constraintsIn(command)));
    for (const issue of reviewCommand(command, table, state)) issues.push({ ...issue, table: table.key });
  }
  if (!blocks) return { issues };
  // On a table created in this file only the foreign keys' referenced tables can make anyone wait.
  return {
    issues,
    locks: [
      lockWaitOn("ALTER TABLE", table),
      ...referenced.map((target) => lockWaitOn("ALTER TABLE … REFERENCES", target)),
    ],
  };
}

/** VALIDATE CONSTRAINT and DETACH … CONCURRENTLY let reads and writes through; every other ALTER TABLE blocks. */
function takesBlockingLock(command: AlterTableCmd): boolean {
  if (command.subtype === "AT_ValidateConstraint") return false;
  const partition =
    command.def !== undefined && "PartitionCmd" in command.def ? command.def.PartitionCmd : undefined;
  return !(command.subtype === "AT_DetachPartition" && partition?.concurrent === true);
}

/** The constraints a command adds, inline on a new column or on their own. */
function constraintsIn(command: AlterTableCmd): Constraint[] {
  const def = command.def;
  if (def === undefined) return [];
  if ("ColumnDef" in def) return constraintsOf(def.ColumnDef.constraints);
  return "Constraint" in def ? [def.Constraint] : [];
}

function reviewCommand(command: AlterTableCmd, table: TableRef, state: MigrationState): Issue[] {
  const column = command.name ?? "?";
  const columnKey = `${table.key}.${column}`;
  const label = `\`${table.display}.${column}\``;
  const def = command.def;
  switch (command.subtype) {
    case "AT_AddColumn":
      return def !== undefined && "ColumnDef" in def ? reviewAddColumn(def.ColumnDef, table, state) : [];
    case "AT_DropColumn": {
      state.columnTypes.delete(columnKey);
      const cascade =
        command.behavior === "DROP_CASCADE"
          ? " CASCADE also drops the views and constraints that depend on it."
          : "";
      return [
        {
          rule: sqlRules.dropColumn,
          subject: columnKey,
          message:
            `Drops column ${label}: instances of the previous release still running during the deploy fail on every ` +
            `query that names it, and the data is gone for good.${cascade} Stop reading and writing the column first ` +
            "(e.g. ignore it in the ORM), deploy that, then drop it in a later migration.",
          haltQuestion: dropQuestion(label),
        },
      ];
    }
    case "AT_AlterColumnType":
      return def !== undefined && "ColumnDef" in def
        ? reviewTypeChange(def.ColumnDef, table, column, state)
        : [];
    case "AT_SetNotNull":
      if (state.provenNotNull.has(columnKey)) return [];
      return [
        {
          rule: sqlRules.setNotNull,
          subject: columnKey,
          message:
            `Sets ${label} NOT NULL: Postgres scans the whole table for NULLs while holding an ACCESS EXCLUSIVE lock, ` +
            `blocking every read and write. First add \`CHECK (${column} IS NOT NULL) NOT VALID\`, then ` +
            "`VALIDATE CONSTRAINT` it (no blocking lock); SET NOT NULL then skips the scan.",
        },
      ];
    case "AT_DropNotNull":
      return [
        {
          rule: sqlRules.dropNotNull,
          subject: columnKey,
          message:
            `Drops NOT NULL on ${label}: cheap for the database, but readers (the previous release, reports, ` +
            "downstream consumers) may now get NULLs they do not handle. Make every reader tolerate NULL before this " +
            "ships, or keep the constraint and give new rows a default.",
        },
      ];
    case "AT_AddConstraint":
      return def !== undefined && "Constraint" in def
        ? reviewAddConstraint(def.Constraint, table, state)
        : [];
    case "AT_ValidateConstraint": {
      const proven = state.pendingNotNullChecks.get(`${table.key}\0${column}`);
      if (proven !== undefined) state.provenNotNull.add(proven);
      return [];
    }
    default:
      return [];
  }
}

function reviewAddColumn(column: ColumnDef, table: TableRef, state: MigrationState): Issue[] {
  const name = column.colname ?? "?";
  const columnKey = `${table.key}.${name}`;
  const label = `\`${table.display}.${name}\``;
  const constraints = constraintsOf(column.constraints);
  const type = columnTypeOf(column.typeName);
  if (type !== undefined) state.columnTypes.set(columnKey, type);

  const defaultExpression = constraints.find(
    (constraint) => constraint.contype === "CONSTR_DEFAULT",
  )?.raw_expr;
  const hasDefault = defaultExpression !== undefined && !isNullConstant(defaultExpression);
  const identity = constraints.some((constraint) => constraint.contype === "CONSTR_IDENTITY");
  const generated = constraints.find((constraint) => constraint.contype === "CONSTR_GENERATED");
  const serial = type?.name.endsWith("serial") === true;
  const notNull =
    column.is_not_null === true ||
    constraints.some(
      (constraint) => constraint.contype === "CONSTR_NOTNULL" || constraint.contype === "CONSTR_PRIMARY",
    );

  const issues: Issue[] = [];
  if (notNull && !hasDefault && !identity && generated === undefined && !serial) {
    issues.push({
      rule: sqlRules.addRequiredColumn,
      subject: columnKey,
      message:
        `Adds ${label} as NOT NULL without a default: the statement fails on any table that already has rows, so it ` +
        "passes on an empty development database and breaks in production. Add it with a constant `DEFAULT` " +
        "(metadata-only since Postgres 11), or add it nullable, backfill in batches, then enforce NOT NULL through " +
        "a validated CHECK.",
    });
  }

  const rewrite = rewriteReason(
    hasDefault ? defaultExpression : undefined,
    generated,
    serial || identity,
    type,
  );
  if (rewrite !== undefined) {
    issues.push({
      rule: sqlRules.tableRewriteDefault,
      subject: columnKey,
      message:
        `Adds ${label} ${rewrite.what}: ${rewrite.why}, so Postgres rewrites the whole table under an ACCESS ` +
        `EXCLUSIVE lock, blocking reads and writes until it finishes. ${rewrite.instead}`,
    });
  }

  const inline = constraints.flatMap((constraint) => {
    if (constraint.contype === "CONSTR_FOREIGN")
      return [`a foreign key to \`${tableRef(constraint.pktable).display}\``];
    if (constraint.contype === "CONSTR_UNIQUE") return ["a UNIQUE constraint"];
    if (constraint.contype === "CONSTR_PRIMARY") return ["a PRIMARY KEY"];
    if (constraint.contype === "CONSTR_CHECK") return ["a CHECK constraint"];
    return [];
  });
  if (inline.length > 0) {
    issues.push({
      rule: sqlRules.blockingConstraint,
      subject: columnKey,
      message:
        `Adds ${label} with ${inline.join(" and ")} inline: the constraint is validated or its index built while the ` +
        "table is locked, stalling reads or writes for the duration. Add the column plain, then the constraint: " +
        "foreign keys and checks `NOT VALID` followed by `VALIDATE CONSTRAINT`, unique keys through " +
        "`CREATE UNIQUE INDEX CONCURRENTLY` and `ADD CONSTRAINT … USING INDEX`.",
    });
  }

  if (type !== undefined) {
    const problem = typeHygieneProblem(label, name, type, constraints.some(isKeyConstraint));
    if (problem !== undefined)
      issues.push({ rule: sqlRules.typeHygiene, subject: columnKey, message: `${problem}.` });
  }
  return issues;
}

function isNullConstant(expression: Node): boolean {
  return "A_Const" in expression && expression.A_Const.isnull === true;
}

interface RewriteReason {
  what: string;
  why: string;
  instead: string;
}

/** Why adding this column rewrites the table (D12), or undefined when Postgres 11+ adds it in the catalogue only. */
function rewriteReason(
  defaultExpression: Node | undefined,
  generated: Constraint | undefined,
  sequenced: boolean,
  type: ColumnType | undefined,
): RewriteReason | undefined {
  const call = defaultExpression === undefined ? undefined : volatileCallIn(defaultExpression);
  if (call !== undefined) {
    const instead =
      "Add the column without a default, set the default in a separate `ALTER COLUMN … SET DEFAULT` (it only " +
      "affects new rows), then backfill existing rows in batches.";
    return call.known
      ? {
          what: `with the volatile default \`${call.name}()\``,
          why: "every existing row needs its own value",
          instead,
        }
      : {
          what: `with a default calling \`${call.name}()\``,
          why: "unless that function is IMMUTABLE or STABLE, every existing row needs its own value",
          instead,
        };
  }
  // Postgres 18 adds VIRTUAL generated columns, which are computed on read and never rewrite.
  if (generated !== undefined && generated.generated_kind !== "v") {
    return {
      what: "as `GENERATED ALWAYS AS (…) STORED`",
      why: "the value is computed and stored for every existing row",
      instead:
        "Add a plain column, backfill it in batches and keep it in sync with a trigger, or use a VIRTUAL generated " +
        "column (Postgres 18).",
    };
  }
  if (sequenced) {
    return {
      what: type?.name.endsWith("serial") === true ? `as \`${type.name}\`` : "as an identity column",
      why: "every existing row gets a sequence value",
      instead:
        "Add a nullable `bigint` column, give it the sequence default (or `ADD GENERATED … AS IDENTITY`) for new " +
        "rows, backfill existing rows in batches, then enforce NOT NULL through a validated CHECK.",
    };
  }
  return undefined;
}

/**
 * IMMUTABLE or STABLE functions: a default calling them is evaluated once and kept in the catalogue
 * (no rewrite since Postgres 11). Every other function, user functions included, counts as volatile.
 */
const nonVolatileFunctions: ReadonlySet<string> = new Set(
  (
    "now transaction_timestamp statement_timestamp timezone current_setting current_database current_schema " +
    "lower upper initcap btrim ltrim rtrim substring substr replace concat concat_ws left right length char_length " +
    "md5 encode decode format abs round floor ceil trunc to_char to_date to_timestamp to_number date_trunc " +
    "date_part extract make_date make_time make_timestamp make_timestamptz make_interval to_json to_jsonb " +
    "json_build_object json_build_array jsonb_build_object jsonb_build_array string_to_array array_to_string"
  ).split(" "),
);

const knownVolatileFunction =
  /^(random|random_normal|gen_random_uuid|gen_random_bytes|uuidv4|uuidv7|uuid_generate_\w+|clock_timestamp|timeofday|nextval|txid_current)$/;

/** The first call in `expression` that may be volatile; `known` when it certainly is. */
function volatileCallIn(expression: Node): { name: string; known: boolean } | undefined {
  for (const call of funcCallsIn(expression)) {
    const name = namesOf(call.funcname).at(-1)?.toLowerCase();
    if (name === undefined || nonVolatileFunctions.has(name)) continue;
    return { name, known: knownVolatileFunction.test(name) };
  }
  return undefined;
}

function* funcCallsIn(value: unknown): Generator<FuncCall> {
  if (Array.isArray(value)) {
    for (const item of value) yield* funcCallsIn(item);
    return;
  }
  if (typeof value !== "object" || value === null) return;
  for (const [key, child] of Object.entries(value)) {
    // The parser tags every node with its type name, so a `FuncCall` key always holds a FuncCall.
    if (key === "FuncCall") yield child as FuncCall;
    yield* funcCallsIn(child);
  }
}

function reviewTypeChange(column: ColumnDef, table: TableRef, name: string, state: MigrationState): Issue[] {
  const columnKey = `${table.key}.${name}`;
  const label = `\`${table.display}.${name}\``;
  const to = columnTypeOf(column.typeName);
  if (to === undefined) return [];
  const from = state.columnTypes.get(columnKey);
  state.columnTypes.set(columnKey, to);
  // A USING clause converts values with an expression, so the change is never treated as binary-compatible.
  const hasUsing = column.raw_default !== undefined;
  const issues: Issue[] = [];
  if (from === undefined || hasUsing || !isSafeTypeChange(from, to)) {
    const change =
      from === undefined
        ? `Changes the type of ${label} to \`${formatColumnType(to)}\``
        : `Changes ${label} from \`${formatColumnType(from)}\` to \`${formatColumnType(to)}\``;
    // The old type usually lives in an earlier migration: name the one that would make this cheap.
    const source = from === undefined && !hasUsing ? safeSourceFor(to) : undefined;
    const safePattern =
      "add a new column, dual-write, backfill in batches, switch reads, then drop the old one.";
    const advice =
      source === undefined
        ? `Instead, ${safePattern}`
        : `If ${label} is currently ${source}, this is metadata-only: say so in the PR. Otherwise ${safePattern}`;
    issues.push({
      rule: sqlRules.changeColumnType,
      subject: columnKey,
      message:
        `${change}: unless the change is binary-compatible, Postgres rewrites the table and its indexes under an ` +
        "ACCESS EXCLUSIVE lock, blocking reads and writes, and instances of the previous release may break on the " +
        `new type. ${advice}`,
      haltQuestion: breakingChangeQuestion(label),
    });
  }
  const hygiene = typeHygieneProblem(label, name, to, false);
  if (hygiene !== undefined)
    issues.push({ rule: sqlRules.typeHygiene, subject: columnKey, message: `${hygiene}.` });
  return issues;
}

function reviewAddConstraint(constraint: Constraint, table: TableRef, state: MigrationState): Issue[] {
  const name = constraint.conname;
  const subject = name === undefined ? table.key : `${table.key}.${name}`;
  const label = name === undefined ? "" : ` \`${name}\``;
  const validate = name === undefined ? "`VALIDATE CONSTRAINT`" : `\`VALIDATE CONSTRAINT ${name}\``;
  const blocking = (message: string): Issue[] => [{ rule: sqlRules.blockingConstraint, subject, message }];
  switch (constraint.contype) {
    case "CONSTR_FOREIGN": {
      if (constraint.skip_validation === true) return [];
      const referenced = tableRef(constraint.pktable).display;
      return blocking(
        `Adds foreign key${label} on \`${table.display}\` without NOT VALID: Postgres checks every existing row while ` +
          `holding SHARE ROW EXCLUSIVE locks on \`${table.display}\` and \`${referenced}\`, blocking writes to both. ` +
          `Add it with \`NOT VALID\`, then run ${validate} in a separate statement (it does not block writes).`,
      );
    }
    case "CONSTR_CHECK": {
      const column = notNullCheckColumn(constraint.raw_expr);
      if (constraint.skip_validation === true) {
        if (column !== undefined && name !== undefined) {
          state.pendingNotNullChecks.set(`${table.key}\0${name}`, `${table.key}.${column}`);
        }
        return [];
      }
      if (column !== undefined) state.provenNotNull.add(`${table.key}.${column}`);
      return blocking(
        `Adds check${label} on \`${table.display}\` without NOT VALID: Postgres scans the whole table under an ACCESS ` +
          `EXCLUSIVE lock, blocking reads and writes. Add it with \`NOT VALID\`, then run ${validate} in a separate ` +
          "statement (it does not block reads or writes).",
      );
    }
    case "CONSTR_UNIQUE":
    case "CONSTR_PRIMARY": {
      if (constraint.indexname !== undefined) return [];
      const kind = constraint.contype === "CONSTR_UNIQUE" ? "UNIQUE" : "PRIMARY KEY";
      return blocking(
        `Adds ${kind === "UNIQUE" ? "UNIQUE constraint" : "PRIMARY KEY"}${label} on \`${table.display}\`: Postgres ` +
          "builds its index under an ACCESS EXCLUSIVE lock, blocking reads and writes until the build finishes. Run " +
          `\`CREATE UNIQUE INDEX CONCURRENTLY\` first, then \`ADD CONSTRAINT … ${kind} USING INDEX\`.`,
      );
    }
    case "CONSTR_EXCLUSION":
      return blocking(
        `Adds exclusion constraint${label} on \`${table.display}\`: its index is built under an ACCESS EXCLUSIVE lock, ` +
          "and it can be added neither NOT VALID nor USING INDEX. Schedule it in a maintenance window, or enforce the " +
          "rule another way (e.g. a trigger) until then.",
      );
    case "CONSTR_NOTNULL": {
      // Postgres 18: `ADD CONSTRAINT … NOT NULL col [NOT VALID]`, the native form of the CHECK pattern.
      const [column] = namesOf(constraint.keys);
      if (column === undefined) return [];
      if (constraint.skip_validation === true) {
        if (name !== undefined)
          state.pendingNotNullChecks.set(`${table.key}\0${name}`, `${table.key}.${column}`);
        return [];
      }
      state.provenNotNull.add(`${table.key}.${column}`);
      return [
        {
          rule: sqlRules.setNotNull,
          subject: `${table.key}.${column}`,
          message:
            `Adds a NOT NULL constraint on \`${table.display}.${column}\`: Postgres scans the whole table under an ACCESS ` +
            `EXCLUSIVE lock, blocking reads and writes. Add it with \`NOT VALID\`, then run ${validate} separately.`,
        },
      ];
    }
    default:
      return [];
  }
}

/** `col IS NOT NULL`: the CHECK that lets a later SET NOT NULL skip its table scan. */
function notNullCheckColumn(expression: Node | undefined): string | undefined {
  if (expression === undefined || !("NullTest" in expression)) return undefined;
  const test = expression.NullTest;
  if (test.nulltesttype !== "IS_NOT_NULL" || test.arg === undefined || !("ColumnRef" in test.arg))
    return undefined;
  return namesOf(test.arg.ColumnRef.fields).at(-1);
}
