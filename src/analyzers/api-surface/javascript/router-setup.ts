// How a file sets its routers up before routes are read: which names are routers (and their own prefix,
// `new Router({ prefix: '/v1' })`), which are mounted under which (`app.use('/api', router)`,
// `app.route('/api', sub)`), and the middleware each applies (`router.use(requireAuth)`, Fastify hooks).
import { type Guard, joinRoutePath } from "../api-surface.js";
import type { SyntaxNode } from "../syntax-tree.js";
import {
  argumentsOf,
  calleeName,
  calleeOf,
  literalString,
  memberCall,
  objectProperty,
  unwrapExpression,
} from "./js-syntax.js";
import { guardsOfMiddleware } from "./middleware-guards.js";

/** `router.use(requireAuth)`: middleware that runs before routes registered after `position`. */
export interface RouterUse {
  router: string;
  position: number;
  /** Path the middleware is limited to (`app.use('/admin/*', auth)`), if any. */
  scope: string | undefined;
  guards: Guard[];
}

/** `parent.use('/path', ...middleware, child)`. */
export interface RouterMount {
  parent: string;
  child: string;
  path: string;
  position: number;
  guards: Guard[];
}

export interface RouterSetup {
  /** Routers declared in the file, with the prefix they declare themselves. */
  prefixes: Map<string, string>;
  uses: RouterUse[];
  mounts: RouterMount[];
}

const constructors = /^(?:express|Router|KoaRouter|Hono|OpenAPIHono|Fastify|fastify|Koa|createRouter)$/;
const conventionalNames = /^(?:app|api|server|fastify|instance|routes?)$|router$/i;
const hookNames = new Set(["onRequest", "preHandler", "preValidation", "preParsing"]);

/** Whether `name` (an identifier or `this.router`) is a router here. */
export function isRouterName(setup: RouterSetup, name: string): boolean {
  if (setup.prefixes.has(name)) return true;
  const dot = name.lastIndexOf(".");
  return conventionalNames.test(dot < 0 ? name : name.slice(dot + 1));
}

export function readRouterSetup(root: SyntaxNode): RouterSetup {
  const setup: RouterSetup = { prefixes: new Map(), uses: [], mounts: [] };
  for (const declarator of root.descendantsOfType("variable_declarator")) {
    const name = declarator?.childForFieldName("name");
    const value = declarator?.childForFieldName("value");
    if (name?.type !== "identifier" || value === null || value === undefined) continue;
    const prefix = declaredRouterPrefix(unwrapExpression(value));
    if (prefix !== undefined) setup.prefixes.set(name.text, prefix);
  }
  for (const call of root.descendantsOfType("call_expression")) {
    if (call !== null) readUse(setup, call);
  }
  return setup;
}

/** `express.Router()`, `new Router({ prefix })`, `new Hono().basePath('/api')`: the prefix ('' if none). */
function declaredRouterPrefix(value: SyntaxNode): string | undefined {
  const chained = memberCall(value);
  if (chained?.method === "basePath") {
    const base = declaredRouterPrefix(unwrapExpression(chained.receiver));
    const path = literalString(argumentsOf(value)[0]);
    return base === undefined || path === undefined ? undefined : path;
  }
  if (value.type !== "call_expression" && value.type !== "new_expression") return undefined;
  const name = value.type === "new_expression" ? calleeOf(value)?.text.split(".").at(-1) : calleeName(value);
  if (name === undefined || !constructors.test(name)) return undefined;
  const options = argumentsOf(value).find((arg) => arg.type === "object");
  return literalString(options === undefined ? undefined : objectProperty(options, "prefix")) ?? "";
}

function readUse(setup: RouterSetup, call: SyntaxNode): void {
  const member = memberCall(call);
  if (member === undefined) return;
  const router = unwrapExpression(member.receiver).text;
  if (!isRouterName(setup, router)) return;
  const args = argumentsOf(call);
  const position = call.startIndex;
  if (member.method === "addHook" && hookNames.has(literalString(args[0]) ?? "")) {
    setup.uses.push({ router, position, scope: undefined, guards: guardsOfMiddleware(args.slice(1)) });
    return;
  }
  if (member.method !== "use" && member.method !== "route") return;
  const scope = literalString(args[0]);
  const rest = scope === undefined ? args : args.slice(1);
  const childIndex = rest.findIndex((arg) => mountedRouter(setup, arg) !== undefined);
  if (childIndex >= 0) {
    setup.mounts.push({
      parent: router,
      child: mountedRouter(setup, rest[childIndex]!)!,
      path: scope ?? "",
      position,
      guards: guardsOfMiddleware(rest.slice(0, childIndex)),
    });
  } else if (member.method === "use") {
    setup.uses.push({ router, position, scope, guards: guardsOfMiddleware(rest) });
  }
}

/** `router`, `router.routes()`, `router.middleware()`: the router a mount argument hands over. */
function mountedRouter(setup: RouterSetup, arg: SyntaxNode): string | undefined {
  const expression = unwrapExpression(arg);
  // An imported router (`adminRouter`) is mounted, not a middleware named like a guard.
  if (expression.type === "identifier" && isRouterName(setup, expression.text)) return expression.text;
  const member = memberCall(expression);
  if (member !== undefined && (member.method === "routes" || member.method === "middleware")) {
    const receiver = unwrapExpression(member.receiver).text;
    return isRouterName(setup, receiver) ? receiver : undefined;
  }
  return undefined;
}

/** The full prefix of a router: its mounts' paths (outermost first) and its own prefix. */
export function routerPrefix(setup: RouterSetup, router: string, seen = new Set<string>()): string {
  const own = setup.prefixes.get(router) ?? "";
  if (seen.has(router)) return own;
  seen.add(router);
  const mount = setup.mounts.find((candidate) => candidate.child === router);
  if (mount === undefined) return own;
  return joinRoutePath(routerPrefix(setup, mount.parent, seen), joinRoutePath(mount.path, own));
}

/**
 * Guards a route registered at `position` on `router` inherits: the router's `use` middleware before it
 * (whose scope covers `path`), the middleware of the mount that attaches the router, and, recursively,
 * what the parent applied before that mount.
 */
export function inheritedGuards(
  setup: RouterSetup,
  router: string,
  position: number,
  path: string,
  seen = new Set<string>(),
): Guard[] {
  const guards = setup.uses
    .filter((use) => use.router === router && use.position < position && scopeCovers(use.scope, path))
    .flatMap((use) => use.guards);
  if (seen.has(router)) return guards;
  seen.add(router);
  const mount = setup.mounts.find((candidate) => candidate.child === router);
  if (mount === undefined) return guards;
  const fromParent = inheritedGuards(
    setup,
    mount.parent,
    mount.position,
    joinRoutePath(mount.path, path),
    seen,
  );
  return [...fromParent, ...mount.guards, ...guards];
}

/** `'/admin/*'` covers `/admin` and `/admin/users`; no scope, `'*'` and `'/'` cover everything. */
function scopeCovers(scope: string | undefined, path: string): boolean {
  if (scope === undefined) return true;
  const base = scope.replace(/\/?\*$/, "").replace(/\/+$/, "");
  if (base === "") return true;
  const normalised = path.startsWith("/") ? path : `/${path}`;
  const scoped = base.startsWith("/") ? base : `/${base}`;
  return normalised === scoped || normalised.startsWith(`${scoped}/`);
}
