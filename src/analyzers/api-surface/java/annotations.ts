// Reading Java annotations off the syntax tree: which ones a declaration carries and their arguments.
import { namedChildrenOf, type SyntaxNode } from "../syntax-tree.js";

export interface Annotation {
  /** Simple name without the package: `GetMapping` for `@org.springframework.web.bind.annotation.GetMapping`. */
  name: string;
  node: SyntaxNode;
}

const annotationTypes = new Set(["annotation", "marker_annotation"]);
const commentTypes = new Set(["line_comment", "block_comment"]);

/** Named children that are code, not comments. */
export function codeChildrenOf(node: SyntaxNode): SyntaxNode[] {
  return namedChildrenOf(node).filter((child) => !commentTypes.has(child.type));
}

/** The annotations written on a class, method, field or parameter (in its `modifiers`), in source order. */
export function annotationsOf(declaration: SyntaxNode): Annotation[] {
  const modifiers = namedChildrenOf(declaration).find((child) => child.type === "modifiers");
  if (modifiers === undefined) return [];
  return namedChildrenOf(modifiers)
    .filter((child) => annotationTypes.has(child.type))
    .map((node) => ({ name: simpleName(node.childForFieldName("name")?.text ?? ""), node }));
}

/** Whether the declaration's modifiers include a keyword such as `static` or `private`. */
export function hasModifier(declaration: SyntaxNode, keyword: string): boolean {
  const modifiers = namedChildrenOf(declaration).find((child) => child.type === "modifiers");
  return modifiers?.children.some((child) => child?.type === keyword) ?? false;
}

export function findAnnotation(
  annotations: readonly Annotation[],
  names: readonly string[],
): Annotation | undefined {
  return annotations.find((annotation) => names.includes(annotation.name));
}

/** `a.b.C` → `C`. */
export function simpleName(qualified: string): string {
  return qualified.slice(qualified.lastIndexOf(".") + 1);
}

/**
 * The value given for one of `keys` (`value`, `path`, …); a lone positional argument counts as `value`.
 * Undefined when the annotation does not set it.
 */
export function annotationArgument(annotation: Annotation, keys: readonly string[]): SyntaxNode | undefined {
  const list = annotation.node.childForFieldName("arguments");
  if (list === null) return undefined;
  for (const argument of codeChildrenOf(list)) {
    if (argument.type === "element_value_pair") {
      const key = argument.childForFieldName("key")?.text ?? "";
      if (keys.includes(key)) return argument.childForFieldName("value") ?? undefined;
    } else if (keys.includes("value")) {
      return argument;
    }
  }
  return undefined;
}

/** The elements of an annotation array value (`{A, B}`), or the value itself when it is not an array. */
export function elementsOf(value: SyntaxNode): SyntaxNode[] {
  return value.type === "element_value_array_initializer" ? codeChildrenOf(value) : [value];
}
