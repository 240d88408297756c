// Real syntax trees for source files (tree-sitter grammars compiled to WebAssembly, so nothing native to
// build): grammars load once, lazily, on the first file that needs them; every tree is freed after use.
import { createRequire } from "node:module";
import { Language, type Node, Parser } from "web-tree-sitter";

export type SourceLanguage = "javascript" | "typescript" | "tsx" | "python" | "ruby" | "go" | "java";

export type { Node as SyntaxNode } from "web-tree-sitter";

const grammarOf: Record<SourceLanguage, string> = {
  javascript: "tree-sitter-javascript.wasm",
  typescript: "tree-sitter-typescript.wasm",
  tsx: "tree-sitter-tsx.wasm",
  python: "tree-sitter-python.wasm",
  ruby: "tree-sitter-ruby.wasm",
  go: "tree-sitter-go.wasm",
  java: "tree-sitter-java.wasm",
};

const byExtension: Record<string, SourceLanguage> = {
  js: "javascript",
  jsx: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  ts: "typescript",
  mts: "typescript",
  cts: "typescript",
  tsx: "tsx",
  py: "python",
  rb: "ruby",
  go: "go",
  java: "java",
};

/** The grammar for a path, or undefined when none of ours parses it (`.d.ts` declares no runtime routes). */
export function sourceLanguageOf(path: string): SourceLanguage | undefined {
  if (/\.d\.[mc]?ts$/i.test(path)) return undefined;
  const dot = path.lastIndexOf(".");
  return dot < 0 ? undefined : byExtension[path.slice(dot + 1).toLowerCase()];
}

/** Files larger than this are not parsed: generated bundles, not hand-written routes. */
export const maxParsedBytes = 1_000_000;
/**
 * A pathological input must not hold the review: parsing stops after 2 s plus 5 ms per kilobyte (about 7 s
 * for the largest file parsed). Scaling with size keeps a big but ordinary file, parsed while the grammar's
 * WebAssembly is still cold, from being cut off.
 */
export function parseBudgetMs(bytes: number): number {
  return 2_000 + Math.ceil(bytes / 200);
}

const require = createRequire(import.meta.url);
let runtime: Promise<void> | undefined;
const parsers = new Map<SourceLanguage, Promise<Parser>>();

function parserFor(language: SourceLanguage): Promise<Parser> {
  let parser = parsers.get(language);
  if (parser === undefined) {
    parser = (async () => {
      runtime ??= Parser.init();
      await runtime;
      const grammar = await Language.load(
        require.resolve(`@vscode/tree-sitter-wasm/wasm/${grammarOf[language]}`),
      );
      const created = new Parser();
      created.setLanguage(grammar);
      return created;
    })();
    // A failed load is retried on the next file rather than cached as a failure forever.
    parser.catch(() => parsers.delete(language));
    parsers.set(language, parser);
  }
  return parser;
}

/**
 * Parses `text` and hands the root to `read`, freeing the tree afterwards (trees live in WebAssembly
 * memory, outside the garbage collector). Syntax errors do not throw: tree-sitter recovers and marks them,
 * so a file with one broken function still yields its other routes. Throws only when parsing is cut off.
 */
export async function withSyntaxTree<T>(
  language: SourceLanguage,
  text: string,
  read: (root: Node) => T,
): Promise<T> {
  const parser = await parserFor(language);
  const budget = parseBudgetMs(text.length);
  const deadline = performance.now() + budget;
  const tree = parser.parse(text, null, { progressCallback: () => performance.now() > deadline });
  if (tree === null) throw new Error(`parsing took longer than ${(budget / 1000).toFixed(1)} s`);
  try {
    return read(tree.rootNode);
  } finally {
    tree.delete();
  }
}

/** 1-based first line of a node. */
export function lineOf(node: Node): number {
  return node.startPosition.row + 1;
}

/** 1-based last line of a node. */
export function endLineOf(node: Node): number {
  return node.endPosition.row + 1;
}

/** Every descendant (and the node itself) whose type is one of `types`, in source order. */
export function descendantsOfType(node: Node, types: string | readonly string[]): Node[] {
  return node.descendantsOfType(types as string | string[]).filter((found): found is Node => found !== null);
}

/** Named children, without the `null`s web-tree-sitter's typings allow. */
export function namedChildrenOf(node: Node): Node[] {
  return node.namedChildren.filter((child): child is Node => child !== null);
}

/**
 * The value of a string literal as written, without quotes or prefixes (`"a"`, `'a'`, `` `a` ``, `r"a"`,
 * `b'a'`, `"""a"""`, Ruby `:a` symbols); undefined for anything that is not a plain literal (an
 * interpolated template, a concatenation, a variable).
 */
export function stringValue(node: Node | null | undefined): string | undefined {
  if (node === null || node === undefined) return undefined;
  const text = node.text;
  if (node.type === "simple_symbol" && text.startsWith(":")) return text.slice(1);
  if (/\$\{|#\{/.test(text) && node.type !== "raw_string_literal") return undefined;
  const match = /^[rRbBuU]{0,2}("""|'''|"|'|`)([\s\S]*)\1$/.exec(text);
  if (match === null) return undefined;
  if (node.type === "string" && namedChildrenOf(node).some((child) => child.type === "interpolation"))
    return undefined;
  return match[2];
}

/** A one-line rendering of source for messages: whitespace collapsed, cut at `max` characters. */
export function oneLine(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
