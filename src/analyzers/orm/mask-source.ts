// Blanks comments and string contents out of migration source code, so that DSL calls can be found with
// plain pattern matching without being fooled by a `drop_table` inside a comment or a string, and keeps
// every string literal's position so its text (SQL, table names) can be read back on the original lines.

export type SourceLanguage = "javascript" | "python" | "ruby";

export interface Range {
  start: number;
  end: number;
}

export interface StringLiteral {
  /** Offset of the literal's first character in code: prefix, quote or heredoc opener (`<<~SQL`). */
  start: number;
  /** Offset just past the literal in code: past the closing quote, or past the heredoc opener. */
  end: number;
  /** The literal's content in the source (for a heredoc, its body lines). */
  body: Range;
  /** `backslash`: `\x` escapes apply; `quote`: only `\\` and `\'` (Ruby single quotes); `none`: raw. */
  escapes: "backslash" | "quote" | "none";
  /** `${…}`, `#{…}` or f-string `{…}` parts of the body: code, not text. */
  interpolations: Range[];
}

export interface MaskedSource {
  source: string;
  /**
   * Same length and lines as `source`: comments become spaces and string contents become `_`, quotes stay.
   * Brackets, commas and names that remain are code.
   */
  code: string;
  /** Every string literal, in source order. */
  literals: StringLiteral[];
}

const BODY_FILLER = "_";

/** Never throws: an unterminated string or comment simply runs to the end of its line or of the file. */
export function maskSource(source: string, language: SourceLanguage): MaskedSource {
  const scanner = new Scanner(source);
  if (language === "javascript") scanner.scanJavaScript(0, false);
  else if (language === "python") scanner.scanPython();
  else scanner.scanRuby();
  scanner.literals.sort((a, b) => a.start - b.start);
  return { source, code: scanner.code.join(""), literals: scanner.literals };
}

/** The literal that starts exactly at `offset`, if any. */
export function literalAt(masked: MaskedSource, offset: number): StringLiteral | undefined {
  let low = 0;
  let high = masked.literals.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const literal = masked.literals[mid];
    if (literal === undefined) return undefined;
    if (literal.start === offset) return literal;
    if (literal.start < offset) low = mid + 1;
    else high = mid - 1;
  }
  return undefined;
}

/**
 * The literal's text with the same length and line breaks as its body: escapes become the character they
 * stand for padded with spaces (`\n` becomes blanks, so lines never shift), and interpolations become an
 * identifier-like placeholder (`${table}` → `t_______`) so the SQL around them still parses.
 */
export function literalText(masked: MaskedSource, literal: StringLiteral): string {
  const { source } = masked;
  const chars = source.slice(literal.body.start, literal.body.end).split("");
  for (const part of literal.interpolations) {
    let first = true;
    for (let i = part.start; i < part.end; i++) {
      const index = i - literal.body.start;
      if (chars[index] === undefined || chars[index] === "\n") continue;
      chars[index] = first ? "t" : "_";
      first = false;
    }
  }
  if (literal.escapes === "none") return chars.join("");
  const inInterpolation = (index: number) =>
    literal.interpolations.some(
      (part) => index >= part.start - literal.body.start && index < part.end - literal.body.start,
    );
  for (let i = 0; i < chars.length - 1; i++) {
    if (chars[i] !== "\\" || inInterpolation(i)) continue;
    const next = chars[i + 1] ?? "";
    if (literal.escapes === "quote" && next !== "\\" && next !== "'") continue;
    if (next === "\n") {
      // A line continuation: the value has no break here, but the line must stay where it is.
      chars[i] = " ";
    } else {
      chars[i] = "nrtv0fb".includes(next) ? " " : next;
      chars[i + 1] = " ";
    }
    i++;
  }
  return chars.join("");
}

/** The value of a literal used as a name (`"users"`, `:users`): undefined when it interpolates anything. */
export function literalValue(masked: MaskedSource, literal: StringLiteral): string | undefined {
  if (literal.interpolations.length > 0) return undefined;
  return literalText(masked, literal).replace(/ +$/, "");
}

/** The value of the plain string literal that is exactly the argument at `range`, else undefined. */
export function nameAt(masked: MaskedSource, range: Range | undefined): string | undefined {
  if (range === undefined) return undefined;
  const literal = literalAt(masked, range.start);
  return literal !== undefined && literal.end === range.end ? literalValue(masked, literal) : undefined;
}

class Scanner {
  readonly code: string[];
  readonly literals: StringLiteral[] = [];

  constructor(readonly source: string) {
    this.code = source.split("");
  }

  private blank(start: number, end: number, filler: string): void {
    for (let i = start; i < end && i < this.code.length; i++) {
      if (this.source[i] !== "\n" && this.source[i] !== "\r") this.code[i] = filler;
    }
  }

  private endOfLine(from: number): number {
    const newline = this.source.indexOf("\n", from);
    return newline < 0 ? this.source.length : newline;
  }

  private addLiteral(literal: StringLiteral): void {
    this.literals.push(literal);
    this.blank(literal.body.start, literal.body.end, BODY_FILLER);
  }

  /** A `'…'` or `"…"` string (JavaScript's end at the line break); returns the offset past it. */
  private quoted(open: number, quote: string, escapes: StringLiteral["escapes"], multiline: boolean): number {
    const s = this.source;
    const start = open;
    let i = open + 1;
    while (i < s.length && s[i] !== quote && (multiline || s[i] !== "\n"))
      i += s[i] === "\\" && escapes !== "none" ? 2 : 1;
    const close = Math.min(i, s.length);
    this.addLiteral({
      start,
      end: s[close] === quote ? close + 1 : close,
      body: { start: open + 1, end: close },
      escapes,
      interpolations: [],
    });
    return s[close] === quote ? close + 1 : close;
  }

  // JavaScript / TypeScript ------------------------------------------------------------------------

  /** Scans code from `from`; inside an interpolation, returns the offset of the `}` that closes it. */
  scanJavaScript(from: number, inInterpolation: boolean): number {
    const s = this.source;
    let depth = 0;
    let last = "";
    let lastWord = "";
    let i = from;
    while (i < s.length) {
      const c = s[i] ?? "";
      const next = s[i + 1] ?? "";
      if (c === "/" && next === "/") {
        const end = this.endOfLine(i);
        this.blank(i, end, " ");
        i = end;
        continue;
      }
      if (c === "/" && next === "*") {
        const close = s.indexOf("*/", i + 2);
        const end = close < 0 ? s.length : close + 2;
        this.blank(i, end, " ");
        i = end;
        continue;
      }
      if (c === "'" || c === '"') {
        i = this.quoted(i, c, "backslash", false);
        last = "a";
        continue;
      }
      if (c === "`") {
        i = this.template(i);
        last = "a";
        continue;
      }
      if (c === "/" && regexMayStart(last, lastWord)) {
        i = this.skipRegex(i);
        last = "a";
        continue;
      }
      if (c === "{") depth++;
      if (c === "}") {
        if (depth === 0 && inInterpolation) return i;
        depth--;
      }
      if (/\s/.test(c)) {
        i++;
        continue;
      }
      if (/[\w$]/.test(c)) {
        let end = i;
        while (end < s.length && /[\w$]/.test(s[end] ?? "")) end++;
        lastWord = s.slice(i, end);
        last = "a";
        i = end;
        continue;
      }
      last = c;
      lastWord = "";
      i++;
    }
    return i;
  }

  private template(open: number): number {
    const s = this.source;
    const interpolations: Range[] = [];
    let i = open + 1;
    while (i < s.length && s[i] !== "`") {
      if (s[i] === "\\") {
        i += 2;
        continue;
      }
      if (s[i] === "$" && s[i + 1] === "{") {
        const close = this.scanJavaScript(i + 2, true);
        interpolations.push({ start: i, end: Math.min(close + 1, s.length) });
        i = close + 1;
        continue;
      }
      i++;
    }
    const close = Math.min(i, s.length);
    this.addLiteral({
      start: open,
      end: Math.min(close + 1, s.length),
      body: { start: open + 1, end: close },
      escapes: "backslash",
      interpolations,
    });
    return close + 1;
  }

  private skipRegex(open: number): number {
    const s = this.source;
    let i = open + 1;
    let inClass = false;
    while (i < s.length && s[i] !== "\n") {
      const c = s[i];
      if (c === "\\") i++;
      else if (c === "[") inClass = true;
      else if (c === "]") inClass = false;
      else if (c === "/" && !inClass) break;
      i++;
    }
    if (s[i] !== "/") return open + 1; // not a regex after all: a lone division sign
    this.blank(open + 1, i, BODY_FILLER);
    i++;
    while (i < s.length && /[a-z]/.test(s[i] ?? "")) i++;
    return i;
  }

  // Python -----------------------------------------------------------------------------------------

  scanPython(): void {
    const s = this.source;
    let i = 0;
    while (i < s.length) {
      const c = s[i] ?? "";
      if (c === "#") {
        const end = this.endOfLine(i);
        this.blank(i, end, " ");
        i = end;
        continue;
      }
      if (c === "'" || c === '"') {
        i = this.pythonString(i, i, "");
        continue;
      }
      // A string prefix (r, b, f, u, rb, fr…) glued to its quote, not the end of a longer name.
      const prefix = "rRbBuUfF".includes(c) ? /^[rRbBuUfF]{1,2}(?=['"])/.exec(s.slice(i, i + 3)) : null;
      if (prefix !== null && !/[\w]/.test(s[i - 1] ?? "")) {
        const quote = i + prefix[0].length;
        i = this.pythonString(quote, i, prefix[0].toLowerCase());
        continue;
      }
      i++;
    }
  }

  private pythonString(open: number, start: number, prefix: string): number {
    const s = this.source;
    const quote = s[open] ?? '"';
    const triple = s.startsWith(quote.repeat(3), open);
    const delimiter = triple ? quote.repeat(3) : quote;
    const raw = prefix.includes("r");
    const formatted = prefix.includes("f");
    const bodyStart = open + delimiter.length;
    const interpolations: Range[] = [];
    let i = bodyStart;
    while (i < s.length) {
      if (s[i] === "\\") {
        i += 2;
        continue;
      }
      if (!triple && s[i] === "\n") break;
      if (s.startsWith(delimiter, i)) break;
      if (formatted && s[i] === "{") {
        if (s[i + 1] === "{") {
          i += 2;
          continue;
        }
        const close = closingBrace(s, i);
        interpolations.push({ start: i, end: close });
        i = close;
        continue;
      }
      i++;
    }
    const bodyEnd = Math.min(i, s.length);
    const terminated = s.startsWith(delimiter, bodyEnd);
    const end = terminated ? bodyEnd + delimiter.length : bodyEnd;
    this.addLiteral({
      start,
      end,
      body: { start: bodyStart, end: bodyEnd },
      escapes: raw ? "none" : "backslash",
      interpolations,
    });
    return end;
  }

  // Ruby -------------------------------------------------------------------------------------------

  scanRuby(): void {
    const s = this.source;
    const pendingHeredocs: Array<{
      start: number;
      end: number;
      tag: string;
      squiggly: boolean;
      raw: boolean;
    }> = [];
    let i = 0;
    while (i < s.length) {
      const c = s[i] ?? "";
      if (c === "\n") {
        i++;
        // Heredoc bodies start on the line after their opener, in the order the openers appeared.
        for (const heredoc of pendingHeredocs.splice(0)) i = this.heredocBody(heredoc, i);
        continue;
      }
      if (c === "=" && (i === 0 || s[i - 1] === "\n") && s.startsWith("=begin", i)) {
        const close = s.indexOf("\n=end", i);
        const end = close < 0 ? s.length : this.endOfLine(close + 1);
        this.blank(i, end, " ");
        i = end;
        continue;
      }
      if (c === "#") {
        const end = this.endOfLine(i);
        this.blank(i, end, " ");
        i = end;
        continue;
      }
      if (c === "'") {
        i = this.quoted(i, "'", "quote", true);
        continue;
      }
      if (c === '"' || c === "`") {
        i = this.rubyDelimited(i, i + 1, c, c, true);
        continue;
      }
      const percent = c === "%" ? /^%([qQwWiI]?)([^\w\s])/.exec(s.slice(i, i + 3)) : null;
      if (percent !== null && !/[\w)\]]\s*$/.test(s.slice(Math.max(0, i - 2), i))) {
        const kind = percent[1] ?? "";
        const openDelimiter = percent[2] ?? "(";
        const closeDelimiter = pairs[openDelimiter] ?? openDelimiter;
        const open = i + 1 + kind.length;
        const raw = kind === "q" || kind === "w" || kind === "i";
        i = this.rubyDelimited(i, open + 1, openDelimiter, closeDelimiter, !raw);
        continue;
      }
      const heredoc =
        c === "<" && s[i + 1] === "<" ? /^<<([~-]?)(['"]?)([A-Za-z_]\w*)\2/.exec(s.slice(i, i + 64)) : null;
      if (heredoc !== null && (heredoc[1] !== "" || /^[A-Z_]/.test(heredoc[3] ?? ""))) {
        const end = i + heredoc[0].length;
        pendingHeredocs.push({
          start: i,
          end,
          tag: heredoc[3] ?? "",
          squiggly: heredoc[1] !== "",
          raw: heredoc[2] === "'",
        });
        i = end;
        continue;
      }
      i++;
    }
  }

  /**
   * A literal whose body starts at `bodyStart` and runs to the unescaped `closeDelimiter`; bracket delimiters
   * nest. `"…"`, `` `…` `` and `%Q(…)` interpolate `#{…}`; `%q(…)`, `%w(…)` and `%i(…)` do not.
   */
  private rubyDelimited(
    start: number,
    bodyStart: number,
    openDelimiter: string,
    closeDelimiter: string,
    interpolates: boolean,
  ): number {
    const s = this.source;
    const interpolations: Range[] = [];
    let depth = 0;
    let i = bodyStart;
    while (i < s.length) {
      const c = s[i];
      if (c === "\\") {
        i += 2;
        continue;
      }
      if (interpolates && c === "#" && s[i + 1] === "{") {
        const close = closingBrace(s, i + 1);
        interpolations.push({ start: i, end: close });
        i = close;
        continue;
      }
      if (c === closeDelimiter && depth === 0) break;
      if (openDelimiter !== closeDelimiter && c === openDelimiter) depth++;
      if (openDelimiter !== closeDelimiter && c === closeDelimiter) depth--;
      i++;
    }
    const bodyEnd = Math.min(i, s.length);
    const end = Math.min(bodyEnd + 1, s.length);
    this.addLiteral({
      start,
      end,
      body: { start: bodyStart, end: bodyEnd },
      escapes: interpolates ? "backslash" : "quote",
      interpolations,
    });
    return end;
  }

  /** Consumes a heredoc body starting at `from` (a line start); returns the offset past its terminator line. */
  private heredocBody(
    heredoc: { start: number; end: number; tag: string; squiggly: boolean; raw: boolean },
    from: number,
  ): number {
    const s = this.source;
    let lineStart = from;
    while (lineStart < s.length) {
      const lineEnd = this.endOfLine(lineStart);
      const line = s.slice(lineStart, lineEnd).replace(/\r$/, "");
      if ((heredoc.squiggly ? line.trim() : line) === heredoc.tag) {
        this.addHeredoc(heredoc, from, lineStart);
        return Math.min(lineEnd + 1, s.length);
      }
      lineStart = lineEnd + 1;
    }
    this.addHeredoc(heredoc, from, s.length);
    return s.length;
  }

  private addHeredoc(
    heredoc: { start: number; end: number; raw: boolean },
    bodyStart: number,
    terminatorLine: number,
  ): void {
    const s = this.source;
    const interpolations: Range[] = [];
    if (!heredoc.raw) {
      for (let i = bodyStart; i < terminatorLine; i++) {
        if (s[i] === "\\") i++;
        else if (s[i] === "#" && s[i + 1] === "{") {
          const close = Math.min(closingBrace(s, i + 1), terminatorLine);
          interpolations.push({ start: i, end: close });
          i = close - 1;
        }
      }
    }
    this.addLiteral({
      start: heredoc.start,
      end: heredoc.end,
      body: { start: bodyStart, end: terminatorLine },
      escapes: heredoc.raw ? "none" : "backslash",
      interpolations,
    });
    // The terminator line is part of the literal, not code.
    this.blank(terminatorLine, this.endOfLine(terminatorLine), " ");
  }
}

const pairs: Record<string, string> = { "(": ")", "[": "]", "{": "}", "<": ">" };

/** Offset past the `}` matching the `{` at `open` (brace counting; good enough inside interpolations). */
function closingBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === "{") depth++;
    else if (s[i] === "}") {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return s.length;
}

/** A `/` starts a regular expression where an operand is expected (after an operator, `(`, `,`, `return`…). */
function regexMayStart(last: string, lastWord: string): boolean {
  if (last === "") return true;
  if (last === "a")
    return /^(return|typeof|case|do|else|in|of|new|delete|void|throw|yield|await)$/.test(lastWord);
  return "(,=:[!&|?{};+-*%<>~^".includes(last);
}
