// Response shapes built by presenter functions (`presentGroup`, `serializeUser`, `toOrderResponse`):
// the keys of the object literals they return (several returns → union; a spread or a returned call → open).
import type { Shape, ShapeField } from "../api-surface.js";
import { endLineOf, lineOf, namedChildrenOf, type SyntaxNode } from "../syntax-tree.js";
import {
  isFunction,
  ownDescendants,
  propertyKeyName,
  topLevelDeclarations,
  unwrapExpression,
} from "./js-syntax.js";

const presenterName = /^(?:present|serialize)(?:[A-Z_]|$)|^to\w*Response$/;

interface ObjectFields {
  fields: ShapeField[];
  open: boolean;
}

export function extractPresenterShapes(root: SyntaxNode): Shape[] {
  const shapes: Shape[] = [];
  for (const [name, declaration] of topLevelDeclarations(root)) {
    if (!presenterName.test(name)) continue;
    const fn = isFunction(declaration) ? declaration : valueFunction(declaration);
    if (fn === undefined) continue;
    const returned = returnedFields(fn);
    if (returned === undefined) continue;
    shapes.push({
      name,
      role: "response",
      fields: returned.fields,
      open: returned.open,
      line: lineOf(declaration),
      endLine: endLineOf(declaration),
    });
  }
  return shapes.sort((a, b) => a.line - b.line);
}

function valueFunction(declarator: SyntaxNode): SyntaxNode | undefined {
  const value = declarator.childForFieldName("value");
  if (value === null) return undefined;
  const unwrapped = unwrapExpression(value);
  return isFunction(unwrapped) ? unwrapped : undefined;
}

/** The union of the object literals a function returns; undefined when it returns none. */
function returnedFields(fn: SyntaxNode): ObjectFields | undefined {
  const body = fn.childForFieldName("body");
  if (body === null) return undefined;
  const returned = (body.type === "statement_block" ? returnStatementValues(body) : [body]).flatMap(branches);
  const union: ObjectFields = { fields: [], open: false };
  let found = false;
  for (const value of returned) {
    if (value.type === "null" || value.type === "undefined") continue;
    const fields = value.type === "identifier" ? localObject(body, value.text) : objectFields(value);
    if (fields === undefined) {
      union.open = true;
      continue;
    }
    found = true;
    union.open ||= fields.open;
    for (const field of fields.fields) {
      if (!union.fields.some((known) => known.name === field.name)) union.fields.push(field);
    }
  }
  return found ? union : undefined;
}

/** `cond ? { a } : null` returns either branch. */
function branches(node: SyntaxNode): SyntaxNode[] {
  const expression = unwrapExpression(node);
  if (expression.type !== "ternary_expression") return [expression];
  const consequence = expression.childForFieldName("consequence");
  const alternative = expression.childForFieldName("alternative");
  return [consequence, alternative].flatMap((branch) => (branch === null ? [] : branches(branch)));
}

function returnStatementValues(body: SyntaxNode): SyntaxNode[] {
  const values: SyntaxNode[] = [];
  ownDescendants(body, (node) => {
    if (node.type !== "return_statement") return;
    const value = namedChildrenOf(node).find((child) => child.type !== "comment");
    if (value !== undefined) values.push(unwrapExpression(value));
  });
  return values;
}

/** Keys of an object literal; undefined for anything else. */
export function objectFields(node: SyntaxNode): ObjectFields | undefined {
  if (node.type !== "object") return undefined;
  const result: ObjectFields = { fields: [], open: false };
  for (const child of namedChildrenOf(node)) {
    const name = keyOf(child);
    if (name === undefined) result.open ||= child.type !== "comment";
    else result.fields.push({ name, required: false, line: lineOf(child) });
  }
  return result;
}

function keyOf(member: SyntaxNode): string | undefined {
  if (member.type === "shorthand_property_identifier") return member.text;
  if (member.type === "pair" || member.type === "method_definition") {
    return propertyKeyName(member.childForFieldName("key") ?? member.childForFieldName("name"));
  }
  return undefined;
}

/** `const res = { a }; res.b = …; return res;` → a, b. */
function localObject(body: SyntaxNode, name: string): ObjectFields | undefined {
  let fields: ObjectFields | undefined;
  const assigned: ShapeField[] = [];
  ownDescendants(body, (node) => {
    if (node.type === "variable_declarator" && node.childForFieldName("name")?.text === name) {
      const value = node.childForFieldName("value");
      fields = value === null ? undefined : objectFields(unwrapExpression(value));
    }
    if (node.type === "assignment_expression") {
      const left = node.childForFieldName("left");
      const property = left?.childForFieldName("property");
      if (left?.type === "member_expression" && left.childForFieldName("object")?.text === name && property) {
        assigned.push({ name: property.text, required: false, line: lineOf(node) });
      }
    }
  });
  if (fields === undefined) return undefined;
  const known = new Set(fields.fields.map((field) => field.name));
  return {
    fields: [...fields.fields, ...assigned.filter((field) => !known.has(field.name))],
    open: fields.open,
  };
}
