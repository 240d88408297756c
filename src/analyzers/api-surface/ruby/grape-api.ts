// Grape APIs (`class Orders < Grape::API`): `prefix`, `version … using: :path`, `namespace`/`resource`/
// `route_param` blocks, verb blocks (`get ':id' do … end`), `before { authenticate! }` guards, the
// `params do requires … end` block before a route as its request shape, and `status 201` in the route.
import {
  type Endpoint,
  endpointKey,
  type Guard,
  joinRoutePath,
  looksLikeAccessControl,
  type Shape,
  type ShapeField,
} from "../api-surface.js";
import { descendantsOfType, endLineOf, lineOf, type SyntaxNode } from "../syntax-tree.js";
import { railsStatusCode } from "./rails-status-codes.js";
import {
  blockStatements,
  callName,
  isBareCall,
  literalName,
  optionValue,
  positionalArguments,
} from "./ruby-calls.js";
import type { RubyClass } from "./ruby-classes.js";

const grapeBases = new Set(["Grape::API", "Grape::API::Instance"]);
const verbs = new Set(["get", "post", "put", "patch", "delete", "head", "options"]);
const namespaces = new Set(["namespace", "resource", "resources", "group", "segment"]);

export function isGrapeApi(declared: RubyClass): boolean {
  return grapeBases.has(declared.superclass.replace(/^::/, ""));
}

interface GrapeScope {
  path: string;
  guards: Guard[];
}

interface Declared {
  endpoints: Endpoint[];
  shapes: Shape[];
}

export function grapeSurface(declared: RubyClass): Declared {
  let prefix = "";
  let version = "";
  const rest: SyntaxNode[] = [];
  for (const statement of declared.statements) {
    const name = callName(statement);
    if (name === "prefix") prefix = literalName(positionalArguments(statement)[0]) ?? prefix;
    else if (name === "version") version = pathVersion(statement) ?? version;
    else rest.push(statement);
  }
  return declarationsIn(rest, { path: joinRoutePath(joinRoutePath("/", prefix), version), guards: [] });
}

/** `version 'v1'` puts the version in the path unless `using:` says header, param or accept_version_header. */
function pathVersion(call: SyntaxNode): string | undefined {
  const using = literalName(optionValue(call, "using"));
  if (using !== undefined && using !== "path") return undefined;
  return literalName(positionalArguments(call)[0]);
}

function declarationsIn(statements: readonly SyntaxNode[], outer: GrapeScope): Declared {
  const found: Declared = { endpoints: [], shapes: [] };
  const scope: GrapeScope = { ...outer, guards: [...outer.guards] };
  let params: SyntaxNode | undefined;
  for (const statement of statements) {
    const name = statement.type === "call" && isBareCall(statement) ? callName(statement) : undefined;
    if (name === undefined) continue;
    if (name === "before" || name === "http_basic") scope.guards.push(...callbackGuards(statement, name));
    else if (name === "params") params = statement;
    else if (namespaces.has(name) || name === "route_param") {
      const segment = literalName(positionalArguments(statement)[0]);
      if (segment === undefined) continue;
      const path = joinRoutePath(scope.path, name === "route_param" ? `:${segment}` : segment);
      const inner = declarationsIn(blockStatements(statement), { ...scope, path });
      found.endpoints.push(...inner.endpoints);
      found.shapes.push(...inner.shapes);
    } else if (verbs.has(name) || name === "route") {
      const endpoint = verbEndpoint(statement, name, scope);
      if (endpoint === undefined) continue;
      found.endpoints.push(...endpoint);
      if (params !== undefined && endpoint[0] !== undefined)
        found.shapes.push(paramsShape(params, endpoint[0].label));
      params = undefined;
    }
  }
  return found;
}

/** `get ':id' do … end`, `post do … end`, `route [:get, :post], 'search' do … end`. */
function verbEndpoint(call: SyntaxNode, name: string, scope: GrapeScope): Endpoint[] | undefined {
  const args = positionalArguments(call);
  const methods = name === "route" ? routeMethods(args[0]) : [name.toUpperCase()];
  const pathNode = name === "route" ? args[1] : args[0];
  const written = pathNode === undefined ? "" : literalName(pathNode);
  if (methods === undefined || written === undefined) return undefined;
  const path = joinRoutePath(scope.path, written);
  const block = call.childForFieldName("block");
  const guards = [...scope.guards, ...(block === null ? [] : accessChecksIn(block))];
  const statusCodes = block === null ? [] : statusesIn(block);
  return methods.map((method) => ({
    key: endpointKey(method, path),
    label: `${method} ${path}`,
    framework: "grape",
    method,
    path,
    guards,
    statusCodes,
    line: lineOf(call),
    endLine: endLineOf(call),
  }));
}

function routeMethods(node: SyntaxNode | undefined): string[] | undefined {
  if (node === undefined) return undefined;
  if (node.type === "array") {
    const names = node.namedChildren.map((child) => (child === null ? undefined : literalName(child)));
    return names.every((method): method is string => method !== undefined)
      ? names.map(methodName)
      : undefined;
  }
  const method = literalName(node);
  return method === undefined ? undefined : [methodName(method)];
}

const methodName = (method: string): string => (method === "any" ? "ANY" : method.toUpperCase());

/** `before { authenticate! }` → `authenticate!`; `http_basic do … end` → `http_basic`. */
function callbackGuards(call: SyntaxNode, name: string): Guard[] {
  if (name === "http_basic") return [{ name, allowsAll: false, line: lineOf(call) }];
  const block = call.childForFieldName("block");
  return block === null ? [] : accessChecksIn(block);
}

/** Bang helpers about access control called in a block: `authenticate!`, `doorkeeper_authorize! :admin`. */
function accessChecksIn(block: SyntaxNode): Guard[] {
  return descendantsOfType(block, ["call", "identifier"]).flatMap((node) => {
    const name = node.type === "identifier" ? node.text : callName(node);
    if (name === undefined || !name.endsWith("!") || !looksLikeAccessControl(name)) return [];
    if (node.type === "identifier" && node.parent?.type === "call") return [];
    if (node.type === "call" && !isBareCall(node)) return [];
    return [{ name, allowsAll: false, line: lineOf(node) }];
  });
}

function statusesIn(block: SyntaxNode): number[] {
  const codes = new Set<number>();
  for (const call of descendantsOfType(block, "call")) {
    if (callName(call) !== "status" || !isBareCall(call)) continue;
    const code = railsStatusCode(positionalArguments(call)[0]);
    if (code !== undefined) codes.add(code);
  }
  return [...codes].sort((a, b) => a - b);
}

/** `requires :id` (required), `optional :note` (not), `use :pagination` / non-literal names → open. */
function paramsShape(params: SyntaxNode, label: string): Shape {
  const fields: ShapeField[] = [];
  let open = false;
  for (const statement of blockStatements(params)) {
    const name = callName(statement);
    if (name === "requires" || name === "optional") {
      const field = literalName(positionalArguments(statement)[0]);
      if (field === undefined) open = true;
      else
        fields.push({
          name: field,
          required: name === "requires" && optionValue(statement, "default") === undefined,
          line: lineOf(statement),
        });
    } else if (name !== undefined) open = true;
  }
  return {
    name: `${label} params`,
    role: "request",
    fields,
    open,
    line: lineOf(params),
    endLine: endLineOf(params),
  };
}
