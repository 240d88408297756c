// Finds the line of a JSON pointer in a YAML/JSON spec (analyzers.md §2, "Inline anchors"), following local
// `$ref`s the way the dereferenced document did, so a change inside a shared schema lands where it was made.
import { type Document, isAlias, isMap, isScalar, isSeq, type LineCounter, type Node } from "yaml";

/** A parsed spec with line positions. */
export interface SpecText {
  doc: Document;
  lineCounter: LineCounter;
}

export interface LocatedPointer {
  /** Line of the element's key (or of the item, in a sequence), 1-based. */
  line: number;
  /** Last line of the element's value. */
  endLine: number;
  /** False when only an ancestor was found: `line` is then the closest existing element. */
  exact: boolean;
  /** Lines of every key and `$ref` passed on the way, outermost first (for anchoring on a changed ancestor). */
  trail: number[];
}

/** Hops through `$ref`s before giving up (a chain that loops back on itself). */
const maxRefHops = 32;

export function locatePointer(text: SpecText, segments: readonly string[]): LocatedPointer | undefined {
  const root = text.doc.contents;
  if (root === null) return undefined;
  let node: Node | null = resolveAlias(text, root);
  let found: { keyStart: number; valueEnd: number } | undefined;
  const trail: number[] = [];
  const lineOf = (offset: number) => text.lineCounter.linePos(offset).line;
  let hops = 0;
  let index = 0;
  while (index < segments.length) {
    const segment = segments[index] as string;
    const step = childOf(text, node, segment);
    if (step !== undefined) {
      found = step.site;
      trail.push(lineOf(step.site.keyStart));
      node = step.node;
      index++;
      continue;
    }
    // The dereferenced document saw the ref's target here: continue from there with the same segment.
    const ref = refTarget(text, node);
    if (ref === undefined || ++hops > maxRefHops) break;
    trail.push(lineOf(ref.refStart));
    node = ref.target;
  }
  if (found === undefined) return undefined;
  const line = lineOf(found.keyStart);
  const endLine = Math.max(line, lineOf(Math.max(found.keyStart, found.valueEnd - 1)));
  return { line, endLine, exact: index === segments.length, trail };
}

interface Step {
  node: Node | null;
  site: { keyStart: number; valueEnd: number };
}

function childOf(text: SpecText, node: Node | null, segment: string): Step | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = pair.key;
      if (!isScalar(key) || String(key.value) !== segment) continue;
      const value = isAlias(pair.value) ? resolveAlias(text, pair.value) : (pair.value as Node | null);
      const keyStart = key.range?.[0] ?? 0;
      const valueEnd = (pair.value as Node | null)?.range?.[1] ?? key.range?.[1] ?? keyStart;
      return { node: value, site: { keyStart, valueEnd } };
    }
    return undefined;
  }
  if (isSeq(node) && /^\d+$/.test(segment)) {
    const item = node.items[Number(segment)] as Node | undefined;
    if (item === undefined || item === null) return undefined;
    const start = item.range?.[0] ?? 0;
    return { node: resolveAlias(text, item), site: { keyStart: start, valueEnd: item.range?.[1] ?? start } };
  }
  return undefined;
}

function refTarget(text: SpecText, node: Node | null): { target: Node | null; refStart: number } | undefined {
  if (!isMap(node)) return undefined;
  const pair = node.items.find((item) => isScalar(item.key) && item.key.value === "$ref");
  const ref = isScalar(pair?.value) ? pair.value.value : undefined;
  if (typeof ref !== "string" || !ref.startsWith("#")) return undefined;
  let target: Node | null = resolveAlias(text, text.doc.contents);
  for (const segment of refSegments(ref)) {
    const step = childOf(text, target, segment);
    if (step === undefined) return undefined;
    target = step.node;
  }
  const refStart = (isScalar(pair?.key) ? pair.key.range?.[0] : undefined) ?? 0;
  return { target, refStart };
}

function resolveAlias(text: SpecText, node: Node | null): Node | null {
  if (!isAlias(node)) return node;
  return (node.resolve(text.doc) as Node | undefined) ?? null;
}

/** Decodes a local `#/a/b~1c` reference into its segments (RFC 6901 plus URI escapes). */
export function refSegments(ref: string): string[] {
  const body = ref.slice(1);
  if (body === "" || body === "/") return [];
  return body
    .slice(1)
    .split("/")
    .map((segment) => safeDecode(segment).replace(/~1/g, "/").replace(/~0/g, "~"));
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
