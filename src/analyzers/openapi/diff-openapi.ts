// The API-contract differ: base vs head operations, reported with oasdiff's check ids (analyzers.md §3.2,
// §5.3). Pure: two models in, the list of changes a client of the base contract would notice out.
import type { Side } from "../../domain/model.js";
import {
  type ApiModel,
  type MediaTypeModel,
  normalisePath,
  type OperationModel,
  type ParameterModel,
  type Pointer,
  type SecurityModel,
  type SecurityRequirement,
} from "./api-model.js";
import { type Direction, diffSchema, type SchemaChangeKind, type SchemaDifference } from "./diff-schema.js";
import { type OasdiffCheckId, oasdiffChecks, writeRestrictedCode } from "./oasdiff-checks.js";

export interface ApiChange {
  /** The oasdiff check id (or, for a new unauthenticated write operation, the OWASP rule id). */
  id: OasdiffCheckId | typeof writeRestrictedCode;
  /** `GET /users/{id}` */
  operation: string;
  /** What inside the operation: `response 200 .email`, `query.limit`, `request`; absent for the whole operation. */
  target?: string;
  /** What changed, without the operation: "response 200 property `email` was removed". */
  message: string;
  /** Where the change is visible: RIGHT (head) for what was added or changed, LEFT (base) for what went away. */
  side: Side;
  /** JSON pointer of the changed element in the document of `side`. */
  pointer: Pointer;
  /** A1 on an operation that was deprecated with an `x-sunset` date that has passed: sanctioned removal. */
  sunsetPassed?: boolean;
  /**
   * The same change seen from every operation that shares the element (a component schema) has the same
   * check, pointer line and `site`: findings merge on it. Property and detail for schema changes.
   */
  site?: string;
}

export interface DiffOptions {
  /** Today, for `x-sunset` dates (injectable for tests). */
  now?: Date;
}

/** The oasdiff check ids among `changes`, in order and with repetitions: what conformance scoring compares. */
export function oasdiffIds(changes: readonly ApiChange[]): OasdiffCheckId[] {
  return changes.flatMap((change) => (change.id in oasdiffChecks ? [change.id as OasdiffCheckId] : []));
}

/** Changes from `base` to `head`; a new file (no base) breaks nothing, but its write operations are checked. */
export function diffOpenApi(
  base: ApiModel | undefined,
  head: ApiModel,
  options: DiffOptions = {},
): ApiChange[] {
  const now = options.now ?? new Date();
  const changes: ApiChange[] = [];
  for (const [key, op] of head.operations) {
    const before = base?.operations.get(key);
    if (before === undefined) changes.push(...newOperation(op, head));
    else changes.push(...operationChanges(before, op));
  }
  if (base !== undefined) {
    for (const [key, op] of base.operations) {
      if (!head.operations.has(key)) changes.push(...removedOperation(op, head, now));
    }
  }
  return unique(changes);
}

function label(op: OperationModel): string {
  return `${op.method} ${op.path}`;
}

/** oasdiff leaves draft and alpha operations unprotected; so do we. */
const unstable = new Set(["draft", "alpha"]);

function removedOperation(op: OperationModel, head: ApiModel, now: Date): ApiChange[] {
  if (op.stability !== undefined && unstable.has(op.stability)) return [];
  const wholePath = !head.paths.has(normalisePath(op.path));
  const change = (id: OasdiffCheckId, message: string, extra: Partial<ApiChange> = {}): ApiChange[] => [
    { id, operation: label(op), message, side: "LEFT", pointer: op.pointer, ...extra },
  ];
  const what = wholePath ? "the path and this operation were removed" : "this operation was removed";
  if (!op.deprecated) {
    return change(
      wholePath ? "api-path-removed-without-deprecation" : "api-removed-without-deprecation",
      `${what} without being deprecated first`,
    );
  }
  if (op.sunset === undefined) {
    return change(
      wholePath ? "api-path-removed-with-deprecation" : "api-removed-with-deprecation",
      `${what}; it was deprecated, but without an \`x-sunset\` date clients could plan for`,
    );
  }
  const sunset = Date.parse(op.sunset);
  if (Number.isNaN(sunset)) {
    return change("api-path-sunset-parse", `${what}; its \`x-sunset\` date \`${op.sunset}\` cannot be read`);
  }
  const day = op.sunset.slice(0, 10);
  if (sunset > now.getTime()) {
    return change(
      wholePath ? "api-path-removed-before-sunset" : "api-removed-before-sunset",
      `${what} before its announced sunset date ${day}`,
    );
  }
  return change(
    wholePath ? "api-path-removed-with-deprecation" : "api-removed-with-deprecation",
    `${what} after its deprecation and sunset date ${day}, as announced`,
    { sunsetPassed: true },
  );
}

const writeMethods = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * A new write operation in a spec that models authentication but gives this operation none (no `security`
 * here or at the top). An explicit `security: []` is a stated decision to be public and is left alone.
 */
function newOperation(op: OperationModel, head: ApiModel): ApiChange[] {
  if (!writeMethods.has(op.method) || !head.declaresSecurity || op.security.origin !== "none") return [];
  return [
    {
      id: writeRestrictedCode,
      operation: label(op),
      message:
        "new write operation without any security requirement, in a spec that declares security schemes",
      side: "RIGHT",
      pointer: op.pointer,
    },
  ];
}

function operationChanges(base: OperationModel, head: OperationModel): ApiChange[] {
  const operation = label(head);
  const changes: ApiChange[] = [];
  const add = (change: Omit<ApiChange, "operation">) => changes.push({ operation, ...change });

  for (const [key, parameter] of head.parameters) {
    const before = base.parameters.get(key);
    const target = `${parameter.in}.${parameter.name}`;
    if (before === undefined) {
      if (!parameter.required) continue;
      const pathParameter = parameter.in === "path";
      add({
        id: pathParameter ? "new-request-path-parameter" : "new-required-request-parameter",
        target,
        message: `new required ${parameter.in} parameter \`${parameter.name}\``,
        side: "RIGHT",
        pointer: parameter.pointer,
      });
      continue;
    }
    if (!before.required && parameter.required) {
      add({
        id: "request-parameter-became-required",
        target,
        message: `${parameter.in} parameter \`${parameter.name}\` became required`,
        side: "RIGHT",
        pointer: [...parameter.pointer, "required"],
      });
    }
    if (before.schema !== undefined && parameter.schema !== undefined) {
      const where = (property: string) => parameterWhere(parameter, property);
      for (const difference of diffSchema(before.schema.schema, parameter.schema.schema, "request")) {
        const id = schemaCheckId(difference, difference.property === "" ? "parameter" : "parameterProperty");
        if (id === undefined) continue;
        add(
          schemaChange(
            id,
            difference,
            target,
            where(difference.property),
            before.schema.pointer,
            parameter.schema.pointer,
          ),
        );
      }
    }
  }

  for (const [key, parameter] of base.parameters) {
    if (head.parameters.has(key)) continue;
    add({
      id:
        parameter.deprecated === true
          ? "request-parameter-removed-with-deprecation"
          : "request-parameter-removed",
      target: `${parameter.in}.${parameter.name}`,
      message: `${parameter.in} parameter \`${parameter.name}\` was removed${stillSent}`,
      side: "LEFT",
      pointer: parameter.pointer,
    });
  }

  changes.push(...requestBodyChanges(base, head));
  changes.push(...responseChanges(base, head));
  changes.push(...securityChanges(base.security, head.security, operation));
  return changes;
}

function requestBodyChanges(base: OperationModel, head: OperationModel): ApiChange[] {
  const operation = label(head);
  const changes: ApiChange[] = [];
  const before = base.requestBody;
  const after = head.requestBody;
  if (after === undefined) return changes;
  if (before === undefined) {
    if (after.required) {
      changes.push({
        id: "request-body-added-required",
        operation,
        target: "request",
        message: "a required request body was added",
        side: "RIGHT",
        pointer: after.pointer,
      });
    }
    return changes;
  }
  if (!before.required && after.required) {
    changes.push({
      id: "request-body-became-required",
      operation,
      target: "request",
      message: "the request body became required",
      side: "RIGHT",
      pointer: [...after.pointer, "required"],
    });
  }
  for (const [type, media] of before.content) {
    const now = after.content.get(type);
    if (now === undefined) {
      changes.push({
        id: "request-body-media-type-removed",
        operation,
        target: `request ${type}`,
        message: `the request body no longer accepts \`${type}\``,
        side: "LEFT",
        pointer: media.pointer,
      });
      continue;
    }
    changes.push(
      ...mediaSchemaChanges(media, now, "request", operation, (property) =>
        property === "" ? "the request body" : `request property \`${propertyName(property)}\``,
      ).map((change) => ({ ...change, target: `request${change.target ?? ""}` })),
    );
  }
  return changes;
}

function responseChanges(base: OperationModel, head: OperationModel): ApiChange[] {
  const operation = label(head);
  const changes: ApiChange[] = [];
  for (const [status, response] of base.responses) {
    const now = head.responses.get(status);
    if (now === undefined) {
      if (/^2/.test(status)) {
        changes.push({
          id: "response-success-status-removed",
          operation,
          target: `response ${status}`,
          message: `success response \`${status}\` was removed`,
          side: "LEFT",
          pointer: response.pointer,
        });
      }
      continue;
    }
    for (const [type, media] of response.content) {
      const after = now.content.get(type);
      if (after === undefined) {
        changes.push({
          id: "response-media-type-removed",
          operation,
          target: `response ${status} ${type}`,
          message: `response \`${status}\` no longer returns \`${type}\``,
          side: "LEFT",
          pointer: media.pointer,
        });
        continue;
      }
      changes.push(
        ...mediaSchemaChanges(media, after, "response", operation, (property) =>
          property === ""
            ? `the response ${status} body`
            : `response ${status} property \`${propertyName(property)}\``,
        ).map((change) => ({ ...change, target: `response ${status}${change.target ?? ""}` })),
      );
    }
  }
  return changes;
}

function mediaSchemaChanges(
  base: MediaTypeModel,
  head: MediaTypeModel,
  direction: Direction,
  operation: string,
  where: (property: string) => string,
): ApiChange[] {
  if (base.schema === undefined || head.schema === undefined) return [];
  const changes: ApiChange[] = [];
  for (const difference of diffSchema(base.schema.schema, head.schema.schema, direction)) {
    const root = difference.property === "";
    const place: Place =
      direction === "request"
        ? root
          ? "requestBody"
          : "requestProperty"
        : root
          ? "responseBody"
          : "responseProperty";
    const id = schemaCheckId(difference, place);
    if (id === undefined) continue;
    const target = root ? undefined : ` ${difference.property}`;
    const change = schemaChange(
      id,
      difference,
      target,
      where(difference.property),
      base.schema.pointer,
      head.schema.pointer,
    );
    changes.push({ ...change, operation });
  }
  return changes;
}

function schemaChange(
  id: OasdiffCheckId,
  difference: SchemaDifference,
  target: string | undefined,
  where: string,
  basePointer: Pointer,
  headPointer: Pointer,
): Omit<ApiChange, "operation"> {
  const pointer = [...(difference.side === "LEFT" ? basePointer : headPointer), ...difference.pointer];
  const change: Omit<ApiChange, "operation"> = {
    id,
    message: describe(difference.kind, where, difference.detail),
    side: difference.side,
    pointer,
    site: `${difference.property.split(".").pop() ?? ""}\0${difference.detail}`,
  };
  if (target !== undefined) change.target = target;
  return change;
}

/** What a removed request input means to the clients that still send it. */
const stillSent =
  "; a client that still sends it now has it ignored, or its request rejected where unknown inputs are forbidden";

function parameterWhere(parameter: ParameterModel, property: string): string {
  const name = `${parameter.in} parameter \`${parameter.name}\``;
  return property === "" ? name : `${name} property \`${propertyName(property)}\``;
}

/** `.address.city` → `address.city`; `[].name` stays (the items of an array body). */
function propertyName(property: string): string {
  return property.startsWith(".") ? property.slice(1) : property;
}

function describe(kind: SchemaChangeKind, where: string, detail: string): string {
  switch (kind) {
    case "type-changed":
      return `${where} changed type ${detail}`;
    case "became-nullable":
      return `${where} may now be null`;
    case "became-not-nullable":
      return `${where} no longer accepts null`;
    case "enum-value-removed":
      return `${where} no longer accepts the value \`${detail}\``;
    case "enum-value-added":
      return `${where} may now return the new value \`${detail}\``;
    case "became-enum":
      return `${where} now only accepts a fixed list of values`;
    case "pattern-added":
      return `${where} must now match ${detail}`;
    case "pattern-changed":
      return `${where} must now match a different pattern (${detail})`;
    case "default-value-changed":
      return `${where} has a different default (${detail})`;
    case "new-required-property":
      return `${where} is new and required`;
    case "new-required-property-with-default":
      return `${where} is new and required (it has a default, but clients validating against the contract must send it)`;
    case "property-became-required":
      return `${where} became required`;
    case "required-property-removed":
      return `${where} was removed`;
    case "request-property-removed":
      return `${where} was removed${stillSent}`;
    case "optional-property-removed":
      return `${where} (optional) was removed`;
    case "property-became-optional":
      return `${where} became optional: responses may omit it`;
    default:
      return `${where} is validated more strictly (${detail})`;
  }
}

type Place =
  | "requestBody"
  | "requestProperty"
  | "parameter"
  | "parameterProperty"
  | "responseBody"
  | "responseProperty";

/** oasdiff's id for a schema change at a place; undefined where the change cannot break a client there. */
const schemaCheckIds: Record<SchemaChangeKind, Partial<Record<Place, OasdiffCheckId>>> = {
  "type-changed": {
    requestBody: "request-body-type-changed",
    requestProperty: "request-property-type-changed",
    parameter: "request-parameter-type-changed",
    parameterProperty: "request-parameter-property-type-changed",
    responseBody: "response-body-type-changed",
    responseProperty: "response-property-type-changed",
  },
  "became-nullable": {
    responseBody: "response-body-became-nullable",
    responseProperty: "response-property-became-nullable",
  },
  "became-not-nullable": {
    requestBody: "request-body-became-not-nullable",
    requestProperty: "request-property-became-not-nullable",
    parameter: "request-parameter-became-not-nullable",
    parameterProperty: "request-parameter-property-became-not-nullable",
  },
  "enum-value-removed": {
    requestBody: "request-body-enum-value-removed",
    requestProperty: "request-property-enum-value-removed",
    parameter: "request-parameter-enum-value-removed",
    parameterProperty: "request-parameter-property-enum-value-removed",
  },
  "enum-value-added": {
    responseBody: "response-mediatype-enum-value-added",
    responseProperty: "response-property-enum-value-added",
  },
  "became-enum": {
    requestBody: "request-body-became-enum",
    requestProperty: "request-property-became-enum",
    parameter: "request-parameter-became-enum",
    parameterProperty: "request-parameter-became-enum",
  },
  "max-length-decreased": constraint("max-length-decreased"),
  "max-length-set": constraint("max-length-set"),
  "min-length-increased": constraint("min-length-increased"),
  "max-decreased": constraint("max-decreased"),
  "max-set": constraint("max-set"),
  "min-increased": constraint("min-increased"),
  "min-set": constraint("min-set"),
  "max-items-decreased": constraint("max-items-decreased"),
  "min-items-increased": constraint("min-items-increased"),
  "pattern-added": {
    requestProperty: "request-property-pattern-added",
    parameter: "request-parameter-pattern-added",
    parameterProperty: "request-parameter-pattern-added",
  },
  "pattern-changed": {
    requestProperty: "request-property-pattern-changed",
    parameter: "request-parameter-pattern-changed",
    parameterProperty: "request-parameter-pattern-changed",
  },
  "default-value-changed": {
    requestProperty: "request-property-default-value-changed",
    parameter: "request-parameter-default-value-changed",
  },
  "new-required-property": { requestProperty: "new-required-request-property" },
  "request-property-removed": { requestProperty: "request-property-removed" },
  "new-required-property-with-default": { requestProperty: "new-required-request-property-with-default" },
  "property-became-required": { requestProperty: "request-property-became-required" },
  "required-property-removed": { responseProperty: "response-required-property-removed" },
  "optional-property-removed": { responseProperty: "response-optional-property-removed" },
  "property-became-optional": { responseProperty: "response-property-became-optional" },
};

/** Request-side limits: `request-body-…`, `request-property-…`, `request-parameter-…`. */
function constraint(suffix: string): Partial<Record<Place, OasdiffCheckId>> {
  const id = (prefix: string) => `${prefix}-${suffix}` as OasdiffCheckId;
  return {
    requestBody: id("request-body"),
    requestProperty: id("request-property"),
    parameter: id("request-parameter"),
    parameterProperty: id("request-parameter"),
  };
}

function schemaCheckId(difference: SchemaDifference, place: Place): OasdiffCheckId | undefined {
  return schemaCheckIds[difference.kind][place];
}

/** Authentication is required: at least one requirement, and none of them is the anonymous `{}`. */
function authenticated(security: SecurityModel): boolean {
  return (
    security.requirements.length > 0 && security.requirements.every((requirement) => requirement.size > 0)
  );
}

function securityChanges(base: SecurityModel, head: SecurityModel, operation: string): ApiChange[] {
  if (!authenticated(base)) return [];
  const global = base.origin !== "operation" && head.origin !== "operation";
  const anchor = head.pointer !== undefined ? { side: "RIGHT" as const, pointer: head.pointer } : undefined;
  const fallback = { side: "LEFT" as const, pointer: base.pointer ?? [] };
  if (!authenticated(head)) {
    return [
      {
        id: global ? "api-global-security-removed" : "api-security-removed",
        operation,
        message: `no longer requires authentication (it required ${schemesOf(base.requirements)})`,
        ...(anchor ?? fallback),
      },
    ];
  }
  const changes: ApiChange[] = [];
  for (const requirement of base.requirements) {
    const match = head.requirements.find((candidate) => sameSchemes(candidate, requirement));
    if (match === undefined) continue;
    for (const [scheme, scopes] of requirement) {
      const kept = new Set(match.get(scheme) ?? []);
      const removed = scopes.filter((scope) => !kept.has(scope));
      if (removed.length === 0) continue;
      changes.push({
        id: global ? "api-global-security-scope-removed" : "api-security-scope-removed",
        operation,
        message: `no longer requires the ${scheme} scope${removed.length === 1 ? "" : "s"} ${removed.map((scope) => `\`${scope}\``).join(", ")}`,
        ...(anchor ?? fallback),
      });
    }
  }
  return changes;
}

function sameSchemes(a: SecurityRequirement, b: SecurityRequirement): boolean {
  return a.size === b.size && [...a.keys()].every((scheme) => b.has(scheme));
}

function schemesOf(requirements: readonly SecurityRequirement[]): string {
  const names = [...new Set(requirements.flatMap((requirement) => [...requirement.keys()]))];
  return names.map((name) => `\`${name}\``).join(" or ");
}

/** One change per check, operation, target and message: media types of one body report a schema change once. */
function unique(changes: ApiChange[]): ApiChange[] {
  const seen = new Set<string>();
  return changes.filter((change) => {
    const key = `${change.id}\0${change.operation}\0${change.target ?? ""}\0${change.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
