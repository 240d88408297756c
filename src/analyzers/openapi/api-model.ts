// One shape for Swagger 2.0 and OpenAPI 3.x operations, so the differ compares like with like. Every element
// keeps the JSON pointer it came from, which is how findings find their lines again.
import { isObject, type JsonObject } from "./load-openapi.js";

export type Pointer = readonly string[];

export interface SchemaAt {
  schema: JsonObject;
  pointer: Pointer;
}

export interface ParameterModel {
  in: string;
  name: string;
  required: boolean;
  pointer: Pointer;
  schema?: SchemaAt;
  /** `deprecated: true`: removing it later is what the deprecation announced (oasdiff INFO). */
  deprecated?: boolean;
}

export interface MediaTypeModel {
  pointer: Pointer;
  schema?: SchemaAt;
}

export interface RequestBodyModel {
  required: boolean;
  pointer: Pointer;
  content: Map<string, MediaTypeModel>;
}

export interface ResponseModel {
  pointer: Pointer;
  content: Map<string, MediaTypeModel>;
}

/** A security requirement: scheme name → scopes. An empty requirement (`{}`) means anonymous access. */
export type SecurityRequirement = ReadonlyMap<string, readonly string[]>;

export interface SecurityModel {
  requirements: readonly SecurityRequirement[];
  /** Where the effective requirements are declared; `none` when neither the operation nor the document has any. */
  origin: "operation" | "global" | "none";
  pointer?: Pointer;
}

export interface OperationModel {
  /** Upper case, as people write it: `GET`. */
  method: string;
  /** The path as written in this document. */
  path: string;
  pointer: Pointer;
  deprecated: boolean;
  /** `x-sunset` as written (a date string), when present. */
  sunset?: string;
  /** `x-stability-level`: oasdiff does not protect `draft`/`alpha` operations. */
  stability?: string;
  /** Keyed by `parameterKey`. */
  parameters: Map<string, ParameterModel>;
  requestBody?: RequestBodyModel;
  /** Keyed by status code as written (`200`, `2XX`, `default`). */
  responses: Map<string, ResponseModel>;
  security: SecurityModel;
}

export interface ApiModel {
  /** Keyed by `METHOD normalised-path` (see `operationKey`). */
  operations: Map<string, OperationModel>;
  /** Normalised path → path as written. */
  paths: Map<string, string>;
  /** The document declares security schemes, so authentication is part of its contract. */
  declaresSecurity: boolean;
}

const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
const defaultMediaTypes = ["application/json"];

/** `/users/{id}` and `/users/{userId}` are the same endpoint to a client: parameters are positional. */
export function normalisePath(path: string): string {
  return path.replace(/\{[^}]*\}/g, "{}");
}

export function operationKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${normalisePath(path)}`;
}

export function toApiModel(api: JsonObject): ApiModel {
  const swagger2 = api.swagger !== undefined;
  const model: ApiModel = { operations: new Map(), paths: new Map(), declaresSecurity: false };
  const components = isObject(api.components) ? api.components : {};
  const schemes = swagger2 ? api.securityDefinitions : components.securitySchemes;
  model.declaresSecurity = isObject(schemes) && Object.keys(schemes).length > 0;
  const globalSecurity = securityRequirements(api.security);

  const paths = isObject(api.paths) ? api.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    model.paths.set(normalisePath(path), path);
    const pathPointer = ["paths", path];
    for (const method of methods) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const pointer = [...pathPointer, method];
      const op: OperationModel = {
        method: method.toUpperCase(),
        path,
        pointer,
        deprecated: operation.deprecated === true,
        parameters: new Map(),
        responses: new Map(),
        security: { requirements: [], origin: "none" },
      };
      const sunset = dateText(operation["x-sunset"]);
      if (sunset !== undefined) op.sunset = sunset;
      if (typeof operation["x-stability-level"] === "string") op.stability = operation["x-stability-level"];

      const ownSecurity = securityRequirements(operation.security);
      if (ownSecurity !== undefined) {
        op.security = { requirements: ownSecurity, origin: "operation", pointer: [...pointer, "security"] };
      } else if (globalSecurity !== undefined) {
        op.security = { requirements: globalSecurity, origin: "global", pointer: ["security"] };
      }

      // Path-level parameters first; an operation parameter with the same `in` and name overrides them.
      const declared = [
        ...parameterList(item.parameters, [...pathPointer, "parameters"]),
        ...parameterList(operation.parameters, [...pointer, "parameters"]),
      ];
      if (swagger2) readSwagger2(api, operation, pointer, declared, op);
      else readOpenApi3(operation, pointer, declared, op);
      model.operations.set(operationKey(method, path), op);
    }
  }
  return model;
}

function readOpenApi3(
  operation: JsonObject,
  pointer: Pointer,
  declared: Array<{ parameter: JsonObject; pointer: Pointer }>,
  op: OperationModel,
): void {
  for (const { parameter, pointer: at } of declared) {
    const model = parameterModel(parameter, at);
    if (model === undefined) continue;
    if (isObject(parameter.schema)) model.schema = { schema: parameter.schema, pointer: [...at, "schema"] };
    else if (isObject(parameter.content)) {
      // A parameter serialised as a media type carries its schema there (one entry by the spec).
      const [type, media] = Object.entries(parameter.content)[0] ?? [];
      if (type !== undefined && isObject(media) && isObject(media.schema)) {
        model.schema = { schema: media.schema, pointer: [...at, "content", type, "schema"] };
      }
    }
    op.parameters.set(parameterKey(model, op.path), model);
  }
  const body = operation.requestBody;
  if (isObject(body)) {
    const bodyPointer = [...pointer, "requestBody"];
    op.requestBody = {
      required: body.required === true,
      pointer: bodyPointer,
      content: contentOf(body.content, [...bodyPointer, "content"]),
    };
  }
  for (const [status, response] of Object.entries(isObject(operation.responses) ? operation.responses : {})) {
    if (!isObject(response)) continue;
    const at = [...pointer, "responses", status];
    op.responses.set(status, { pointer: at, content: contentOf(response.content, [...at, "content"]) });
  }
}

/** Swagger 2: the body parameter becomes the request body, `consumes`/`produces` become media types. */
function readSwagger2(
  api: JsonObject,
  operation: JsonObject,
  pointer: Pointer,
  declared: Array<{ parameter: JsonObject; pointer: Pointer }>,
  op: OperationModel,
): void {
  const consumes = mediaTypes(operation.consumes) ?? mediaTypes(api.consumes) ?? defaultMediaTypes;
  const produces = mediaTypes(operation.produces) ?? mediaTypes(api.produces) ?? defaultMediaTypes;
  // Media types are declared by `consumes`/`produces`: that is where adding or removing one shows.
  const consumesAt = declaredAt(operation.consumes, api.consumes, [...pointer, "consumes"], ["consumes"]);
  const producesAt = declaredAt(operation.produces, api.produces, [...pointer, "produces"], ["produces"]);
  for (const { parameter, pointer: at } of declared) {
    if (parameter.in === "body") {
      const content = new Map<string, MediaTypeModel>();
      for (const type of consumes) {
        const media: MediaTypeModel = { pointer: mediaTypePointer(consumesAt, consumes, type) ?? at };
        if (isObject(parameter.schema))
          media.schema = { schema: parameter.schema, pointer: [...at, "schema"] };
        content.set(type, media);
      }
      op.requestBody = { required: parameter.required === true, pointer: at, content };
      continue;
    }
    const model = parameterModel(parameter, at);
    if (model === undefined) continue;
    // A Swagger 2 parameter carries type, format, enum and limits itself: it is its own schema.
    model.schema = { schema: parameter, pointer: at };
    op.parameters.set(parameterKey(model, op.path), model);
  }
  for (const [status, response] of Object.entries(isObject(operation.responses) ? operation.responses : {})) {
    if (!isObject(response)) continue;
    const at = [...pointer, "responses", status];
    const content = new Map<string, MediaTypeModel>();
    if (isObject(response.schema)) {
      for (const type of produces) {
        const mediaPointer = mediaTypePointer(producesAt, produces, type) ?? at;
        content.set(type, {
          pointer: mediaPointer,
          schema: { schema: response.schema, pointer: [...at, "schema"] },
        });
      }
    }
    op.responses.set(status, { pointer: at, content });
  }
}

function parameterList(value: unknown, at: Pointer): Array<{ parameter: JsonObject; pointer: Pointer }> {
  if (!Array.isArray(value)) return [];
  return value.flatMap((parameter, index) =>
    isObject(parameter) ? [{ parameter, pointer: [...at, String(index)] }] : [],
  );
}

function parameterModel(parameter: JsonObject, pointer: Pointer): ParameterModel | undefined {
  if (typeof parameter.in !== "string" || typeof parameter.name !== "string") return undefined;
  // Path parameters are always required, whatever the document says.
  const required = parameter.in === "path" || parameter.required === true;
  const model: ParameterModel = { in: parameter.in, name: parameter.name, required, pointer };
  if (parameter.deprecated === true) model.deprecated = true;
  return model;
}

/**
 * Keyed by `in:name`; header names in lower case (HTTP headers are case-insensitive) and path parameters by
 * position in the template, since renaming `{id}` to `{userId}` changes nothing for a client.
 */
export function parameterKey(parameter: { in: string; name: string }, path: string): string {
  if (parameter.in === "path") {
    const names = [...path.matchAll(/\{([^}]*)\}/g)].map((match) => match[1]);
    const position = names.indexOf(parameter.name);
    if (position >= 0) return `path:#${position}`;
  }
  const name = parameter.in === "header" ? parameter.name.toLowerCase() : parameter.name;
  return `${parameter.in}:${name}`;
}

function contentOf(value: unknown, at: Pointer): Map<string, MediaTypeModel> {
  const content = new Map<string, MediaTypeModel>();
  if (!isObject(value)) return content;
  for (const [type, media] of Object.entries(value)) {
    if (!isObject(media)) continue;
    const model: MediaTypeModel = { pointer: [...at, type] };
    if (isObject(media.schema)) model.schema = { schema: media.schema, pointer: [...at, type, "schema"] };
    content.set(type, model);
  }
  return content;
}

function declaredAt(
  own: unknown,
  global: unknown,
  ownPointer: Pointer,
  globalPointer: Pointer,
): Pointer | undefined {
  if (mediaTypes(own) !== undefined) return ownPointer;
  return mediaTypes(global) !== undefined ? globalPointer : undefined;
}

/** The entry of `type` in the `consumes`/`produces` list at `at`. */
function mediaTypePointer(
  at: Pointer | undefined,
  types: readonly string[],
  type: string,
): Pointer | undefined {
  const index = types.indexOf(type);
  return at === undefined || index < 0 ? undefined : [...at, String(index)];
}

function mediaTypes(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const types = value.filter((type): type is string => typeof type === "string");
  return types.length > 0 ? types : undefined;
}

/** `security` as written: undefined when absent (inherit), `[]` when explicitly public. */
function securityRequirements(value: unknown): SecurityRequirement[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value
    .filter(isObject)
    .map(
      (requirement) =>
        new Map(
          Object.entries(requirement).map(([scheme, scopes]): [string, string[]] => [
            scheme,
            Array.isArray(scopes) ? scopes.filter((scope): scope is string => typeof scope === "string") : [],
          ]),
        ),
    );
}

/** `x-sunset` is a YAML date: a string to the YAML 1.2 parser, a Date to swagger-parser's (large files). */
function dateText(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (typeof value === "string" && value.trim() !== "") return value.trim();
  return undefined;
}
