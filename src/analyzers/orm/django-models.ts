// The database-relevant shape of Django model classes (`models.py` or a `models/` package): field
// declarations and the Meta options that produce migrations. Enough to tell whether a model change needs a
// migration (D16) and what an `AlterField` changed compared with the model before the PR.
import { matchingClose, splitArguments } from "./find-calls.js";
import { type MaskedSource, maskSource, type Range } from "./mask-source.js";

export interface DjangoField {
  name: string;
  /** The field class without its module: `CharField`, `ForeignKey`. */
  className: string;
  /** Keyword arguments, values as written (comments removed, whitespace collapsed). */
  kwargs: Map<string, string>;
  /** The whole declaration, normalised: two declarations are the same field when their texts are equal. */
  text: string;
  at: Range;
}

export interface DjangoModel {
  name: string;
  fields: Map<string, DjangoField>;
  /** `Meta` options that change the schema (`db_table`, `indexes`, `constraints`, …), normalised, by name. */
  meta: Map<string, { text: string; at: Range }>;
}

/** Field classes end in `Field`, or are the relation fields; generic relations have no column. */
const fieldClass = /(?:Field|ForeignKey|OneToOneField|ManyToManyField)$/;
const noColumn = new Set(["GenericForeignKey", "GenericRelation"]);
const schemaMetaOptions = new Set([
  "db_table",
  "indexes",
  "constraints",
  "unique_together",
  "index_together",
  "managed",
  "db_table_comment",
]);

/** Every migration of an app consults the same models files: parse each content once per process (bounded). */
const parsed = new Map<string, DjangoModel[]>();
const PARSED_LIMIT = 32;

/** Never throws; anything that does not look like a model class is skipped. */
export function djangoModels(source: string): DjangoModel[] {
  const cached = parsed.get(source);
  if (cached !== undefined) return cached;
  const models = readModels(source);
  if (parsed.size >= PARSED_LIMIT) parsed.delete(parsed.keys().next().value ?? "");
  parsed.set(source, models);
  return models;
}

function readModels(source: string): DjangoModel[] {
  const masked = maskSource(source, "python");
  const lines = masked.code.split("\n");
  const starts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    starts.push(offset);
    offset += line.length + 1;
  }
  const models: DjangoModel[] = [];
  for (const [index, line] of lines.entries()) {
    const header = /^(\s*)class\s+([A-Za-z_]\w*)\s*(?:\(|:)/.exec(line);
    if (header === null || header[2] === "Meta") continue;
    const indent = (header[1] ?? "").length;
    const bodyEnd = blockEnd(lines, index, indent);
    const model: DjangoModel = { name: header[2] ?? "", fields: new Map(), meta: new Map() };
    let bodyIndent: number | undefined;
    for (let row = index + 1; row < bodyEnd; row++) {
      const text = lines[row] ?? "";
      if (text.trim() === "") continue;
      const rowIndent = text.length - text.trimStart().length;
      bodyIndent ??= rowIndent;
      if (rowIndent !== bodyIndent) continue;
      const start = (starts[row] ?? 0) + rowIndent;
      if (/^class\s+Meta\s*[(:]/.test(text.trim())) {
        readMeta(masked, lines, starts, row, bodyIndent, model);
        continue;
      }
      const field = readField(masked, start);
      if (field !== undefined) model.fields.set(field.name, field);
    }
    if (model.fields.size > 0 || model.meta.size > 0) models.push(model);
  }
  return models;
}

/** Source text without comments, whitespace collapsed. */
export function normalisedText(masked: MaskedSource, range: Range): string {
  let text = "";
  for (let i = range.start; i < range.end; i++) {
    const commented = masked.code[i] === " " && masked.source[i] !== " " && masked.source[i] !== "\t";
    text += commented ? " " : (masked.source[i] ?? "");
  }
  return text
    .replace(/\s+/g, " ")
    .replace(/\(\s/g, "(")
    .replace(/,?\s*\)/g, ")")
    .trim();
}

/** A `name = module.SomeField(…)` declaration starting at `start`. */
function readField(masked: MaskedSource, start: number): DjangoField | undefined {
  const head = /^([A-Za-z_]\w*)\s*(?::[^=\n]+)?=\s*((?:[A-Za-z_]\w*\.)*([A-Za-z_]\w*))\s*\(/.exec(
    masked.code.slice(start, start + 200),
  );
  if (head === null) return undefined;
  const className = head[3] ?? "";
  if (!fieldClass.test(className) || noColumn.has(className)) return undefined;
  const open = start + head[0].length - 1;
  const close = matchingClose(masked.code, open);
  const kwargs = new Map<string, string>();
  for (const arg of splitArguments(masked.code, open + 1, close, "python")) {
    if (arg.keyword !== undefined) kwargs.set(arg.keyword, normalisedText(masked, arg.value));
  }
  const at = { start, end: Math.min(close + 1, masked.source.length) };
  return { name: head[1] ?? "", className, kwargs, text: normalisedText(masked, at), at };
}

function readMeta(
  masked: MaskedSource,
  lines: readonly string[],
  starts: readonly number[],
  metaRow: number,
  indent: number,
  model: DjangoModel,
): void {
  const end = blockEnd(lines, metaRow, indent);
  for (let row = metaRow + 1; row < end; row++) {
    const text = lines[row] ?? "";
    const option = /^(\s*)([A-Za-z_]\w*)\s*=/.exec(text);
    if (option === null || !schemaMetaOptions.has(option[2] ?? "")) continue;
    const start = (starts[row] ?? 0) + (option[1] ?? "").length;
    const valueStart = (starts[row] ?? 0) + option[0].length;
    // The value runs to the end of its line, or to the bracket that closes what the line opens.
    const lineEnd = (starts[row] ?? 0) + text.length;
    const opener = /[([{]/.exec(masked.code.slice(valueStart, lineEnd));
    const valueEnd =
      opener === null
        ? lineEnd
        : Math.min(matchingClose(masked.code, valueStart + opener.index) + 1, masked.code.length);
    const at = { start, end: valueEnd };
    model.meta.set(option[2] ?? "", { text: normalisedText(masked, at), at });
  }
}

/** Row index past the indented block that starts after `row` (a `class …:` line at `indent`). */
function blockEnd(lines: readonly string[], row: number, indent: number): number {
  let depth = 0;
  for (const char of lines[row] ?? "") depth += "([{".includes(char) ? 1 : ")]}".includes(char) ? -1 : 0;
  for (let next = row + 1; next < lines.length; next++) {
    const text = lines[next] ?? "";
    const rowDepth = depth;
    for (const char of text) depth += "([{".includes(char) ? 1 : ")]}".includes(char) ? -1 : 0;
    if (text.trim() === "" || rowDepth > 0) continue;
    if (text.length - text.trimStart().length <= indent) return next;
  }
  return lines.length;
}

/** Django's default column width per varchar field class, for `max_length` comparisons. */
export const defaultMaxLength: Record<string, number> = {
  URLField: 200,
  SlugField: 50,
  EmailField: 254,
  FileField: 100,
  ImageField: 100,
  FilePathField: 100,
};

export const varcharFields = new Set([
  "CharField",
  "URLField",
  "SlugField",
  "EmailField",
  "FileField",
  "ImageField",
  "FilePathField",
]);
