// Routes registered on Express / Koa / Hono / Fastify routers: `app.get('/p', mw, handler)`,
// `router.route('/p').get(…)`, Fastify's `{ preHandler }` options and `fastify.route({ method, url })`.
import { type Endpoint, endpointKey, type Framework, type Guard, joinRoutePath } from "../api-surface.js";
import { endLineOf, lineOf, namedChildrenOf, type SyntaxNode } from "../syntax-tree.js";
import {
  argumentsOf,
  calleeOf,
  importedModules,
  isFunction,
  literalString,
  localFunction,
  memberCall,
  objectProperty,
  topLevelDeclarations,
  unwrapExpression,
} from "./js-syntax.js";
import { guardsOfMiddleware, wrapperGuard } from "./middleware-guards.js";
import {
  inheritedGuards,
  isRouterName,
  type RouterSetup,
  readRouterSetup,
  routerPrefix,
} from "./router-setup.js";
import { functionBody, statusCodesIn } from "./status-codes.js";

const httpMethods: Record<string, string> = {
  get: "GET",
  post: "POST",
  put: "PUT",
  patch: "PATCH",
  delete: "DELETE",
  del: "DELETE",
  head: "HEAD",
  options: "OPTIONS",
  all: "ANY",
};
const fastifyHooks = ["onRequest", "preParsing", "preValidation", "preHandler"];

interface RouteContext {
  setup: RouterSetup;
  framework: Framework;
  declarations: Map<string, SyntaxNode>;
}

/** One registration as read from the call, before prefixes and inherited guards. */
interface Registration {
  router: string;
  method: string;
  paths: string[];
  middleware: SyntaxNode[];
  handler: SyntaxNode | undefined;
}

export function extractRouterRoutes(root: SyntaxNode): Endpoint[] {
  const context: RouteContext = {
    setup: readRouterSetup(root),
    framework: frameworkOf(importedModules(root)),
    declarations: topLevelDeclarations(root),
  };
  const found: Array<{ order: number; endpoints: Endpoint[] }> = [];
  for (const call of root.descendantsOfType("call_expression")) {
    if (call === null) continue;
    const registration = registrationOf(context, call);
    const order = calleeOf(call)?.childForFieldName("property")?.startIndex ?? call.startIndex;
    if (registration !== undefined)
      found.push({ order, endpoints: endpointsOf(context, call, registration) });
  }
  // Chained registrations (`route('/p').get(…).delete(…)`) are found outermost first: put them in source order.
  return found.sort((a, b) => a.order - b.order).flatMap((entry) => entry.endpoints);
}

function frameworkOf(modules: Set<string>): Framework {
  const has = (name: string) =>
    [...modules].some((module) => module === name || module.startsWith(`${name}/`));
  if (has("hono")) return "hono";
  if (has("fastify")) return "fastify";
  if (has("koa-router") || has("@koa/router") || has("koa")) return "koa";
  return "express";
}

function registrationOf(context: RouteContext, call: SyntaxNode): Registration | undefined {
  const member = memberCall(call);
  if (member === undefined) return undefined;
  if (member.method === "route") return fastifyRouteOptions(context, call, member.receiver);
  const method = httpMethods[member.method];
  if (method === undefined) return undefined;
  const target = routeTarget(context, member.receiver);
  if (target === undefined) return undefined;
  const args = argumentsOf(call);
  if (target.path !== undefined) return withOptions({ ...target, method, paths: [target.path] }, args);
  const paths = pathsOf(context, args);
  if (paths === undefined) return undefined;
  return withOptions({ router: target.router, method, paths: paths.paths }, args.slice(paths.consumed));
}

/** `'/p'`, `['/a', '/b']`, or Koa's named route `('name', '/p')`; undefined when not literal. */
function pathsOf(
  context: RouteContext,
  args: SyntaxNode[],
): { paths: string[]; consumed: number } | undefined {
  const first = args[0];
  if (first === undefined) return undefined;
  const single = literalString(first);
  if (single !== undefined) {
    const second = literalString(args[1]);
    if (context.framework === "koa" && second !== undefined) return { paths: [second], consumed: 2 };
    return { paths: [single], consumed: 1 };
  }
  if (first.type !== "array") return undefined;
  const paths = namedChildrenOf(first).map((element) => literalString(element));
  if (paths.length === 0 || paths.some((path) => path === undefined)) return undefined;
  return { paths: paths as string[], consumed: 1 };
}

/** The router a registration is on, and the path when it came from `router.route('/p')`. */
function routeTarget(
  context: RouteContext,
  receiver: SyntaxNode,
): { router: string; path?: string } | undefined {
  const expression = unwrapExpression(receiver);
  if (expression.type === "identifier" || expression.type === "member_expression") {
    return isRouterName(context.setup, expression.text) ? { router: expression.text } : undefined;
  }
  const chained = memberCall(expression);
  if (chained === undefined) return undefined;
  const inner = routeTarget(context, chained.receiver);
  if (inner === undefined) return undefined;
  if (chained.method === "route") {
    const path = literalString(argumentsOf(expression)[0]);
    return path === undefined ? undefined : { router: inner.router, path };
  }
  // `app.get('/a', h).post('/b', h)` (Hono) and `route('/p').get(h).post(h)` keep the chain's router.
  return httpMethods[chained.method] === undefined ? undefined : inner;
}

/** Splits the arguments after the path into middleware and handler (Fastify options included). */
function withOptions(
  partial: Omit<Registration, "middleware" | "handler">,
  rest: SyntaxNode[],
): Registration | undefined {
  if (rest.length === 0) return undefined;
  const last = rest.at(-1)!;
  if (last.type === "object" && rest.length === 1) {
    return { ...partial, middleware: hookValues(last), handler: objectProperty(last, "handler") };
  }
  const middleware = rest.slice(0, -1).flatMap((arg) => (arg.type === "object" ? hookValues(arg) : [arg]));
  return { ...partial, middleware, handler: last };
}

/** `{ preHandler: [auth], onRequest: verify }` → `[auth], verify`. */
function hookValues(options: SyntaxNode): SyntaxNode[] {
  return fastifyHooks.flatMap((hook) => {
    const value = objectProperty(options, hook);
    return value === undefined ? [] : [value];
  });
}

/** `fastify.route({ method: 'GET' | ['GET', 'POST'], url: '/p', preHandler, handler })`. */
function fastifyRouteOptions(
  context: RouteContext,
  call: SyntaxNode,
  receiver: SyntaxNode,
): Registration | undefined {
  const options = argumentsOf(call)[0];
  if (options?.type !== "object" || argumentsOf(call).length !== 1) return undefined;
  const target = routeTarget(context, receiver);
  const url = literalString(objectProperty(options, "url") ?? objectProperty(options, "path"));
  const methodNode = objectProperty(options, "method");
  if (target === undefined || url === undefined || methodNode === undefined) return undefined;
  const methods =
    methodNode.type === "array"
      ? namedChildrenOf(methodNode).map(literalString)
      : [literalString(methodNode)];
  if (methods.length === 0 || methods.some((method) => method === undefined)) return undefined;
  // One registration per method would need a list; the routes share everything but the method.
  const method = methods.length === 1 ? methods[0]!.toUpperCase() : methods.join(",").toUpperCase();
  return {
    router: target.router,
    method,
    paths: [url],
    middleware: hookValues(options),
    handler: objectProperty(options, "handler"),
  };
}

function endpointsOf(context: RouteContext, call: SyntaxNode, registration: Registration): Endpoint[] {
  const handler = handlerOf(context, registration.handler);
  const ownGuards = [...guardsOfMiddleware(registration.middleware), ...handler.guards];
  const prefix = routerPrefix(context.setup, registration.router);
  const framework = registration.router.toLowerCase().includes("fastify") ? "fastify" : context.framework;
  const line = registrationLine(call);
  return registration.method.split(",").flatMap((method) =>
    registration.paths.map((declared) => {
      const path = joinRoutePath(prefix, declared);
      const inherited = inheritedGuards(context.setup, registration.router, call.startIndex, declared);
      const endpoint: Endpoint = {
        key: endpointKey(method, path),
        label: `${method} ${path}`,
        framework,
        method,
        path,
        guards: [...inherited, ...ownGuards],
        statusCodes: handler.statusCodes,
        line,
        endLine: endLineOf(call),
      };
      if (handler.name !== undefined) endpoint.handler = handler.name;
      return endpoint;
    }),
  );
}

/** The line of `.get(` in a chain (`app.get(…).post(…)`), else of the call. */
function registrationLine(call: SyntaxNode): number {
  const callee = calleeOf(call);
  const receiver = callee?.childForFieldName("object");
  const property = callee?.childForFieldName("property");
  if (receiver?.type === "call_expression" && property !== null && property !== undefined) {
    return lineOf(property);
  }
  return lineOf(call);
}

interface HandlerFacts {
  name: string | undefined;
  statusCodes: number[];
  guards: Guard[];
}

/** What the handler says: its name, the codes it answers with, a guarding wrapper (`withAuth(h)`). */
function handlerOf(context: RouteContext, handler: SyntaxNode | undefined): HandlerFacts {
  if (handler === undefined) return { name: undefined, statusCodes: [], guards: [] };
  const expression = unwrapExpression(handler);
  if (isFunction(expression))
    return { name: undefined, statusCodes: statusCodesIn(functionBody(expression)), guards: [] };
  if (expression.type === "identifier" || expression.type === "member_expression") {
    const local =
      expression.type === "identifier" ? localFunction(context.declarations, expression.text) : undefined;
    const statusCodes = local === undefined ? [] : statusCodesIn(functionBody(local));
    return { name: expression.text, statusCodes, guards: [] };
  }
  if (expression.type === "call_expression") {
    const wrapped = argumentsOf(expression).map((arg) => handlerOf(context, arg));
    const guard = wrapperGuard(expression);
    return {
      name: wrapped.find((facts) => facts.name !== undefined)?.name,
      statusCodes: [...new Set(wrapped.flatMap((facts) => facts.statusCodes))].sort((a, b) => a - b),
      guards: guard === undefined ? [] : [guard],
    };
  }
  return { name: undefined, statusCodes: [], guards: [] };
}
