// String values in Java source: literals, `static final String` constants of the same file, and `+`
// concatenations of those. Anything else (a constant from another class, a method call) is unknown.
import { descendantsOfType, type SyntaxNode, stringValue } from "../syntax-tree.js";
import { codeChildrenOf, elementsOf, hasModifier, simpleName } from "./annotations.js";

export type StringConstants = ReadonlyMap<string, string>;

/**
 * `static final String BASE = "/api";` declared anywhere in the file, by simple name (`BASE`) and by
 * owner (`ApiPaths.BASE`); constants may refer to each other, two levels deep.
 */
export function stringConstantsOf(root: SyntaxNode): StringConstants {
  const declared: Array<{ names: string[]; value: SyntaxNode }> = [];
  for (const field of descendantsOfType(root, ["field_declaration", "constant_declaration"])) {
    const isConstant =
      field.type === "constant_declaration" || (hasModifier(field, "static") && hasModifier(field, "final"));
    if (!isConstant || field.childForFieldName("type")?.text !== "String") continue;
    const owner = field.parent?.parent?.childForFieldName("name")?.text;
    for (const declarator of field.childrenForFieldName("declarator")) {
      const name = declarator?.childForFieldName("name")?.text;
      const value = declarator?.childForFieldName("value");
      if (name === undefined || value === null || value === undefined) continue;
      declared.push({ names: owner === undefined ? [name] : [name, `${owner}.${name}`], value });
    }
  }
  const constants = new Map<string, string>();
  for (let pass = 0; pass < 2; pass++) {
    for (const { names, value } of declared) {
      const resolved = javaString(value, constants);
      if (resolved !== undefined) for (const name of names) constants.set(name, resolved);
    }
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
      // Only `Owner.NAME` of a class declared in this file: another file's constant is unknown here.
      return constants.get(
        `${simpleName(node.childForFieldName("object")?.text ?? "")}.${node.childForFieldName("field")?.text ?? ""}`,
      );
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
