// Small readers over tree-sitter-go nodes shared by the Go extractor's parts.
import { namedChildrenOf, type SyntaxNode } from "../syntax-tree.js";

/** Arguments of a call, without comments. */
export function argumentsOf(call: SyntaxNode): SyntaxNode[] {
  const args = call.childForFieldName("arguments");
  return args === null ? [] : namedChildrenOf(args).filter((arg) => arg.type !== "comment");
}

/** For `x.Get(…)`: the receiver `x` and the method name `Get`; undefined for a plain function call. */
export function selectorCall(call: SyntaxNode): { receiver: SyntaxNode; method: string } | undefined {
  const callee = call.childForFieldName("function");
  if (callee?.type !== "selector_expression") return undefined;
  const receiver = callee.childForFieldName("operand");
  const field = callee.childForFieldName("field");
  if (receiver === null || field === null) return undefined;
  return { receiver, method: field.text };
}

/** The value of a Go string literal (`"/x"` or `` `/x` ``), undefined for anything computed. */
export function goString(node: SyntaxNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (node.type !== "interpreted_string_literal" && node.type !== "raw_string_literal") return undefined;
  const text = node.text;
  if (text.length < 2) return undefined;
  const inner = text.slice(1, -1);
  // Escapes in a route path are rare; one we cannot read is not guessed.
  if (node.type === "interpreted_string_literal" && inner.includes("\\")) return undefined;
  return inner;
}

/** The last name of an expression: `UserGet` for `api.UserGet`, `list` for `list`; undefined otherwise. */
export function lastName(node: SyntaxNode): string | undefined {
  if (node.type === "identifier" || node.type === "field_identifier") return node.text;
  if (node.type === "selector_expression") return node.childForFieldName("field")?.text;
  return undefined;
}

/** Import paths of the file (`github.com/go-chi/chi/v5`). */
export function importPathsOf(root: SyntaxNode): string[] {
  const paths: string[] = [];
  for (const declaration of namedChildrenOf(root)) {
    if (declaration.type !== "import_declaration") continue;
    for (const spec of declaration.descendantsOfType("import_spec")) {
      const value = goString(spec?.childForFieldName("path") ?? undefined);
      if (value !== undefined) paths.push(value);
    }
  }
  return paths;
}

/** Type name without pointer and package: `*pb.Server` → `Server`. */
export function baseTypeName(type: SyntaxNode | null): string | undefined {
  if (type === null) return undefined;
  if (type.type === "pointer_type") return baseTypeName(namedChildrenOf(type)[0] ?? null);
  if (type.type === "type_identifier") return type.text;
  if (type.type === "qualified_type") return type.childForFieldName("name")?.text;
  if (type.type === "generic_type") return baseTypeName(type.childForFieldName("type"));
  return undefined;
}
