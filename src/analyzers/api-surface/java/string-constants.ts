// String values in Java source: literals, `static final String` constants of the same file, and `+`
// concatenations of those. Anything else (a constant from another class, a method call) is unknown.
import { descendantsOfType, type SyntaxNode, stringValue } from "../syntax-tree.js";
import { codeChildrenOf, elementsOf, hasModifier } from "./annotations.js";

export type StringConstants = ReadonlyMap<string, string>;

/** `static final String BASE = "/api";` declared anywhere in the file, by simple name. */
export function stringConstantsOf(root: SyntaxNode): StringConstants {
  const literals = new Map<string, SyntaxNode>();
  for (const field of descendantsOfType(root, ["field_declaration", "constant_declaration"])) {
    const isConstant =
      field.type === "constant_declaration" || (hasModifier(field, "static") && hasModifier(field, "final"));
    if (!isConstant || field.childForFieldName("type")?.text !== "String") continue;
    for (const declarator of field.childrenForFieldName("declarator")) {
      const name = declarator?.childForFieldName("name")?.text;
      const value = declarator?.childForFieldName("value");
      if (name !== undefined && value !== null && value !== undefined) literals.set(name, value);
    }
  }
  const constants = new Map<string, string>();
  // Constants may refer to each other; resolve with the literals only to avoid cycles.
  for (const [name, value] of literals) {
    const resolved = javaString(value, new Map());
    if (resolved !== undefined) constants.set(name, resolved);
  }
  for (const [name, value] of literals) {
    const resolved = javaString(value, constants);
    if (resolved !== undefined) constants.set(name, resolved);
  }
  return constants;
}

/** The string an expression stands for, when the file says it literally. */
export function javaString(node: SyntaxNode, constants: StringConstants): string | undefined {
  switch (node.type) {
    case "string_literal":
      return stringValue(node);
    case "identifier":
      return constants.get(node.text);
    case "field_access":
      return constants.get(node.childForFieldName("field")?.text ?? "");
    case "parenthesized_expression": {
      const inner = codeChildrenOf(node)[0];
      return inner === undefined ? undefined : javaString(inner, constants);
    }
    case "binary_expression": {
      const left = node.childForFieldName("left");
      const right = node.childForFieldName("right");
      if (node.childForFieldName("operator")?.text !== "+" || left === null || right === null)
        return undefined;
      const leftValue = javaString(left, constants);
      const rightValue = javaString(right, constants);
      return leftValue === undefined || rightValue === undefined ? undefined : leftValue + rightValue;
    }
    default:
      return undefined;
  }
}

/** Every string of an annotation value (`"/a"` or `{"/a", "/b"}`); undefined when one is not known. */
export function javaStrings(value: SyntaxNode, constants: StringConstants): string[] | undefined {
  const strings: string[] = [];
  for (const element of elementsOf(value)) {
    const text = javaString(element, constants);
    if (text === undefined) return undefined;
    strings.push(text);
  }
  return strings;
}
