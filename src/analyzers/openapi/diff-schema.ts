// Compares two dereferenced JSON Schemas the way a client experiences them: what a request may no longer
// send (direction `request`) or what a response may now return (direction `response`). Pure; the caller
// turns each difference into an oasdiff check id for its place (body, property, parameter).
import type { Side } from "../../domain/model.js";
import type { Pointer } from "./api-model.js";
import { isObject, type JsonObject } from "./load-openapi.js";

export type Direction = "request" | "response";

export type SchemaChangeKind =
  | "type-changed"
  | "became-nullable"
  | "became-not-nullable"
  | "enum-value-removed"
  | "enum-value-added"
  | "became-enum"
  | "max-length-decreased"
  | "max-length-set"
  | "min-length-increased"
  | "max-decreased"
  | "max-set"
  | "min-increased"
  | "min-set"
  | "max-items-decreased"
  | "min-items-increased"
  | "pattern-added"
  | "pattern-changed"
  | "default-value-changed"
  | "new-required-property"
  | "request-property-removed"
  | "new-required-property-with-default"
  | "property-became-required"
  | "required-property-removed"
  | "optional-property-removed"
  | "property-became-optional";

export interface SchemaDifference {
  kind: SchemaChangeKind;
  /** Property path from the compared schema: `""` for the schema itself, `.address.city`, `.tags[]`. */
  property: string;
  /** Where the change is visible: RIGHT (head) for what was added or changed, LEFT (base) for what went away. */
  side: Side;
  /** Pointer on `side`, relative to the compared schema's own pointer on that side. */
  pointer: Pointer;
  /** What changed, for the message: "from `integer` to `string`", "`removed-value`". */
  detail: string;
}

/** Nesting depth at which comparison stops (generated specs can nest deeply; cycles are caught earlier). */
const maxDepth = 40;

const memo: Record<Direction, WeakMap<object, WeakMap<object, SchemaDifference[]>>> = {
  request: new WeakMap(),
  response: new WeakMap(),
};

/**
 * Differences between `base` and `head` for `direction`. Shared components are compared once per pair and
 * direction (the result is relative to the two schemas), which keeps large specs linear in practice.
 */
export function diffSchema(base: JsonObject, head: JsonObject, direction: Direction): SchemaDifference[] {
  let byHead = memo[direction].get(base);
  const cached = byHead?.get(head);
  if (cached !== undefined) return cached;
  const out: SchemaDifference[] = [];
  const walk: Walk = { direction, out, seen: new Map() };
  compare({ base, head, basePointer: [], headPointer: [], property: "" }, walk, 0);
  if (byHead === undefined) {
    byHead = new WeakMap();
    memo[direction].set(base, byHead);
  }
  byHead.set(head, out);
  return out;
}

interface Walk {
  direction: Direction;
  out: SchemaDifference[];
  /** Pairs already compared in this walk: dereferenced recursive schemas are cyclic object graphs. */
  seen: Map<object, Set<object>>;
}

/** Two schemas to compare: where each sits in its document, and the property path that names them. */
interface SchemaPair {
  base: JsonObject;
  head: JsonObject;
  basePointer: Pointer;
  headPointer: Pointer;
  property: string;
}

function compare(pair: SchemaPair, walk: Walk, depth: number): void {
  const { base, head, basePointer, headPointer, property } = pair;
  if (depth > maxDepth) return;
  let heads = walk.seen.get(base);
  if (heads?.has(head)) return;
  if (heads === undefined) {
    heads = new Set();
    walk.seen.set(base, heads);
  }
  heads.add(head);
  const request = walk.direction === "request";
  const report = (kind: SchemaChangeKind, side: Side, pointer: Pointer, detail = "") =>
    walk.out.push({ kind, property, side, pointer, detail });

  if (typeChanged(base, head, walk.direction)) {
    const key = typesOf(base).join("|") !== typesOf(head).join("|") ? "type" : "format";
    report(
      "type-changed",
      "RIGHT",
      key in head ? [...headPointer, key] : headPointer,
      typeChange(base, head),
    );
    // Below a changed type the old and new shapes are unrelated: their properties would only add noise.
    return;
  }

  const baseNullable = isNullable(base);
  const headNullable = isNullable(head);
  if (!request && !baseNullable && headNullable) {
    report("became-nullable", "RIGHT", [...headPointer, "nullable" in head ? "nullable" : "type"]);
  }
  if (request && baseNullable && !headNullable) {
    if ("nullable" in head) report("became-not-nullable", "RIGHT", [...headPointer, "nullable"]);
    else report("became-not-nullable", "LEFT", [...basePointer, "nullable" in base ? "nullable" : "type"]);
  }

  compareEnums(base, head, basePointer, headPointer, request, report);
  if (request) compareConstraints(base, head, headPointer, report);

  compareProperties(pair, walk, depth);

  if (isObject(base.items) && isObject(head.items)) {
    const items = {
      base: base.items,
      head: head.items,
      basePointer: [...basePointer, "items"],
      headPointer: [...headPointer, "items"],
      property: `${property}[]`,
    };
    compare(items, walk, depth + 1);
  }
  for (const keyword of ["oneOf", "anyOf"] as const) {
    const baseList = base[keyword];
    const headList = head[keyword];
    // Alternatives are matched by position only when their number is unchanged: anything else is a redesign.
    if (!Array.isArray(baseList) || !Array.isArray(headList) || baseList.length !== headList.length) continue;
    baseList.forEach((baseItem, index) => {
      const headItem = headList[index];
      if (!isObject(baseItem) || !isObject(headItem)) return;
      const at = [keyword, String(index)];
      const alternative = {
        base: baseItem,
        head: headItem,
        basePointer: [...basePointer, ...at],
        headPointer: [...headPointer, ...at],
        property,
      };
      compare(alternative, walk, depth + 1);
    });
  }
}

type Report = (kind: SchemaChangeKind, side: Side, pointer: Pointer, detail?: string) => void;

function compareEnums(
  base: JsonObject,
  head: JsonObject,
  basePointer: Pointer,
  headPointer: Pointer,
  request: boolean,
  report: Report,
): void {
  const baseEnum = Array.isArray(base.enum) ? base.enum : undefined;
  const headEnum = Array.isArray(head.enum) ? head.enum : undefined;
  if (request) {
    if (baseEnum === undefined && headEnum !== undefined) {
      report("became-enum", "RIGHT", [...headPointer, "enum"]);
    } else if (baseEnum !== undefined && headEnum !== undefined) {
      const kept = new Set(headEnum.map(valueKey));
      baseEnum.forEach((value, index) => {
        if (!kept.has(valueKey(value))) {
          report("enum-value-removed", "LEFT", [...basePointer, "enum", String(index)], valueKey(value));
        }
      });
    }
  } else if (baseEnum !== undefined && headEnum !== undefined) {
    const known = new Set(baseEnum.map(valueKey));
    headEnum.forEach((value, index) => {
      if (!known.has(valueKey(value))) {
        report("enum-value-added", "RIGHT", [...headPointer, "enum", String(index)], valueKey(value));
      }
    });
  }
}

/** Limits that reject requests which used to pass. Only the request side: a response may always tighten. */
function compareConstraints(base: JsonObject, head: JsonObject, headPointer: Pointer, report: Report): void {
  const upper = (keyword: string, decreased: SchemaChangeKind, set?: SchemaChangeKind) => {
    const before = numberOf(base[keyword]);
    const after = numberOf(head[keyword]);
    if (after === undefined) return;
    if (before === undefined) {
      if (set !== undefined) report(set, "RIGHT", [...headPointer, keyword], `${keyword} ${after}`);
    } else if (after < before) {
      report(decreased, "RIGHT", [...headPointer, keyword], `${keyword} ${before} → ${after}`);
    }
  };
  // `baseline` is the implicit value when the keyword is absent (a string has at least 0 characters).
  const lower = (keyword: string, increased: SchemaChangeKind, set: SchemaChangeKind, baseline?: number) => {
    const before = numberOf(base[keyword]) ?? baseline;
    const after = numberOf(head[keyword]);
    if (after === undefined) return;
    if (before === undefined) report(set, "RIGHT", [...headPointer, keyword], `${keyword} ${after}`);
    else if (after > before)
      report(increased, "RIGHT", [...headPointer, keyword], `${keyword} ${before} → ${after}`);
  };
  upper("maxLength", "max-length-decreased", "max-length-set");
  upper("maximum", "max-decreased", "max-set");
  upper("maxItems", "max-items-decreased");
  lower("minLength", "min-length-increased", "min-length-increased", 0);
  lower("minimum", "min-increased", "min-set");
  lower("minItems", "min-items-increased", "min-items-increased", 0);

  if (typeof head.pattern === "string") {
    if (typeof base.pattern !== "string") {
      report("pattern-added", "RIGHT", [...headPointer, "pattern"], `\`${head.pattern}\``);
    } else if (base.pattern !== head.pattern) {
      report(
        "pattern-changed",
        "RIGHT",
        [...headPointer, "pattern"],
        `\`${base.pattern}\` → \`${head.pattern}\``,
      );
    }
  }
  if (
    base.default !== undefined &&
    head.default !== undefined &&
    valueKey(base.default) !== valueKey(head.default)
  ) {
    report(
      "default-value-changed",
      "RIGHT",
      [...headPointer, "default"],
      `${valueKey(base.default)} → ${valueKey(head.default)}`,
    );
  }
}

function compareProperties(pair: SchemaPair, walk: Walk, depth: number): void {
  const { base, head, basePointer, headPointer, property } = pair;
  const before = objectShape(base, basePointer);
  const after = objectShape(head, headPointer);
  if (before.properties.size === 0 && after.properties.size === 0) return;
  const request = walk.direction === "request";
  // Clients never send readOnly properties and never receive writeOnly ones.
  const irrelevant = (schema: JsonObject) => (request ? schema.readOnly === true : schema.writeOnly === true);
  const push = (kind: SchemaChangeKind, name: string, side: Side, pointer: Pointer) =>
    walk.out.push({ kind, property: `${property}.${name}`, side, pointer, detail: "" });

  for (const [name, added] of after.properties) {
    if (before.properties.has(name) || !request || irrelevant(added.schema)) continue;
    if (!after.required.has(name)) continue;
    const kind =
      added.schema.default === undefined ? "new-required-property" : "new-required-property-with-default";
    push(kind, name, "RIGHT", after.required.get(name) ?? added.pointer);
  }
  for (const [name, removed] of before.properties) {
    if (after.properties.has(name) || irrelevant(removed.schema)) continue;
    // A client may still send what a request no longer declares; a response no longer returns it.
    const kind = request
      ? "request-property-removed"
      : before.required.has(name)
        ? "required-property-removed"
        : "optional-property-removed";
    push(kind, name, "LEFT", removed.pointer);
  }
  for (const [name, was] of before.properties) {
    const now = after.properties.get(name);
    if (now === undefined || irrelevant(was.schema) || irrelevant(now.schema)) continue;
    const wasRequired = before.required.get(name);
    const nowRequired = after.required.get(name);
    if (request && wasRequired === undefined && nowRequired !== undefined) {
      push("property-became-required", name, "RIGHT", nowRequired);
    }
    if (!request && wasRequired !== undefined && nowRequired === undefined) {
      push("property-became-optional", name, "LEFT", wasRequired);
    }
    const next = {
      base: was.schema,
      head: now.schema,
      basePointer: was.pointer,
      headPointer: now.pointer,
      property: `${property}.${name}`,
    };
    compare(next, walk, depth + 1);
  }
}

interface ObjectShape {
  properties: Map<string, { schema: JsonObject; pointer: Pointer }>;
  /** Required property → pointer of its entry in a `required` list. */
  required: Map<string, Pointer>;
}

/** Properties and required names of a schema, merged across `allOf` (how validators and clients see them). */
function objectShape(schema: JsonObject, pointer: Pointer, shape?: ObjectShape, depth = 0): ObjectShape {
  const into = shape ?? { properties: new Map(), required: new Map() };
  if (depth > 8) return into;
  if (isObject(schema.properties)) {
    for (const [name, value] of Object.entries(schema.properties)) {
      if (isObject(value) && !into.properties.has(name)) {
        into.properties.set(name, { schema: value, pointer: [...pointer, "properties", name] });
      }
    }
  }
  if (Array.isArray(schema.required)) {
    schema.required.forEach((name, index) => {
      if (typeof name === "string" && !into.required.has(name)) {
        into.required.set(name, [...pointer, "required", String(index)]);
      }
    });
  }
  if (Array.isArray(schema.allOf)) {
    schema.allOf.forEach((part, index) => {
      if (isObject(part)) objectShape(part, [...pointer, "allOf", String(index)], into, depth + 1);
    });
  }
  return into;
}

/** Declared types without `null` (OpenAPI 3.1 spells nullability as a type), sorted. */
function typesOf(schema: JsonObject): string[] {
  const type = schema.type;
  const list = Array.isArray(type) ? type : typeof type === "string" ? [type] : [];
  return list.filter((entry): entry is string => typeof entry === "string" && entry !== "null").sort();
}

function isNullable(schema: JsonObject): boolean {
  if (schema.nullable === true || schema["x-nullable"] === true) return true;
  return Array.isArray(schema.type) && schema.type.includes("null");
}

/**
 * A change of type or format a client can notice. Widening is safe where the client sends (a request that
 * accepted `integer` now accepts `number`; `int32` → `int64`) and narrowing is safe where it receives.
 */
function typeChanged(base: JsonObject, head: JsonObject, direction: Direction): boolean {
  const before = typesOf(base);
  const after = typesOf(head);
  if (before.length > 0 && after.length > 0 && before.join("|") !== after.join("|")) {
    const [wider, narrower] = direction === "request" ? [after, before] : [before, after];
    return !narrower.every(
      (type) => wider.includes(type) || (type === "integer" && wider.includes("number")),
    );
  }
  const baseFormat = typeof base.format === "string" ? base.format : undefined;
  const headFormat = typeof head.format === "string" ? head.format : undefined;
  if (baseFormat === undefined || headFormat === undefined || baseFormat === headFormat) return false;
  const [from, to] = direction === "request" ? [baseFormat, headFormat] : [headFormat, baseFormat];
  const widening = (from === "int32" && to === "int64") || (from === "float" && to === "double");
  return !widening;
}

function typeChange(base: JsonObject, head: JsonObject): string {
  const describe = (schema: JsonObject) => {
    const types = typesOf(schema).join("|") || "any";
    return typeof schema.format === "string" ? `${types}/${schema.format}` : types;
  };
  return `from \`${describe(base)}\` to \`${describe(head)}\``;
}

function numberOf(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function valueKey(value: unknown): string {
  return typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
}
