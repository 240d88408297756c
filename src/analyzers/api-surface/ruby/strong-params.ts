// Rails strong parameters as request shapes: `params.require(:order).permit(:name, items: [])` in
// `OrdersController#order_params` → shape `OrdersController#order_params` with fields name and items
// (permitted keys are optional); `params.require(:x)` alone → required field x; Rails 8
// `params.expect(order: [:name])` → field name. `permit!` or a non-literal entry makes the shape open.
import type { Shape, ShapeField } from "../api-surface.js";
import { descendantsOfType, endLineOf, lineOf, namedChildrenOf, type SyntaxNode } from "../syntax-tree.js";
import { callName, literalName, pairKey } from "./ruby-calls.js";
import type { RubyClass } from "./ruby-classes.js";

interface ReadFields {
  fields: ShapeField[];
  open: boolean;
}

export function strongParamShapes(declared: RubyClass): Shape[] {
  return methodsOf(declared).flatMap((method) => {
    const name = method.childForFieldName("name")?.text;
    if (name === undefined) return [];
    const read = paramsFieldsIn(method);
    if (read === undefined) return [];
    return [
      {
        name: `${declared.name}#${name}`,
        role: "request",
        fields: dedupe(read.fields),
        open: read.open,
        line: lineOf(method),
        endLine: endLineOf(method),
      },
    ];
  });
}

/** Instance methods of the class, also `private def order_params …` (a method passed to `private`). */
function methodsOf(declared: RubyClass): SyntaxNode[] {
  return declared.statements
    .filter((statement) => statement.type !== "class" && statement.type !== "module")
    .flatMap((statement) => descendantsOfType(statement, "method"));
}

function paramsFieldsIn(method: SyntaxNode): ReadFields | undefined {
  const reads = descendantsOfType(method, "call").flatMap((call) => {
    const read = paramsRead(call);
    return read === undefined ? [] : [read];
  });
  if (reads.length === 0) return undefined;
  return { fields: reads.flatMap((read) => read.fields), open: reads.some((read) => read.open) };
}

function paramsRead(call: SyntaxNode): ReadFields | undefined {
  const name = callName(call);
  const receiver = call.childForFieldName("receiver");
  if (receiver === null) return undefined;
  if ((name === "permit" || name === "permit!") && rootedInParams(receiver))
    return name === "permit!" ? { fields: [], open: true } : permittedFields(call);
  if (name === "expect" && isParams(receiver)) return expectedFields(call);
  if (name === "require" && isParams(receiver) && !chainedFurther(call)) return requiredField(call);
  return undefined;
}

function isParams(node: SyntaxNode): boolean {
  return node.type === "identifier" && node.text === "params";
}

/** `params`, `params.require(:order)`, `params.fetch(:order, {})`. */
function rootedInParams(node: SyntaxNode): boolean {
  if (isParams(node)) return true;
  const receiver = node.type === "call" ? node.childForFieldName("receiver") : null;
  return (
    receiver !== null && (callName(node) === "require" || callName(node) === "fetch") && isParams(receiver)
  );
}

/** `params.require(:order).permit(…)`: the require only names the root, the permit says the fields. */
function chainedFurther(call: SyntaxNode): boolean {
  const parent = call.parent;
  return parent?.type === "call" && parent.childForFieldName("receiver")?.id === call.id;
}

function argumentsOf(call: SyntaxNode): SyntaxNode[] {
  const list = call.childForFieldName("arguments");
  return list === null ? [] : namedChildrenOf(list);
}

/** Entries of a permit list: `:name`, `"name"`, `items: [...]`, `tags: []`. */
function permittedFields(call: SyntaxNode): ReadFields {
  return fieldsOfEntries(argumentsOf(call));
}

function fieldsOfEntries(entries: readonly SyntaxNode[]): ReadFields {
  const fields: ShapeField[] = [];
  let open = false;
  for (const entry of entries) {
    const name = entry.type === "pair" ? pairKey(entry) : literalName(entry);
    if (name === undefined) open = true;
    else fields.push({ name, required: false, line: lineOf(entry) });
  }
  return { fields, open };
}

/** `params.expect(order: [:name, :note])`; `params.expect(:id)` requires the scalar `id`. */
function expectedFields(call: SyntaxNode): ReadFields {
  const fields: ShapeField[] = [];
  let open = false;
  for (const argument of argumentsOf(call)) {
    if (argument.type !== "pair") {
      const name = literalName(argument);
      if (name === undefined) open = true;
      else fields.push({ name, required: true, line: lineOf(argument) });
      continue;
    }
    const value = argument.childForFieldName("value");
    const inner =
      value?.type === "array" ? fieldsOfEntries(namedChildrenOf(value)) : { fields: [], open: true };
    fields.push(...inner.fields);
    open ||= inner.open;
  }
  return { fields, open };
}

function requiredField(call: SyntaxNode): ReadFields {
  const name = literalName(argumentsOf(call)[0]);
  return name === undefined
    ? { fields: [], open: true }
    : { fields: [{ name, required: true, line: lineOf(call) }], open: false };
}

function dedupe(fields: readonly ShapeField[]): ShapeField[] {
  const byName = new Map<string, ShapeField>();
  for (const field of fields) {
    const held = byName.get(field.name);
    if (held === undefined || (field.required && !held.required)) byName.set(field.name, field);
  }
  return [...byName.values()];
}
