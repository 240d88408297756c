// The classes of a Ruby file with their fully qualified names (`module Api; module V1; class
// OrdersController` → `Api::V1::OrdersController`), superclass and body statements. A class whose `end`
// tree-sitter could not match ends up flattened into an ERROR node; it is read back from the
// `class Name < Superclass` tokens there, so its intact methods still count.
import { namedChildrenOf, type SyntaxNode } from "../syntax-tree.js";
import { statementsOf } from "./ruby-calls.js";

export interface RubyClass {
  name: string;
  /** The superclass as written (`ActionController::API`), empty when none. */
  superclass: string;
  node: SyntaxNode;
  /** Body statements in order, with those inside ERROR nodes lifted out. */
  statements: SyntaxNode[];
}

export function classesOf(root: SyntaxNode): RubyClass[] {
  return classesAmong([root], "");
}

function classesIn(node: SyntaxNode, namespace: string): RubyClass[] {
  return classesAmong(namedChildrenOf(node), namespace);
}

function classesAmong(nodes: readonly SyntaxNode[], namespace: string): RubyClass[] {
  return nodes.flatMap((child) => {
    if (child.type === "ERROR") return classesInError(child, namespace);
    if (child.type !== "class" && child.type !== "module") return classesIn(child, namespace);
    const written = child.childForFieldName("name")?.text;
    if (written === undefined) return [];
    const name = qualifiedName(namespace, written);
    const body = child.childForFieldName("body");
    const inner = body === null ? [] : classesIn(body, name);
    if (child.type === "module") return inner;
    const declared: RubyClass = {
      name,
      superclass: superclassOf(child.childForFieldName("superclass")),
      node: child,
      statements: body === null ? [] : statementsOf(namedChildrenOf(body)),
    };
    return [declared, ...inner];
  });
}

function qualifiedName(namespace: string, written: string): string {
  if (written.startsWith("::")) return written.slice(2);
  return namespace === "" ? written : `${namespace}::${written}`;
}

function superclassOf(node: SyntaxNode | null | undefined): string {
  return node === null || node === undefined ? "" : (namedChildrenOf(node)[0]?.text ?? "");
}

/** `module A` / `class B < C` keyword sequences inside an ERROR node, each followed by its statements. */
function classesInError(error: SyntaxNode, namespace: string): RubyClass[] {
  const found: RubyClass[] = [];
  let scope = namespace;
  let current: RubyClass | undefined;
  const children = error.children.filter((child): child is SyntaxNode => child !== null);
  for (let index = 0; index < children.length; index++) {
    const child = children[index] as SyntaxNode;
    const next = children[index + 1];
    const opensScope = !child.isNamed && (child.type === "module" || child.type === "class");
    if (opensScope && next !== undefined && (next.type === "constant" || next.type === "scope_resolution")) {
      scope = qualifiedName(scope, next.text);
      index++;
      if (child.type === "class") {
        const superclass = children[index + 1]?.type === "superclass" ? children[index + 1] : undefined;
        current = { name: scope, superclass: superclassOf(superclass), node: error, statements: [] };
        found.push(current);
        if (superclass !== undefined) index++;
      }
    } else if (child.type === "class" || child.type === "module" || current === undefined) {
      if (child.isNamed) found.push(...classesAmong([child], scope));
    } else if (child.isNamed) {
      current.statements.push(...statementsOf([child]));
    }
  }
  return found;
}
