// Small readers over JavaScript/TypeScript syntax trees shared by the route, guard and shape extractors.
import { namedChildrenOf, type SyntaxNode, stringValue } from "../syntax-tree.js";

const functionTypes = new Set([
  "arrow_function",
  "function_expression",
  "function",
  "function_declaration",
  "generator_function",
  "generator_function_declaration",
  "method_definition",
]);

/** Whether a node is a function of any form (declaration, expression, arrow, method). */
export function isFunction(node: SyntaxNode): boolean {
  return functionTypes.has(node.type);
}

/** Strips `await`, parentheses, `as`/`satisfies`/`!` wrappers: `(await x) as T` → `x`. */
export function unwrapExpression(node: SyntaxNode): SyntaxNode {
  let current = node;
  for (;;) {
    const inner = wrappedExpression(current);
    if (inner === undefined) return current;
    current = inner;
  }
}

function wrappedExpression(node: SyntaxNode): SyntaxNode | undefined {
  switch (node.type) {
    case "parenthesized_expression":
    case "await_expression":
    case "as_expression":
    case "satisfies_expression":
    case "non_null_expression":
    case "type_assertion":
      return namedChildrenOf(node).find((child) => !child.type.includes("type")) ?? undefined;
    default:
      return undefined;
  }
}

/** The argument nodes of a call or `new` expression (no comments). */
export function argumentsOf(call: SyntaxNode): SyntaxNode[] {
  const args = call.childForFieldName("arguments");
  if (args === null || args.type !== "arguments") return [];
  return namedChildrenOf(args).filter((arg) => arg.type !== "comment");
}

/** For `a.b.c(...)`: the member `a.b.c`; for `f(...)`: the identifier `f`. */
export function calleeOf(call: SyntaxNode): SyntaxNode | undefined {
  return call.childForFieldName("function") ?? call.childForFieldName("constructor") ?? undefined;
}

/** The last name of a callee: `passport.authenticate` → `authenticate`, `auth` → `auth`. */
export function calleeName(call: SyntaxNode): string | undefined {
  const callee = calleeOf(call);
  if (callee === undefined) return undefined;
  if (callee.type === "identifier") return callee.text;
  if (callee.type === "member_expression") return callee.childForFieldName("property")?.text;
  return undefined;
}

/** `x.method(...)`: the receiver `x` and `method`; undefined when the callee is not a member access. */
export function memberCall(call: SyntaxNode): { receiver: SyntaxNode; method: string } | undefined {
  if (call.type !== "call_expression") return undefined;
  const callee = calleeOf(call);
  if (callee?.type !== "member_expression") return undefined;
  const receiver = callee.childForFieldName("object");
  const property = callee.childForFieldName("property");
  if (receiver === null || property === null) return undefined;
  return { receiver, method: property.text };
}

/** A plain string literal's value (no interpolation). */
export function literalString(node: SyntaxNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (node.type !== "string" && node.type !== "template_string") return undefined;
  return stringValue(node);
}

/** A number literal as an integer, or undefined. */
export function literalInteger(node: SyntaxNode | null | undefined): number | undefined {
  if (node === null || node === undefined || node.type !== "number") return undefined;
  const value = Number(node.text);
  return Number.isInteger(value) ? value : undefined;
}

/** The name an object key is written with: `a`, `"a"`, `1`; undefined for computed keys. */
export function propertyKeyName(key: SyntaxNode | null): string | undefined {
  if (key === null) return undefined;
  if (key.type === "property_identifier" || key.type === "private_property_identifier") return key.text;
  if (key.type === "string") return stringValue(key);
  if (key.type === "number") return key.text;
  return undefined;
}

/** The value of `key: value` in an object literal, if the literal has that key. */
export function objectProperty(object: SyntaxNode, name: string): SyntaxNode | undefined {
  for (const child of namedChildrenOf(object)) {
    if (child.type === "pair" && propertyKeyName(child.childForFieldName("key")) === name) {
      return child.childForFieldName("value") ?? undefined;
    }
    if (child.type === "shorthand_property_identifier" && child.text === name) return child;
  }
  return undefined;
}

/** Top-level `const|let|var name = value` declarations (exported or not), by name. */
export function topLevelDeclarations(root: SyntaxNode): Map<string, SyntaxNode> {
  const declarations = new Map<string, SyntaxNode>();
  for (const statement of namedChildrenOf(root)) {
    const declaration = statement.type === "export_statement" ? exportedDeclaration(statement) : statement;
    if (declaration === undefined) continue;
    if (declaration.type === "lexical_declaration" || declaration.type === "variable_declaration") {
      for (const declarator of namedChildrenOf(declaration)) {
        const name = declarator.childForFieldName("name");
        if (declarator.type === "variable_declarator" && name?.type === "identifier") {
          declarations.set(name.text, declarator);
        }
      }
    }
    if (declaration.type === "function_declaration") {
      const name = declaration.childForFieldName("name");
      if (name !== null) declarations.set(name.text, declaration);
    }
  }
  return declarations;
}

/** The declaration an `export …` statement wraps, if any. */
export function exportedDeclaration(statement: SyntaxNode): SyntaxNode | undefined {
  return statement.childForFieldName("declaration") ?? undefined;
}

/** Walks `node`'s subtree without descending into nested functions (the node itself may be one). */
export function ownDescendants(node: SyntaxNode, visit: (found: SyntaxNode) => void): void {
  for (const child of namedChildrenOf(node)) {
    visit(child);
    if (!isFunction(child)) ownDescendants(child, visit);
  }
}

/** The function a name refers to in this file (`function f() {}` or `const f = () => …`), if any. */
export function localFunction(declarations: Map<string, SyntaxNode>, name: string): SyntaxNode | undefined {
  const declaration = declarations.get(name);
  if (declaration === undefined) return undefined;
  if (isFunction(declaration)) return declaration;
  const value = declaration.childForFieldName("value");
  if (value === null) return undefined;
  const unwrapped = unwrapExpression(value);
  return isFunction(unwrapped) ? unwrapped : undefined;
}

/** Module specifiers imported or required in the file. */
export function importedModules(root: SyntaxNode): Set<string> {
  const modules = new Set<string>();
  for (const statement of namedChildrenOf(root)) {
    if (statement.type === "import_statement") {
      const source = literalString(statement.childForFieldName("source") ?? undefined);
      if (source !== undefined) modules.add(source);
    }
  }
  for (const call of root.descendantsOfType("call_expression")) {
    if (call === null || calleeOf(call)?.text !== "require") continue;
    const source = literalString(argumentsOf(call)[0]);
    if (source !== undefined) modules.add(source);
  }
  return modules;
}
