// Where blocks and attributes sit in an HCL file. hcl2json gives values but no positions, so this scans
// the block structure itself: strings, `${…}` templates, heredocs and comments are skipped, not evaluated.
import type { LineSpan } from "../infra/line-span.js";
import { LineIndex } from "../line-index.js";

export interface HclAttribute {
  name: string;
  span: LineSpan;
  /** The expression as written, trimmed (`aws_db_instance.main`, `"public-read"`). */
  expression: string;
}

export interface HclBlock {
  /** `resource`, `lifecycle`, `ingress`, … */
  type: string;
  /** `["aws_s3_bucket", "logs"]` for `resource "aws_s3_bucket" "logs"`. */
  labels: string[];
  span: LineSpan;
  attributes: HclAttribute[];
  blocks: HclBlock[];
}

/** The top-level blocks of `text`. Never throws: text it cannot follow ends the current block. */
export function locateHclBlocks(text: string): HclBlock[] {
  const scanner = new HclScanner(text);
  return scanner.body(undefined).blocks;
}

/** The first attribute `name` of `block`, if written there (not one that came from a default). */
export function attributeOf(block: HclBlock, name: string): HclAttribute | undefined {
  return block.attributes.find((attribute) => attribute.name === name);
}

/** The `index`-th nested block of `type` (hcl2json lists repeated blocks in source order too). */
export function nestedBlockOf(block: HclBlock, type: string, index = 0): HclBlock | undefined {
  return block.blocks.filter((child) => child.type === type)[index];
}

class HclScanner {
  private pos = 0;
  private readonly lines: LineIndex;

  constructor(private readonly text: string) {
    this.lines = new LineIndex(text);
  }

  /** Reads block contents up to the closing `}` (consumed) or the end of the text. */
  body(owner: HclBlock | undefined): { attributes: HclAttribute[]; blocks: HclBlock[] } {
    const attributes: HclAttribute[] = [];
    const blocks: HclBlock[] = [];
    while (true) {
      this.skipTrivia(true);
      if (this.pos >= this.text.length) break;
      const char = this.text[this.pos];
      if (char === "}") {
        if (owner !== undefined) owner.span.end = this.lines.lineOf(this.pos);
        this.pos++;
        return { attributes, blocks };
      }
      const start = this.pos;
      const name = this.identifier();
      if (name === undefined) {
        this.skipLine();
        continue;
      }
      this.skipTrivia(false);
      if (this.text[this.pos] === "=" && this.text[this.pos + 1] !== "=") {
        this.pos++;
        const expressionStart = this.pos;
        this.expression();
        const expression = this.text.slice(expressionStart, this.pos).trim();
        attributes.push({
          name,
          span: { start: this.lines.lineOf(start), end: this.lastLine(start) },
          expression,
        });
        continue;
      }
      const block = this.blockHeader(name, start);
      if (block === undefined) {
        this.skipLine();
        continue;
      }
      const inner = this.body(block);
      block.attributes = inner.attributes;
      block.blocks = inner.blocks;
      blocks.push(block);
    }
    if (owner !== undefined) owner.span.end = this.lines.lineOf(Math.max(0, this.text.length - 1));
    return { attributes, blocks };
  }

  /** `type "label" label {` with the position after the type; consumes the `{`. */
  private blockHeader(type: string, start: number): HclBlock | undefined {
    const labels: string[] = [];
    while (this.pos < this.text.length) {
      this.skipTrivia(false);
      const char = this.text[this.pos];
      if (char === "{") {
        this.pos++;
        const line = this.lines.lineOf(start);
        return { type, labels, span: { start: line, end: line }, attributes: [], blocks: [] };
      }
      if (char === '"') {
        const labelStart = this.pos + 1;
        this.string();
        labels.push(this.text.slice(labelStart, this.pos - 1));
        continue;
      }
      const label = this.identifier();
      if (label === undefined) return undefined;
      labels.push(label);
    }
    return undefined;
  }

  /** An attribute's expression: to the end of the line, or further while brackets are open. */
  private expression(): void {
    let depth = 0;
    while (this.pos < this.text.length) {
      const char = this.text[this.pos];
      if (char === "\n" && depth === 0) return;
      if (char === '"') {
        this.string();
      } else if (char === "<" && this.text[this.pos + 1] === "<" && this.heredoc()) {
        // heredoc() moved past the closing marker
      } else if (char === "#" || (char === "/" && this.text[this.pos + 1] === "/")) {
        this.skipToLineEnd();
      } else if (char === "/" && this.text[this.pos + 1] === "*") {
        this.blockComment();
      } else if (char === "(" || char === "[" || char === "{") {
        depth++;
        this.pos++;
      } else if (char === ")" || char === "]" || char === "}") {
        // A `}` at depth 0 closes the enclosing one-line block: `lifecycle { prevent_destroy = true }`.
        if (depth === 0) return;
        depth--;
        this.pos++;
      } else {
        this.pos++;
      }
    }
  }

  /** A quoted string from its opening quote, with `${…}` and `%{…}` templates; stops at a bare newline. */
  private string(): void {
    this.pos++;
    while (this.pos < this.text.length) {
      const char = this.text[this.pos];
      if (char === "\\") {
        this.pos += 2;
      } else if (char === '"') {
        this.pos++;
        return;
      } else if (char === "\n") {
        return;
      } else if ((char === "$" || char === "%") && this.text[this.pos + 1] === "{") {
        this.pos += 2;
        this.template();
      } else {
        this.pos++;
      }
    }
  }

  /** The inside of `${ … }`, up to and including its closing brace. */
  private template(): void {
    let depth = 0;
    while (this.pos < this.text.length) {
      const char = this.text[this.pos];
      if (char === '"') {
        this.string();
        continue;
      }
      if (char === "{") depth++;
      if (char === "}") {
        if (depth === 0) {
          this.pos++;
          return;
        }
        depth--;
      }
      this.pos++;
    }
  }

  /** `<<EOF` / `<<-EOF` … `EOF`; false (nothing consumed) when `<<` is not a heredoc opener. */
  private heredoc(): boolean {
    const opener = /^<<-?([A-Za-z_][\w-]*)[ \t]*\r?\n/.exec(this.text.slice(this.pos, this.pos + 200));
    if (opener === null) return false;
    const marker = opener[1] ?? "";
    const { lines } = this;
    for (let line = lines.lineOf(this.pos) + 1; line <= lines.count; line++) {
      const start = lines.startOf(line);
      const end = line < lines.count ? lines.startOf(line + 1) : this.text.length;
      if (this.text.slice(start, end).trim() === marker) {
        this.pos = end > start && this.text[end - 1] === "\n" ? end - 1 : end;
        return true;
      }
    }
    this.pos = this.text.length;
    return true;
  }

  private identifier(): string | undefined {
    const match = /^[A-Za-z_][\w-]*/.exec(this.text.slice(this.pos, this.pos + 256));
    if (match === null) return undefined;
    this.pos += match[0].length;
    return match[0];
  }

  /** Skips spaces and comments; newlines too when `newlines`. */
  private skipTrivia(newlines: boolean): void {
    while (this.pos < this.text.length) {
      const char = this.text[this.pos];
      if (char === " " || char === "\t" || char === "\r" || (newlines && char === "\n")) {
        this.pos++;
      } else if (char === "#" || (char === "/" && this.text[this.pos + 1] === "/")) {
        this.skipToLineEnd();
      } else if (char === "/" && this.text[this.pos + 1] === "*") {
        this.blockComment();
      } else {
        return;
      }
    }
  }

  private blockComment(): void {
    const end = this.text.indexOf("*/", this.pos + 2);
    this.pos = end === -1 ? this.text.length : end + 2;
  }

  private skipToLineEnd(): void {
    const end = this.text.indexOf("\n", this.pos);
    this.pos = end === -1 ? this.text.length : end;
  }

  private skipLine(): void {
    this.skipToLineEnd();
    if (this.pos < this.text.length) this.pos++;
  }

  /** Line of the last non-blank character between `start` and the current position. */
  private lastLine(start: number): number {
    let end = this.pos - 1;
    while (end > start && /\s/.test(this.text[end] ?? "")) end--;
    return this.lines.lineOf(end);
  }
}
