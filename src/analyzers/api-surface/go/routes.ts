// Go route trees: walks every function in source order, following router variables through chi's
// Route/Group/With/Use/Mount, gorilla's PathPrefix().Subrouter() and Methods(), and gin/echo groups, so each
// registration gets its full path and the guards its router scope has at that point.
import { type Endpoint, endpointKey, type Guard, joinRoutePath } from "../api-surface.js";
import { endLineOf, lineOf, namedChildrenOf, oneLine, type SyntaxNode } from "../syntax-tree.js";
import { argumentsOf, goString, lastName, selectorCall } from "./go-syntax.js";
import { guardsOf, unwrapHandler } from "./guards.js";
import type { GoFunction } from "./handlers.js";
import {
  httpMethodOf,
  isRegistration,
  type Registration,
  type RouterImports,
  readRegistration,
} from "./route-registration.js";
import {
  childScope,
  derive,
  implicitRouter,
  lookupRouter,
  newRouter,
  type RouterScope,
  type RouterState,
  rootScope,
} from "./router-scope.js";
import { statusCodesIn } from "./status-codes.js";

interface RouteWalk {
  functions: Map<string, GoFunction[]>;
  imports: RouterImports;
  endpoints: Endpoint[];
  /** Functions being walked, so a function that mounts itself does not loop. */
  active: Set<SyntaxNode["id"]>;
}

const routerPackages = new Set(["chi", "mux", "http", "gin", "echo"]);
const routerConstructors = new Set(["NewRouter", "NewMux", "NewServeMux", "New", "Default"]);
/** Gorilla calls chained after `HandleFunc` that do not change the route's path. */
const routeModifiers = new Set(["Methods", "Name", "Schemes", "Host", "Headers", "Queries", "HeadersRegexp"]);

export function routeEndpoints(
  root: SyntaxNode,
  functions: Map<string, GoFunction[]>,
  imports: RouterImports,
): Endpoint[] {
  const walk: RouteWalk = { functions, imports, endpoints: [], active: new Set() };
  const mounted = mountedFunctions(root, functions);
  for (const node of namedChildrenOf(root)) {
    if (mounted.has(node.id)) continue;
    if (node.type === "function_declaration" || node.type === "method_declaration") {
      walkFunction(node, rootScope(), walk);
    } else if (node.type === "var_declaration" || node.type === "ERROR") {
      // A broken function's statements end up in an ERROR node: its intact registrations still count.
      visit(node, rootScope(), walk);
    }
  }
  return walk.endpoints;
}

/** Functions whose router is mounted by another (`r.Mount("/admin", adminRouter())`): walked from there. */
function mountedFunctions(root: SyntaxNode, functions: Map<string, GoFunction[]>): Set<number> {
  const mounted = new Set<number>();
  for (const call of root.descendantsOfType("call_expression")) {
    if (call === null || selectorCall(call)?.method !== "Mount") continue;
    for (const fn of calledFunctions(argumentsOf(call)[1], functions)) mounted.add(fn.node.id);
  }
  return mounted;
}

function calledFunctions(node: SyntaxNode | undefined, functions: Map<string, GoFunction[]>): GoFunction[] {
  const callee = node?.type === "call_expression" ? node.childForFieldName("function") : null;
  const name = callee === null ? undefined : lastName(callee);
  return name === undefined ? [] : (functions.get(name) ?? []);
}

function walkFunction(fn: SyntaxNode, scope: RouterScope, walk: RouteWalk): void {
  const body = fn.childForFieldName("body");
  if (body === null || walk.active.has(fn.id)) return;
  walk.active.add(fn.id);
  visit(body, scope, walk);
  walk.active.delete(fn.id);
}

/** Walks statements in order; calls and declarations of router variables are evaluated. */
function visit(node: SyntaxNode, scope: RouterScope, walk: RouteWalk): void {
  switch (node.type) {
    case "call_expression":
      evaluate(node, scope, walk);
      return;
    case "short_var_declaration":
    case "assignment_statement":
      bind(node.childForFieldName("left"), node.childForFieldName("right"), scope, walk);
      return;
    case "var_spec":
      bind(node, node.childForFieldName("value"), scope, walk);
      return;
    case "func_literal":
      visitClosure(node, childScope(scope), walk);
      return;
    default:
      for (const child of namedChildrenOf(node)) visit(child, scope, walk);
  }
}

function visitClosure(closure: SyntaxNode, scope: RouterScope, walk: RouteWalk): void {
  const body = closure.childForFieldName("body");
  if (body !== null) visit(body, scope, walk);
}

/** `g := r.Group("/v1")`: remembers router values under their names; evaluates everything else. */
function bind(left: SyntaxNode | null, right: SyntaxNode | null, scope: RouterScope, walk: RouteWalk): void {
  if (right === null) return;
  const names = left === null ? [] : namedChildrenOf(left).filter((n) => n.type !== "comment");
  const values = right.type === "expression_list" ? namedChildrenOf(right) : [right];
  values.forEach((value, index) => {
    const state = evaluate(value, scope, walk);
    const name = names.filter((n) => n.type === "identifier" || n.type === "selector_expression")[index];
    if (state !== undefined && name !== undefined) scope.routers.set(name.text, state);
  });
}

/** The router an expression denotes, if any, after registering the routes it declares. */
function evaluate(node: SyntaxNode, scope: RouterScope, walk: RouteWalk): RouterState | undefined {
  if (node.type === "identifier" || node.type === "selector_expression")
    return lookupRouter(scope, node.text);
  if (node.type === "parenthesized_expression") {
    const inner = namedChildrenOf(node)[0];
    return inner === undefined ? undefined : evaluate(inner, scope, walk);
  }
  if (node.type !== "call_expression") {
    visit(node, scope, walk);
    return undefined;
  }
  const call = selectorCall(node);
  if (call === undefined) {
    for (const arg of argumentsOf(node)) visit(arg, scope, walk);
    return undefined;
  }
  return evaluateMethod(node, call.receiver, call.method, scope, walk);
}

function evaluateMethod(
  node: SyntaxNode,
  receiver: SyntaxNode,
  method: string,
  scope: RouterScope,
  walk: RouteWalk,
): RouterState | undefined {
  const args = argumentsOf(node);
  if (receiver.type === "identifier" && routerPackages.has(receiver.text) && routerConstructors.has(method)) {
    return newRouter(scope);
  }
  if (routeModifiers.has(method)) return registerModified(node, scope, walk);
  if (isRegistration(method)) {
    const registration = readRegistration(method, args, walk.imports);
    if (registration !== undefined) register(registration, routerOf(receiver, scope, walk), node, walk);
    else for (const arg of args) visit(arg, scope, walk);
    return undefined;
  }
  switch (method) {
    case "With":
      return derive(routerOf(receiver, scope, walk), "", guardsOf(args));
    case "Use":
      routerOf(receiver, scope, walk).guards.push(...guardsOf(args));
      return undefined;
    case "Group":
    case "Route":
      return subRouter(routerOf(receiver, scope, walk), method, args, scope, walk);
    case "PathPrefix": {
      const path = goString(args[0]);
      return path === undefined ? undefined : derive(routerOf(receiver, scope, walk), path);
    }
    case "Subrouter":
      return derive(routerOf(receiver, scope, walk));
    case "Mount":
      mount(routerOf(receiver, scope, walk), args, walk);
      return undefined;
    default:
      evaluate(receiver, scope, walk);
      for (const arg of args) visit(arg, scope, walk);
      return undefined;
  }
}

/** The router a receiver denotes; a name not seen before (a parameter, `http`) is a router of its own. */
function routerOf(receiver: SyntaxNode, scope: RouterScope, walk: RouteWalk): RouterState {
  const state = evaluate(receiver, scope, walk);
  if (state !== undefined) return state;
  return implicitRouter(scope, receiver.type === "call_expression" ? `(${receiver.id})` : receiver.text);
}

/**
 * chi `r.Route("/v1", func(r chi.Router) {…})` and `r.Group(func(r chi.Router) {…})`, gin/echo
 * `r.Group("/v1", mw…)`: a router with the joined prefix, the parent's guards and the group's middleware.
 */
function subRouter(
  parent: RouterState,
  method: string,
  args: readonly SyntaxNode[],
  scope: RouterScope,
  walk: RouteWalk,
): RouterState {
  const path = goString(args[0]);
  const rest = path === undefined ? args : args.slice(1);
  const body = rest[0];
  // gin/echo `Group("/v1", auth)` lists middleware; chi's Route and Group take the routes' body.
  const takesBody = method === "Route" || path === undefined;
  const isBody =
    takesBody &&
    body !== undefined &&
    (body.type === "func_literal" || calledFunctionsByName(body, walk).length > 0);
  const state = derive(parent, path ?? "", isBody ? [] : guardsOf(rest));
  if (body !== undefined && isBody) routeBody(body, state, scope, walk);
  return state;
}

function calledFunctionsByName(node: SyntaxNode, walk: RouteWalk): GoFunction[] {
  const name = lastName(node);
  return name === undefined ? [] : (walk.functions.get(name) ?? []);
}

/** Walks a closure or a named function (`r.Route("/admin", api.adminRoutes)`) with its router parameter bound. */
function routeBody(body: SyntaxNode, state: RouterState, scope: RouterScope, walk: RouteWalk): void {
  if (body.type === "func_literal") {
    const inner = childScope(scope);
    bindParameter(body, state, inner);
    visitClosure(body, inner, walk);
    return;
  }
  for (const fn of calledFunctionsByName(body, walk)) {
    const inner = rootScope();
    bindParameter(fn.node, state, inner);
    walkFunction(fn.node, inner, walk);
  }
}

function bindParameter(fn: SyntaxNode, state: RouterState, scope: RouterScope): void {
  const parameters = fn.childForFieldName("parameters");
  const first = parameters === null ? undefined : namedChildrenOf(parameters)[0];
  const name = first?.childForFieldName("name")?.text;
  if (name !== undefined) scope.routers.set(name, state);
}

/** `r.Mount("/admin", adminRouter())`: the function's routers are walked at the mount point. */
function mount(parent: RouterState, args: readonly SyntaxNode[], walk: RouteWalk): void {
  const path = goString(args[0]);
  if (path === undefined) return;
  for (const fn of calledFunctions(args[1], walk.functions)) {
    walkFunction(fn.node, rootScope(derive(parent, path)), walk);
  }
}

/** Gorilla `r.HandleFunc("/x", h).Methods("GET", "POST").Name("x")`. */
function registerModified(node: SyntaxNode, scope: RouterScope, walk: RouteWalk): undefined {
  let methods: string[] | undefined;
  let current: SyntaxNode = node;
  for (let call = selectorCall(current); call !== undefined; call = selectorCall(current)) {
    if (call.method === "Methods") {
      const listed = argumentsOf(current).map(httpMethodOf);
      if (listed.every((m): m is string => m !== undefined)) methods = listed;
    }
    if (!routeModifiers.has(call.method)) {
      const registration = readRegistration(call.method, argumentsOf(current), walk.imports);
      if (registration === undefined) evaluate(current, scope, walk);
      else {
        const withMethods = methods === undefined ? registration : { ...registration, methods };
        register(withMethods, routerOf(call.receiver, scope, walk), node, walk);
      }
      return undefined;
    }
    current = call.receiver;
  }
  return undefined;
}

function register(registration: Registration, router: RouterState, node: SyntaxNode, walk: RouteWalk): void {
  const { handler, guards: wrappers } = unwrapHandler(registration.handler);
  const guards: Guard[] = [...router.guards, ...guardsOf(registration.middlewares), ...wrappers];
  const path = joinRoutePath(router.prefix, registration.path);
  const statusCodes = handlerStatusCodes(handler, walk);
  for (const method of registration.methods) {
    const endpoint: Endpoint = {
      key: endpointKey(method, path),
      label: `${method} ${path}`,
      framework: registration.framework,
      method,
      path,
      guards,
      statusCodes,
      line: lineOf(node),
      endLine: endLineOf(node),
    };
    if (handler.type !== "func_literal") endpoint.handler = oneLine(handler.text);
    walk.endpoints.push(endpoint);
  }
}

/** Codes of an inline handler's body, or of the same-file function it names. */
function handlerStatusCodes(handler: SyntaxNode, walk: RouteWalk): number[] {
  if (handler.type === "func_literal") {
    const body = handler.childForFieldName("body");
    return body === null ? [] : statusCodesIn(body);
  }
  const codes = new Set(calledFunctionsByName(handler, walk).flatMap((fn) => fn.statusCodes));
  return [...codes].sort((a, b) => a - b);
}
