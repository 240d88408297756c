// Reading Ruby method calls from the syntax tree: the method name, positional arguments, `key: value`
// options, symbol lists (`:a`, `[:a, :b]`, `%i[a b]`) and the statements of an attached block.
import { namedChildrenOf, type SyntaxNode, stringValue } from "../syntax-tree.js";

/** The method a `call` node invokes (`get`, `before_action`), undefined for anything else. */
export function callName(node: SyntaxNode): string | undefined {
  if (node.type !== "call") return undefined;
  return node.childForFieldName("method")?.text;
}

/** A call without a receiver: `resources :orders`, not `foo.resources`. */
export function isBareCall(node: SyntaxNode): boolean {
  return node.type === "call" && node.childForFieldName("receiver") === null;
}

function argumentNodes(call: SyntaxNode): SyntaxNode[] {
  const list = call.childForFieldName("arguments");
  return list === null ? [] : namedChildrenOf(list);
}

/** Arguments that are not `key: value` options. */
export function positionalArguments(call: SyntaxNode): SyntaxNode[] {
  return argumentNodes(call).filter(
    (argument) => argument.type !== "pair" && argument.type !== "block_argument",
  );
}

/** The `key: value` / `key => value` options of a call. */
export function optionPairs(call: SyntaxNode): SyntaxNode[] {
  return argumentNodes(call).filter((argument) => argument.type === "pair");
}

/** The literal name of a hash key: `to:`, `:to =>`, `"to" =>`. */
export function pairKey(pair: SyntaxNode): string | undefined {
  const key = pair.childForFieldName("key");
  if (key === null) return undefined;
  if (key.type === "hash_key_symbol") return key.text;
  return literalName(key);
}

/** The value of option `name` of a call (`only:` in `resources :orders, only: [:index]`). */
export function optionValue(call: SyntaxNode, name: string): SyntaxNode | undefined {
  const pair = optionPairs(call).find((candidate) => pairKey(candidate) === name);
  return pair?.childForFieldName("value") ?? undefined;
}

/** A string or symbol literal's text (`"orders"`, `:orders`, `:"orders"`), undefined for anything dynamic. */
export function literalName(node: SyntaxNode | null | undefined): string | undefined {
  if (node === null || node === undefined) return undefined;
  if (node.type === "delimited_symbol") {
    const parts = namedChildrenOf(node);
    return parts.every((part) => part.type === "string_content")
      ? parts.map((part) => part.text).join("")
      : undefined;
  }
  if (node.type === "bare_symbol" || node.type === "bare_string") {
    const parts = namedChildrenOf(node);
    return parts.every((part) => part.type === "string_content") ? node.text : undefined;
  }
  if (node.type === "simple_symbol" || node.type === "string") return stringValue(node);
  return undefined;
}

/** Names in `:a`, `"a"`, `[:a, "b"]`, `%i[a b]`, `%w[a b]`; undefined when any entry is not a literal. */
export function symbolList(node: SyntaxNode | null | undefined): string[] | undefined {
  if (node === null || node === undefined) return undefined;
  if (node.type === "array" || node.type === "symbol_array" || node.type === "string_array") {
    const names = namedChildrenOf(node).map(literalName);
    return names.every((name): name is string => name !== undefined) ? names : undefined;
  }
  const name = literalName(node);
  return name === undefined ? undefined : [name];
}

/** The statements of the block attached to a call (`do … end` or `{ … }`); empty without one. */
export function blockStatements(call: SyntaxNode): SyntaxNode[] {
  const block = call.childForFieldName("block");
  if (block === null) return [];
  const body = block.childForFieldName("body");
  return body === null ? [] : namedChildrenOf(body);
}

/**
 * The statements of a body, with those tree-sitter wrapped in an ERROR node (a syntax error nearby)
 * lifted out, so the intact declarations around a broken one are still read.
 */
export function statementsOf(nodes: readonly SyntaxNode[]): SyntaxNode[] {
  return nodes.flatMap((node) => (node.type === "ERROR" ? statementsOf(namedChildrenOf(node)) : [node]));
}
