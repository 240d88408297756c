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
    const framework = handlerFrameworkOf(node.childForFieldName("parameters"));
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

const handlerParameterTypes: Record<string, Framework> = {
  "http.ResponseWriter": "net/http",
  "*http.Request": "net/http",
  "*gin.Context": "gin",
  "echo.Context": "echo",
};

function handlerFrameworkOf(parameters: SyntaxNode | null): Framework | undefined {
  if (parameters === null) return undefined;
  for (const parameter of descendantsOfType(parameters, "parameter_declaration")) {
    const type = parameter.childForFieldName("type")?.text.replace(/\s+/g, "");
    const framework = type === undefined ? undefined : handlerParameterTypes[type];
    if (framework !== undefined) return framework;
  }
  return undefined;
}

/** One endpoint per exported function with a handler signature. */
export function handlerEndpoints(functions: Map<string, GoFunction[]>): Endpoint[] {
  const endpoints: Endpoint[] = [];
  for (const candidates of functions.values()) {
    for (const fn of candidates) {
      if (fn.handlerOf === undefined || !/^[A-Z]/.test(fn.name)) continue;
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
