// SQL written as string literals inside a migration (`execute <<~SQL`, `RunSQL("…")`, `queryRunner.query(`…`)`)
// reviewed with the same Postgres rules as a `.sql` file, on the lines where the SQL sits in the migration.
import type { Finding } from "../../domain/model.js";
import type { AnalysisResult, AnalyzerNote } from "../analyzer.js";
import { analyzeSql } from "../sql/analyze-sql.js";
import { sqlRules } from "../sql/sql-rules.js";
import { restoreTemplates } from "../sql/template-placeholders.js";
import { literalText, type MaskedSource, type Range, type StringLiteral } from "./mask-source.js";

export interface SqlArgument {
  /** The literals whose concatenation is the SQL text, in source order. */
  literals: StringLiteral[];
  /** Variables concatenated between them (`"… " + table + " …"`): they become placeholder identifiers. */
  placeholders: Range[];
  /** Driver bindings to neutralise: Python `%s`/`%(name)s`, Knex `?`/`??`. */
  bindings?: "percent" | "question";
}

export interface WrappingTransaction {
  /** What wraps the migration, for the message: "Rails wraps every migration in a transaction". */
  wrapper: string;
  /** How to opt out: "add `disable_ddl_transaction!` to the migration class". */
  optOut: string;
}

export interface EmbeddedSqlOptions {
  changedLines: ReadonlySet<number>;
  /** Set when the framework runs the migration inside one transaction. */
  transaction?: WrappingTransaction;
}

/**
 * The argument at `range` as SQL, when it is made of string literals (possibly concatenated with `+`,
 * juxtaposed, or with plain variables in between); undefined for anything computed (`sql`, `build()`, `.format`).
 */
export function sqlArgumentAt(masked: MaskedSource, range: Range): SqlArgument | undefined {
  const literals = masked.literals.filter(
    (literal) => literal.start >= range.start && literal.start < range.end,
  );
  if (literals.length === 0) return undefined;
  const placeholders: Range[] = [];
  let cursor = range.start;
  for (const [index, literal] of [...literals, undefined].entries()) {
    const gapEnd = literal?.start ?? range.end;
    const gap = masked.code.slice(cursor, gapEnd);
    const last = literal === undefined;
    if (!/^[\s+()\\]*$/.test(gap)) {
      // Post-processing of the last literal (`<<~SQL.squish`, `"…".strip()`) leaves the SQL as it is.
      if (last && /^(\s*\.\s*[A-Za-z_]\w*[!?]?(\(\s*\))?)+\s*\)?\s*$/.test(gap)) break;
      const variable = /^[\s+(]*([A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*)[\s+)]*$/.exec(gap);
      if (variable === null || index === 0) return undefined;
      const start = cursor + gap.indexOf(variable[1] ?? "");
      placeholders.push({ start, end: start + (variable[1] ?? "").length });
    }
    if (literal !== undefined) cursor = literal.end;
  }
  return { literals, placeholders };
}

/**
 * Reviews the migration's SQL arguments as one script laid out on the migration's own lines (everything else
 * blanked), so statement lines are the file's lines and `lock_timeout`, transactions and tables created
 * earlier carry over from one call to the next. When that script does not parse, each argument is reviewed
 * on its own so one bad string hides only itself; at most one note names the file.
 */
export async function analyzeEmbeddedSql(
  masked: MaskedSource,
  path: string,
  args: readonly SqlArgument[],
  options: EmbeddedSqlOptions,
): Promise<AnalysisResult> {
  if (args.length === 0) return { findings: [], notes: [] };
  const whole = await analyzeSql(sqlDocument(masked, args, options.transaction), path, {
    changedLines: options.changedLines,
  });
  let findings = whole.findings;
  let notes: AnalyzerNote[] = whole.notes;
  if (whole.notes.length > 0 && args.length > 1) {
    findings = [];
    notes = [];
    for (const arg of args) {
      const single = await analyzeSql(sqlDocument(masked, [arg], options.transaction), path, {
        changedLines: options.changedLines,
      });
      findings.push(...single.findings);
      notes.push(...single.notes);
    }
  }
  const wrapper = options.transaction;
  const restore = interpolationNames(masked, args);
  const explained = onePerRule(findings, sqlRules.missingLockTimeout.id).map((finding) =>
    wrapper === undefined ? finding : explainWrappedTransaction(finding, wrapper),
  );
  return restoreTemplates({ findings: explained, notes: notes.slice(0, 1) }, restore);
}

/**
 * Messages quote the SQL as parsed, placeholders included (`t________.account`): put the code the author wrote
 * back (`${schema}.account`), or an ellipsis when placeholders of the same length stood for different code.
 */
function interpolationNames(masked: MaskedSource, args: readonly SqlArgument[]): (message: string) => string {
  const originals = new Map<string, Set<string>>();
  const ranges = args.flatMap((arg) => [
    ...arg.literals.flatMap((literal) => literal.interpolations),
    ...arg.placeholders,
  ]);
  for (const range of ranges) {
    if (masked.source.slice(range.start, range.end).includes("\n")) continue;
    const placeholder = `t${"_".repeat(Math.max(0, range.end - range.start - 1))}`;
    const seen = originals.get(placeholder) ?? new Set<string>();
    seen.add(masked.source.slice(range.start, range.end));
    originals.set(placeholder, seen);
  }
  if (originals.size === 0) return (message) => message;
  return (message) =>
    message.replace(/\bt_+\b/g, (token) => {
      const seen = originals.get(token);
      if (seen === undefined) return token;
      return seen.size === 1 ? ([...seen][0] ?? "…") : "…";
    });
}

/** The SQL of `args` at their original offsets; `BEGIN;` on line 1 stands for the framework's transaction. */
function sqlDocument(
  masked: MaskedSource,
  args: readonly SqlArgument[],
  transaction?: WrappingTransaction,
): string {
  const chars = masked.source.replace(/[^\n]/g, " ").split("");
  const write = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) if (chars[offset + i] !== "\n") chars[offset + i] = text[i] ?? " ";
  };
  for (const arg of args) {
    for (const literal of arg.literals)
      write(literal.body.start, neutraliseBindings(literalText(masked, literal), arg));
    for (const placeholder of arg.placeholders) {
      write(placeholder.start, `t${"_".repeat(Math.max(0, placeholder.end - placeholder.start - 1))}`);
    }
    const last = arg.literals.at(-1);
    if (last === undefined) continue;
    // Each argument is a complete statement list: end it where its closing quote was.
    let end = last.body.end;
    while (chars[end] === "\n") end++;
    if (end < chars.length) chars[end] = ";";
    else chars.push(";");
  }
  if (transaction !== undefined) {
    const firstLineEnd = chars.indexOf("\n");
    const firstLine = chars.slice(0, firstLineEnd < 0 ? chars.length : firstLineEnd);
    if (firstLine.every((char) => char === " ")) chars.splice(0, firstLine.length, ..."BEGIN;");
  }
  return chars.join("");
}

function neutraliseBindings(text: string, arg: SqlArgument): string {
  if (arg.bindings === "percent") {
    return text
      .replace(/%\((\w+)\)s/g, (match) => `$1${" ".repeat(match.length - 2)}`)
      .replace(/%s/g, "$1")
      .replace(/%%/g, "% ");
  }
  if (arg.bindings === "question") return text.replace(/\?\?/g, "t_").replace(/\?/g, "0");
  return text;
}

function onePerRule(findings: readonly Finding[], ruleId: string): Finding[] {
  let seen = false;
  return findings.filter((finding) => {
    if (finding.ruleId !== ruleId) return true;
    if (seen) return false;
    seen = true;
    return true;
  });
}

/** analyzeSql names the `BEGIN` that stands for the framework's transaction: say what really wraps it. */
function explainWrappedTransaction(finding: Finding, transaction: WrappingTransaction): Finding {
  if (finding.ruleId !== sqlRules.concurrentlyInTransaction.id) return finding;
  const statement = /^Runs `([^`]+)` inside the transaction opened at line 1:/.exec(finding.message)?.[1];
  if (statement === undefined) return finding;
  return {
    ...finding,
    message:
      `Runs \`${statement}\`, but ${transaction.wrapper}: Postgres refuses it (\`cannot run inside a transaction ` +
      `block\`) and the migration fails. Keep it in its own migration and ${transaction.optOut}.`,
  };
}
