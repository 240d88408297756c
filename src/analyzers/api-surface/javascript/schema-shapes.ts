// Request shapes declared as validation schemas: zod `z.object({…})` (with `.extend`, `.merge`, `.pick`,
// `.omit`, `.partial`), Joi `Joi.object({…})`/`.keys({…})` and yup `yup.object({…})` assigned to a const.
// A schema of the request (`{ body: z.object({…}), query: … }`) is read as the fields of its body and query.
import type { Shape, ShapeField } from "../api-surface.js";
import { endLineOf, lineOf, namedChildrenOf, type SyntaxNode } from "../syntax-tree.js";
import {
  argumentsOf,
  calleeName,
  memberCall,
  propertyKeyName,
  topLevelDeclarations,
  unwrapExpression,
} from "./js-syntax.js";

type Library = "zod" | "joi";

interface SchemaField {
  field: ShapeField;
  value: SyntaxNode | undefined;
}

export interface ObjectSchema {
  fields: SchemaField[];
  open: boolean;
  library: Library;
}

const libraries: Record<string, Library> = {
  z: "zod",
  zod: "zod",
  Joi: "joi",
  joi: "joi",
  yup: "joi",
  Yup: "joi",
};
const objectBuilders = new Set(["object", "strictObject", "looseObject"]);
const openers = new Set(["passthrough", "catchall", "unknown", "pattern", "looseObject"]);
const requestParts = ["body", "query"];

export function extractSchemaShapes(root: SyntaxNode): Shape[] {
  const declarations = topLevelDeclarations(root);
  const shapes: Shape[] = [];
  for (const [name, declarator] of declarations) {
    const value = declarator.childForFieldName("value");
    if (declarator.type !== "variable_declarator" || value === null) continue;
    const schema = evaluateSchema(value, declarations, new Set([name]));
    if (schema === undefined) continue;
    const request = requestFields(schema, declarations);
    shapes.push({
      name,
      role: "request",
      fields: request.fields.map((entry) => entry.field),
      open: request.open,
      line: lineOf(declarator.parent ?? declarator),
      endLine: endLineOf(declarator),
    });
  }
  return shapes.sort((a, b) => a.line - b.line);
}

/** `{ body: z.object({…}), query: z.object({…}) }` → the body's and query's fields; otherwise as is. */
export function requestFields(schema: ObjectSchema, declarations: Map<string, SyntaxNode>): ObjectSchema {
  const parts = schema.fields.filter((entry) => requestParts.includes(entry.field.name));
  if (parts.length === 0) return schema;
  const nested = parts.map((part) =>
    part.value === undefined ? undefined : evaluateSchema(part.value, declarations, new Set()),
  );
  return {
    fields: nested.flatMap((inner) => inner?.fields ?? []),
    // An imported base (`BaseSchema.extend({ body: … })`) says nothing about a body declared here.
    open: nested.some((inner) => inner === undefined || inner.open),
    library: schema.library,
  };
}

/** The object schema an expression builds, or undefined when it is not one. */
export function evaluateSchema(
  node: SyntaxNode,
  declarations: Map<string, SyntaxNode>,
  seen: Set<string>,
): ObjectSchema | undefined {
  const expression = unwrapExpression(node);
  if (expression.type === "identifier") return resolveSchema(expression.text, declarations, seen);
  const member = memberCall(expression);
  if (member === undefined) return undefined;
  const args = argumentsOf(expression);
  const library = libraries[member.receiver.text];
  if (library !== undefined && objectBuilders.has(member.method)) {
    const literal = args[0];
    if (literal === undefined) return { fields: [], open: false, library };
    return literal.type === "object" ? fieldsOfLiteral(literal, library, declarations, seen) : undefined;
  }
  const base = evaluateSchema(member.receiver, declarations, seen);
  return derivedSchema(member, args, base, declarations, seen);
}

function resolveSchema(
  name: string,
  declarations: Map<string, SyntaxNode>,
  seen: Set<string>,
): ObjectSchema | undefined {
  if (seen.has(name)) return undefined;
  const value = declarations.get(name)?.childForFieldName("value");
  if (value === null || value === undefined) return undefined;
  return evaluateSchema(value, declarations, new Set([...seen, name]));
}

/** `.extend({…})`, `.merge(B)`, `.keys({…})`, `.pick({…})`, `.omit({…})`, `.partial()`, `.refine(…)`… */
function derivedSchema(
  member: { receiver: SyntaxNode; method: string },
  args: SyntaxNode[],
  base: ObjectSchema | undefined,
  declarations: Map<string, SyntaxNode>,
  seen: Set<string>,
): ObjectSchema | undefined {
  const extending = ["extend", "keys", "append", "merge", "and", "concat"].includes(member.method);
  // An unknown base (imported) still makes a schema when it is extended by a literal or named like one.
  const known = base ?? (extending && /Schema$/.test(member.receiver.text) ? unknownBase() : undefined);
  if (known === undefined) return undefined;
  const arg = args[0];
  switch (member.method) {
    case "extend":
    case "keys":
    case "append":
    case "merge":
    case "and":
    case "concat": {
      const added = arg === undefined ? undefined : evaluateExtension(arg, known.library, declarations, seen);
      return {
        fields: mergeFields(known.fields, added?.fields ?? []),
        open: known.open || added === undefined || added.open,
        library: known.library,
      };
    }
    case "pick":
    case "omit":
      return selectFields(known, arg, member.method === "pick");
    case "partial":
      return { ...known, fields: known.fields.map((entry) => optionalField(entry)) };
    default:
      return openers.has(member.method) ? { ...known, open: true } : known;
  }
}

function unknownBase(): ObjectSchema {
  return { fields: [], open: true, library: "zod" };
}

function evaluateExtension(
  arg: SyntaxNode,
  library: Library,
  declarations: Map<string, SyntaxNode>,
  seen: Set<string>,
): ObjectSchema | undefined {
  const expression = unwrapExpression(arg);
  if (expression.type === "object") return fieldsOfLiteral(expression, library, declarations, seen);
  return evaluateSchema(expression, declarations, seen);
}

function mergeFields(base: SchemaField[], added: SchemaField[]): SchemaField[] {
  const names = new Set(added.map((entry) => entry.field.name));
  return [...base.filter((entry) => !names.has(entry.field.name)), ...added];
}

/** `.pick({ a: true })` keeps, `.omit({ a: true })` drops the named fields. */
function selectFields(schema: ObjectSchema, arg: SyntaxNode | undefined, keep: boolean): ObjectSchema {
  if (arg?.type !== "object") return { ...schema, open: true };
  const names = new Set(
    namedChildrenOf(arg).map((child) =>
      child.type === "pair" ? propertyKeyName(child.childForFieldName("key")) : undefined,
    ),
  );
  return { ...schema, fields: schema.fields.filter((entry) => names.has(entry.field.name) === keep) };
}

function optionalField(entry: SchemaField): SchemaField {
  return { ...entry, field: { ...entry.field, required: false } };
}

function fieldsOfLiteral(
  object: SyntaxNode,
  library: Library,
  declarations: Map<string, SyntaxNode>,
  seen: Set<string>,
): ObjectSchema {
  const schema: ObjectSchema = { fields: [], open: false, library };
  for (const child of namedChildrenOf(object)) {
    if (child.type === "pair") {
      const name = propertyKeyName(child.childForFieldName("key"));
      const value = child.childForFieldName("value") ?? undefined;
      if (name === undefined) schema.open = true;
      else schema.fields.push(schemaField(name, value, library, child));
    } else if (child.type === "shorthand_property_identifier") {
      schema.fields.push(schemaField(child.text, child, library, child));
    } else if (child.type === "spread_element") {
      const spread = spreadShape(child, declarations, seen);
      if (spread === undefined) schema.open = true;
      else schema.fields = mergeFields(schema.fields, spread.fields);
    }
  }
  return schema;
}

/** `...Base.shape`: the fields of a schema declared here; undefined otherwise. */
function spreadShape(
  spread: SyntaxNode,
  declarations: Map<string, SyntaxNode>,
  seen: Set<string>,
): ObjectSchema | undefined {
  const inner = namedChildrenOf(spread)[0];
  if (inner?.type !== "member_expression" || inner.childForFieldName("property")?.text !== "shape") {
    return undefined;
  }
  const object = inner.childForFieldName("object");
  return object === null ? undefined : evaluateSchema(object, declarations, seen);
}

function schemaField(
  name: string,
  value: SyntaxNode | undefined,
  library: Library,
  at: SyntaxNode,
): SchemaField {
  return { field: { name, required: isRequired(value, library), line: lineOf(at) }, value };
}

/** zod: required unless `.optional()`/`.default()`/`.nullish()`; Joi/yup: only with `.required()`. */
function isRequired(value: SyntaxNode | undefined, library: Library): boolean {
  if (value === undefined) return library === "zod";
  const methods = chainMethods(value);
  if (library === "joi") return methods.has("required") || methods.has("exist") || methods.has("defined");
  return !["optional", "default", "nullish", "catch", "prefault"].some((method) => methods.has(method));
}

/** Every method called along a builder chain: `z.string().min(1).optional()` → {string, min, optional}. */
function chainMethods(value: SyntaxNode): Set<string> {
  const methods = new Set<string>();
  let current: SyntaxNode | undefined = unwrapExpression(value);
  while (current?.type === "call_expression") {
    const member = memberCall(current);
    const name = calleeName(current);
    if (name !== undefined) methods.add(name);
    // `z.optional(z.string())` wraps instead of chaining; the chain starts at the library.
    if (member !== undefined && libraries[member.receiver.text] !== undefined) return methods;
    current = member === undefined ? undefined : unwrapExpression(member.receiver);
  }
  return methods;
}
