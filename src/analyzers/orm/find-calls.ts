// Call sites in masked migration code (see mask-source.ts): `receiver.name(arg, key=value, …)`.
import type { Range } from "./mask-source.js";

export interface Argument extends Range {
  /** Python `name=value`, Ruby `name: value` / `:name => value`; absent for a positional argument. */
  keyword?: string;
  /** The value part (the whole argument when positional), trimmed. */
  value: Range;
}

export interface CallSite {
  name: string;
  /** The dotted chain before the name (`queryInterface.sequelize`), empty for a bare call. */
  receiver: string;
  /** True when the chain continues a previous call: `knex.schema.table(…).alterTable(`. */
  chained: boolean;
  /** Offset of the receiver chain (or of the name when there is none). */
  start: number;
  open: number;
  /** Offset of the closing parenthesis (the end of the code when it is missing). */
  close: number;
  args: Argument[];
}

export type KeywordSyntax = "python" | "ruby" | "none";

const OPENERS = "([{";
const CLOSERS = ")]}";

/** Every call of a function whose name `accepts`, in source order. */
export function findCalls(
  code: string,
  accepts: (name: string) => boolean,
  keywords: KeywordSyntax,
): CallSite[] {
  const calls: CallSite[] = [];
  for (const match of code.matchAll(/([A-Za-z_$][\w$]*)\s*\(/g)) {
    const name = match[1] ?? "";
    const nameStart = match.index;
    if (!accepts(name) || /[\w$]/.test(code[nameStart - 1] ?? "")) continue;
    const open = nameStart + match[0].length - 1;
    const close = matchingClose(code, open);
    const { receiver, start, chained } = receiverOf(code, nameStart);
    calls.push({
      name,
      receiver,
      chained,
      start,
      open,
      close,
      args: splitArguments(code, open + 1, close, keywords),
    });
  }
  return calls;
}

/** Offset of the bracket closing the one at `open` (the end of the code when unbalanced). */
export function matchingClose(code: string, open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    const c = code[i] ?? "";
    if (OPENERS.includes(c)) depth++;
    else if (CLOSERS.includes(c)) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return code.length;
}

/** Comma-separated parts of `code[start, end)` at bracket depth 0, trimmed, empty parts dropped. */
export function splitTopLevel(code: string, start: number, end: number): Range[] {
  const parts: Range[] = [];
  let depth = 0;
  let from = start;
  const push = (to: number) => {
    const range = trim(code, from, to);
    if (range.end > range.start) parts.push(range);
  };
  for (let i = start; i < end; i++) {
    const c = code[i] ?? "";
    if (OPENERS.includes(c)) depth++;
    else if (CLOSERS.includes(c)) depth--;
    else if (c === "," && depth === 0) {
      push(i);
      from = i + 1;
    }
  }
  push(end);
  return parts;
}

export function splitArguments(
  code: string,
  start: number,
  end: number,
  keywords: KeywordSyntax,
): Argument[] {
  return splitTopLevel(code, start, end).map((part) => {
    const text = code.slice(part.start, part.end);
    const keyword =
      keywords === "python"
        ? /^([A-Za-z_]\w*)\s*=(?!=)\s*/.exec(text)
        : keywords === "ruby"
          ? (/^([A-Za-z_]\w*[?!]?):(?!:)\s*/.exec(text) ?? /^:([A-Za-z_]\w*)\s*=>\s*/.exec(text))
          : null;
    if (keyword === null) return { ...part, value: part };
    return {
      ...part,
      keyword: keyword[1] ?? "",
      value: { start: part.start + keyword[0].length, end: part.end },
    };
  });
}

/** `key: value` entries of a JavaScript object literal `{ … }` at `range` (quoted keys and shorthands too). */
export function objectEntries(code: string, source: string, range: Range): Map<string, Range> {
  const entries = new Map<string, Range>();
  const open = code.indexOf("{", range.start);
  if (open < 0 || open >= range.end || code.slice(range.start, open).trim() !== "") return entries;
  const close = matchingClose(code, open);
  for (const part of splitTopLevel(code, open + 1, Math.min(close, range.end))) {
    const text = code.slice(part.start, part.end);
    const keyed = /^(?:([A-Za-z_$][\w$]*)|(['"])_*\2)\s*:\s*/.exec(text);
    if (keyed !== null) {
      // A quoted key is masked in `code`; read its name from the source.
      const key = keyed[1] ?? source.slice(part.start + 1, part.start + keyed[0].indexOf(keyed[2] ?? "", 1));
      entries.set(key, { start: part.start + keyed[0].length, end: part.end });
    } else if (/^[A-Za-z_$][\w$]*$/.test(text)) {
      entries.set(text, part);
    }
  }
  return entries;
}

export function argument(call: CallSite, position: number, keyword?: string): Range | undefined {
  if (keyword !== undefined) {
    const named = call.args.find((arg) => arg.keyword === keyword);
    if (named !== undefined) return named.value;
  }
  const positional = call.args.filter((arg) => arg.keyword === undefined);
  return positional[position]?.value;
}

function trim(code: string, start: number, end: number): Range {
  let from = start;
  let to = end;
  while (from < to && /\s/.test(code[from] ?? "")) from++;
  while (to > from && /\s/.test(code[to - 1] ?? "")) to--;
  return { start: from, end: to };
}

function receiverOf(code: string, nameStart: number): { receiver: string; start: number; chained: boolean } {
  let i = nameStart;
  const parts: string[] = [];
  for (;;) {
    let j = i - 1;
    while (j >= 0 && /\s/.test(code[j] ?? "")) j--;
    if (code[j] !== ".") break;
    j--;
    if (code[j] === "?") j--; // optional chaining
    while (j >= 0 && /\s/.test(code[j] ?? "")) j--;
    let k = j;
    while (k >= 0 && /[\w$]/.test(code[k] ?? "")) k--;
    if (k === j) return { receiver: parts.join("."), start: i, chained: true };
    parts.unshift(code.slice(k + 1, j + 1));
    i = k + 1;
  }
  return { receiver: parts.join("."), start: i, chained: false };
}
