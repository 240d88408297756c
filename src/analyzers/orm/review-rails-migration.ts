// Rails `db/migrate/*.rb`: ActiveRecord migration DSL calls of the `up`/`change` direction, mapped to the
// catalogue's rules; `execute` strings go through the Postgres rules. `disable_ddl_transaction!` decides
// whether CONCURRENTLY can work, and code inside `safety_assured` (strong_migrations) counts as vouched for.
import type { ChangedFile } from "../../domain/model.js";
import type { AnalysisResult } from "../analyzer.js";
import { LineIndex } from "../line-index.js";
import { type SqlArgument, sqlArgumentAt } from "./analyze-embedded-sql.js";
import { type Argument, matchingClose, splitArguments } from "./find-calls.js";
import { type MaskedSource, maskSource, nameAt, type Range } from "./mask-source.js";
import {
  addRequiredColumnIssue,
  blockingConstraintIssue,
  changeColumnTypeIssue,
  concurrentlyInTransactionIssue,
  dropColumnIssue,
  dropNotNullIssue,
  dropTableIssue,
  indexIssue,
  jsonTypeIssue,
  type MigrationIssue,
  renameColumnIssue,
  renameTableIssue,
  setNotNullIssue,
  tableRewriteIssue,
  volatileDefault,
} from "./migration-issue.js";
import { migrationResult } from "./migration-result.js";

const schemaMethods = new Set([
  "add_column",
  "add_reference",
  "add_belongs_to",
  "add_index",
  "add_foreign_key",
  "add_check_constraint",
  "remove_column",
  "remove_columns",
  "remove_reference",
  "remove_belongs_to",
  "remove_index",
  "drop_table",
  "rename_column",
  "rename_table",
  "change_column",
  "change_column_null",
  "create_table",
  "change_table",
  "execute",
]);

/** Calls on the block variable of `change_table`/`create_table` (`t.remove :a`). */
const tableMethods = new Set([
  "remove",
  "rename",
  "change",
  "index",
  "remove_index",
  "references",
  "belongs_to",
  "column",
  "string",
  "text",
  "integer",
  "bigint",
  "float",
  "decimal",
  "numeric",
  "datetime",
  "timestamp",
  "time",
  "date",
  "binary",
  "boolean",
  "json",
  "jsonb",
  "uuid",
  "inet",
  "citext",
]);

const transaction = {
  wrapper: "Rails runs every migration in a transaction unless its class calls `disable_ddl_transaction!`",
  optOut: "call `disable_ddl_transaction!` in its class",
};

interface RubyCall {
  receiver: string;
  name: string;
  at: Range;
  args: Argument[];
}

interface TableBlock {
  table: string;
  variable: string;
  body: Range;
}

export async function reviewRailsMigration(file: ChangedFile, source: string): Promise<AnalysisResult> {
  const masked = maskSource(source, "ruby");
  const { code } = masked;
  const lines = new LineIndex(source);
  const wrapped = !/^\s*disable_ddl_transaction!/m.test(code);

  // A rollback legitimately undoes what `up` did: `def down` and `dir.down` are not reviewed.
  const rollback = [
    ...blocksAfter(code, /^[ \t]*def\s+(?:self\s*\.\s*)?down\b/gm, "def"),
    ...blocksAfter(code, /\b\w+\s*\.\s*down\b/g, "block"),
  ];
  const assured = blocksAfter(code, /\bsafety_assured\b/g, "block");
  const calls = rubyCalls(masked).filter(
    (call) => !rollback.some((range) => call.at.start >= range.start && call.at.start < range.end),
  );

  const blocks: TableBlock[] = [];
  const createdTables = new Set<string>();
  for (const call of calls) {
    if (call.receiver !== "" || (call.name !== "create_table" && call.name !== "change_table")) continue;
    const table = nameOf(masked, call.args[0]?.value);
    if (table === undefined) continue;
    if (call.name === "create_table") createdTables.add(table);
    const body = blockBody(code, call.at.end);
    const variable = /^[^\n]*?\|\s*(\w+)\s*\|/.exec(code.slice(call.at.end, call.at.end + 80))?.[1];
    if (body !== undefined && variable !== undefined) blocks.push({ table, variable, body });
  }

  const review = new RailsReview(masked, wrapped);
  const sqlArgs: SqlArgument[] = [];
  for (const call of calls) {
    if (call.receiver === "") {
      if (call.name === "execute") {
        const arg = call.args[0] === undefined ? undefined : sqlArgumentAt(masked, call.args[0].value);
        if (arg !== undefined) sqlArgs.push(arg);
      } else review.schemaCall(call);
      continue;
    }
    const block = blocks.find(
      (candidate) =>
        candidate.variable === call.receiver &&
        call.at.start >= candidate.body.start &&
        call.at.start < candidate.body.end,
    );
    if (block !== undefined) review.tableCall(call, block);
  }

  return migrationResult(file, {
    masked,
    lines,
    issues: review.issues,
    createdTables,
    assured,
    sqlArgs,
    ...(wrapped ? { transaction } : {}),
  });
}

/** `:users`, `"users"`, `'users'` → `users`. */
function nameOf(masked: MaskedSource, range: Range | undefined): string | undefined {
  if (range === undefined) return undefined;
  const text = masked.code.slice(range.start, range.end);
  const symbol = /^:([A-Za-z_]\w*[?!]?)$/.exec(text);
  if (symbol !== null) return symbol[1];
  return nameAt(masked, range);
}

/**
 * DSL calls at the start of a statement (`add_index :users, :email, algorithm: :concurrently`), with or
 * without parentheses, and `t.<method>` calls inside table blocks. A call without parentheses runs to the
 * end of its line, continued while a bracket is open or the line ends with a comma or a backslash.
 */
function rubyCalls(masked: MaskedSource): RubyCall[] {
  const { code } = masked;
  const calls: RubyCall[] = [];
  const pattern = /(^|[;{|]|\bdo\b|\bthen\b)([ \t]*)(?:([a-z_]\w*)[ \t]*\.[ \t]*)?([a-z_]\w*!?)/gm;
  for (const match of code.matchAll(pattern)) {
    const receiver = match[3] ?? "";
    const name = match[4] ?? "";
    if (receiver === "" ? !schemaMethods.has(name) : !tableMethods.has(name)) continue;
    const start = match.index + (match[1] ?? "").length + (match[2] ?? "").length;
    const afterName = start + match[0].length - (match[1] ?? "").length - (match[2] ?? "").length;
    const next = code[afterName] ?? "";
    // `execute_later`, `t.index?`, `index: …` (a hash key), `execute = …` and `t.foo.bar` are not DSL calls.
    if (/[\w?!:]/.test(next) || /^[ \t]*(=[^=>~]|\.)/.test(code.slice(afterName, afterName + 4))) continue;
    if (next === "(") {
      const close = matchingClose(code, afterName);
      calls.push({
        receiver,
        name,
        at: { start, end: close + 1 },
        args: splitArguments(code, afterName + 1, close, "ruby"),
      });
    } else {
      const end = statementEnd(code, afterName);
      calls.push({ receiver, name, at: { start, end }, args: splitArguments(code, afterName, end, "ruby") });
    }
  }
  return calls;
}

/** Where a parenthesis-less call's arguments end: the line end (unless continued), `do`, a block `{`, or a modifier. */
function statementEnd(code: string, from: number): number {
  let depth = 0;
  let lastSignificant = ",";
  for (let i = from; i < code.length; i++) {
    const c = code[i] ?? "";
    if (c === "\n") {
      if (depth > 0 || lastSignificant === "," || lastSignificant === "\\") continue;
      return i;
    }
    if ("([".includes(c)) depth++;
    else if (c === "{") {
      // A `{` after an argument opens a block; after a comma or `=>` it is a hash.
      if (depth === 0 && lastSignificant !== "," && lastSignificant !== ">" && lastSignificant !== ":")
        return i;
      depth++;
    } else if (")]}".includes(c)) {
      if (depth === 0) return i;
      depth--;
    } else if (depth === 0 && (c === ";" || /^\s(do|if|unless)\b/.test(code.slice(i, i + 8)))) return i;
    if (!/\s/.test(c)) lastSignificant = c;
  }
  return code.length;
}

/**
 * Ranges of the blocks that follow each match of `opener`: a `do … end` or `{ … }` on the same line, or a
 * method body (`def … end`) for "def". `do`/`def` blocks end at the `end` indented like their first line.
 */
function blocksAfter(code: string, opener: RegExp, kind: "def" | "block"): Range[] {
  return [...code.matchAll(opener)].flatMap((match) => {
    const position = match.index + match[0].length;
    if (kind === "def") {
      const end = indentedEnd(code, position);
      return [{ start: position, end }];
    }
    const body = blockBody(code, position);
    return body === undefined ? [] : [body];
  });
}

function blockBody(code: string, from: number): Range | undefined {
  const lineEnd = code.indexOf("\n", from);
  const rest = code.slice(from, lineEnd < 0 ? code.length : lineEnd);
  const brace = /^[^{]*?\{/.exec(rest);
  const doKeyword = /\bdo\b/.exec(rest);
  if (doKeyword !== null && (brace === null || doKeyword.index < brace[0].length - 1)) {
    return { start: from + doKeyword.index, end: indentedEnd(code, from) };
  }
  if (brace !== null) {
    const open = from + brace[0].length - 1;
    return { start: open, end: matchingClose(code, open) + 1 };
  }
  return undefined;
}

/** Offset past the `end` that closes the construct opened on the line containing `from` (same indentation). */
function indentedEnd(code: string, from: number): number {
  const lineStart = code.lastIndexOf("\n", from - 1) + 1;
  const indent = /^[ \t]*/.exec(code.slice(lineStart))?.[0].length ?? 0;
  const closer = new RegExp(`^[ \\t]{0,${indent}}end\\b`, "gm");
  closer.lastIndex = code.indexOf("\n", from) + 1 || code.length;
  const match = closer.exec(code);
  return match === null ? code.length : match.index + match[0].length;
}

class RailsReview {
  readonly issues: MigrationIssue[] = [];

  constructor(
    private readonly masked: MaskedSource,
    private readonly wrapped: boolean,
  ) {}

  private positional(call: RubyCall, index: number): string | undefined {
    return nameOf(this.masked, call.args.filter((arg) => arg.keyword === undefined)[index]?.value);
  }

  private positionals(call: RubyCall): Array<string | undefined> {
    return call.args.filter((arg) => arg.keyword === undefined).map((arg) => nameOf(this.masked, arg.value));
  }

  private option(call: RubyCall, key: string): string | undefined {
    const range = call.args.find((arg) => arg.keyword === key)?.value;
    return range === undefined ? undefined : this.masked.code.slice(range.start, range.end).trim();
  }

  /** Raw source of an option (string contents included), for defaults such as `-> { "gen_random_uuid()" }`. */
  private optionSource(call: RubyCall, key: string): string | undefined {
    const range = call.args.find((arg) => arg.keyword === key)?.value;
    return range === undefined ? undefined : this.masked.source.slice(range.start, range.end);
  }

  schemaCall(call: RubyCall): void {
    const how = `\`${call.name}\``;
    const table = this.positional(call, 0);
    if (table === undefined) return;
    const { at } = call;
    switch (call.name) {
      case "remove_column": {
        // remove_column(table, column, type = nil, **options): the third argument is a type, not a column.
        const column = this.positional(call, 1);
        if (column !== undefined) this.issues.push(dropColumnIssue(at, table, column, how, removeAdvice));
        return;
      }
      case "remove_columns":
        for (const column of this.positionals(call).slice(1)) {
          if (column !== undefined) this.issues.push(dropColumnIssue(at, table, column, how, removeAdvice));
        }
        return;
      case "remove_reference":
      case "remove_belongs_to": {
        const reference = this.positional(call, 1);
        if (reference !== undefined)
          this.issues.push(dropColumnIssue(at, table, `${reference}_id`, how, removeAdvice));
        return;
      }
      case "drop_table":
        this.issues.push(dropTableIssue(at, table, how, dropTableAdvice));
        return;
      case "create_table": {
        const force = this.option(call, "force");
        if (force !== undefined && force !== "false") {
          this.issues.push({
            ...dropTableIssue(at, table, "`create_table … force:`", dropTableAdvice),
            table: undefined,
            message:
              `\`create_table … force: ${force}\` silently drops \`${table}\` first if it exists, data included. ` +
              "Remove `force:` so the migration fails instead of destroying an existing table.",
          });
        }
        return;
      }
      case "rename_column": {
        const [, from, to] = this.positionals(call);
        if (from !== undefined && to !== undefined)
          this.issues.push(renameColumnIssue(at, table, from, to, how));
        return;
      }
      case "rename_table": {
        const to = this.positional(call, 1);
        if (to !== undefined) this.issues.push(renameTableIssue(at, table, to, how));
        return;
      }
      case "change_column": {
        const [, column, type] = this.positionals(call);
        if (column !== undefined)
          this.issues.push(
            changeColumnTypeIssue(at, table, column, how, type === undefined ? "" : `\`:${type}\``),
          );
        return;
      }
      case "change_column_null": {
        const column = this.positional(call, 1);
        const nullable = call.args.filter((arg) => arg.keyword === undefined)[2];
        const value =
          nullable === undefined
            ? undefined
            : this.masked.code.slice(nullable.value.start, nullable.value.end);
        if (column === undefined) return;
        if (value === "false") this.issues.push(setNotNullIssue(at, table, column, how));
        if (value === "true") this.issues.push(dropNotNullIssue(at, table, column, how));
        return;
      }
      case "add_column": {
        const [, column, type] = this.positionals(call);
        if (column !== undefined) this.newColumn(call, table, column, type, how);
        return;
      }
      case "add_reference":
      case "add_belongs_to": {
        const reference = this.positional(call, 1);
        if (reference !== undefined) this.reference(call, table, reference, how);
        return;
      }
      case "add_index":
      case "remove_index":
        this.index(call, table, how);
        return;
      case "add_foreign_key":
        if (this.option(call, "validate") === "false") return;
        this.issues.push(
          blockingConstraintIssue(
            at,
            table,
            `${table}.${this.positional(call, 1) ?? "fk"}`,
            `\`add_foreign_key\` on \`${table}\` validates every existing row while holding SHARE ROW EXCLUSIVE locks ` +
              "on both tables, blocking their writes. Add it with `validate: false`, then `validate_foreign_key` in a " +
              "separate migration.",
          ),
        );
        return;
      case "add_check_constraint":
        if (this.option(call, "validate") === "false") return;
        this.issues.push(
          blockingConstraintIssue(
            at,
            table,
            `${table}.${this.option(call, "name")?.replace(/^[:"']|["']$/g, "") ?? "check"}`,
            `\`add_check_constraint\` on \`${table}\` scans the whole table under an ACCESS EXCLUSIVE lock. Add it ` +
              "with `validate: false`, then `validate_check_constraint` in a separate migration.",
          ),
        );
        return;
      default:
        return;
    }
  }

  tableCall(call: RubyCall, block: TableBlock): void {
    const { table } = block;
    const how = `\`t.${call.name}\``;
    const { at } = call;
    const columns = this.positionals(call);
    switch (call.name) {
      case "remove":
        for (const column of columns) {
          if (column !== undefined) this.issues.push(dropColumnIssue(at, table, column, how, removeAdvice));
        }
        return;
      case "rename": {
        const [from, to] = columns;
        if (from !== undefined && to !== undefined)
          this.issues.push(renameColumnIssue(at, table, from, to, how));
        return;
      }
      case "change": {
        const [column, type] = columns;
        if (column !== undefined)
          this.issues.push(
            changeColumnTypeIssue(at, table, column, how, type === undefined ? "" : `\`:${type}\``),
          );
        return;
      }
      case "index":
      case "remove_index":
        this.index(call, table, how, 0);
        return;
      case "references":
      case "belongs_to":
        for (const reference of columns)
          if (reference !== undefined) this.reference(call, table, reference, how);
        return;
      case "column": {
        const [column, type] = columns;
        if (column !== undefined) this.newColumn(call, table, column, type, how);
        return;
      }
      default:
        for (const column of columns)
          if (column !== undefined) this.newColumn(call, table, column, call.name, how);
    }
  }

  private newColumn(
    call: RubyCall,
    table: string,
    column: string,
    type: string | undefined,
    how: string,
  ): void {
    const { at } = call;
    const defaultValue = this.optionSource(call, "default");
    if (
      this.option(call, "null") === "false" &&
      (defaultValue === undefined || defaultValue.trim() === "nil")
    ) {
      this.issues.push(
        addRequiredColumnIssue(
          at,
          table,
          column,
          how,
          "Add it with a constant `default:` (metadata-only since Postgres 11), or add it nullable, backfill in " +
            "batches, then `add_check_constraint … validate: false` and validate it.",
        ),
      );
    }
    if (defaultValue !== undefined && volatileDefault.test(defaultValue)) {
      this.issues.push(
        tableRewriteIssue(at, table, column, `${how} adds \`${table}.${column}\` with a volatile default`),
      );
    }
    if (type === "json") this.issues.push(jsonTypeIssue(at, table, column, how));
  }

  private reference(call: RubyCall, table: string, reference: string, how: string): void {
    const column = `${reference}_id`;
    this.newColumn(call, table, column, undefined, how);
    const index = this.option(call, "index");
    if (index !== "false") {
      const concurrent = index !== undefined && /algorithm:\s*:concurrently/.test(index);
      this.indexIssue(
        call,
        table,
        `${table}.${column}`,
        `${how} builds an index on \`${table}.${column}\``,
        concurrent,
      );
    }
    const foreignKey = this.option(call, "foreign_key");
    if (foreignKey !== undefined && foreignKey !== "false" && !/validate:\s*false/.test(foreignKey)) {
      this.issues.push(
        blockingConstraintIssue(
          call.at,
          table,
          `${table}.${column}`,
          `${how} adds a foreign key on \`${table}.${column}\` that is validated against every row while both tables ` +
            "are locked. Add the reference with `foreign_key: false`, then `add_foreign_key … validate: false` and " +
            "`validate_foreign_key` in a separate migration.",
        ),
      );
    }
  }

  private index(call: RubyCall, table: string, how: string, columnsAt = 1): void {
    const name = this.option(call, "name")?.replace(/^[:"']|["']$/g, "");
    const columns = call.args.filter((arg) => arg.keyword === undefined)[columnsAt];
    const columnText =
      columns === undefined ? "" : this.masked.source.slice(columns.value.start, columns.value.end);
    const subject = name ?? (columnText === "" ? table : `${table}.${columnText.replace(/[^\w,]/g, "")}`);
    const verb = call.name.startsWith("remove") ? "drops" : "builds";
    const what = `${how} ${verb} ${name === undefined ? "an index" : `index \`${name}\``} on \`${table}\``;
    const concurrent = /^:concurrently$/.test(this.option(call, "algorithm") ?? "");
    this.indexIssue(call, table, subject, what, concurrent);
  }

  private indexIssue(
    call: RubyCall,
    table: string,
    subject: string,
    what: string,
    concurrent: boolean,
  ): void {
    if (!concurrent) {
      this.issues.push(
        indexIssue(
          call.at,
          table,
          subject,
          what,
          "Use `algorithm: :concurrently` in a migration that calls `disable_ddl_transaction!`.",
        ),
      );
    } else if (this.wrapped) {
      this.issues.push(
        concurrentlyInTransactionIssue(
          call.at,
          table,
          subject,
          what,
          "Rails runs the migration in a transaction because its class does not call `disable_ddl_transaction!`",
        ),
      );
    }
  }
}

const removeAdvice =
  "Add the column to the model's `self.ignored_columns` first, deploy that, then remove it in a later migration " +
  "(wrapped in `safety_assured` once nothing reads it).";

const dropTableAdvice =
  "Remove every use of the model and deploy that first, then drop the table in a later migration once the data " +
  "is backed up or confirmed unneeded.";
