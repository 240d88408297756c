// Rails routes (`config/routes.rb`, `config/routes/*.rb`): verbs, `match`, `resources`/`resource` with
// `only:`/`except:`, nesting, `member`/`collection`, `namespace`/`scope`/`controller`, `root`, `mount`,
// and Devise's `authenticate :user do … end` as a guard on everything inside it.
import { type Endpoint, endpointKey, type Guard, joinRoutePath } from "../api-surface.js";
import { endLineOf, lineOf, namedChildrenOf, oneLine, type SyntaxNode } from "../syntax-tree.js";
import { resourceRoutes } from "./resource-routes.js";
import {
  blockStatements,
  callName,
  isBareCall,
  literalName,
  optionPairs,
  optionValue,
  positionalArguments,
  statementsOf,
  symbolList,
} from "./ruby-calls.js";

/** Where a route declaration sits: the prefixes and defaults the enclosing blocks give it. */
export interface RouteScope {
  path: string;
  /** Controller module from `namespace`/`scope module:` (`api/v1`), empty at the top. */
  module: string;
  /** Controller routes default to inside `resources`, `member`, `collection` and `controller` blocks. */
  controller?: string;
  /** Inside a `resources` block: where `on: :member` / `on: :collection` routes go. */
  memberPath?: string;
  collectionPath?: string;
  /** Path nested resources use for their member routes when shallow: the enclosing namespace/scope path. */
  shallowPath: string;
  shallow: boolean;
  guards: Guard[];
}

export const topScope: RouteScope = { path: "/", module: "", shallowPath: "/", shallow: false, guards: [] };

const verbs = new Set(["get", "post", "put", "patch", "delete", "options"]);
const transparentBlocks = new Set(["draw", "constraints", "defaults", "devise_scope", "as", "with_options"]);
const deviseGuards = new Set(["authenticate", "authenticated"]);

/** Every route a routes file declares. */
export function extractRailsRoutes(root: SyntaxNode): Endpoint[] {
  return routesIn(statementsOf([root]), topScope);
}

export function routesIn(statements: readonly SyntaxNode[], scope: RouteScope): Endpoint[] {
  return statementsOf(statements).flatMap((statement) => routesOf(statement, scope));
}

function routesOf(node: SyntaxNode, scope: RouteScope): Endpoint[] {
  // `if Rails.env.development?`, `begin`, …: the routes inside still count.
  if (node.type !== "call") return routesIn(namedChildrenOf(node), scope);
  const name = callName(node) ?? "";
  if (!isBareCall(node)) return name === "draw" ? routesIn(blockStatements(node), scope) : [];
  if (verbs.has(name)) return verbRoutes(node, [name.toUpperCase()], scope);
  if (name === "match") return verbRoutes(node, viaMethods(node), scope);
  if (name === "root") return rootRoute(node, scope);
  if (name === "mount") return mountRoute(node, scope);
  if (name === "resources" || name === "resource") return resourceRoutes(node, name === "resources", scope);
  if (name === "namespace") return namespaceRoutes(node, scope);
  if (name === "scope") return scopeRoutes(node, scope);
  if (name === "controller") return controllerRoutes(node, scope);
  if (name === "member" || name === "collection") return memberRoutes(node, name, scope);
  if (name === "shallow") return routesIn(blockStatements(node), { ...scope, shallow: true });
  if (deviseGuards.has(name))
    return routesIn(blockStatements(node), { ...scope, guards: [...scope.guards, deviseGuard(node, name)] });
  if (transparentBlocks.has(name)) return routesIn(blockStatements(node), scope);
  return [];
}

function deviseGuard(call: SyntaxNode, name: string): Guard {
  const args = call.childForFieldName("arguments")?.text.replace(/^\(|\)$/g, "") ?? "";
  return { name: oneLine(args === "" ? name : `${name} ${args}`), allowsAll: false, line: lineOf(call) };
}

/** `match … via: [:get, :post]`; `via: :all` routes every method. */
function viaMethods(call: SyntaxNode): string[] {
  const via = symbolList(optionValue(call, "via"));
  if (via === undefined) return [];
  return via.map((method) => (method === "all" ? "ANY" : method.toUpperCase()));
}

/** `get "orders/:id", to: "orders#show"`, `get :search` (in a resource), `get "up" => "health#show"`. */
function verbRoutes(call: SyntaxNode, methods: readonly string[], scope: RouteScope): Endpoint[] {
  const target = routeTarget(call);
  if (target === undefined) return [];
  const on = literalName(optionValue(call, "on"));
  const base = on === "member" ? scope.memberPath : on === "collection" ? scope.collectionPath : scope.path;
  const path = joinRoutePath(base ?? scope.path, literalName(optionValue(call, "path")) ?? target.path);
  const handler = handlerOf(call, target, scope);
  return methods.map((method) => routeEndpoint(method, path, handler, scope, call));
}

/** The path and, for `"up" => "health#show"`, the `to` a route names. */
function routeTarget(call: SyntaxNode): { path: string; to?: string; symbol: boolean } | undefined {
  const first = positionalArguments(call)[0];
  if (first !== undefined) {
    const path = literalName(first);
    return path === undefined ? undefined : { path, symbol: first.type === "simple_symbol" };
  }
  for (const pair of optionPairs(call)) {
    const key = pair.childForFieldName("key");
    if (key === null || key.type === "hash_key_symbol" || key.type === "simple_symbol") continue;
    const path = literalName(key);
    const to = literalName(pair.childForFieldName("value"));
    if (path !== undefined) return { path, to, symbol: false };
  }
  return undefined;
}

/** `controller#action` as Rails resolves it: `to:`, `controller:`/`action:`, the block's controller, the path. */
function handlerOf(
  call: SyntaxNode,
  target: { path: string; to?: string },
  scope: RouteScope,
): string | undefined {
  const to = target.to ?? literalName(optionValue(call, "to"));
  if (to !== undefined) return to.includes("#") ? qualify(scope.module, to) : undefined;
  const controller = literalName(optionValue(call, "controller"));
  const segments = target.path.split("/").filter((segment) => segment !== "");
  const plain = segments.every((segment) => /^\w+$/.test(segment));
  const action = literalName(optionValue(call, "action")) ?? (plain ? segments.at(-1) : undefined);
  if (action === undefined) return undefined;
  if (controller !== undefined) return `${qualify(scope.module, controller)}#${action}`;
  if (scope.controller !== undefined) return `${scope.controller}#${action}`;
  if (plain && segments.length >= 2)
    return `${qualify(scope.module, segments.slice(0, -1).join("/"))}#${action}`;
  return undefined;
}

/** A controller name inside a module: `orders` in `api/v1` → `api/v1/orders`. */
export function qualify(module: string, controller: string): string {
  if (controller.startsWith("/")) return controller.slice(1);
  return module === "" ? controller : `${module}/${controller}`;
}

function rootRoute(call: SyntaxNode, scope: RouteScope): Endpoint[] {
  const to = literalName(positionalArguments(call)[0]) ?? literalName(optionValue(call, "to"));
  const handler = to?.includes("#") === true ? qualify(scope.module, to) : undefined;
  return [routeEndpoint("GET", scope.path, handler, scope, call)];
}

/** `mount Sidekiq::Web => "/sidekiq"`, `mount Api::Root, at: "/"`: every method under that path. */
function mountRoute(call: SyntaxNode, scope: RouteScope): Endpoint[] {
  const app = positionalArguments(call)[0];
  const at = literalName(optionValue(call, "at"));
  if (app !== undefined && at !== undefined)
    return [routeEndpoint("ANY", joinRoutePath(scope.path, at), app.text, scope, call)];
  for (const pair of optionPairs(call)) {
    const key = pair.childForFieldName("key");
    const path = literalName(pair.childForFieldName("value"));
    if (key === null || key.type === "hash_key_symbol" || path === undefined) continue;
    return [routeEndpoint("ANY", joinRoutePath(scope.path, path), key.text, scope, call)];
  }
  return [];
}

function namespaceRoutes(call: SyntaxNode, scope: RouteScope): Endpoint[] {
  const name = literalName(positionalArguments(call)[0]);
  if (name === undefined) return [];
  const path = joinRoutePath(scope.path, literalName(optionValue(call, "path")) ?? name);
  const module = literalName(optionValue(call, "module")) ?? name;
  return routesIn(blockStatements(call), {
    ...scope,
    path,
    module: qualify(scope.module, module),
    shallowPath: path,
    controller: undefined,
    memberPath: undefined,
    collectionPath: undefined,
  });
}

/** `scope "/v2"`, `scope path: "v2"`, `scope module: "admin"`, `scope controller: :orders`. */
function scopeRoutes(call: SyntaxNode, scope: RouteScope): Endpoint[] {
  const first = positionalArguments(call)[0];
  const pathPart = first === undefined ? literalName(optionValue(call, "path")) : literalName(first);
  if (first !== undefined && pathPart === undefined) return [];
  const path = joinRoutePath(scope.path, pathPart ?? "");
  const module = literalName(optionValue(call, "module"));
  const controller = literalName(optionValue(call, "controller"));
  const inner: RouteScope = { ...scope, path, shallowPath: path };
  if (module !== undefined) inner.module = qualify(scope.module, module);
  if (controller !== undefined) inner.controller = qualify(inner.module, controller);
  return routesIn(blockStatements(call), inner);
}

function controllerRoutes(call: SyntaxNode, scope: RouteScope): Endpoint[] {
  const name = literalName(positionalArguments(call)[0]);
  if (name === undefined) return [];
  return routesIn(blockStatements(call), { ...scope, controller: qualify(scope.module, name) });
}

function memberRoutes(call: SyntaxNode, kind: "member" | "collection", scope: RouteScope): Endpoint[] {
  const path = kind === "member" ? scope.memberPath : scope.collectionPath;
  if (path === undefined) return [];
  return routesIn(blockStatements(call), {
    ...scope,
    path,
    memberPath: undefined,
    collectionPath: undefined,
  });
}

/** One route; its lines are the declaration's, without the block that may follow it. */
export function routeEndpoint(
  method: string,
  path: string,
  handler: string | undefined,
  scope: RouteScope,
  call: SyntaxNode,
): Endpoint {
  const fullPath = path.startsWith("/") ? path : `/${path}`;
  const declaration = call.childForFieldName("arguments") ?? call.childForFieldName("method") ?? call;
  return {
    key: endpointKey(method, fullPath),
    label: `${method} ${fullPath}`,
    framework: "rails",
    method,
    path: fullPath,
    ...(handler === undefined ? {} : { handler }),
    guards: [...scope.guards],
    statusCodes: [],
    line: lineOf(call),
    endLine: endLineOf(declaration),
  };
}
