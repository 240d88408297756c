// A Prisma schema reduced to what the database sees: tables (models and their `@@map`), columns (scalar
// fields and their `@map`), types, nullability, defaults and keys, each with the line it is declared on.
import type { Attribute, BlockAttribute, Enum, Field, Model, Schema } from "@mrleebo/prisma-ast";
// The package's CommonJS entry `require`s chevrotain, which is ESM-only: plain Node 20.19+ copes, but tsx
// (`npm run dev`, the scripts) fails at import time. Its ES module build works everywhere.
import { getSchema, PrismaParser, VisitorClassFactory } from "@mrleebo/prisma-ast/dist/prisma-ast.esm.js";
import { errorMessage } from "../../domain/error-message.js";

export interface PrismaColumn {
  /** The field name in the schema. */
  field: string;
  /** The column name in the database (`@map`, else the field name). */
  column: string;
  /** Prisma type (`String`, `Int`, an enum name), with the native type when given: `String @db.VarChar(200)`. */
  type: string;
  nativeType?: { name: string; args: string[] };
  optional: boolean;
  list: boolean;
  /** What `@default(…)` gives the database: nothing, a constant or stable value, a sequence, or a volatile call. */
  databaseDefault: "none" | "constant" | "sequence" | "volatile";
  /** The `@default(…)` function when Prisma Client fills it in (uuid(), cuid()…): the column has no default. */
  clientDefault?: string;
  updatedAt: boolean;
  unique: boolean;
  line: number;
}

export interface PrismaRelation {
  field: string;
  /** Columns holding the foreign key (`@relation(fields: [authorId])`). */
  columns: string[];
  line: number;
}

export interface PrismaTable {
  model: string;
  /** Table name in the database (`@@map`, else the model name). */
  table: string;
  line: number;
  /** Line of `@@map`, when present. */
  mapLine?: number;
  /** Columns by database column name. */
  columns: Map<string, PrismaColumn>;
  /** Foreign keys by relation field name. */
  relations: Map<string, PrismaRelation>;
  /** `@@unique([...])` by its normalised text. */
  uniques: Map<string, number>;
}

export interface PrismaSchemaShape {
  provider?: string;
  /** Tables by database table name. */
  tables: Map<string, PrismaTable>;
  enums: Set<string>;
  /** Model and enum blocks as line ranges: where a schema change that needs a migration can sit. */
  blocks: Array<{ from: number; to: number }>;
  /** Models and enums without positions or comments: equal when no migration is needed. */
  canonical: string;
}

export type ReadPrismaSchema =
  | { ok: true; schema: PrismaSchemaShape }
  | { ok: false; message: string; line?: number };

const scalarTypes = new Set([
  "String",
  "Boolean",
  "Int",
  "BigInt",
  "Float",
  "Decimal",
  "DateTime",
  "Json",
  "Bytes",
]);
/** `@default` functions that Prisma Client evaluates: the database column itself gets no default. */
const clientDefaults = new Set(["uuid", "cuid", "nanoid", "ulid"]);
const volatileSql =
  /\b(gen_random_uuid|uuid_generate_v\d\w*|random|clock_timestamp|nextval|uuidv4|uuidv7)\s*\(/i;

let parser: PrismaParser | undefined;

/** Never throws: a syntax error comes back with the parser's message and line. */
export function readPrismaSchema(
  source: string,
  knownEnums: ReadonlySet<string> = new Set(),
): ReadPrismaSchema {
  let schema: Schema;
  try {
    // Building the parser takes a few milliseconds; one instance serves every file.
    parser ??= new PrismaParser({ nodeLocationTracking: "full" });
    const Visitor = VisitorClassFactory(parser);
    schema = getSchema(source, { parser, visitor: new Visitor(parser) });
  } catch (error) {
    return { ok: false, message: parseErrorMessage(error), ...lineOf(error) };
  }
  const enums = new Set([
    ...knownEnums,
    ...schema.list.flatMap((block) => (block.type === "enum" ? [block.name] : [])),
  ]);
  const lines = source.split("\n");
  const tables = new Map<string, PrismaTable>();
  const blocks: PrismaSchemaShape["blocks"] = [];
  for (const block of schema.list) {
    if (block.type !== "model" && block.type !== "enum") continue;
    const from = block.location?.startLine ?? 1;
    blocks.push({ from, to: blockEnd(lines, from) });
    if (block.type === "model") {
      const table = readModel(block, enums);
      tables.set(table.table, table);
    }
  }
  const datasource = schema.list.find((block) => block.type === "datasource");
  const provider = datasource?.assignments.find(
    (item) => item.type === "assignment" && item.key === "provider",
  );
  const shape: PrismaSchemaShape = { tables, enums, blocks, canonical: canonicalOf(schema) };
  if (provider?.type === "assignment" && typeof provider.value === "string")
    shape.provider = unquote(provider.value);
  return { ok: true, schema: shape };
}

function readModel(model: Model, enums: ReadonlySet<string>): PrismaTable {
  const blockAttributes = model.properties.filter(
    (item): item is BlockAttribute => item.type === "attribute",
  );
  const map = blockAttributes.find((attribute) => attribute.name === "map");
  const table: PrismaTable = {
    model: model.name,
    table: stringArgument(map?.args[0]?.value) ?? model.name,
    line: model.location?.startLine ?? 1,
    columns: new Map(),
    relations: new Map(),
    uniques: new Map(),
  };
  if (map?.location !== undefined) table.mapLine = map.location.startLine;
  for (const attribute of blockAttributes) {
    if (attribute.name === "unique" && attribute.group === undefined) {
      table.uniques.set(
        JSON.stringify(stripLocations(attribute.args)),
        attribute.location?.startLine ?? table.line,
      );
    }
  }
  for (const field of model.properties) {
    if (field.type !== "field") continue;
    const type = typeof field.fieldType === "string" ? field.fieldType : field.fieldType.name;
    const attributes = field.attributes ?? [];
    const line = field.location?.startLine ?? table.line;
    if (typeof field.fieldType === "string" && !scalarTypes.has(type) && !enums.has(type)) {
      // A relation field has no column; its foreign key lives in the columns `fields:` names.
      const relation = attributes.find((attribute) => attribute.name === "relation");
      const columns = relationColumns(relation);
      if (columns.length > 0) table.relations.set(field.name, { field: field.name, columns, line });
      continue;
    }
    const column = readColumn(field, type, attributes, line);
    table.columns.set(column.column, column);
  }
  return table;
}

function readColumn(
  field: Field,
  type: string,
  attributes: readonly Attribute[],
  line: number,
): PrismaColumn {
  const attribute = (name: string, group?: string) =>
    attributes.find((item) => item.name === name && item.group === group);
  const native = attributes.find((item) => item.group === "db");
  const column: PrismaColumn = {
    field: field.name,
    column: stringArgument(attribute("map")?.args?.[0]?.value) ?? field.name,
    type:
      typeof field.fieldType === "string" ? type : `${type}(${(field.fieldType.params ?? []).join(", ")})`,
    optional: field.optional === true,
    list: field.array === true,
    databaseDefault: "none",
    updatedAt: attribute("updatedAt") !== undefined,
    unique: attribute("unique") !== undefined,
    line,
  };
  if (native !== undefined) {
    column.nativeType = { name: native.name, args: (native.args ?? []).map((arg) => String(arg.value)) };
  }
  const value = attribute("default")?.args?.[0]?.value;
  if (value !== undefined) {
    if (typeof value === "object" && value !== null && !Array.isArray(value) && value.type === "function") {
      if (clientDefaults.has(value.name)) column.clientDefault = `${value.name}()`;
      else if (value.name === "autoincrement" || value.name === "sequence")
        column.databaseDefault = "sequence";
      else if (value.name === "dbgenerated" && volatileSql.test(String(value.params?.[0] ?? "")))
        column.databaseDefault = "volatile";
      else column.databaseDefault = "constant";
    } else {
      column.databaseDefault = "constant";
    }
  }
  return column;
}

function relationColumns(relation: Attribute | undefined): string[] {
  for (const arg of relation?.args ?? []) {
    const value = arg.value;
    if (typeof value !== "object" || value === null || Array.isArray(value) || value.type !== "keyValue")
      continue;
    if (value.key !== "fields") continue;
    const list = value.value;
    if (typeof list === "object" && list !== null && !Array.isArray(list) && list.type === "array") {
      return list.args.map((item) => String(item));
    }
  }
  return [];
}

function stringArgument(value: unknown): string | undefined {
  if (typeof value === "string") return unquote(value);
  if (
    typeof value === "object" &&
    value !== null &&
    "type" in value &&
    value.type === "keyValue" &&
    "value" in value
  ) {
    return typeof value.value === "string" ? unquote(value.value) : undefined;
  }
  return undefined;
}

function unquote(text: string): string {
  return text.replace(/^"(.*)"$/, "$1");
}

/** Models and enums, sorted, without locations, comments or blank lines. */
function canonicalOf(schema: Schema): string {
  const blocks = schema.list
    .filter((block): block is Model | Enum => block.type === "model" || block.type === "enum")
    .map((block) =>
      block.type === "model"
        ? {
            model: block.name,
            properties: block.properties
              .filter((item) => item.type === "field" || item.type === "attribute")
              .map((item) => JSON.stringify(stripLocations(item)))
              .sort(),
          }
        : {
            enum: block.name,
            values: block.enumerators
              .filter((item) => item.type === "enumerator" || item.type === "attribute")
              .map((item) => JSON.stringify(stripLocations(item))),
          },
    )
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return JSON.stringify(blocks);
}

function stripLocations(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripLocations);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== "location" && key !== "comment")
      .map(([key, child]) => [key, stripLocations(child)]),
  );
}

/** Line of the `}` closing the block opened on `from`. */
function blockEnd(lines: readonly string[], from: number): number {
  for (let index = from; index < lines.length; index++) {
    if ((lines[index] ?? "").trim().startsWith("}")) return index + 1;
  }
  return lines.length;
}

function parseErrorMessage(error: unknown): string {
  const message = errorMessage(error);
  return message.split("\n")[0]?.slice(0, 200) ?? "syntax error";
}

function lineOf(error: unknown): { line?: number } {
  if (typeof error !== "object" || error === null || !("token" in error)) return {};
  const token = error.token;
  if (typeof token !== "object" || token === null || !("startLine" in token)) return {};
  return typeof token.startLine === "number" && Number.isFinite(token.startLine)
    ? { line: token.startLine }
    : {};
}
