// YAML (Kubernetes, Compose, Helm values, GitHub Actions) as plain values plus a way back to their lines.
import { isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseAllDocuments } from "yaml";
import { errorMessage } from "../../domain/error-message.js";
import type { LineSpan } from "./line-span.js";

export type YamlPath = ReadonlyArray<string | number>;

export interface YamlDocument {
  /** The document as plain data, with `<<` merge keys applied (Compose files rely on them). */
  value: unknown;
  /** Lines of the document itself. */
  span: LineSpan;
  /**
   * Lines of the element at `path`: a map entry from its key to the end of its value, or a sequence item.
   * Falls back to the deepest ancestor present in the source (a key that came in through a merge).
   */
  spanOf(path: YamlPath): LineSpan;
}

export type ParsedYaml =
  | { ok: true; documents: YamlDocument[] }
  | { ok: false; message: string; line?: number };

/** Parses every document of `text`; the first syntax error anywhere makes the whole file unparseable. */
export function parseYamlDocuments(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  // Lines are numbered from the end offset's last character: block collections end at the next line start.
  const toSpan = (start: number, end: number): LineSpan => ({
    start: lineAt(start),
    end: lineAt(Math.max(start, end - 1)),
  });

  const parsed = parseAllDocuments(text, { lineCounter, merge: true, prettyErrors: true });
  const documents: YamlDocument[] = [];
  for (const document of parsed) {
    const error = document.errors[0];
    if (error !== undefined) {
      const result: ParsedYaml = { ok: false, message: error.message.replace(/ at line \d+[\s\S]*$/, "") };
      const line = error.linePos?.[0].line;
      if (line !== undefined) result.line = line;
      return result;
    }
    let value: unknown;
    try {
      // Alias bombs ("billion laughs") stop at yaml's default alias budget instead of exhausting memory.
      value = document.toJS({ maxAliasCount: 100 });
    } catch (error) {
      return { ok: false, message: errorMessage(error) };
    }
    const root = document.contents;
    const rootSpan = root?.range ? toSpan(root.range[0], root.range[1]) : { start: 1, end: 1 };
    documents.push({
      value,
      span: rootSpan,
      spanOf(path) {
        let node: unknown = root;
        let span = rootSpan;
        for (const segment of path) {
          if (isAlias(node)) node = node.resolve(document);
          if (isMap(node)) {
            const pair = node.items.find(
              (item) => isScalar(item.key) && String(item.key.value) === String(segment),
            );
            if (pair === undefined || !isScalar(pair.key) || pair.key.range == null) return span;
            const valueRange = (pair.value as Node | null)?.range;
            span = toSpan(pair.key.range[0], valueRange ? valueRange[1] : pair.key.range[1]);
            node = pair.value;
          } else if (isSeq(node) && typeof segment === "number") {
            const item = node.items[segment] as Node | undefined;
            if (item?.range == null) return span;
            span = toSpan(item.range[0], item.range[1]);
            node = item;
          } else {
            return span;
          }
        }
        return span;
      },
    });
  }
  return { ok: true, documents };
}
