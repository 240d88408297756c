// Go handler functions declared in the file: those with an HTTP signature (`w http.ResponseWriter,
// r *http.Request`, `c *gin.Context`, `c echo.Context`) become `handler Receiver.Func` endpoints carrying
// the status codes they write, so a change in a handler-only file is seen even when routes live elsewhere.
import type { Endpoint, Framework } from "../api-surface.js";
import { descendantsOfType, endLineOf, lineOf, namedChildrenOf, type SyntaxNode } from "../syntax-tree.js";
import { baseTypeName } from "./go-syntax.js";
import { statusCodesIn } from "./status-codes.js";

export interface GoFunction {
  name: string;
  /** Receiver type name for a method (`API` for `func (a *API) UserGet`). */
  receiver?: string;
  node: SyntaxNode;
  /** Framework its parameters belong to when it has an HTTP handler signature. */
  handlerOf?: Framework;
  statusCodes: number[];
}

/** Every top-level function and method of the file, by name (methods of different types may share one). */
export function functionsOf(root: SyntaxNode): Map<string, GoFunction[]> {
  const byName = new Map<string, GoFunction[]>();
  for (const node of namedChildrenOf(root)) {
    if (node.type !== "function_declaration" && node.type !== "method_declaration") continue;
    const name = node.childForFieldName("name")?.text;
    if (name === undefined) continue;
    const body = node.childForFieldName("body");
    const found: GoFunction = {
      name,
      node,
      statusCodes: body === null ? [] : statusCodesIn(body),
    };
    const receiver = receiverTypeOf(node);
    if (receiver !== undefined) found.receiver = receiver;
    const framework = handlerFrameworkOf(name, node.childForFieldName("parameters"));
    if (framework !== undefined) found.handlerOf = framework;
    byName.set(name, [...(byName.get(name) ?? []), found]);
  }
  return byName;
}

/** `API` for `func (a *API) …`. */
export function receiverTypeOf(method: SyntaxNode): string | undefined {
  if (method.type !== "method_declaration") return undefined;
  const receiver = method.childForFieldName("receiver");
  const parameter = receiver === null ? undefined : namedChildrenOf(receiver)[0];
  return parameter === undefined ? undefined : baseTypeName(parameter.childForFieldName("type"));
}

const contextFrameworks: Record<string, Framework> = { "*gin.Context": "gin", "echo.Context": "echo" };

/**
 * `net/http` for `(w http.ResponseWriter, r *http.Request)`, gin or echo for their context parameter.
 * Exported functions need only one of the two net/http parameters; an unexported one must take both
 * (supabase's `adminUsers` handlers), so helpers like `writeError(w http.ResponseWriter, …)` stay out.
 */
function handlerFrameworkOf(name: string, parameters: SyntaxNode | null): Framework | undefined {
  if (parameters === null) return undefined;
  const types = descendantsOfType(parameters, "parameter_declaration").map(
    (parameter) => parameter.childForFieldName("type")?.text.replace(/\s+/g, "") ?? "",
  );
  const context = types.map((type) => contextFrameworks[type]).find((found) => found !== undefined);
  if (context !== undefined) return context;
  const writer = types.includes("http.ResponseWriter");
  const request = types.includes("*http.Request");
  return (writer && request) || (/^[A-Z]/.test(name) && (writer || request)) ? "net/http" : undefined;
}

/** One endpoint per function with a handler signature. */
export function handlerEndpoints(functions: Map<string, GoFunction[]>): Endpoint[] {
  const endpoints: Endpoint[] = [];
  for (const candidates of functions.values()) {
    for (const fn of candidates) {
      if (fn.handlerOf === undefined) continue;
      const label = fn.receiver === undefined ? fn.name : `${fn.receiver}.${fn.name}`;
      endpoints.push({
        key: `handler ${label}`,
        label,
        framework: fn.handlerOf,
        handler: label,
        guards: [],
        statusCodes: fn.statusCodes,
        line: lineOf(fn.node),
        endLine: endLineOf(fn.node),
      });
    }
  }
  return endpoints.sort((a, b) => a.line - b.line);
}
