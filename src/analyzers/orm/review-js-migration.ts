// JavaScript/TypeScript migrations (Knex, Sequelize's queryInterface, TypeORM's queryRunner, node-pg-migrate):
// schema-builder calls of the `up` direction mapped to the catalogue's rules, and SQL strings passed to
// `knex.raw`, `queryRunner.query`, `queryInterface.sequelize.query` or `pgm.sql` reviewed as Postgres.
import type { ChangedFile } from "../../domain/model.js";
import type { AnalysisResult } from "../analyzer.js";
import { LineIndex } from "../line-index.js";
import { type SqlArgument, sqlArgumentAt, type WrappingTransaction } from "./analyze-embedded-sql.js";
import { type CallSite, findCalls, matchingClose, objectEntries, splitTopLevel } from "./find-calls.js";
import { type MaskedSource, maskSource, nameAt, type Range } from "./mask-source.js";
import {
  addRequiredColumnIssue,
  blockingConstraintIssue,
  changeColumnTypeIssue,
  concurrentlyInTransactionIssue,
  destructiveIssue,
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

type Dialect = "knex" | "sequelize" | "typeorm" | "pgm";

const sqlMethods = new Set(["raw", "query", "sql", "runSql"]);
const schemaMethods = new Set([
  "dropTable",
  "dropTableIfExists",
  "renameTable",
  "removeColumn",
  "dropColumn",
  "dropColumns",
  "renameColumn",
  "changeColumn",
  "alterColumn",
  "addColumn",
  "addColumns",
  "addIndex",
  "removeIndex",
  "createIndex",
  "dropIndex",
  "addConstraint",
  "createForeignKey",
  "createForeignKeys",
  "createUniqueConstraint",
  "createCheckConstraint",
  "createPrimaryKey",
  "bulkDelete",
  "bulkUpdate",
  "createTable",
]);
const knexTableMethods = new Set(["table", "alterTable", "createTable", "createTableIfNotExists"]);
/** Knex table-level calls on the builder: indexes and constraints over named columns. */
const knexKeyMethods = new Set(["index", "dropIndex", "unique", "primary", "foreign"]);
/** Knex column builders: a call adds (or with `.alter()`, redefines) a column. */
const knexColumnTypes = new Set([
  "increments",
  "bigIncrements",
  "integer",
  "bigInteger",
  "bigint",
  "tinyint",
  "smallint",
  "mediumint",
  "text",
  "string",
  "float",
  "double",
  "decimal",
  "boolean",
  "date",
  "datetime",
  "time",
  "timestamp",
  "binary",
  "enu",
  "enum",
  "json",
  "jsonb",
  "uuid",
  "specificType",
]);

const transactions: Record<Dialect, WrappingTransaction | undefined> = {
  knex: {
    wrapper:
      "Knex runs every migration in a transaction unless the file exports `config = { transaction: false }`",
    optOut: "export `config = { transaction: false }` from it",
  },
  typeorm: {
    wrapper: "TypeORM runs migrations in a transaction unless the migration class sets `transaction = false`",
    optOut: "set `transaction = false` on its class",
  },
  pgm: {
    wrapper: "node-pg-migrate runs every migration in a transaction unless it calls `pgm.noTransaction()`",
    optOut: "call `pgm.noTransaction()` in it",
  },
  sequelize: undefined,
};

const advice: Record<Dialect, { index: string; required: string }> = {
  knex: {
    index:
      "Knex has no concurrent option: run `CREATE INDEX CONCURRENTLY` through `knex.raw` in a migration that exports " +
      "`config = { transaction: false }`.",
    required:
      "Give it a constant `.defaultTo(…)`, or add it nullable, backfill in batches, then make it required.",
  },
  sequelize: {
    index: "Pass `concurrently: true`, outside any transaction.",
    required:
      "Give it a constant `defaultValue` (a database default, not `UUIDV4`), or add it with `allowNull: true`, " +
      "backfill in batches, then make it required.",
  },
  typeorm: {
    index:
      "Run `CREATE INDEX CONCURRENTLY` through `queryRunner.query` in a migration whose class sets `transaction = false`.",
    required:
      "Give it a constant `default`, or add it with `isNullable: true`, backfill in batches, then make it required.",
  },
  pgm: {
    index: "Pass `{ concurrently: true }` and call `pgm.noTransaction()` in the migration.",
    required:
      "Give it a constant `default`, or add it without `notNull`, backfill in batches, then make it required.",
  },
};

const removeAdvice =
  "Stop reading and writing the column first (remove it from the model), deploy that, then drop it in a later migration.";
const dropTableAdvice =
  "Remove every use of the table and deploy that first, then drop it in a later migration once the data is backed " +
  "up or confirmed unneeded.";

interface TableBuilder {
  table: string;
  variable: string;
  body: Range;
}

export async function reviewJsMigration(file: ChangedFile, source: string): Promise<AnalysisResult> {
  const masked = maskSource(source, "javascript");
  const { code } = masked;
  const dialect = dialectOf(code);
  const transaction = wrappingTransaction(dialect, code);
  const rollback = rollbackRanges(code);
  const outsideRollback = (call: CallSite) =>
    !rollback.some((range) => call.start >= range.start && call.start < range.end);

  const review = new JsReview(masked, dialect, transaction !== undefined);
  const calls = findCalls(
    code,
    (name) =>
      sqlMethods.has(name) ||
      schemaMethods.has(name) ||
      knexTableMethods.has(name) ||
      knexColumnTypes.has(name) ||
      knexKeyMethods.has(name),
    "none",
  ).filter(outsideRollback);

  const builders: TableBuilder[] = [];
  const createdTables = new Set<string>();
  for (const call of calls) {
    if (!knexTableMethods.has(call.name)) continue;
    const table = review.name(call.args[0]?.value);
    const callback = call.args[1]?.value;
    if (table === undefined || callback === undefined) continue;
    const variable = callbackParameter(code.slice(callback.start, callback.end));
    if (variable === undefined) continue;
    builders.push({ table, variable, body: callback });
    if (call.name.startsWith("create")) createdTables.add(table);
  }

  const sqlArgs: SqlArgument[] = [];
  for (const call of calls) {
    const builder = builders.find(
      (candidate) =>
        candidate.variable === call.receiver &&
        call.start >= candidate.body.start &&
        call.start < candidate.body.end,
    );
    if (builder !== undefined) {
      review.builderCall(call, builder);
      continue;
    }
    if (sqlMethods.has(call.name)) {
      const first = call.args[0];
      const arg = first === undefined ? undefined : sqlArgumentAt(masked, first.value);
      if (arg === undefined) continue;
      // Knex bindings: `?` values and `??` identifiers, only when a bindings argument is passed.
      sqlArgs.push(call.name === "raw" && call.args.length > 1 ? { ...arg, bindings: "question" } : arg);
      continue;
    }
    if (call.name === "createTable") {
      const created = review.createdTable(call);
      if (created !== undefined) createdTables.add(created);
      continue;
    }
    if (schemaMethods.has(call.name)) review.schemaCall(call);
  }

  return migrationResult(file, {
    masked,
    lines: new LineIndex(source),
    issues: review.issues,
    createdTables,
    sqlArgs,
    ...(transaction === undefined ? {} : { transaction }),
  });
}

function dialectOf(code: string): Dialect {
  if (/\bqueryRunner\b|\bMigrationInterface\b/.test(code)) return "typeorm";
  if (/\bpgm\s*\./.test(code)) return "pgm";
  if (/\bqueryInterface\b|\bSequelize\b|\bDataTypes\b/.test(code)) return "sequelize";
  return "knex";
}

function wrappingTransaction(dialect: Dialect, code: string): WrappingTransaction | undefined {
  if (dialect === "knex" && /\btransaction\s*:\s*false\b/.test(code)) return undefined;
  if (dialect === "typeorm" && /\btransaction\s*[=:]\s*false\b/.test(code)) return undefined;
  if (dialect === "pgm" && /\bnoTransaction\s*\(/.test(code)) return undefined;
  return transactions[dialect];
}

/** `(table) => …`, `function (t) {…}`, `async t => …`: the builder's parameter name. */
function callbackParameter(text: string): string | undefined {
  return (
    /^(?:async\s+)?(?:function\s*[\w$]*\s*)?\(\s*([A-Za-z_$][\w$]*)/.exec(text)?.[1] ??
    /^(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(text)?.[1]
  );
}

/**
 * Bodies of the `down` direction: `down(…) {…}` methods (Sequelize, TypeORM), `down: … => …` properties and
 * `exports.down = …` assignments (Knex).
 */
function rollbackRanges(code: string): Range[] {
  const ranges: Range[] = [];
  for (const match of code.matchAll(/\bdown\b/g)) {
    const after = match.index + match[0].length;
    const rest = code.slice(after, after + 400);
    if (/^\s*\(/.test(rest)) {
      // A method: `down(queryInterface) {` or `down(queryRunner: QueryRunner): Promise<void> {`.
      const open = after + rest.indexOf("(");
      const close = matchingClose(code, open);
      const brace = /^\s*(?::[^{;=]*)?\{/.exec(code.slice(close + 1, close + 200));
      if (brace === null) continue;
      const bodyOpen = close + brace[0].length;
      ranges.push({ start: match.index, end: matchingClose(code, bodyOpen) + 1 });
      continue;
    }
    const assigned = /^\s*(?::|=(?!=))\s*/.exec(rest);
    if (assigned === null) continue;
    const end = functionValueEnd(code, after + assigned[0].length);
    if (end !== undefined) ranges.push({ start: match.index, end });
  }
  return ranges;
}

/** End of the function expression starting at `from` (`async function (…) {…}` or an arrow function). */
function functionValueEnd(code: string, from: number): number | undefined {
  const head = /^(?:async\s+)?(?:function\s*[\w$]*\s*(\()|(\()|([A-Za-z_$][\w$]*)\s*=>)/.exec(
    code.slice(from),
  );
  if (head === null) return undefined;
  let position = from + head[0].length;
  if (head[1] !== undefined || head[2] !== undefined) {
    const close = matchingClose(code, position - 1);
    position = close + 1;
    const arrow = /^\s*(?::[^={;]*)?=>\s*/.exec(code.slice(position));
    const brace = /^\s*(?::[^{;]*)?\{/.exec(code.slice(position));
    if (head[1] !== undefined && brace !== null)
      return matchingClose(code, position + brace[0].length - 1) + 1;
    if (arrow === null) return undefined;
    position += arrow[0].length;
  } else {
    position += /^\s*/.exec(code.slice(position))?.[0].length ?? 0;
  }
  if (code[position] === "{") return matchingClose(code, position) + 1;
  // An expression body runs to the `,` or `;` that ends it, or to the bracket that closes around it.
  let depth = 0;
  for (let i = position; i < code.length; i++) {
    const c = code[i] ?? "";
    if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) {
      if (depth === 0) return i;
      depth--;
    } else if ((c === "," || c === ";") && depth === 0) return i;
  }
  return code.length;
}

interface ChainCall {
  name: string;
  args: Range[];
}

class JsReview {
  readonly issues: MigrationIssue[] = [];

  constructor(
    private readonly masked: MaskedSource,
    private readonly dialect: Dialect,
    private readonly wrapped: boolean,
  ) {}

  /** A plain string literal's value. */
  name(range: Range | undefined): string | undefined {
    return nameAt(this.masked, range);
  }

  private text(range: Range | undefined): string {
    return range === undefined ? "" : this.masked.code.slice(range.start, range.end).trim();
  }

  private sourceText(range: Range | undefined): string {
    return range === undefined ? "" : this.masked.source.slice(range.start, range.end);
  }

  private entries(range: Range | undefined): Map<string, Range> {
    if (range === undefined) return new Map();
    // `new TableColumn({ … })`, `new TableIndex({ … })`: the object inside the constructor call.
    const constructed = /^new\s+[\w$.]+\s*\(/.exec(this.text(range));
    const inner =
      constructed === null ? range : { start: range.start + constructed[0].length, end: range.end };
    const start =
      inner.start + (/^\s*/.exec(this.masked.code.slice(inner.start, inner.end))?.[0].length ?? 0);
    return objectEntries(this.masked.code, this.masked.source, { start, end: inner.end });
  }

  private how(call: CallSite): string {
    return `\`${call.receiver === "" ? "" : `${call.receiver}.`}${call.name}\``;
  }

  createdTable(call: CallSite): string | undefined {
    return this.name(call.args[0]?.value) ?? this.name(this.entries(call.args[0]?.value).get("name"));
  }

  schemaCall(call: CallSite): void {
    const at = { start: call.start, end: call.close + 1 };
    const args = call.args.map((arg) => arg.value);
    const table = this.name(args[0]);
    if (table === undefined) return;
    const how = this.how(call);
    switch (call.name) {
      case "dropTable":
      case "dropTableIfExists":
        this.issues.push(dropTableIssue(at, table, how, dropTableAdvice));
        return;
      case "renameTable": {
        const to = this.name(args[1]);
        if (to !== undefined) this.issues.push(renameTableIssue(at, table, to, how));
        return;
      }
      case "removeColumn":
      case "dropColumn":
      case "dropColumns":
        // Only the argument after the table names columns; what follows is options (Sequelize, node-pg-migrate).
        this.dropColumns(at, table, how, [args[1]]);
        return;
      case "renameColumn":
        this.renameColumn(at, table, how, args[1], args[2]);
        return;
      case "changeColumn": {
        const column = this.name(args[1]) ?? this.name(this.entries(args[1]).get("name"));
        if (column !== undefined) this.issues.push(changeColumnTypeIssue(at, table, column, how, ""));
        return;
      }
      case "alterColumn": {
        const column = this.name(args[1]);
        if (column === undefined) return;
        const options = this.entries(args[2]);
        if (options.has("type"))
          this.issues.push(
            changeColumnTypeIssue(at, table, column, how, `\`${this.text(options.get("type"))}\``),
          );
        const notNull = this.text(options.get("notNull") ?? options.get("allowNull"));
        const required = options.has("notNull") ? notNull === "true" : notNull === "false";
        const optional = options.has("notNull") ? notNull === "false" : notNull === "true";
        if (notNull !== "" && required) this.issues.push(setNotNullIssue(at, table, column, how));
        if (notNull !== "" && optional) this.issues.push(dropNotNullIssue(at, table, column, how));
        return;
      }
      case "addColumn":
      case "addColumns":
        this.addColumns(call, at, table, args);
        return;
      case "addIndex":
      case "createIndex":
      case "removeIndex":
      case "dropIndex":
        this.index(call, at, table, args);
        return;
      case "addConstraint":
      case "createForeignKey":
      case "createForeignKeys":
      case "createUniqueConstraint":
      case "createCheckConstraint":
      case "createPrimaryKey": {
        const text = this.sourceText({ start: call.open, end: call.close });
        if (/NOT VALID|notValid\s*:\s*true|validate\s*:\s*false/i.test(text)) return;
        const type = /type\s*:\s*["'`]([\w ]+)["'`]/i.exec(text)?.[1]?.toLowerCase();
        const kind =
          type ??
          (call.name === "createPrimaryKey"
            ? "primary key"
            : call.name === "createUniqueConstraint"
              ? "unique"
              : call.name === "createCheckConstraint"
                ? "check"
                : call.name.startsWith("createForeignKey")
                  ? "foreign key"
                  : "constraint");
        const why =
          kind === "unique" || kind === "primary key"
            ? "its index is built under an ACCESS EXCLUSIVE lock, blocking reads and writes until it finishes. Build a " +
              "unique index concurrently first, then attach it with `ADD CONSTRAINT … USING INDEX` (raw SQL)."
            : kind === "foreign key"
              ? "it is validated against every existing row while both tables are locked. Add it `NOT VALID`, then " +
                "`VALIDATE CONSTRAINT` in a separate statement (raw SQL)."
              : "it is validated against every existing row while the table is locked. Add it `NOT VALID`, then " +
                "`VALIDATE CONSTRAINT` in a separate statement (raw SQL).";
        this.issues.push(
          blockingConstraintIssue(
            at,
            table,
            `${table}.${kind.replace(/ /g, "-")}`,
            `${how} adds a ${kind} constraint on \`${table}\`: ${why}`,
          ),
        );
        return;
      }
      case "bulkDelete":
      case "bulkUpdate": {
        const where = this.text(call.name === "bulkDelete" ? args[1] : args[2]);
        if (where !== "" && where !== "{}" && where !== "null" && where !== "undefined") return;
        const verb = call.name === "bulkDelete" ? "deletes" : "updates";
        this.issues.push(
          destructiveIssue(
            at,
            table,
            `${verb} every row of \`${table}\``,
            `${how} ${verb} every row of \`${table}\` (empty where clause): the previous data is gone unless a backup ` +
              "exists, and one statement over the whole table locks every row. Scope it with the intended where " +
              "clause, or do it in batches outside the schema migration.",
          ),
        );
        return;
      }
      default:
        return;
    }
  }

  /** Each column named by `ranges` (`"a"`, `["a", "b"]`) is dropped. */
  private dropColumns(at: Range, table: string, how: string, ranges: ReadonlyArray<Range | undefined>): void {
    for (const range of ranges)
      for (const column of this.columnNames(range))
        this.issues.push(dropColumnIssue(at, table, column, how, removeAdvice));
  }

  private renameColumn(
    at: Range,
    table: string,
    how: string,
    fromRange: Range | undefined,
    toRange: Range | undefined,
  ): void {
    const from = this.name(fromRange);
    const to = this.name(toRange);
    if (from !== undefined && to !== undefined) this.issues.push(renameColumnIssue(at, table, from, to, how));
  }

  /** Sequences and volatile defaults need a value per existing row. */
  private generatedDefault(at: Range, table: string, column: string, how: string): void {
    this.issues.push(
      tableRewriteIssue(
        at,
        table,
        column,
        `${how} adds \`${table}.${column}\` with a generated or volatile default`,
      ),
    );
  }

  /** `"col"`, `["a", "b"]` → column names. */
  private columnNames(range: Range | undefined): string[] {
    if (range === undefined) return [];
    const single = this.name(range);
    if (single !== undefined) return [single];
    if (this.masked.code[range.start] !== "[") return [];
    return splitTopLevel(this.masked.code, range.start + 1, range.end - 1).flatMap((part) => {
      const name = this.name(part);
      return name === undefined ? [] : [name];
    });
  }

  private addColumns(call: CallSite, at: Range, table: string, args: Array<Range | undefined>): void {
    const how = this.how(call);
    const column = this.name(args[1]);
    if (column !== undefined) {
      // Sequelize `addColumn(table, column, attributes)` or node-pg-migrate `addColumn(table, column, definition)`.
      this.newColumn(at, table, column, this.entries(args[2]), how);
      return;
    }
    const definition = this.entries(args[1]);
    if (/^new\s+TableColumn\b/.test(this.text(args[1]))) {
      const name = this.name(definition.get("name"));
      if (name !== undefined) this.newColumn(at, table, name, definition, how);
      return;
    }
    // node-pg-migrate `addColumns(table, { col: { type, notNull } })`.
    for (const [name, value] of definition) this.newColumn(at, table, name, this.entries(value), how);
  }

  private newColumn(
    at: Range,
    table: string,
    column: string,
    options: Map<string, Range>,
    how: string,
  ): void {
    const value = (key: string) => this.text(options.get(key));
    const typeorm = this.dialect === "typeorm";
    const required = typeorm
      ? value("isNullable") !== "true"
      : value("allowNull") === "false" || value("notNull") === "true" || value("primaryKey") === "true";
    const defaultSource = this.sourceText(
      options.get(typeorm ? "default" : options.has("defaultValue") ? "defaultValue" : "default"),
    );
    // Sequelize generates UUIDV1/UUIDV4 in JavaScript: the column gets no database default.
    const hasDatabaseDefault =
      defaultSource.trim() !== "" &&
      !/^(null|undefined)$/.test(defaultSource.trim()) &&
      !/\bUUIDV[14]\b/.test(defaultSource);
    const generated = value("autoIncrement") === "true" || value("isGenerated") === "true";
    if (required && !hasDatabaseDefault && !generated) {
      this.issues.push(addRequiredColumnIssue(at, table, column, how, advice[this.dialect].required));
    }
    if (volatileDefault.test(defaultSource) || generated) this.generatedDefault(at, table, column, how);
    if (options.has("references")) {
      this.issues.push(
        blockingConstraintIssue(
          at,
          table,
          `${table}.${column}`,
          `${how} adds \`${table}.${column}\` with a foreign key inline: the constraint is validated while both tables ` +
            "are locked. Add the column plain, then the foreign key `NOT VALID` and `VALIDATE CONSTRAINT` separately.",
        ),
      );
    }
    if (value("unique") === "true" || value("isUnique") === "true") {
      this.issues.push(
        blockingConstraintIssue(
          at,
          table,
          `${table}.${column}`,
          `${how} adds \`${table}.${column}\` as UNIQUE: its index is built under an ACCESS EXCLUSIVE lock. Add the ` +
            "column plain, build the unique index concurrently, then attach it with `ADD CONSTRAINT … USING INDEX`.",
        ),
      );
    }
    if (
      /^(?:Sequelize|DataTypes)\.JSON$|^["'`]json["'`]$/i.test(this.sourceText(options.get("type")).trim())
    ) {
      this.issues.push(jsonTypeIssue(at, table, column, how));
    }
  }

  private index(call: CallSite, at: Range, table: string, args: Array<Range | undefined>): void {
    const how = this.how(call);
    const text = this.sourceText({ start: call.open, end: call.close });
    const concurrent = /concurrent(?:ly)?\s*:\s*true|isConcurrent\s*:\s*true/.test(text);
    const inTransaction =
      this.wrapped || /\btransaction\b/.test(this.masked.code.slice(call.open, call.close));
    const options = this.entries(args[2]);
    const name =
      this.name(options.get("name")) ??
      this.name(this.entries(args[1]).get("name")) ??
      (call.name.includes("emove") || call.name.startsWith("drop") ? this.name(args[1]) : undefined);
    const columns = this.columnNames(args[1]);
    const subject = name ?? (columns.length > 0 ? `${table}.${columns.join(",")}` : table);
    const verb = call.name === "removeIndex" || call.name === "dropIndex" ? "drops" : "builds";
    const what = `${how} ${verb} ${name === undefined ? "an index" : `index \`${name}\``} on \`${table}\``;
    if (!concurrent) {
      this.issues.push(indexIssue(at, table, subject, what, advice[this.dialect].index));
    } else if (inTransaction) {
      this.issues.push(
        concurrentlyInTransactionIssue(
          at,
          table,
          subject,
          what,
          this.wrapped
            ? (transactions[this.dialect]?.wrapper ?? "the migration runs in a transaction")
            : "it is passed a transaction",
        ),
      );
    }
  }

  /** `t.<method>(…)` inside a Knex `table`/`alterTable`/`createTable` callback, with its modifier chain. */
  builderCall(call: CallSite, builder: TableBuilder): void {
    const { table } = builder;
    const chain = this.chainAfter(call.close);
    const end = chain.end;
    const at = { start: call.start, end };
    const callee = `${call.receiver}.${call.name}`;
    const how = `\`${callee}\``;
    const args = call.args.map((arg) => arg.value);
    switch (call.name) {
      case "dropColumn":
      case "dropColumns":
        this.dropColumns(at, table, how, args);
        return;
      case "renameColumn":
        this.renameColumn(at, table, how, args[0], args[1]);
        return;
      case "index":
      case "dropIndex": {
        const verb = call.name === "index" ? "builds" : "drops";
        const columns = this.columnNames(args[0]);
        const subject = this.name(args[1]) ?? (columns.length > 0 ? `${table}.${columns.join(",")}` : table);
        this.issues.push(
          indexIssue(at, table, subject, `${how} ${verb} an index on \`${table}\``, advice.knex.index),
        );
        return;
      }
      case "unique":
      case "primary":
      case "foreign": {
        const columns = this.columnNames(args[0]);
        const subject = `${table}.${columns.join(",") || call.name}`;
        const why =
          call.name === "foreign"
            ? "adds a foreign key that is validated while both tables are locked. Add it `NOT VALID` and " +
              "`VALIDATE CONSTRAINT` separately through `knex.raw`."
            : "adds a key whose index is built under an ACCESS EXCLUSIVE lock. Build a unique index concurrently " +
              "(`knex.raw`), then attach it with `ADD CONSTRAINT … USING INDEX`.";
        this.issues.push(blockingConstraintIssue(at, table, subject, `${how} on \`${table}\` ${why}`));
        return;
      }
      default:
        break;
    }
    if (!knexColumnTypes.has(call.name)) return;
    const column = this.name(args[0]);
    if (column === undefined) return;
    const modifiers = new Set(chain.calls.map((link) => link.name));
    if (modifiers.has("alter")) {
      this.issues.push(
        changeColumnTypeIssue(at, table, column, `\`${callee}(…).alter()\``, `\`${call.name}\``),
      );
      return;
    }
    if (modifiers.has("notNullable") && !modifiers.has("defaultTo") && !call.name.endsWith("ncrements")) {
      this.issues.push(addRequiredColumnIssue(at, table, column, how, advice.knex.required));
    }
    const defaultTo = chain.calls.find((link) => link.name === "defaultTo");
    const defaultText =
      defaultTo === undefined ? "" : defaultTo.args.map((range) => this.sourceText(range)).join(",");
    if (
      call.name.endsWith("ncrements") ||
      volatileDefault.test(defaultText) ||
      /\bfn\s*\.\s*uuid\s*\(/.test(defaultText)
    ) {
      this.generatedDefault(at, table, column, how);
    }
    if (modifiers.has("unique") || modifiers.has("primary")) {
      this.issues.push(
        blockingConstraintIssue(
          at,
          table,
          `${table}.${column}`,
          `\`${callee}(…).${modifiers.has("unique") ? "unique" : "primary"}()\` adds a key whose index is built under an ACCESS ` +
            "EXCLUSIVE lock. Add the column plain, build a unique index concurrently (`knex.raw`), then attach it " +
            "with `ADD CONSTRAINT … USING INDEX`.",
        ),
      );
    }
    if (modifiers.has("references") || modifiers.has("inTable")) {
      this.issues.push(
        blockingConstraintIssue(
          at,
          table,
          `${table}.${column}`,
          `\`${callee}(…).references()\` adds a foreign key that is validated while both tables are locked. Add it ` +
            "`NOT VALID` and `VALIDATE CONSTRAINT` separately through `knex.raw`.",
        ),
      );
    }
    if (modifiers.has("index")) {
      this.issues.push(
        indexIssue(
          at,
          table,
          `${table}.${column}`,
          `\`${callee}(…).index()\` builds an index on \`${table}\``,
          advice.knex.index,
        ),
      );
    }
    const specific = call.name === "specificType" ? this.name(args[1])?.toLowerCase() : undefined;
    if (call.name === "json" || specific === "json") this.issues.push(jsonTypeIssue(at, table, column, how));
  }

  /** `.notNullable().defaultTo(x).alter()` after the call closing at `close`. */
  private chainAfter(close: number): { calls: ChainCall[]; end: number } {
    const { code } = this.masked;
    const calls: ChainCall[] = [];
    let end = close + 1;
    for (;;) {
      const link = /^\s*\.\s*([A-Za-z_$][\w$]*)\s*\(/.exec(code.slice(end, end + 200));
      if (link === null) break;
      const open = end + link[0].length - 1;
      const linkClose = matchingClose(code, open);
      calls.push({ name: link[1] ?? "", args: splitTopLevel(code, open + 1, linkClose) });
      end = linkClose + 1;
    }
    return { calls, end };
  }
}
