// Classes, interfaces and their methods as the syntax tree has them, with the lines an endpoint spans.
import { descendantsOfType, endLineOf, namedChildrenOf, type SyntaxNode } from "../syntax-tree.js";

export const typeDeclarationTypes = [
  "class_declaration",
  "interface_declaration",
  "record_declaration",
] as const;

/** Every class, interface and record of the file, nested ones included. */
export function typeDeclarationsOf(root: SyntaxNode): SyntaxNode[] {
  return descendantsOfType(root, typeDeclarationTypes);
}

/** Methods declared directly in a type (not in its nested types). */
export function methodsOf(type: SyntaxNode): SyntaxNode[] {
  const body = type.childForFieldName("body");
  return body === null ? [] : namedChildrenOf(body).filter((member) => member.type === "method_declaration");
}

/** Last line of a method's header: its parameters and `throws`, without the body. */
export function headerEndLineOf(method: SyntaxNode): number {
  const body = method.childForFieldName("body");
  const beforeBody = body?.previousNamedSibling;
  return beforeBody === null || beforeBody === undefined ? endLineOf(method) : endLineOf(beforeBody);
}

export function nameOf(declaration: SyntaxNode): string {
  return declaration.childForFieldName("name")?.text ?? "";
}

/**
 * Method calls under `node` in the order their names are written: every call of a chain starts where the
 * chain does (`a.b().c()` nests `c` outermost), so tree order reads chains backwards.
 */
export function callsInSourceOrder(node: SyntaxNode): SyntaxNode[] {
  return descendantsOfType(node, "method_invocation").sort((a, b) => namePosition(a) - namePosition(b));
}

function namePosition(call: SyntaxNode): number {
  const name = call.childForFieldName("name") ?? call;
  return name.startPosition.row * 100_000 + name.startPosition.column;
}
