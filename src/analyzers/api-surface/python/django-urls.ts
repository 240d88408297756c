// Django URLconfs: `path()`/`re_path()`/`url()` entries (method `ANY`), inline `include([...])` with their
// prefix, `include("app.urls")` as one `ANY <prefix>` entry (the included module is not resolved), and DRF
// `router.register("orders", OrderViewSet)` under the prefix the router is included at in the same file.
import { type Endpoint, endpointKey, type Guard, joinRoutePath } from "../api-surface.js";
import { descendantsOfType, endLineOf, lineOf, oneLine, type SyntaxNode } from "../syntax-tree.js";
import { looksLikeGuardName } from "./guards.js";
import {
  calleeName,
  dottedName,
  keywordArgument,
  lastSegment,
  literalString,
  positionalArguments,
  sequenceElements,
} from "./python-syntax.js";

const routeFunctions = new Set(["path", "re_path", "url"]);

export function djangoUrlEndpoints(root: SyntaxNode): Endpoint[] {
  const calls = descendantsOfType(root, "call");
  const routes = calls.filter((call) =>
    routeFunctions.has(calleeName(call)?.replace(/^django\.urls\./, "") ?? ""),
  );
  const nested = new Set<number>();
  for (const route of routes) {
    const included = includedList(route);
    for (const inner of included === undefined ? [] : descendantsOfType(included, "call"))
      nested.add(inner.id);
  }
  const routerPrefixes = new Map<string, string>();
  const endpoints: Endpoint[] = [];
  for (const route of routes) {
    if (!nested.has(route.id)) endpoints.push(...routeEndpoints(route, "", routerPrefixes));
  }
  endpoints.push(...routerEndpoints(calls, routerPrefixes));
  return endpoints;
}

/** `^orders/$` → `orders/`: anchors do not belong in a joined path. */
function routePattern(route: SyntaxNode): string | undefined {
  const value = literalString(positionalArguments(route)[0] ?? keywordArgument(route, "route"));
  if (value === undefined) return undefined;
  return lastSegment(calleeName(route) ?? "") === "path"
    ? value
    : value.replace(/^\^/, "").replace(/\$$/, "");
}

function includeCall(route: SyntaxNode): SyntaxNode | undefined {
  const view = positionalArguments(route)[1] ?? keywordArgument(route, "view");
  return view?.type === "call" && lastSegment(calleeName(view) ?? "") === "include" ? view : undefined;
}

function includedList(route: SyntaxNode): SyntaxNode | undefined {
  const included = includeCall(route);
  const first = included === undefined ? undefined : positionalArguments(included)[0];
  return first !== undefined && sequenceElements(first) !== undefined ? first : undefined;
}

function routeEndpoints(route: SyntaxNode, prefix: string, routerPrefixes: Map<string, string>): Endpoint[] {
  const pattern = routePattern(route);
  if (pattern === undefined) return [];
  const path = joinRoutePath(prefix, pattern);
  const included = includeCall(route);
  if (included === undefined)
    return [urlEndpoint(route, path, positionalArguments(route)[1] ?? keywordArgument(route, "view"))];
  const target = positionalArguments(included)[0];
  const list = includedList(route);
  if (list !== undefined) {
    return (sequenceElements(list) ?? [])
      .filter((inner) => routeFunctions.has(calleeName(inner) ?? ""))
      .flatMap((inner) => routeEndpoints(inner, path, routerPrefixes));
  }
  const routerName =
    target?.type === "attribute" && target.childForFieldName("attribute")?.text === "urls"
      ? dottedName(target.childForFieldName("object"))
      : undefined;
  if (routerName !== undefined) {
    routerPrefixes.set(routerName, path);
    return [];
  }
  return [urlEndpoint(route, path, target)];
}

function urlEndpoint(route: SyntaxNode, path: string, view: SyntaxNode | undefined): Endpoint {
  const shown = path.startsWith("/") ? path : `/${path}`;
  const handler = handlerName(view);
  return {
    key: endpointKey("ANY", shown),
    label: `ANY ${shown}`,
    framework: "django",
    method: "ANY",
    path: shown,
    ...(handler === undefined ? {} : { handler }),
    guards: wrapperGuards(view),
    statusCodes: [],
    line: lineOf(route),
    endLine: endLineOf(route),
  };
}

/** `views.OrderList.as_view()` → `views.OrderList`; `login_required(views.x)` → `views.x`; `include("a.urls")` → `a.urls`. */
function handlerName(view: SyntaxNode | undefined): string | undefined {
  if (view === undefined) return undefined;
  if (view.type === "call") {
    const callee = calleeName(view);
    if (callee?.endsWith(".as_view")) return callee.slice(0, -".as_view".length);
    const first = positionalArguments(view)[0];
    if (lastSegment(callee ?? "") === "include")
      return literalString(first) ?? (first === undefined ? undefined : oneLine(first.text));
    return handlerName(first);
  }
  return dottedName(view) ?? literalString(view) ?? oneLine(view.text);
}

/** `login_required(views.order_detail)` in the URLconf guards that route. */
function wrapperGuards(view: SyntaxNode | undefined): Guard[] {
  if (view?.type !== "call") return [];
  const callee = calleeName(view);
  if (callee === undefined || callee.endsWith(".as_view")) return [];
  const inner = wrapperGuards(positionalArguments(view)[0]);
  if (!looksLikeGuardName(lastSegment(callee))) return inner;
  return [
    { name: callee, allowsAll: lastSegment(callee) === "login_not_required", line: lineOf(view) },
    ...inner,
  ];
}

/** `router.register(r"orders", OrderViewSet)` → `ANY /orders` served by OrderViewSet. */
function routerEndpoints(
  calls: readonly SyntaxNode[],
  routerPrefixes: ReadonlyMap<string, string>,
): Endpoint[] {
  const endpoints: Endpoint[] = [];
  for (const call of calls) {
    const callee = calleeName(call);
    if (callee === undefined || lastSegment(callee) !== "register" || !callee.includes(".")) continue;
    const [prefixNode, viewSet] = positionalArguments(call);
    const prefix = literalString(prefixNode ?? keywordArgument(call, "prefix"));
    const handler = dottedName(viewSet ?? keywordArgument(call, "viewset"));
    if (prefix === undefined || handler === undefined) continue;
    const routerPrefix = routerPrefixes.get(callee.slice(0, callee.lastIndexOf("."))) ?? "";
    const joined = joinRoutePath(routerPrefix, prefix.replace(/^\^/, "").replace(/\$$/, ""));
    const shown = joined.startsWith("/") ? joined : `/${joined}`;
    endpoints.push({
      key: endpointKey("ANY", shown),
      label: `ANY ${shown}`,
      framework: "drf",
      method: "ANY",
      path: shown,
      handler,
      guards: [],
      statusCodes: [],
      line: lineOf(call),
      endLine: endLineOf(call),
    });
  }
  return endpoints;
}
