// D16 beyond Django and Prisma: a SQLAlchemy, TypeORM, Sequelize, GORM/pop or Active Record model changed a
// column or table declaration, and the PR adds no migration of that ORM. One finding per changed model, on
// the first added line of its changed declarations (a removal: the first deleted one, on the LEFT).
import { isMigrationFile } from "../../diff/classify-file.js";
import type { ChangedFile, Finding, Side } from "../../domain/model.js";
import type { AnalysisContext, AnalysisResult, Analyzer } from "../analyzer.js";
import { deletedLines } from "../deleted-lines.js";
import { guardAnalysis } from "../guard-analysis.js";
import { makeFinding } from "../make-finding.js";
import { hasHeadRevision } from "../missing-head.js";
import { callsAutoMigrate } from "./data-models/auto-migrate.js";
import type { ModelDeclaration, ModelFamily } from "./data-models/data-model.js";
import { migrationKinds } from "./data-models/migration-kinds.js";
import { type ModelChange, modelChanges } from "./data-models/model-changes.js";
import { readDataModels, readsModelsOf } from "./data-models/read-data-models.js";
import { ormRules } from "./orm-rules.js";

export const ormModelAnalyzer: Analyzer = {
  id: "orm-models",
  appliesTo: (file) =>
    file.skipped === undefined &&
    file.status !== "removed" &&
    file.category === "schema" &&
    readsModelsOf(file.path) &&
    !isMigrationFile(file.path),
  needs: { base: true, head: true },
  analyze: (file, context) => guardAnalysis(file, "the models", () => reviewModels(file, context)),
};

async function reviewModels(file: ChangedFile, context: AnalysisContext): Promise<AnalysisResult> {
  const head = file.headContent;
  if (head === undefined) return { findings: [], notes: [] };
  // Without the base version every column would look new: better to say so than to guess.
  if (file.baseContent === undefined && file.status !== "added") {
    const message = `\`${file.path}\`: the base version could not be read; its models were not compared.`;
    return { findings: [], notes: [{ path: file.path, message }] };
  }
  const changes = modelChanges(
    await readDataModels(file.previousPath ?? file.path, file.baseContent ?? ""),
    await readDataModels(file.path, head),
  );
  const answered = await answeredFamilies(changes, context.files);
  const findings: Finding[] = [];
  for (const change of changes) {
    if (answered.has(change.family)) continue;
    const anchor = anchorOf(file, change);
    if (anchor !== undefined) findings.push(findingOf(file, change, anchor));
  }
  return { findings, notes: [] };
}

/** Families whose changes the PR answers: it adds or edits one of their migrations (or GORM auto-migrates). */
async function answeredFamilies(
  changes: readonly ModelChange[],
  files: readonly ChangedFile[],
): Promise<Set<ModelFamily>> {
  const answered = new Set<ModelFamily>();
  for (const family of new Set(changes.map((change) => change.family))) {
    const kind = migrationKinds[family];
    if (files.some((other) => hasHeadRevision.has(other.status) && kind.answers(other.path)))
      answered.add(family);
    else if (family === "gorm" && (await callsAutoMigrate(files))) answered.add(family);
  }
  return answered;
}

function findingOf(file: ChangedFile, change: ModelChange, anchor: { line: number; side: Side }): Finding {
  return makeFinding(ormRules.ormChangeWithoutMigration, {
    path: file.path,
    line: anchor.line,
    side: anchor.side,
    subject: change.model,
    message:
      `${whatChanged(change)}, but the PR adds no migration: the code deploys against a database that does ` +
      "not have this change, and the next generated migration carries it unreviewed. Create it with " +
      `${migrationKinds[change.family].tool}, review it, and commit it with this change.`,
  });
}

function whatChanged(change: ModelChange): string {
  const { added, removed, changed } = change.columns;
  if (change.family === "rails") {
    return `\`${change.model}\` gains \`belongs_to\` needing ${counted("column", added)} ${listed(added)}`;
  }
  if (change.kind === "added")
    return `\`${change.model}\` is a new model (${counted("column", added)} ${listed(added)})`;
  if (change.kind === "removed") return `\`${change.model}\` is removed`;
  const parts = [
    ...(added.length > 0 ? [`adds ${counted("column", added)} ${listed(added)}`] : []),
    ...(removed.length > 0 ? [`removes ${counted("column", removed)} ${listed(removed)}`] : []),
    ...(changed.length > 0 ? [`changes ${counted("column", changed)} ${listed(changed)}`] : []),
    ...(change.options.length > 0
      ? [`changes ${counted("table option", change.options)} ${listed(change.options)}`]
      : []),
  ];
  const last = parts.pop();
  return `\`${change.model}\` ${parts.length === 0 ? last : `${parts.join(", ")} and ${last}`}`;
}

function counted(noun: string, names: readonly string[]): string {
  return names.length === 1 ? noun : `${noun}s`;
}

function listed(names: readonly string[], max = 5): string {
  const shown = names.slice(0, max).map((name) => `\`${name}\``);
  return names.length > max ? `${shown.join(", ")} and ${names.length - max} more` : shown.join(", ");
}

/** The first added line inside a changed declaration; for pure removals, the first deleted one. */
function anchorOf(file: ChangedFile, change: ModelChange): { line: number; side: Side } | undefined {
  const added = firstLineIn(change.head, file.addedLines);
  if (added !== undefined) return { line: added, side: "RIGHT" };
  const removed = firstLineIn(change.base, deletedLines(file));
  return removed === undefined ? undefined : { line: removed, side: "LEFT" };
}

function firstLineIn(
  declarations: readonly ModelDeclaration[],
  changed: ReadonlySet<number>,
): number | undefined {
  let first: number | undefined;
  for (const declaration of declarations) {
    for (let line = declaration.start; line <= declaration.end; line++) {
      if (changed.has(line) && (first === undefined || line < first)) first = line;
    }
  }
  return first;
}
