// The contracts a proposal commits to, read from its checked fragments with the real parsers: endpoints
// (method, path, body fields) from the OpenAPI fragment, tables and columns from the DDL (libpg-query),
// types and fields from the GraphQL SDL. Kept in the proposal's state; PRs are compared with them.
import SwaggerParser from "@apidevtools/swagger-parser";
import { type DocumentNode, Kind, parse } from "graphql";
import type { Node } from "libpg-query";
import { parseSql } from "../analyzers/sql/parse-sql.js";
import { openApiDocumentOf } from "./openapi-fragment.js";
import type { Proposal } from "./proposal-schema.js";
import type { PlanContracts, PlanEndpoint, PlanTable, PlanType } from "./proposal-state.js";

type SwaggerDocument = Parameters<typeof SwaggerParser.dereference>[0];
type JsonObject = Record<string, unknown>;

const httpMethods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

/** Contracts of a proposal whose fragments passed `checkFragments`; a fragment that does not read adds none. */
export async function planContracts(proposal: Pick<Proposal, "apiFragment" | "ddl">): Promise<PlanContracts> {
  const contracts: PlanContracts = { endpoints: [], tables: [], types: [] };
  if (proposal.apiFragment?.kind === "openapi") {
    contracts.endpoints = await openApiEndpoints(proposal.apiFragment.text);
  }
  if (proposal.apiFragment?.kind === "graphql") contracts.types = graphqlTypes(proposal.apiFragment.text);
  if (proposal.ddl !== null) contracts.tables = await ddlTables(proposal.ddl);
  return contracts;
}

async function openApiEndpoints(text: string): Promise<PlanEndpoint[]> {
  const fragment = openApiDocumentOf(text);
  if (!fragment.ok) return [];
  let api: JsonObject;
  try {
    api = (await SwaggerParser.dereference(structuredClone(fragment.document) as unknown as SwaggerDocument, {
      resolve: { external: false, file: false, http: false },
      dereference: { circular: "ignore" },
    })) as unknown as JsonObject;
  } catch {
    api = fragment.document;
  }
  const endpoints: PlanEndpoint[] = [];
  for (const [path, item] of Object.entries(objectOr(api.paths))) {
    for (const [method, operation] of Object.entries(objectOr(item))) {
      if (!httpMethods.includes(method)) continue;
      endpoints.push({ method: method.toUpperCase(), path, fields: operationFields(objectOr(operation)) });
    }
  }
  return endpoints;
}

/** Top-level property names of the JSON request body and of the 2xx response bodies (OpenAPI 3 and 2). */
function operationFields(operation: JsonObject): string[] {
  const schemas: unknown[] = [];
  const requestBody = objectOr(operation.requestBody);
  for (const media of Object.values(objectOr(requestBody.content))) schemas.push(objectOr(media).schema);
  for (const parameter of Array.isArray(operation.parameters) ? operation.parameters : []) {
    if (objectOr(parameter).in === "body") schemas.push(objectOr(parameter).schema);
  }
  for (const [status, response] of Object.entries(objectOr(operation.responses))) {
    if (!/^2/.test(status)) continue;
    const content = objectOr(objectOr(response).content);
    for (const media of Object.values(content)) schemas.push(objectOr(media).schema);
    if (objectOr(response).schema !== undefined) schemas.push(objectOr(response).schema);
  }
  const fields = new Set<string>();
  for (const schema of schemas) for (const name of propertyNames(schema, 0)) fields.add(name);
  return [...fields];
}

/** Property names of an object schema, of an array's items, and of `allOf` parts (not deeper). */
function propertyNames(schema: unknown, depth: number): string[] {
  const object = objectOr(schema);
  if (depth > 3) return [];
  const own = Object.keys(objectOr(object.properties));
  const items = object.items === undefined ? [] : propertyNames(object.items, depth + 1);
  const parts = Array.isArray(object.allOf)
    ? object.allOf.flatMap((part) => propertyNames(part, depth + 1))
    : [];
  return [...own, ...items, ...parts];
}

function objectOr(value: unknown): JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonObject) : {};
}

function graphqlTypes(text: string): PlanType[] {
  let document: DocumentNode;
  try {
    document = parse(text);
  } catch {
    return [];
  }
  const byName = new Map<string, string[]>();
  for (const definition of document.definitions) {
    if (
      definition.kind === Kind.OBJECT_TYPE_DEFINITION ||
      definition.kind === Kind.OBJECT_TYPE_EXTENSION ||
      definition.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION ||
      definition.kind === Kind.INPUT_OBJECT_TYPE_EXTENSION ||
      definition.kind === Kind.INTERFACE_TYPE_DEFINITION
    ) {
      const fields = byName.get(definition.name.value) ?? [];
      for (const field of definition.fields ?? []) fields.push(field.name.value);
      byName.set(definition.name.value, fields);
    }
  }
  return [...byName].map(([name, fields]) => ({ name, fields }));
}

async function ddlTables(ddl: string): Promise<PlanTable[]> {
  const parsed = await parseSql(ddl);
  if (!parsed.ok) return [];
  const tables = new Map<string, string[]>();
  const columnsOf = (table: string): string[] => {
    const columns = tables.get(table) ?? [];
    tables.set(table, columns);
    return columns;
  };
  for (const { node } of parsed.statements) {
    for (const [table, column] of columnsDeclared(node)) {
      const columns = columnsOf(table);
      if (column !== undefined && !columns.includes(column)) columns.push(column);
    }
  }
  return [...tables].map(([table, columns]) => ({ table, columns }));
}

/** `[table, column]` pairs a statement declares (`[table, undefined]` for a table without columns). */
export function columnsDeclared(node: Node): Array<[string, string | undefined]> {
  if ("CreateStmt" in node) {
    const table = node.CreateStmt.relation?.relname;
    if (table === undefined) return [];
    const columns = (node.CreateStmt.tableElts ?? []).flatMap((element) =>
      "ColumnDef" in element && element.ColumnDef.colname !== undefined ? [element.ColumnDef.colname] : [],
    );
    return columns.length === 0 ? [[table, undefined]] : columns.map((column) => [table, column]);
  }
  if ("AlterTableStmt" in node) {
    const table = node.AlterTableStmt.relation?.relname;
    if (table === undefined) return [];
    return (node.AlterTableStmt.cmds ?? []).flatMap((cmd): Array<[string, string]> => {
      if (!("AlterTableCmd" in cmd) || cmd.AlterTableCmd.subtype !== "AT_AddColumn") return [];
      const def = cmd.AlterTableCmd.def;
      const column = def !== undefined && "ColumnDef" in def ? def.ColumnDef.colname : undefined;
      return column === undefined ? [] : [[table, column]];
    });
  }
  return [];
}
