// Spring WebFlux/WebMvc functional routes: `RouterFunctions.route().GET("/{id}", handler::get)` builders
// (nested in `.path("/api/orders", b -> …)`/`.nest(path("/api"), …)`) and the predicate style
// `route(GET("/orders"), handler::list).andRoute(POST("/orders"), …)` → one endpoint per route.
import { type Endpoint, endpointKey, joinRoutePath } from "../api-surface.js";
import { endLineOf, lineOf, oneLine, type SyntaxNode } from "../syntax-tree.js";
import { codeChildrenOf, simpleName } from "./annotations.js";
import { callsInSourceOrder } from "./declarations.js";
import { javaString, type StringConstants } from "./string-constants.js";

const verbs = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);
const routeCalls = new Set(["route", "andRoute"]);
const nestCalls = new Set(["path", "nest", "andNest"]);

export function functionalEndpointsOf(root: SyntaxNode, constants: StringConstants): Endpoint[] {
  const endpoints: Endpoint[] = [];
  for (const call of callsInSourceOrder(root)) {
    const name = call.childForFieldName("name");
    if (name === null || !verbs.has(name.text)) continue;
    const route = builderRoute(call) ?? predicateRoute(call);
    if (route === undefined) continue;
    const pattern = javaString(route.pattern, constants);
    const prefix = prefixOf(call, constants);
    if (pattern === undefined || prefix === undefined) continue;
    const path = joinRoutePath(prefix, pattern);
    endpoints.push({
      key: endpointKey(name.text, path),
      label: `${name.text} ${path === "" ? "/" : path}`,
      framework: "spring",
      method: name.text,
      path,
      ...(route.handler === undefined ? {} : { handler: oneLine(route.handler.text) }),
      guards: [],
      statusCodes: [],
      line: lineOf(name),
      endLine: endLineOf(route.end),
    });
  }
  return endpoints;
}

interface Route {
  pattern: SyntaxNode;
  handler: SyntaxNode | undefined;
  /** The node whose last line ends the registration. */
  end: SyntaxNode;
}

/** `builder.GET("/{id}", handler::get)`: a pattern, maybe predicates, then the handler. */
function builderRoute(call: SyntaxNode): Route | undefined {
  const object = call.childForFieldName("object");
  const args = argumentsOf(call);
  const [pattern] = args;
  const handler = args[args.length - 1];
  if (object === null || simpleName(object.text) === "RequestPredicates" || args.length < 2) return undefined;
  if (pattern === undefined || handler === undefined || pattern.type === "method_reference") return undefined;
  return { pattern, handler, end: call.childForFieldName("arguments") ?? call };
}

/** `route(GET("/orders"), handler::list)`: the predicate is the first argument of a `route` call. */
function predicateRoute(call: SyntaxNode): Route | undefined {
  const [pattern, ...rest] = argumentsOf(call);
  const object = call.childForFieldName("object");
  if (pattern === undefined || rest.length > 0) return undefined;
  if (object !== null && simpleName(object.text) !== "RequestPredicates") return undefined;
  const route = call.parent?.parent;
  const routeName = route?.type === "method_invocation" ? route.childForFieldName("name")?.text : undefined;
  if (route === null || route === undefined || routeName === undefined || !routeCalls.has(routeName))
    return undefined;
  const [predicate, handler] = argumentsOf(route);
  if (predicate?.id !== call.id) return undefined;
  return { pattern, handler, end: route.childForFieldName("arguments") ?? route };
}

/** Prefixes of the `.path("/api", b -> …)` / `.nest(path("/api"), …)` lambdas around a route; undefined when one is unknown. */
function prefixOf(call: SyntaxNode, constants: StringConstants): string | undefined {
  let prefix = "";
  for (let node = call.parent; node !== null; node = node.parent) {
    if (node.type !== "lambda_expression" || node.parent?.type !== "argument_list") continue;
    const outer = node.parent.parent;
    const outerName = outer?.childForFieldName("name")?.text;
    if (outer === null || outerName === undefined || !nestCalls.has(outerName)) continue;
    const [first] = argumentsOf(outer);
    const patternNode = first?.type === "method_invocation" ? argumentsOf(first)[0] : first;
    const segment = patternNode === undefined ? undefined : javaString(patternNode, constants);
    if (segment === undefined) return undefined;
    prefix = joinRoutePath(segment, prefix);
  }
  return prefix;
}

function argumentsOf(call: SyntaxNode): SyntaxNode[] {
  const list = call.childForFieldName("arguments");
  return list === null ? [] : codeChildrenOf(list);
}
