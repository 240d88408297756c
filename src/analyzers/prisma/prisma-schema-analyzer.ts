// Prisma `*.prisma` schemas, base against head: what `prisma migrate` will do to the database (drops,
// renames, retypes, new required columns, new unique keys), anchored on the schema lines that cause it,
// and D16 when the schema changes but the PR adds no `migrations/*/migration.sql`.
import type { ChangedFile, Finding, Side } from "../../domain/model.js";
import type { AnalysisContext, AnalysisResult, Analyzer } from "../analyzer.js";
import { deletedLines } from "../deleted-lines.js";
import { guardAnalysis } from "../guard-analysis.js";
import { makeFinding } from "../make-finding.js";
import {
  addRequiredColumnIssue,
  blockingConstraintIssue,
  changeColumnTypeIssue,
  dropColumnIssue,
  dropNotNullIssue,
  dropTableIssue,
  type MigrationIssue,
  renameColumnIssue,
  renameTableIssue,
  setNotNullIssue,
  tableRewriteIssue,
} from "../orm/migration-issue.js";
import { ormRules } from "../orm/orm-rules.js";
import {
  type PrismaColumn,
  type PrismaSchemaShape,
  type PrismaTable,
  readPrismaSchema,
} from "./read-prisma-schema.js";

/** Prisma's message-builders only need a range for DSL files; schema findings carry their own line. */
const noRange = { start: 0, end: 0 };

const dropColumnAdvice =
  "Stop using the field in code first (keep it in the schema, or mark it `@ignore`), deploy that, then remove it " +
  "and generate the migration in a later release.";
const dropTableAdvice =
  "Stop using the model first (or mark it `@@ignore`), deploy that, then remove it in a later release once the " +
  "data is backed up or confirmed unneeded.";
const requiredAdvice =
  "Give it a database default (`@default` with a constant, `now()` or `dbgenerated(…)`), or add it optional, " +
  "backfill, then make it required.";

interface Located {
  issue: MigrationIssue;
  line: number;
  side: Side;
}

export const prismaSchemaAnalyzer: Analyzer = {
  id: "prisma",
  appliesTo: (file) =>
    file.skipped === undefined && file.status !== "removed" && /\.prisma$/i.test(file.path),
  needs: { base: true, head: true },
  analyze: (file, context) => guardAnalysis(file, "the schema", () => reviewPrismaSchema(file, context)),
};

function reviewPrismaSchema(file: ChangedFile, context: AnalysisContext): AnalysisResult {
  if (file.headContent === undefined) {
    return note(file, "the head version could not be read; its models were not checked");
  }
  // Without the base version every model would look new: better to say so than to guess.
  if (file.baseContent === undefined && file.status !== "added") {
    return note(file, "the base version could not be read; its changes were not checked");
  }
  const enums = enumsElsewhere(file, context);
  const head = readPrismaSchema(file.headContent, enums);
  if (!head.ok) return note(file, parseFailure(head, "head"));
  const base = readPrismaSchema(file.baseContent ?? "", enums);
  if (!base.ok) return note(file, parseFailure(base, "base"));
  // MongoDB has no migrations and no schema to lock or rewrite.
  if (head.schema.provider === "mongodb") return { findings: [], notes: [] };

  const removed = deletedLines(file);
  const located = schemaChanges(base.schema, head.schema, tablesElsewhere(file, context));
  const findings: Finding[] = [];
  for (const { issue, line, side } of located) {
    if (!(side === "LEFT" ? removed : file.addedLines).has(line)) continue;
    const site = { path: file.path, line, side, subject: issue.subject, message: issue.message };
    findings.push(
      makeFinding(
        issue.rule,
        issue.haltQuestion === undefined ? site : { ...site, haltQuestion: issue.haltQuestion },
      ),
    );
  }
  const missing = missingMigration(file, base.schema, head.schema, removed, context);
  if (missing !== undefined) findings.push(missing);
  return { findings: findings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)), notes: [] };
}

function schemaChanges(
  base: PrismaSchemaShape,
  head: PrismaSchemaShape,
  movedTables: ReadonlySet<string>,
): Located[] {
  const located: Located[] = [];
  const headByModel = new Map([...head.tables.values()].map((table) => [table.model, table]));
  for (const before of base.tables.values()) {
    const after = head.tables.get(before.table);
    if (after !== undefined) {
      located.push(...columnChanges(before, after));
      continue;
    }
    const renamed = headByModel.get(before.model);
    if (renamed !== undefined) {
      const issue = renameTableIssue(
        noRange,
        before.table,
        renamed.table,
        `Changing \`@@map\` of \`${before.model}\``,
      );
      located.push({
        issue: withPrismaRename(issue, "DROP TABLE and CREATE TABLE"),
        line: renamed.mapLine ?? renamed.line,
        side: "RIGHT",
      });
      located.push(...columnChanges(before, renamed));
    } else if (!movedTables.has(before.table)) {
      const issue = dropTableIssue(
        noRange,
        before.table,
        `Removing model \`${before.model}\``,
        dropTableAdvice,
      );
      located.push({ issue, line: before.line, side: "LEFT" });
    }
  }
  return located;
}

function columnChanges(before: PrismaTable, after: PrismaTable): Located[] {
  const located: Located[] = [];
  const table = before.table;
  const afterByField = new Map([...after.columns.values()].map((column) => [column.field, column]));
  const renamedTo = new Set<string>();
  for (const old of before.columns.values()) {
    const current = after.columns.get(old.column);
    if (current === undefined) {
      const renamed = afterByField.get(old.field);
      if (renamed !== undefined) {
        renamedTo.add(renamed.column);
        const how = `Changing \`@map\` of \`${before.model}.${old.field}\``;
        located.push({
          issue: withPrismaRename(
            renameColumnIssue(noRange, table, old.column, renamed.column, how),
            "DROP COLUMN and ADD COLUMN",
          ),
          line: renamed.line,
          side: "RIGHT",
        });
      } else {
        const how = `Removing \`${before.model}.${old.field}\``;
        located.push({
          issue: dropColumnIssue(noRange, table, old.column, how, dropColumnAdvice),
          line: old.line,
          side: "LEFT",
        });
      }
      continue;
    }
    located.push(...changedColumn(before.model, table, old, current));
  }
  for (const column of after.columns.values()) {
    if (before.columns.has(column.column) || renamedTo.has(column.column)) continue;
    located.push(...newColumn(after.model, table, column));
  }
  for (const [field, relation] of after.relations) {
    if (before.relations.has(field)) continue;
    const subject = `${table}.${relation.columns.join(",")}`;
    const issue = blockingConstraintIssue(
      noRange,
      table,
      subject,
      `Adding relation \`${after.model}.${field}\` adds a foreign key on \`${subject}\`, validated against every row while ` +
        "both tables are locked. Edit the generated migration: add the constraint `NOT VALID`, then `VALIDATE " +
        "CONSTRAINT` in a separate statement.",
    );
    located.push({ issue, line: relation.line, side: "RIGHT" });
  }
  for (const [unique, line] of after.uniques) {
    if (before.uniques.has(unique)) continue;
    const issue = blockingConstraintIssue(
      noRange,
      table,
      `${table}.@@unique`,
      `Adding \`@@unique\` to \`${after.model}\` builds a unique index on \`${table}\` that blocks writes until it ` +
        "finishes. Edit the generated migration to `CREATE UNIQUE INDEX CONCURRENTLY` (in a migration of its own).",
    );
    located.push({ issue, line, side: "RIGHT" });
  }
  return located;
}

function changedColumn(model: string, table: string, old: PrismaColumn, current: PrismaColumn): Located[] {
  const at = (issue: MigrationIssue): Located => ({ issue, line: current.line, side: "RIGHT" });
  const located: Located[] = [];
  const label = `\`${model}.${current.field}\``;
  if (!old.list && !current.list && isRetyped(old, current)) {
    located.push(
      at(
        changeColumnTypeIssue(
          noRange,
          table,
          current.column,
          `Changing ${label}`,
          `\`${typeText(current)}\` (was \`${typeText(old)}\`)`,
          true,
        ),
      ),
    );
  }
  if (old.optional && !current.optional)
    located.push(at(setNotNullIssue(noRange, table, current.column, `Making ${label} required`)));
  if (!old.optional && current.optional)
    located.push(at(dropNotNullIssue(noRange, table, current.column, `Making ${label} optional`)));
  if (!old.unique && current.unique) located.push(at(uniqueIssue(model, table, current)));
  return located;
}

function newColumn(model: string, table: string, column: PrismaColumn): Located[] {
  const at = (issue: MigrationIssue): Located => ({ issue, line: column.line, side: "RIGHT" });
  const located: Located[] = [];
  const how = `Adding \`${model}.${column.field}\``;
  if (!column.optional && !column.list && column.databaseDefault === "none") {
    const why =
      column.clientDefault !== undefined
        ? ` (\`@default(${column.clientDefault})\` is filled in by Prisma Client, not the database)`
        : column.updatedAt
          ? " (`@updatedAt` is set by Prisma Client, not the database)"
          : "";
    const issue = addRequiredColumnIssue(noRange, table, column.column, how, requiredAdvice);
    located.push(
      at({
        ...issue,
        message: issue.message.replace(" without a database default:", ` without a database default${why}:`),
      }),
    );
  }
  if (column.databaseDefault === "sequence" || column.databaseDefault === "volatile") {
    located.push(
      at(
        tableRewriteIssue(
          noRange,
          table,
          column.column,
          `${how} with a ${column.databaseDefault === "sequence" ? "sequence" : "volatile"} default`,
        ),
      ),
    );
  }
  if (column.unique) located.push(at(uniqueIssue(model, table, column)));
  return located;
}

function uniqueIssue(model: string, table: string, column: PrismaColumn): MigrationIssue {
  return blockingConstraintIssue(
    noRange,
    table,
    `${table}.${column.column}`,
    `\`@unique\` on \`${model}.${column.field}\` builds a unique index on \`${table}\` that blocks writes until it ` +
      "finishes (and fails on existing duplicates). Edit the generated migration to `CREATE UNIQUE INDEX " +
      "CONCURRENTLY` in a migration of its own.",
  );
}

/** Prisma Migrate does not detect renames: its generated SQL drops and recreates, losing the data. */
function withPrismaRename(issue: MigrationIssue, generated: string): MigrationIssue {
  return {
    ...issue,
    message:
      `${issue.message} Note that \`prisma migrate dev\` generates ${generated} for this, losing the data, unless ` +
      "the migration is edited to a RENAME.",
  };
}

function typeText(column: PrismaColumn): string {
  const native =
    column.nativeType === undefined
      ? ""
      : ` @db.${column.nativeType.name}${column.nativeType.args.length > 0 ? `(${column.nativeType.args.join(", ")})` : ""}`;
  return `${column.type}${native}`;
}

/** Same safe list as the SQL rules: varchar→text, a longer varchar, more numeric precision at the same scale. */
function isRetyped(old: PrismaColumn, current: PrismaColumn): boolean {
  if (typeText(old) === typeText(current)) return false;
  if (old.type !== current.type) return true;
  const from = old.nativeType;
  const to = current.nativeType;
  if (old.type === "String" && from?.name === "VarChar") {
    if (to === undefined || to.name === "Text") return false;
    if (to.name === "VarChar")
      return !(Number(to.args[0] ?? Number.POSITIVE_INFINITY) >= Number(from.args[0] ?? 0));
  }
  if (
    old.type === "String" &&
    (from === undefined || from.name === "Text") &&
    (to === undefined || to.name === "Text")
  )
    return false;
  if (old.type === "Decimal" && from?.name === "Decimal" && to?.name === "Decimal") {
    const [fromPrecision, fromScale] = from.args.map(Number);
    const [toPrecision, toScale] = to.args.map(Number);
    return !(fromScale === toScale && (toPrecision ?? 0) >= (fromPrecision ?? 0));
  }
  return true;
}

function missingMigration(
  file: ChangedFile,
  base: PrismaSchemaShape,
  head: PrismaSchemaShape,
  removed: ReadonlySet<number>,
  context: AnalysisContext,
): Finding | undefined {
  if (base.canonical === head.canonical) return undefined;
  const migrationAdded = context.files.some(
    (other) =>
      /(^|\/)migrations\/[^/]+\/migration\.sql$/i.test(other.path) &&
      (other.status === "added" || other.status === "renamed" || other.status === "copied"),
  );
  if (migrationAdded) return undefined;
  const anchor = firstLineInBlocks(head.blocks, file.addedLines) ?? firstLineInBlocks(base.blocks, removed);
  const side: Side = firstLineInBlocks(head.blocks, file.addedLines) === undefined ? "LEFT" : "RIGHT";
  return makeFinding(ormRules.ormChangeWithoutMigration, {
    path: file.path,
    ...(anchor === undefined ? {} : { line: anchor, side }),
    subject: file.path,
    message:
      "The schema's models change, but the PR adds no `migrations/*/migration.sql`: deployed code will expect " +
      "columns and tables the database does not have, and the next `prisma migrate dev` generates an unreviewed " +
      "migration. Run `prisma migrate dev --create-only`, review the SQL, and commit it with this change.",
  });
}

function firstLineInBlocks(
  blocks: PrismaSchemaShape["blocks"],
  lines: ReadonlySet<number>,
): number | undefined {
  let first: number | undefined;
  for (const line of lines) {
    if (
      blocks.some((block) => line >= block.from && line <= block.to) &&
      (first === undefined || line < first)
    )
      first = line;
  }
  return first;
}

/** In a multi-file schema (`prisma/schema/*.prisma`) an enum or a moved model may live in another file. */
function enumsElsewhere(file: ChangedFile, context: AnalysisContext): Set<string> {
  const enums = new Set<string>();
  for (const other of context.files) {
    if (other.path === file.path || !/\.prisma$/i.test(other.path)) continue;
    for (const content of [other.headContent, other.baseContent]) {
      for (const match of (content ?? "").matchAll(/^\s*enum\s+(\w+)\s*\{/gm)) enums.add(match[1] ?? "");
    }
  }
  return enums;
}

function tablesElsewhere(file: ChangedFile, context: AnalysisContext): Set<string> {
  const tables = new Set<string>();
  for (const other of context.files) {
    if (other.path === file.path || !/\.prisma$/i.test(other.path) || other.headContent === undefined)
      continue;
    const parsed = readPrismaSchema(other.headContent);
    if (parsed.ok) for (const table of parsed.schema.tables.keys()) tables.add(table);
  }
  return tables;
}

function parseFailure(result: { message: string; line?: number }, side: "base" | "head"): string {
  const where = result.line === undefined ? "" : ` at line ${result.line}`;
  return `could not parse the ${side} version of the Prisma schema${where} (${result.message}); its models were not checked`;
}

function note(file: ChangedFile, message: string): AnalysisResult {
  return { findings: [], notes: [{ path: file.path, message: `\`${file.path}\`: ${message}.` }] };
}
