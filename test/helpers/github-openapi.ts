// Checks every request the suite sends to api.github.com against GitHub's published OpenAPI description
// (`@octokit/openapi`): the endpoint and method exist, path parameters fit their schema, every query parameter
// is known and well-typed, and a JSON body fits the operation's request schema — plus no unknown properties.
// A misspelt field or a stray query parameter is silently ignored by a nock mock (and by GitHub itself), so
// without this a wrong request passes every test.
//
// Decisions:
// - Unknown body properties are reported at every depth where the schema lists `properties`, even though
//   GitHub's schemas rarely say `additionalProperties: false`: GitHub ignores unknown fields, which is exactly
//   how a misspelling ships. An object stays open only when its own schema says `additionalProperties` is
//   true or a schema, or lists no properties at all. `additionalProperties: true` inside an `anyOf`/`oneOf`
//   branch does not open it (GitHub uses such branches as overlays, e.g. the check-run PATCH).
// - Path templates match segment by segment on the raw (still encoded) path, so Octokit's `%2F` in
//   `contents/{path}` stays inside one segment; a parameter marked `x-multi-segment` may also span literal
//   slashes. When several templates match, the one with the most literal segments wins
//   (`pulls/comments` over `pulls/{pull_number}`).
// - `POST /graphql` is not in the REST description: only "the body is JSON with a `query` string" is checked.
// - Only requests that reached a nock interceptor are seen (unmatched ones already fail the test).
// The description is read once per worker, lazily (only when a test made a GitHub request), from the
// non-dereferenced file (13 MB, ~0.1 s) rather than the dereferenced one (73 MB, ~0.5 s); the few `$ref`s a
// request needs are inlined here, and one Ajv validator is compiled per operation and cached.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Ajv, ErrorObject, ValidateFunction } from "ajv";

export interface GitHubRequest {
  method: string;
  /** Absolute URL, as sent (path still percent-encoded, with its query string). */
  url: string;
  /** The raw request body, if any. */
  body?: string;
}

type Schema = Record<string, unknown>;

interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: Schema;
  "x-multi-segment"?: boolean;
}

interface Operation {
  parameters?: Array<Parameter | { $ref: string }>;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> } | { $ref: string };
}

interface Description {
  paths: Record<string, Record<string, Operation | unknown>>;
  components: Record<string, Record<string, unknown>>;
}

interface CompiledPath {
  template: string;
  /** Literal segments, or a parameter name. */
  segments: Array<{ literal: string } | { param: string }>;
  literalCount: number;
  item: Record<string, Operation | unknown>;
}

const httpMethods = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

let description: Description | undefined;
let compiledPaths: CompiledPath[] | undefined;
const bodyValidators = new Map<string, { validate: ValidateFunction; schema: Schema }>();
let ajv: Ajv | undefined;

/** Ajv, loaded on first use: the setup file runs in every test file, most of which never call GitHub. */
function validatorCompiler(): Ajv {
  if (ajv !== undefined) return ajv;
  const require = createRequire(import.meta.url);
  const { Ajv: AjvClass } = require("ajv") as typeof import("ajv");
  ajv = new AjvClass({ allErrors: true, strict: false, validateFormats: false });
  return ajv;
}

function loadDescription(): Description {
  if (description !== undefined) return description;
  // Not `import "@octokit/openapi"`: its index requires all ten descriptions (~400 MB).
  const require = createRequire(import.meta.url);
  const file = require.resolve("@octokit/openapi/generated/api.github.com.json");
  description = JSON.parse(readFileSync(file, "utf8")) as Description;
  return description;
}

function pathsOf(): CompiledPath[] {
  if (compiledPaths !== undefined) return compiledPaths;
  compiledPaths = Object.entries(loadDescription().paths).map(([template, item]) => {
    const segments = template
      .split("/")
      .slice(1)
      .map((segment) => {
        const param = /^\{([^}]+)\}$/.exec(segment)?.[1];
        return param === undefined ? { literal: segment } : { param };
      });
    return {
      template,
      segments,
      literalCount: segments.filter((segment) => "literal" in segment).length,
      item,
    };
  });
  return compiledPaths;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The target of a local `$ref` (`#/components/parameters/owner`). */
function lookup(ref: string): unknown {
  if (!ref.startsWith("#/")) throw new Error(`unsupported $ref ${ref}`);
  let node: unknown = loadDescription();
  for (const part of ref.slice(2).split("/")) {
    if (!isRecord(node)) return undefined;
    node = node[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return node;
}

/** `schema` with every `$ref` inlined; a recursive reference becomes `{}` (anything) at its second visit. */
function inline(schema: unknown, seen: ReadonlySet<string> = new Set()): unknown {
  if (Array.isArray(schema)) return schema.map((item) => inline(item, seen));
  if (!isRecord(schema)) return schema;
  const ref = schema.$ref;
  if (typeof ref === "string") {
    if (seen.has(ref)) return {};
    return inline(lookup(ref), new Set([...seen, ref]));
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    // Examples and descriptions are prose, not constraints.
    if (key === "example" || key === "examples" || key === "description") continue;
    out[key] = inline(value, seen);
  }
  return out;
}

function segmentMatches(
  path: CompiledPath,
  segments: string[],
  parameters: Parameter[],
): Map<string, string> | undefined {
  const values = new Map<string, string>();
  let index = 0;
  for (let position = 0; position < path.segments.length; position++) {
    const segment = path.segments[position]!;
    const actual = segments[index];
    if (actual === undefined) return undefined;
    if ("literal" in segment) {
      if (actual !== segment.literal) return undefined;
      index++;
      continue;
    }
    const multi = parameters.find((parameter) => parameter.name === segment.param)?.["x-multi-segment"];
    if (multi === true) {
      // Takes as many segments as leave exactly enough for the rest of the template.
      const rest = path.segments.length - position - 1;
      const take = segments.length - index - rest;
      if (take < 1) return undefined;
      values.set(segment.param, segments.slice(index, index + take).join("/"));
      index += take;
    } else {
      if (actual === "") return undefined;
      values.set(segment.param, actual);
      index++;
    }
  }
  return index === segments.length ? values : undefined;
}

function parametersOf(operation: Operation): Parameter[] {
  return (operation.parameters ?? []).map((parameter) =>
    "$ref" in parameter ? (lookup(parameter.$ref) as Parameter) : parameter,
  );
}

/** Problems with one value (a path or query parameter, always a string on the wire) against its schema. */
function scalarProblem(value: string, schema: Schema | undefined): string | undefined {
  if (schema === undefined) return undefined;
  const resolved = inline(schema) as Schema;
  const type = resolved.type;
  if (Array.isArray(resolved.enum) && !resolved.enum.map(String).includes(value))
    return `must be one of ${resolved.enum.join(", ")} (got ${JSON.stringify(value)})`;
  if (type === "integer" && !/^-?\d+$/.test(value))
    return `must be an integer (got ${JSON.stringify(value)})`;
  if (type === "number" && Number.isNaN(Number(value)))
    return `must be a number (got ${JSON.stringify(value)})`;
  if (type === "boolean" && value !== "true" && value !== "false")
    return `must be true or false (got ${JSON.stringify(value)})`;
  return undefined;
}

function describePath(instancePath: string): string {
  // Ajv's `/comments/0/body` → `body.comments[0].body`.
  return `body${instancePath
    .split("/")
    .slice(1)
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part.replace(/~1/g, "/").replace(/~0/g, "~")}`))
    .join("")}`;
}

function describeError(error: ErrorObject): string {
  const at = describePath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return `${at === "body" ? "body" : at} is missing required property ${String(params.missingProperty)}`;
    case "enum":
      return `${at} must be one of ${(params.allowedValues as unknown[]).map(String).join(", ")}`;
    case "type":
      return `${at} must be ${String(params.type)}`;
    case "additionalProperties":
      return `${at} has unknown property ${String(params.additionalProperty)}`;
    default:
      return `${at} ${error.message ?? error.keyword}`;
  }
}

/** Ajv's errors, without the per-branch noise under a failed `anyOf`/`oneOf` (its own error says enough). */
function bodyProblems(errors: ErrorObject[]): string[] {
  const combinators = errors.filter((error) => error.keyword === "anyOf" || error.keyword === "oneOf");
  const kept = errors.filter(
    (error) => !combinators.some((combinator) => error.schemaPath.startsWith(`${combinator.schemaPath}/`)),
  );
  return [...new Set(kept.map(describeError))];
}

/** Property schemas an object may have: its own and those of its `allOf`/`anyOf`/`oneOf` branches. */
function objectShape(schema: Schema): { open: boolean; properties: Map<string, Schema[]>; items: Schema[] } {
  const properties = new Map<string, Schema[]>();
  const items: Schema[] = [];
  const additional = schema.additionalProperties;
  let open = additional === true || isRecord(additional);
  const visit = (node: Schema): void => {
    if (isRecord(node.properties))
      for (const [name, sub] of Object.entries(node.properties))
        if (isRecord(sub)) properties.set(name, [...(properties.get(name) ?? []), sub]);
    if (isRecord(node.items)) items.push(node.items);
    for (const key of ["allOf", "anyOf", "oneOf"])
      if (Array.isArray(node[key]))
        for (const branch of node[key] as unknown[]) if (isRecord(branch)) visit(branch);
  };
  visit(schema);
  if (properties.size === 0) open = true;
  return { open, properties, items };
}

function unknownProperties(schema: Schema, value: unknown, at: string): string[] {
  if (Array.isArray(value)) {
    const { items } = objectShape(schema);
    if (items.length === 0) return [];
    return value.flatMap((item, index) =>
      items.length === 1 ? unknownProperties(items[0]!, item, `${at}[${index}]`) : [],
    );
  }
  if (!isRecord(value)) return [];
  const shape = objectShape(schema);
  const problems: string[] = [];
  for (const [key, sub] of Object.entries(value)) {
    const subSchemas = shape.properties.get(key);
    if (subSchemas === undefined) {
      if (!shape.open) problems.push(`${at} has unknown property ${key}`);
      continue;
    }
    // Only when one schema describes the property: with several, which one applies is Ajv's business.
    if (subSchemas.length === 1) problems.push(...unknownProperties(subSchemas[0]!, sub, `${at}.${key}`));
  }
  return problems;
}

function validateBody(key: string, operation: Operation, body: string | undefined): string[] {
  const requestBody = (
    operation.requestBody !== undefined && "$ref" in operation.requestBody
      ? lookup(operation.requestBody.$ref)
      : operation.requestBody
  ) as Exclude<Operation["requestBody"], { $ref: string }>;
  const empty = body === undefined || body === "";
  if (requestBody === undefined) return empty ? [] : ["has a body, but the endpoint takes none"];
  if (empty) return requestBody.required === true ? ["has no body, but the endpoint requires one"] : [];
  const jsonSchema = requestBody.content?.["application/json"]?.schema;
  // Raw bodies (markdown, octet-stream uploads) are not JSON: nothing more to check.
  if (jsonSchema === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return ["has a body that is not JSON"];
  }
  let compiled = bodyValidators.get(key);
  if (compiled === undefined) {
    const schema = inline(jsonSchema) as Schema;
    compiled = { validate: validatorCompiler().compile(schema), schema };
    bodyValidators.set(key, compiled);
  }
  const problems = compiled.validate(parsed) ? [] : bodyProblems(compiled.validate.errors ?? []);
  return [...problems, ...unknownProperties(compiled.schema, parsed, "body")];
}

function validateGraphQL(body: string | undefined): string[] {
  try {
    const parsed: unknown = JSON.parse(body ?? "");
    if (isRecord(parsed) && typeof parsed.query === "string") return [];
  } catch {
    // Falls through to the problem below.
  }
  return ["body must be JSON with a `query` string"];
}

/** What is wrong with `request` according to GitHub's OpenAPI description; empty when it is valid. */
export function validateGitHubRequest(request: GitHubRequest): string[] {
  const url = new URL(request.url);
  const method = request.method.toLowerCase();
  if (url.pathname === "/graphql")
    return method === "post" ? validateGraphQL(request.body) : ["GraphQL takes POST only"];
  const segments = url.pathname.split("/").slice(1);
  // A trailing slash is a different URL to GitHub, so it is not forgiven.
  let best: { path: CompiledPath; operation: Operation; values: Map<string, string> } | undefined;
  let pathOnly: CompiledPath | undefined;
  for (const path of pathsOf()) {
    const candidate = path.item[method];
    const operation = isRecord(candidate) ? (candidate as Operation) : undefined;
    const parameters = parametersOf(operation ?? firstOperation(path));
    const values = segmentMatches(path, segments, parameters);
    if (values === undefined) continue;
    if (operation === undefined) {
      if (pathOnly === undefined || path.literalCount > pathOnly.literalCount) pathOnly = path;
      continue;
    }
    if (best === undefined || path.literalCount > best.path.literalCount) best = { path, operation, values };
  }
  if (best === undefined) {
    if (pathOnly !== undefined) {
      const allowed = Object.keys(pathOnly.item)
        .filter((key) => httpMethods.has(key))
        .map((key) => key.toUpperCase());
      return [`${pathOnly.template} does not take ${method.toUpperCase()} (only ${allowed.join(", ")})`];
    }
    return ["no such endpoint in GitHub's REST API"];
  }
  const { path, operation, values } = best;
  const parameters = parametersOf(operation);
  const problems: string[] = [];
  for (const parameter of parameters.filter((p) => p.in === "path")) {
    const raw = values.get(parameter.name);
    if (raw === undefined) continue;
    const problem = scalarProblem(decodeURIComponent(raw), parameter.schema);
    if (problem !== undefined) problems.push(`path parameter ${parameter.name} ${problem}`);
  }
  const query = parameters.filter((p) => p.in === "query");
  for (const [name, value] of url.searchParams) {
    // Array parameters may be sent as `name[]=…`.
    const parameter = query.find((p) => p.name === name || `${p.name}[]` === name);
    if (parameter === undefined) {
      problems.push(`unknown query parameter ${name}`);
      continue;
    }
    const schema = parameter.schema === undefined ? undefined : (inline(parameter.schema) as Schema);
    const itemSchema = schema?.type === "array" && isRecord(schema.items) ? schema.items : schema;
    const problem = scalarProblem(value, itemSchema);
    if (problem !== undefined) problems.push(`query parameter ${name} ${problem}`);
  }
  for (const parameter of query)
    if (parameter.required === true && !url.searchParams.has(parameter.name))
      problems.push(`missing required query parameter ${parameter.name}`);
  problems.push(...validateBody(`${method} ${path.template}`, operation, request.body));
  return problems;
}

function firstOperation(path: CompiledPath): Operation {
  for (const [key, value] of Object.entries(path.item))
    if (httpMethods.has(key) && isRecord(value)) return value as Operation;
  return {};
}

/** `METHOD /path?query: problem; problem` — one line per invalid request. */
export function describeInvalidRequest(request: GitHubRequest, problems: string[]): string {
  const url = new URL(request.url);
  return `${request.method.toUpperCase()} ${url.pathname}${url.search}: ${problems.join("; ")}`;
}

/** Requests to api.github.com that reached a nock interceptor since the last `takeInvalidGitHubRequests`. */
const recorded: GitHubRequest[] = [];
let hooked = false;

/**
 * Records every request a nock interceptor answers for api.github.com. nock has no global "request" event
 * (only `scope.on("request")` per scope, and the tests create scopes everywhere), so the shared `Scope`
 * prototype's `emit` is wrapped once: every scope's "request" event is seen here first.
 */
export function recordGitHubRequests(nockModule: (basePath: string) => object): void {
  if (hooked) return;
  hooked = true;
  const prototype = Object.getPrototypeOf(nockModule("https://api.github.com")) as {
    emit: (event: string | symbol, ...args: unknown[]) => boolean;
  };
  const emit = prototype.emit;
  prototype.emit = function (this: unknown, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const [req, , body] = args as [
        { method?: string; path?: string; options?: { host?: string; hostname?: string; proto?: string } },
        unknown,
        string | undefined,
      ];
      const host = req.options?.hostname ?? req.options?.host;
      if (host !== undefined && host.replace(/:443$/, "") === "api.github.com" && req.path !== undefined)
        recorded.push({ method: req.method ?? "GET", url: `https://api.github.com${req.path}`, body });
    }
    return emit.call(this, event, ...args);
  };
}

/** One line per invalid request recorded since the last call (and forgets them all). */
export function takeInvalidGitHubRequests(): string[] {
  const requests = recorded.splice(0, recorded.length);
  return requests.flatMap((request) => {
    const problems = validateGitHubRequest(request);
    return problems.length === 0 ? [] : [describeInvalidRequest(request, problems)];
  });
}
