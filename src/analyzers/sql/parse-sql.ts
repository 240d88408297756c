// Parses a Postgres migration with the real Postgres parser (libpg-query) and maps each statement to its lines.
import { loadModule, type Node, type ParseResult, parseSync } from "libpg-query";
import { errorMessage } from "../../domain/error-message.js";

export interface SqlStatement {
  /** The statement's AST node: a one-key object such as `{ AlterTableStmt: … }`. */
  node: Node;
  /** 1-based line of the statement's first real SQL text (leading whitespace and comments skipped). */
  startLine: number;
  /** 1-based line of its last real SQL text (trailing comments and the `;` excluded). */
  endLine: number;
}

export interface SqlSyntaxError {
  /** Postgres' own message, e.g. `syntax error at or near "TABL"`. */
  message: string;
  /** 1-based line of the error; absent when the parser gave no position. */
  line?: number;
}

export type ParsedSql = { ok: true; statements: SqlStatement[] } | { ok: false; error: SqlSyntaxError };

let parserLoaded: Promise<void> | undefined;

/** Parses `sql`; a syntax error is returned as a value, never thrown. */
export async function parseSql(sql: string): Promise<ParsedSql> {
  // The WASM module is loaded once per process; later calls only parse.
  parserLoaded ??= loadModule();
  await parserLoaded;
  // Postgres' lexer rejects a UTF-8 byte-order mark; it sits on line 1, so dropping it shifts no line number.
  const source = sql.startsWith("\uFEFF") ? sql.slice(1) : sql;
  if (source.trim() === "") return { ok: true, statements: [] };
  let result: ParseResult;
  try {
    result = parseSync(source);
  } catch (error) {
    return { ok: false, error: syntaxErrorOf(error, source) };
  }
  // libpg-query reports statement positions as UTF-8 byte offsets, so line mapping works on the bytes.
  const bytes = Buffer.from(source, "utf8");
  const lineStarts = lineStartsOf(bytes);
  const statements: SqlStatement[] = [];
  for (const raw of result.stmts ?? []) {
    if (raw.stmt === undefined) continue;
    // Protobuf omits zeros: no location means offset 0, no length means "to the end of the input".
    const from = raw.stmt_location ?? 0;
    const to = raw.stmt_len ? from + raw.stmt_len : bytes.length;
    const span = realTextSpan(bytes, from, Math.min(to, bytes.length));
    if (span === undefined) continue;
    statements.push({
      node: raw.stmt,
      startLine: lineAt(lineStarts, span.start),
      endLine: lineAt(lineStarts, span.end - 1),
    });
  }
  return { ok: true, statements };
}

function syntaxErrorOf(error: unknown, source: string): SqlSyntaxError {
  const message = errorMessage(error);
  const cursor = cursorPositionOf(error);
  return cursor === undefined ? { message } : { message, line: lineAtCodePoint(source, cursor) };
}

function cursorPositionOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null || !("sqlDetails" in error)) return undefined;
  const details = error.sqlDetails;
  if (typeof details !== "object" || details === null || !("cursorPosition" in details)) return undefined;
  return typeof details.cursorPosition === "number" ? details.cursorPosition : undefined;
}

/** libpg-query's `cursorPosition` is a 0-based offset in code points (not bytes, not UTF-16 units). */
function lineAtCodePoint(source: string, cursor: number): number {
  let line = 1;
  let index = 0;
  for (const char of source) {
    if (index >= cursor) break;
    if (char === "\n") line++;
    index++;
  }
  return line;
}

function lineStartsOf(bytes: Buffer): number[] {
  const starts = [0];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === NEWLINE) starts.push(i + 1);
  return starts;
}

/** 1-based line containing byte `offset` (binary search over line starts). */
function lineAt(lineStarts: readonly number[], offset: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((lineStarts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}

const NEWLINE = 0x0a;
const SPACE = 0x20;
const DASH = 0x2d;
const SLASH = 0x2f;
const STAR = 0x2a;
const QUOTE = 0x27;
const DOUBLE_QUOTE = 0x22;
const DOLLAR = 0x24;
const BACKSLASH = 0x5c;

function isSpace(byte: number): boolean {
  return byte === SPACE || (byte >= 0x09 && byte <= 0x0d);
}

/** Letters, digits, `_`, `$` and any byte of a multi-byte UTF-8 character (Postgres identifier characters). */
function isIdentifierByte(byte: number): boolean {
  return (
    (byte >= 0x30 && byte <= 0x39) ||
    (byte >= 0x41 && byte <= 0x5a) ||
    (byte >= 0x61 && byte <= 0x7a) ||
    byte === 0x5f ||
    byte === DOLLAR ||
    byte >= 0x80
  );
}

/**
 * The byte range of real SQL text inside `[from, to)`: comments and whitespace at either end are trimmed.
 * The input already parsed, so it is lexically valid; strings, quoted identifiers and dollar quotes are
 * stepped over whole so that a `--` or `/*` inside them is not taken for a comment.
 */
function realTextSpan(bytes: Buffer, from: number, to: number): { start: number; end: number } | undefined {
  let start = -1;
  let end = -1;
  let i = from;
  while (i < to) {
    const byte = bytes[i] ?? 0;
    const next = bytes[i + 1] ?? 0;
    if (isSpace(byte)) {
      i++;
      continue;
    }
    if (byte === DASH && next === DASH) {
      while (i < to && bytes[i] !== NEWLINE) i++;
      continue;
    }
    if (byte === SLASH && next === STAR) {
      i = blockCommentEnd(bytes, i, to);
      continue;
    }
    let tokenEnd = i + 1;
    if (byte === QUOTE) tokenEnd = quotedEnd(bytes, i, to, QUOTE, allowsBackslashEscapes(bytes, i));
    else if (byte === DOUBLE_QUOTE) tokenEnd = quotedEnd(bytes, i, to, DOUBLE_QUOTE, false);
    else if (byte === DOLLAR && !isIdentifierByte(bytes[i - 1] ?? SPACE))
      tokenEnd = dollarQuotedEnd(bytes, i, to);
    if (start < 0) start = i;
    end = tokenEnd;
    i = tokenEnd;
  }
  return start < 0 ? undefined : { start, end };
}

/** Postgres block comments nest. */
function blockCommentEnd(bytes: Buffer, open: number, to: number): number {
  let depth = 0;
  let i = open;
  while (i < to) {
    if (bytes[i] === SLASH && bytes[i + 1] === STAR) {
      depth++;
      i += 2;
    } else if (bytes[i] === STAR && bytes[i + 1] === SLASH) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return to;
}

/** `E'…'` strings take backslash escapes; plain strings do not (standard_conforming_strings). */
function allowsBackslashEscapes(bytes: Buffer, quote: number): boolean {
  const prefix = bytes[quote - 1];
  return (prefix === 0x45 || prefix === 0x65) && !isIdentifierByte(bytes[quote - 2] ?? SPACE);
}

function quotedEnd(bytes: Buffer, open: number, to: number, quote: number, backslashes: boolean): number {
  let i = open + 1;
  while (i < to) {
    const byte = bytes[i];
    if (backslashes && byte === BACKSLASH) i += 2;
    else if (byte === quote && bytes[i + 1] === quote) i += 2;
    else if (byte === quote) return i + 1;
    else i++;
  }
  return to;
}

/** `$tag$ … $tag$`; a `$` that does not open a dollar quote (e.g. `$1`) is a one-byte token. */
function dollarQuotedEnd(bytes: Buffer, open: number, to: number): number {
  let i = open + 1;
  const first = bytes[i] ?? SPACE;
  if (first !== DOLLAR && (!isIdentifierByte(first) || (first >= 0x30 && first <= 0x39))) return open + 1;
  while (i < to && bytes[i] !== DOLLAR && isIdentifierByte(bytes[i] ?? SPACE)) i++;
  if (bytes[i] !== DOLLAR) return open + 1;
  const tag = bytes.subarray(open, i + 1);
  const close = bytes.subarray(0, to).indexOf(tag, i + 1);
  return close < 0 ? to : close + tag.length;
}
