// One route registration call read into methods, path, handler and per-route middleware, for the styles
// Go routers use: chi `r.Get(p, h)` / `r.Method("GET", p, h)`, gin `r.GET(p, mw…, h)`, echo `e.GET(p, h, mw…)`,
// net/http and gorilla `Handle`/`HandleFunc(p, h)` (Go 1.22 `"GET /orders/{id}"` patterns included).
import type { Framework } from "../api-surface.js";
import type { SyntaxNode } from "../syntax-tree.js";
import { goString } from "./go-syntax.js";

export interface Registration {
  /** Upper-case methods; `ANY` when the pattern routes every method. */
  methods: string[];
  path: string;
  handler: SyntaxNode;
  middlewares: SyntaxNode[];
  framework: Framework;
}

/** What the file's imports say about ambiguous calls (gin and echo both spell `GET`). */
export interface RouterImports {
  chi: boolean;
  echo: boolean;
}

const chiMethods = new Set(["Get", "Post", "Put", "Patch", "Delete", "Head", "Options", "Connect", "Trace"]);
const upperMethods = new Set([
  "GET",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
  "HEAD",
  "OPTIONS",
  "CONNECT",
  "TRACE",
]);

/** Whether a method name registers a route in one of the supported styles. */
export function isRegistration(method: string): boolean {
  return (
    chiMethods.has(method) ||
    upperMethods.has(method) ||
    ["Any", "Method", "MethodFunc", "Handle", "HandleFunc"].includes(method)
  );
}

export function readRegistration(
  method: string,
  args: readonly SyntaxNode[],
  imports: RouterImports,
): Registration | undefined {
  if (chiMethods.has(method)) return routeOf([method.toUpperCase()], args[0], args[1], [], "chi");
  if (method === "Method" || method === "MethodFunc") {
    const verb = httpMethodOf(args[0]);
    return verb === undefined ? undefined : routeOf([verb.toUpperCase()], args[1], args[2], [], "chi");
  }
  if (upperMethods.has(method) || method === "Any") {
    return groupedRoute(method === "Any" ? "ANY" : method, args[0], args.slice(1), imports);
  }
  if (method === "Handle" || method === "HandleFunc") return handleRoute(args, imports);
  return undefined;
}

/** gin lists middleware before the handler, echo after it. */
function groupedRoute(
  verb: string,
  path: SyntaxNode | undefined,
  rest: readonly SyntaxNode[],
  imports: RouterImports,
): Registration | undefined {
  if (imports.echo) return routeOf([verb], path, rest[0], rest.slice(1), "echo");
  return routeOf([verb], path, rest.at(-1), rest.slice(0, -1), "gin");
}

/** `"GET"` or net/http's `http.MethodGet`, upper-cased; undefined for anything computed. */
export function httpMethodOf(node: SyntaxNode | undefined): string | undefined {
  if (node?.type === "selector_expression" && node.childForFieldName("operand")?.text === "http") {
    const constant = /^Method([A-Z][a-z]+)$/.exec(node.childForFieldName("field")?.text ?? "");
    return constant?.[1]?.toUpperCase();
  }
  return goString(node)?.toUpperCase();
}

function handleRoute(args: readonly SyntaxNode[], imports: RouterImports): Registration | undefined {
  // gin's `r.Handle("GET", "/x", h)`.
  const verb = httpMethodOf(args[0]);
  if (verb !== undefined && upperMethods.has(verb) && goString(args[1]) !== undefined) {
    return routeOf([verb], args[1], args.at(-1), args.slice(2, -1), "gin");
  }
  const first = goString(args[0]);
  if (first === undefined) return undefined;
  const framework: Framework = imports.chi ? "chi" : "net/http";
  const spaced = first.trim().split(/\s+/);
  const [patternVerb, pattern] = spaced.length === 2 ? spaced : ["ANY", first];
  if (patternVerb === undefined || pattern === undefined || !/^[A-Z]+$/.test(patternVerb)) return undefined;
  // A host-qualified pattern (`example.com/x`) routes its path part; `{$}` only anchors the end.
  const slash = pattern.indexOf("/");
  if (slash < 0) return undefined;
  return routeOf([patternVerb], pattern.slice(slash).replace(/\{\$\}$/, ""), args[1], [], framework);
}

function routeOf(
  methods: string[],
  pathNode: SyntaxNode | string | undefined,
  handler: SyntaxNode | undefined,
  middlewares: SyntaxNode[],
  framework: Framework,
): Registration | undefined {
  const path = typeof pathNode === "string" ? pathNode : goString(pathNode);
  // `cache.Get("key", &v)` is not a route: paths start with a slash (or are empty, relative to a group).
  if (path === undefined || handler === undefined || !(path === "" || path.startsWith("/"))) return undefined;
  return { methods, path, handler, middlewares, framework };
}
