// Small readers over tree-sitter-python nodes shared by the framework extractors: dotted names, call
// arguments, class bases and bodies, decorators, and the literal values they hold.
import { namedChildrenOf, type SyntaxNode, stringValue } from "../syntax-tree.js";

/** `views.order_detail` for an identifier or attribute chain; undefined for anything computed. */
export function dottedName(node: SyntaxNode | null | undefined): string | undefined {
  if (node === null || node === undefined) return undefined;
  if (node.type === "identifier") return node.text;
  if (node.type === "attribute") {
    const object = dottedName(node.childForFieldName("object"));
    const attribute = node.childForFieldName("attribute")?.text;
    return object === undefined || attribute === undefined ? undefined : `${object}.${attribute}`;
  }
  return undefined;
}

/** The last segment of a dotted name: `viewsets.ModelViewSet` → `ModelViewSet`. */
export function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf(".") + 1);
}

/** The callee of a call as a dotted name (`router.register`), undefined when not a call or computed. */
export function calleeName(node: SyntaxNode): string | undefined {
  return node.type === "call" ? dottedName(node.childForFieldName("function")) : undefined;
}

/** The positional arguments of a call, in order. */
export function positionalArguments(call: SyntaxNode): SyntaxNode[] {
  const list = call.childForFieldName("arguments");
  if (list === null || list.type !== "argument_list") return [];
  return namedChildrenOf(list).filter(
    (argument) =>
      argument.type !== "keyword_argument" &&
      argument.type !== "comment" &&
      argument.type !== "list_splat" &&
      argument.type !== "dictionary_splat",
  );
}

/** The value of a keyword argument of a call (`status_code=201`), with the keyword node for its line. */
export function keywordArgument(call: SyntaxNode, keyword: string): SyntaxNode | undefined {
  const list = call.childForFieldName("arguments");
  if (list === null || list.type !== "argument_list") return undefined;
  for (const argument of namedChildrenOf(list)) {
    if (argument.type !== "keyword_argument") continue;
    if (argument.childForFieldName("name")?.text === keyword)
      return argument.childForFieldName("value") ?? undefined;
  }
  return undefined;
}

/** Elements of a list or tuple literal (parenthesised single values count as one); undefined otherwise. */
export function sequenceElements(node: SyntaxNode | null | undefined): SyntaxNode[] | undefined {
  if (node === null || node === undefined) return undefined;
  if (node.type === "list" || node.type === "tuple")
    return namedChildrenOf(node).filter((child) => child.type !== "comment");
  if (node.type === "parenthesized_expression") {
    const inner = namedChildrenOf(node).filter((child) => child.type !== "comment");
    return inner.length === 1 ? inner : undefined;
  }
  return undefined;
}

/** A string literal's value; adjacent literals (`"a" "b"`) are joined. */
export function literalString(node: SyntaxNode | null | undefined): string | undefined {
  if (node === null || node === undefined) return undefined;
  if (node.type === "concatenated_string") {
    const parts = namedChildrenOf(node).map((part) => stringValue(part));
    return parts.every((part) => part !== undefined) ? parts.join("") : undefined;
  }
  return node.type === "string" ? stringValue(node) : undefined;
}

/** Dotted names of a class's bases (`viewsets.ModelViewSet`), generics reduced to their base name. */
export function baseNames(classNode: SyntaxNode): string[] {
  const list = classNode.childForFieldName("superclasses");
  if (list === null) return [];
  const names: string[] = [];
  for (const base of namedChildrenOf(list)) {
    const target = base.type === "subscript" ? base.childForFieldName("value") : base;
    const name = dottedName(target);
    if (name !== undefined) names.push(name);
  }
  return names;
}

/** Statements of a class or function body, with decorated definitions unwrapped to keep their decorators. */
export function bodyStatements(definition: SyntaxNode): SyntaxNode[] {
  const body = definition.childForFieldName("body");
  return body === null ? [] : namedChildrenOf(body);
}

/** A simple `name = value` (or `name: T = value`) assignment written as a statement. */
export interface Assignment {
  name: string;
  value: SyntaxNode | undefined;
  type: SyntaxNode | undefined;
  node: SyntaxNode;
}

/** `name = value` statements directly in a block (class attributes, module-level assignments). */
export function assignmentsIn(statements: readonly SyntaxNode[]): Assignment[] {
  const assignments: Assignment[] = [];
  for (const statement of statements) {
    if (statement.type !== "expression_statement") continue;
    const assignment = namedChildrenOf(statement)[0];
    if (assignment === undefined || assignment.type !== "assignment") continue;
    const left = assignment.childForFieldName("left");
    if (left === null || left.type !== "identifier") continue;
    assignments.push({
      name: left.text,
      value: assignment.childForFieldName("right") ?? undefined,
      type: assignment.childForFieldName("type") ?? undefined,
      node: statement,
    });
  }
  return assignments;
}

/** Classes directly in a block (module or class body), decorated or not, with their decorators. */
export interface Definition {
  node: SyntaxNode;
  /** The decorated_definition when decorated, else the definition itself: its lines cover the decorators. */
  outer: SyntaxNode;
  decorators: SyntaxNode[];
  name: string;
}

/** Class or function definitions among `statements`, unwrapping decorators. */
export function definitionsIn(
  statements: readonly SyntaxNode[],
  type: "class_definition" | "function_definition",
): Definition[] {
  const found: Definition[] = [];
  for (const statement of statements) {
    const definition =
      statement.type === "decorated_definition" ? statement.childForFieldName("definition") : statement;
    if (definition === null || definition.type !== type) continue;
    const name = definition.childForFieldName("name")?.text;
    if (name === undefined) continue;
    const decorators =
      statement.type === "decorated_definition"
        ? namedChildrenOf(statement).filter((child) => child.type === "decorator")
        : [];
    found.push({ node: definition, outer: statement, decorators, name });
  }
  return found;
}

/** Every class definition anywhere in the file (nested ones too), with its decorators. */
export function allClasses(root: SyntaxNode): Definition[] {
  return allDefinitions(root, "class_definition");
}

/** Every function definition anywhere in the file, with its decorators. */
export function allFunctions(root: SyntaxNode): Definition[] {
  return allDefinitions(root, "function_definition");
}

function allDefinitions(root: SyntaxNode, type: "class_definition" | "function_definition"): Definition[] {
  const found: Definition[] = [];
  const visit = (node: SyntaxNode): void => {
    for (const child of namedChildrenOf(node)) {
      found.push(...definitionsIn([child], type));
      // A decorated definition's own class or function was just taken with its decorators.
      const inner = child.type === "decorated_definition" ? child.childForFieldName("definition") : child;
      if (inner !== null) visit(inner);
    }
  };
  visit(root);
  return found;
}

/** The expression of a decorator (`@app.get("/")` → the call node). */
export function decoratorExpression(decorator: SyntaxNode): SyntaxNode | undefined {
  return namedChildrenOf(decorator).find((child) => child.type !== "comment");
}

/** The dotted name a decorator applies: `app.get` for `@app.get("/")`, `login_required` for `@login_required`. */
export function decoratorName(decorator: SyntaxNode): string | undefined {
  const expression = decoratorExpression(decorator);
  if (expression === undefined) return undefined;
  return expression.type === "call" ? calleeName(expression) : dottedName(expression);
}

/** The nested `class Meta:` (or another inner class by name) of a class. */
export function innerClass(classNode: SyntaxNode, name: string): SyntaxNode | undefined {
  return definitionsIn(bodyStatements(classNode), "class_definition").find((inner) => inner.name === name)
    ?.node;
}

/** `order_add_note` → `orderAddNote`, the way graphene and strawberry name fields. */
export function camelCase(name: string): string {
  const leading = /^_*/.exec(name)?.[0] ?? "";
  return (
    leading +
    name.slice(leading.length).replace(/_+([a-zA-Z0-9])/g, (_match, letter: string) => letter.toUpperCase())
  );
}
