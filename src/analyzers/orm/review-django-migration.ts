// Django `*/migrations/*.py`: the `migrations.<Operation>(…)` calls of the forward migration, mapped to
// the catalogue's rules; `RunSQL` strings go through the Postgres rules. Django has no `down`: reverse
// arguments (`reverse_sql`, `reverse_code`) and `state_operations` (no database effect) are not reviewed.
import type { ChangedFile } from "../../domain/model.js";
import type { AnalysisContext, AnalysisResult } from "../analyzer.js";
import { LineIndex } from "../line-index.js";
import { sqlRules } from "../sql/sql-rules.js";
import { type SqlArgument, sqlArgumentAt } from "./analyze-embedded-sql.js";
import {
  type DjangoField,
  type DjangoModel,
  defaultMaxLength,
  djangoModels,
  normalisedText,
  varcharFields,
} from "./django-models.js";
import {
  argument,
  type CallSite,
  findCalls,
  matchingClose,
  splitArguments,
  splitTopLevel,
} from "./find-calls.js";
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
  type MigrationIssue,
  renameColumnIssue,
  renameTableIssue,
  setNotNullIssue,
} from "./migration-issue.js";
import { migrationResult } from "./migration-result.js";

const operations = new Set([
  "AddField",
  "RemoveField",
  "AlterField",
  "RenameField",
  "CreateModel",
  "DeleteModel",
  "RenameModel",
  "AlterModelTable",
  "AddIndex",
  "RemoveIndex",
  "AddIndexConcurrently",
  "RemoveIndexConcurrently",
  "AddConstraint",
  "RunSQL",
  "SeparateDatabaseAndState",
]);

const transaction = {
  wrapper: "Django runs every migration in a transaction unless its Migration class sets `atomic = False`",
  optOut: "set `atomic = False` on its Migration class",
};

export async function reviewDjangoMigration(
  file: ChangedFile,
  source: string,
  context: AnalysisContext,
): Promise<AnalysisResult> {
  const masked = maskSource(source, "python");
  if (!/\bclass\s+Migration\b/.test(masked.code)) return { findings: [], notes: [] };
  const app = appLabelOf(file.path);
  const atomic = !/^\s*atomic\s*=\s*False\b/m.test(masked.code);
  // Parsed only when an operation needs a previous definition (AlterField) or a custom `db_table`.
  const sources = previousModelSources(file.path, context);
  let models: Map<string, DjangoModel> | undefined;
  const lookup = () => {
    models ??= new Map(sources.flatMap(djangoModels).map((model) => [model.name.toLowerCase(), model]));
    return models;
  };
  const calls = findCalls(masked.code, (name) => operations.has(name), "python");

  // `state_operations` only change Django's idea of the models, never the database.
  const stateOnly = calls.flatMap((call) => {
    const range = call.args.find((arg) => arg.keyword === "state_operations")?.value;
    return range === undefined ? [] : [range];
  });
  const forward = calls.filter(
    (call) => !stateOnly.some((range) => call.start >= range.start && call.start < range.end),
  );

  const customTables = sources.some((source) => source.includes("db_table"));
  const review = new DjangoReview(masked, app, atomic, lookup, customTables);
  const createdTables = new Set<string>();
  const sqlArgs: SqlArgument[] = [];
  for (const call of forward) {
    if (call.name === "CreateModel") {
      const name = review.name(argument(call, 0, "name"));
      if (name !== undefined) createdTables.add(review.table(name));
    }
    if (call.name === "RunSQL") sqlArgs.push(...runSqlArguments(masked, argument(call, 0, "sql")));
    else review.operation(call);
  }

  return migrationResult(file, {
    masked,
    lines: new LineIndex(source),
    issues: review.issues,
    createdTables,
    sqlArgs,
    ...(atomic ? { transaction } : {}),
  });
}

/** `saleor/product/migrations/0206_x.py` → `product`: Django's default app label is the package name. */
function appLabelOf(path: string): string {
  const parts = path.split("/");
  return parts[parts.lastIndexOf("migrations") - 1] ?? "app";
}

/** The app's models modules as they were before the PR, when the PR touches them and they were read. */
function previousModelSources(path: string, context: AnalysisContext): string[] {
  const appDir = path.slice(0, path.lastIndexOf("/migrations/"));
  const inPackage = new RegExp(`^${escapeRegExp(appDir)}/models/[^/]+\\.py$`);
  return context.files.flatMap((file) =>
    (file.path === `${appDir}/models.py` || inPackage.test(file.path)) && file.baseContent !== undefined
      ? [file.baseContent]
      : [],
  );
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `sql` of RunSQL: a string, or a list/tuple of strings or of `(sql, params)` pairs. */
function runSqlArguments(masked: MaskedSource, range: Range | undefined): SqlArgument[] {
  if (range === undefined) return [];
  const opener = masked.code[range.start];
  const elements =
    (opener === "[" || opener === "(") &&
    splitTopLevel(masked.code, range.start + 1, range.end - 1).length > 1
      ? splitTopLevel(masked.code, range.start + 1, range.end - 1)
      : opener === "["
        ? splitTopLevel(masked.code, range.start + 1, range.end - 1)
        : [range];
  return elements.flatMap((element) => {
    let sqlRange = element;
    if (masked.code[element.start] === "(") {
      const parts = splitTopLevel(masked.code, element.start + 1, matchingClose(masked.code, element.start));
      if (parts.length > 1 && parts[0] !== undefined) sqlRange = parts[0];
    }
    const arg = sqlArgumentAt(masked, sqlRange);
    return arg === undefined ? [] : [{ ...arg, bindings: "percent" as const }];
  });
}

class DjangoReview {
  readonly issues: MigrationIssue[] = [];

  constructor(
    private readonly masked: MaskedSource,
    private readonly app: string,
    private readonly atomic: boolean,
    private readonly models: () => Map<string, DjangoModel>,
    private readonly customTables: boolean,
  ) {}

  /** A string argument's value (`"producttype"`), or undefined when it is not a plain literal. */
  name(range: Range | undefined): string | undefined {
    return nameAt(this.masked, range);
  }

  /** The table behind a model: its `Meta.db_table` before the PR, else Django's `<app>_<model>`. */
  table(model: string): string {
    const dbTable = this.customTables
      ? this.models().get(model.toLowerCase())?.meta.get("db_table")?.text
      : undefined;
    const explicit = dbTable === undefined ? undefined : /=\s*["']([^"']+)["']/.exec(dbTable)?.[1];
    return explicit ?? `${this.app}_${model.toLowerCase()}`;
  }

  operation(call: CallSite): void {
    const at = { start: call.start, end: call.close + 1 };
    const model =
      this.name(argument(call, 0, call.name === "RenameModel" ? "old_name" : "model_name")) ??
      this.name(argument(call, 0, "name"));
    if (model === undefined) return;
    const table = this.table(model);
    const how = `\`${call.name}\``;
    switch (call.name) {
      case "RemoveField": {
        const field = this.name(argument(call, 1, "name"));
        if (field === undefined) return;
        this.issues.push(
          dropColumnIssue(
            at,
            table,
            field,
            how,
            "Remove the field from the model state first (`SeparateDatabaseAndState` with only `state_operations`), " +
              "release that, then drop the column in a later migration.",
          ),
        );
        return;
      }
      case "DeleteModel":
        this.issues.push(
          dropTableIssue(
            at,
            table,
            how,
            "Remove the model from the state first (`SeparateDatabaseAndState` with only `state_operations`), " +
              "release that, then drop the table in a later migration once the data is backed up or unneeded.",
          ),
        );
        return;
      case "RenameField": {
        const from = this.name(argument(call, 1, "old_name"));
        const to = this.name(argument(call, 2, "new_name"));
        if (from !== undefined && to !== undefined)
          this.issues.push(renameColumnIssue(at, table, from, to, how));
        return;
      }
      case "RenameModel": {
        const to = this.name(argument(call, 1, "new_name"));
        if (to !== undefined) this.issues.push(renameTableIssue(at, table, this.table(to), how));
        return;
      }
      case "AlterModelTable": {
        const to = this.name(argument(call, 1, "table"));
        if (to !== undefined) this.issues.push(renameTableIssue(at, table, to, how));
        return;
      }
      case "AddField":
        this.addField(call, at, table);
        return;
      case "AlterField":
        this.alterField(call, at, model, table);
        return;
      case "AddIndex":
      case "RemoveIndex": {
        const index =
          call.name === "AddIndex"
            ? this.indexName(argument(call, 1, "index"))
            : this.name(argument(call, 1, "name"));
        const what = `${how} ${call.name === "AddIndex" ? "builds" : "drops"} ${index === undefined ? "an index" : `index \`${index}\``} on \`${table}\``;
        const concurrent = call.name === "AddIndex" ? "AddIndexConcurrently" : "RemoveIndexConcurrently";
        this.issues.push(
          indexIssue(
            at,
            table,
            index ?? table,
            what,
            `Use \`${concurrent}\` (django.contrib.postgres.operations) in a migration whose class sets \`atomic = False\`.`,
          ),
        );
        return;
      }
      case "AddIndexConcurrently":
      case "RemoveIndexConcurrently": {
        if (!this.atomic) return;
        const index =
          call.name === "AddIndexConcurrently"
            ? this.indexName(argument(call, 1, "index"))
            : this.name(argument(call, 1, "name"));
        const verb = call.name === "AddIndexConcurrently" ? "builds" : "drops";
        this.issues.push(
          concurrentlyInTransactionIssue(
            at,
            table,
            index ?? table,
            `${how} ${verb} ${index === undefined ? "an index" : `index \`${index}\``} on \`${table}\``,
            "the migration runs in a transaction because its Migration class does not set `atomic = False`",
          ),
        );
        return;
      }
      case "AddConstraint":
        this.addConstraint(call, at, table);
        return;
      default:
        return;
    }
  }

  private fieldCall(
    range: Range | undefined,
  ): { className: string; kwargs: Map<string, string>; text: string } | undefined {
    if (range === undefined) return undefined;
    const head = /^(?:[A-Za-z_]\w*\.)*([A-Za-z_]\w*)\s*\(/.exec(
      this.masked.code.slice(range.start, range.end),
    );
    if (head === null) return undefined;
    const open = range.start + head[0].length - 1;
    const kwargs = new Map<string, string>();
    for (const arg of splitArguments(
      this.masked.code,
      open + 1,
      matchingClose(this.masked.code, open),
      "python",
    )) {
      if (arg.keyword !== undefined) kwargs.set(arg.keyword, normalisedText(this.masked, arg.value));
    }
    return { className: head[1] ?? "", kwargs, text: normalisedText(this.masked, range) };
  }

  private indexName(range: Range | undefined): string | undefined {
    const index = this.fieldCall(range);
    const name = index?.kwargs.get("name");
    return name === undefined ? undefined : /^["']([^"']+)["']$/.exec(name)?.[1];
  }

  private addField(call: CallSite, at: Range, table: string): void {
    const column = this.name(argument(call, 1, "name"));
    const field = this.fieldCall(argument(call, 2, "field"));
    if (column === undefined || field === undefined || field.className === "ManyToManyField") return;
    const subject = `${table}.${column}`;
    const nullable = field.kwargs.get("null") === "True";
    const hasDefault =
      field.kwargs.has("db_default") ||
      (field.kwargs.has("default") && field.kwargs.get("default") !== "None");
    if (!nullable && !hasDefault && field.kwargs.get("primary_key") !== "True") {
      this.issues.push(
        addRequiredColumnIssue(
          at,
          table,
          column,
          "`AddField`",
          "Add it with `null=True`, backfill, then make it required; or give it a `db_default` (Django 5+) so the " +
            "database fills existing rows and inserts from older instances.",
        ),
      );
    }
    const relation = field.className === "ForeignKey" || field.className === "OneToOneField";
    if (relation && field.kwargs.get("db_constraint") !== "False") {
      this.issues.push(
        blockingConstraintIssue(
          at,
          table,
          subject,
          `\`AddField\` adds \`${subject}\` with a foreign key: Django validates it against every row and builds its ` +
            "index while the tables are locked. Add the field with `db_constraint=False` and `db_index=False`, build " +
            "the index with `AddIndexConcurrently`, then add the constraint `NOT VALID` and validate it in `RunSQL`.",
        ),
      );
    } else if (field.kwargs.get("unique") === "True") {
      this.issues.push(
        blockingConstraintIssue(
          at,
          table,
          subject,
          `\`AddField\` adds \`${subject}\` with \`unique=True\`: the unique index is built under an ACCESS EXCLUSIVE ` +
            "lock on the table. Add the field without it, build the index with `AddIndexConcurrently`, then attach " +
            "the constraint `USING INDEX`.",
        ),
      );
    } else if (field.kwargs.get("db_index") === "True") {
      this.issues.push(
        indexIssue(
          at,
          table,
          subject,
          `\`AddField\` builds an index on \`${subject}\``,
          "Add the field without `db_index`, then build the index with `AddIndexConcurrently` in a migration with " +
            "`atomic = False`.",
        ),
      );
    }
  }

  /**
   * What the column was before comes from the app's models before the PR, when the PR changes them too;
   * without it any AlterField may retype the column, and the author is asked.
   */
  private alterField(call: CallSite, at: Range, model: string, table: string): void {
    const column = this.name(argument(call, 1, "name"));
    const field = this.fieldCall(argument(call, 2, "field"));
    if (column === undefined || field === undefined) return;
    const subject = `${table}.${column}`;
    const before = this.models().get(model.toLowerCase())?.fields.get(column);
    const compact = field.text.replace(/^models\./, "");
    const shown = `\`${compact.length > 90 ? `${compact.slice(0, 87)}…` : compact}\``;
    if (before === undefined) {
      // Most AlterFields without a visible model change are Python-side only (choices, help_text, validators),
      // for which Django emits no SQL: not worth a blocker or a question on a guess.
      if (field.kwargs.get("db_index") === "True" && field.kwargs.get("unique") !== "True") {
        // The likeliest reason for this AlterField is a new index: say what that costs, on the index rule.
        this.issues.push({
          ...indexIssue(at, table, subject, "", ""),
          rule: { ...sqlRules.indexNotConcurrent, severity: "minor" },
          message:
            `\`AlterField\` redefines \`${subject}\` as ${shown}, and the PR does not show the field's previous ` +
            "definition. If `db_index=True` is new, Django builds the index without CONCURRENTLY: writes to " +
            `\`${table}\` are blocked until it finishes. Build it with \`AddIndexConcurrently\` in a migration with ` +
            `\`atomic = False\` instead; check with \`python manage.py sqlmigrate ${this.app} <migration>\`.`,
        });
        return;
      }
      this.issues.push({
        ...changeColumnTypeIssue(at, table, column, "`AlterField`", shown),
        rule: { ...sqlRules.changeColumnType, severity: "minor" },
        haltQuestion: undefined,
        message:
          `\`AlterField\` redefines \`${subject}\` as ${shown}, and the PR does not show the field's previous ` +
          "definition. If only Python-side options changed (choices, help_text, validators), Django emits no SQL; if " +
          "the type, length or nullability changed, Postgres may rewrite the table under an ACCESS EXCLUSIVE lock. " +
          `Check with \`python manage.py sqlmigrate ${this.app} <migration>\`.`,
      });
      return;
    }
    const change = compareFields(before, field);
    if (change.retyped) {
      const from = ` (was \`${before.text.replace(/^\w+\s*=\s*(models\.)?/, "")}\`)`;
      this.issues.push(changeColumnTypeIssue(at, table, column, "`AlterField`", `${shown}${from}`));
      return;
    }
    if (change.setNotNull) this.issues.push(setNotNullIssue(at, table, column, "`AlterField`"));
    if (change.dropNotNull) this.issues.push(dropNotNullIssue(at, table, column, "`AlterField`"));
    if (change.unique) {
      this.issues.push(
        blockingConstraintIssue(
          at,
          table,
          subject,
          `\`AlterField\` makes \`${subject}\` unique: the unique index is built under an ACCESS EXCLUSIVE lock. ` +
            "Build it with `AddIndexConcurrently` first, then attach the constraint `USING INDEX` in `RunSQL`.",
        ),
      );
    }
    if (change.index) {
      this.issues.push(
        indexIssue(
          at,
          table,
          subject,
          `\`AlterField\` builds an index on \`${subject}\``,
          "Build it with `AddIndexConcurrently` in a migration with `atomic = False` instead of `db_index=True`.",
        ),
      );
    }
  }

  private addConstraint(call: CallSite, at: Range, table: string): void {
    const constraint = this.fieldCall(argument(call, 1, "constraint"));
    if (constraint === undefined) return;
    const name = /^["']([^"']+)["']$/.exec(constraint.kwargs.get("name") ?? "")?.[1];
    const subject = name === undefined ? table : `${table}.${name}`;
    const label = name === undefined ? "" : ` \`${name}\``;
    const message =
      constraint.className === "CheckConstraint"
        ? `\`AddConstraint\` adds check${label} on \`${table}\`: Django validates it immediately, scanning the whole ` +
          "table under an ACCESS EXCLUSIVE lock. Add it in `RunSQL` as `NOT VALID`, then `VALIDATE CONSTRAINT` in a " +
          "separate statement (keep the model in sync with `SeparateDatabaseAndState`)."
        : constraint.className === "UniqueConstraint"
          ? `\`AddConstraint\` adds unique constraint${label} on \`${table}\`: its index is built under a lock that ` +
            "blocks writes until it finishes. `CREATE UNIQUE INDEX CONCURRENTLY` in a non-atomic migration first, " +
            "then `ADD CONSTRAINT … UNIQUE USING INDEX` (keep the model in sync with `SeparateDatabaseAndState`)."
          : `\`AddConstraint\` adds \`${constraint.className}\`${label} on \`${table}\`: it is validated or indexed while ` +
            "the table is locked, stalling reads or writes for the duration. Schedule it in a maintenance window or " +
            "build it in steps in `RunSQL`.";
    this.issues.push(blockingConstraintIssue(at, table, subject, message));
  }
}

interface FieldChange {
  retyped: boolean;
  setNotNull: boolean;
  dropNotNull: boolean;
  unique: boolean;
  index: boolean;
}

/** Which options decide the column type; anything else (choices, help_text, default) stays in Python. */
const typeOptions = ["max_length", "max_digits", "decimal_places", "base_field", "size", "to", "dimensions"];

function compareFields(
  before: DjangoField,
  after: { className: string; kwargs: Map<string, string> },
): FieldChange {
  const change: FieldChange = {
    retyped: isRetyped(before, after),
    setNotNull: before.kwargs.get("null") === "True" && after.kwargs.get("null") !== "True",
    dropNotNull: before.kwargs.get("null") !== "True" && after.kwargs.get("null") === "True",
    unique: before.kwargs.get("unique") !== "True" && after.kwargs.get("unique") === "True",
    index: !isIndexed(before) && after.kwargs.get("db_index") === "True",
  };
  return change;
}

/** Postgres already has an index on the column: primary keys, unique fields and foreign keys get one. */
function isIndexed(field: DjangoField): boolean {
  const option = (name: string) => field.kwargs.get(name);
  if (option("db_index") === "True" || option("unique") === "True" || option("primary_key") === "True")
    return true;
  const relation = field.className === "ForeignKey" || field.className === "OneToOneField";
  return relation && option("db_index") !== "False";
}

function isRetyped(before: DjangoField, after: { className: string; kwargs: Map<string, string> }): boolean {
  const wasVarchar = varcharFields.has(before.className);
  if (wasVarchar && after.className === "TextField") return false;
  if (wasVarchar && varcharFields.has(after.className)) {
    const from = Number(before.kwargs.get("max_length") ?? defaultMaxLength[before.className]);
    const to = Number(after.kwargs.get("max_length") ?? defaultMaxLength[after.className]);
    // A longer varchar is metadata-only; an unknown length (a constant) is not provably safe.
    return !(Number.isFinite(from) && Number.isFinite(to) && to >= from);
  }
  if (before.className !== after.className) return true;
  if (before.className === "DecimalField") {
    const fromDigits = Number(before.kwargs.get("max_digits"));
    const toDigits = Number(after.kwargs.get("max_digits"));
    const sameScale = before.kwargs.get("decimal_places") === after.kwargs.get("decimal_places");
    // More precision at the same scale is metadata-only.
    if (sameScale && Number.isFinite(fromDigits) && Number.isFinite(toDigits) && toDigits >= fromDigits)
      return false;
  }
  return typeOptions.some((option) => before.kwargs.get(option) !== after.kwargs.get(option));
}
