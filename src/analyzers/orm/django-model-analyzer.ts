// D16 for Django: a models module changed in a way `makemigrations` would notice, and the PR adds no
// migration to that app. Comment, method and docstring edits, and generic relations, need no migration.
import type { ChangedFile } from "../../domain/model.js";
import type { AnalysisContext, AnalysisResult, Analyzer } from "../analyzer.js";
import { deletedLines } from "../deleted-lines.js";
import { guardAnalysis } from "../guard-analysis.js";
import { LineIndex } from "../line-index.js";
import { makeFinding } from "../make-finding.js";
import { hasHeadRevision } from "../missing-head.js";
import { type DjangoModel, djangoModels } from "./django-models.js";
import type { Range } from "./mask-source.js";
import { ormRules } from "./orm-rules.js";

const modelsPackage = /^(?:(.*)\/)?models\/[^/]+\.py$/;
const modelsFile = /^(?:(.*)\/)?models\.py$/;
const testPath = /(^|\/)(?:test|tests|testing|fixtures)\//i;
const djangoMarker = /\bfrom\s+django\.db\s+import\b|\bmodels\.Model\b/;

/** `saleor/webhook/models.py` or `netbox/ipam/models/ip.py` → the app folder; undefined for anything else. */
export function djangoAppOf(path: string): string | undefined {
  if (testPath.test(path)) return undefined;
  // `app/models/models.py` is a module of the `models` package, not a `models.py` of an app named `models`.
  const match = modelsPackage.exec(path) ?? modelsFile.exec(path);
  return match === null ? undefined : (match[1] ?? "");
}

interface ModelChange {
  model: string;
  /** What changed: field names and Meta options. */
  parts: string[];
  head: Range[];
  base: Range[];
}

export const djangoModelAnalyzer: Analyzer = {
  id: "django-models",
  appliesTo: (file) =>
    file.skipped === undefined && file.status !== "removed" && djangoAppOf(file.path) !== undefined,
  needs: { base: true, head: true },
  analyze: (file, context) =>
    guardAnalysis(file, "the models module", () => reviewDjangoModels(file, context)),
};

function reviewDjangoModels(file: ChangedFile, context: AnalysisContext): AnalysisResult {
  const app = djangoAppOf(file.path);
  const head = file.headContent;
  const base = file.baseContent ?? "";
  if (app === undefined || head === undefined || !djangoMarker.test(head)) return { findings: [], notes: [] };
  // Without the base version every field would look new: better to say so than to guess.
  if (file.baseContent === undefined && file.status !== "added") {
    return {
      findings: [],
      notes: [
        {
          path: file.path,
          message: `\`${file.path}\`: the base version could not be read; its models were not compared.`,
        },
      ],
    };
  }
  const migrations = `${app === "" ? "" : `${app}/`}migrations/`;
  const hasMigration = context.files.some(
    (other) =>
      other.path.startsWith(migrations) &&
      /^[^/]+\.py$/.test(other.path.slice(migrations.length)) &&
      !other.path.endsWith("/__init__.py") &&
      // A migration the PR adds or edits: any status with a head revision.
      hasHeadRevision.has(other.status),
  );
  if (hasMigration) return { findings: [], notes: [] };
  const changes = modelChanges(djangoModels(base), djangoModels(head));
  const anchor = anchorOf(file, changes, head, base);
  if (anchor === undefined) return { findings: [], notes: [] };
  const what = changes
    .slice(0, 3)
    .map((change) => `\`${change.model}\` (${change.parts.slice(0, 3).join(", ")})`)
    .join(", ");
  const label = app.split("/").at(-1) ?? app;
  return {
    findings: [
      makeFinding(ormRules.ormChangeWithoutMigration, {
        path: file.path,
        line: anchor.line,
        side: anchor.side,
        subject: `${label}:${changes.map((change) => change.model).join(",")}`,
        message:
          `Changes ${what}${changes.length > 3 ? " and more" : ""}, but the PR adds no migration under ` +
          `\`${migrations}\`: the code deploys against a schema that does not match it, and the next ` +
          `\`makemigrations\` produces an unreviewed migration. Run \`python manage.py makemigrations ${label}\`, ` +
          "review the operations, and commit the migration with this change.",
      }),
    ],
    notes: [],
  };
}

function modelChanges(base: readonly DjangoModel[], head: readonly DjangoModel[]): ModelChange[] {
  const before = new Map(base.map((model) => [model.name, model]));
  const after = new Map(head.map((model) => [model.name, model]));
  const changes: ModelChange[] = [];
  for (const name of new Set([...before.keys(), ...after.keys()])) {
    const old = before.get(name);
    const current = after.get(name);
    const change: ModelChange = { model: name, parts: [], head: [], base: [] };
    const compare = <T extends { text: string; at: Range }>(label: string, from?: T, to?: T) => {
      if (from?.text === to?.text) return;
      change.parts.push(label);
      if (to !== undefined) change.head.push(to.at);
      if (from !== undefined) change.base.push(from.at);
    };
    for (const field of new Set([...(old?.fields.keys() ?? []), ...(current?.fields.keys() ?? [])])) {
      compare(field, old?.fields.get(field), current?.fields.get(field));
    }
    for (const option of new Set([...(old?.meta.keys() ?? []), ...(current?.meta.keys() ?? [])])) {
      compare(`Meta.${option}`, old?.meta.get(option), current?.meta.get(option));
    }
    if (change.parts.length > 0) changes.push(change);
  }
  return changes;
}

/** The first added line inside a changed declaration; for pure removals, the first deleted one. */
function anchorOf(
  file: ChangedFile,
  changes: readonly ModelChange[],
  head: string,
  base: string,
): { line: number; side: "LEFT" | "RIGHT" } | undefined {
  const headLines = new LineIndex(head);
  const added = firstLineIn(
    changes.flatMap((change) => change.head),
    headLines,
    file.addedLines,
  );
  if (added !== undefined) return { line: added, side: "RIGHT" };
  const removed = firstLineIn(
    changes.flatMap((change) => change.base),
    new LineIndex(base),
    deletedLines(file),
  );
  return removed === undefined ? undefined : { line: removed, side: "LEFT" };
}

function firstLineIn(
  ranges: readonly Range[],
  lines: LineIndex,
  changed: ReadonlySet<number>,
): number | undefined {
  let first: number | undefined;
  for (const range of ranges) {
    for (
      let line = lines.lineOf(range.start);
      line <= lines.lineOf(Math.max(range.start, range.end - 1));
      line++
    ) {
      if (changed.has(line) && (first === undefined || line < first)) first = line;
    }
  }
  return first;
}
