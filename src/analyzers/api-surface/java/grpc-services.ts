// gRPC Java servers: a class extending `OrderServiceGrpc.OrderServiceImplBase` (grpc-java or the reactive
// variants) serves each method it overrides → `rpc OrderService.GetOrder`.
import type { Endpoint } from "../api-surface.js";
import { descendantsOfType, lineOf, type SyntaxNode } from "../syntax-tree.js";
import { annotationsOf, codeChildrenOf, findAnnotation, hasModifier, simpleName } from "./annotations.js";
import { headerEndLineOf, methodsOf, nameOf } from "./declarations.js";
import { guardsOf } from "./guards.js";

const implBaseSuffix = "ImplBase";

export function grpcEndpointsOf(type: SyntaxNode): Endpoint[] {
  const service = serviceNameOf(type);
  if (service === undefined) return [];
  const classGuards = guardsOf(annotationsOf(type));
  const endpoints: Endpoint[] = [];
  for (const method of methodsOf(type)) {
    if (!servesRpc(method)) continue;
    const name = nameOf(method);
    const rpc = `${service}.${name.charAt(0).toUpperCase()}${name.slice(1)}`;
    endpoints.push({
      key: `rpc ${rpc}`,
      label: rpc,
      framework: "grpc",
      handler: `${nameOf(type)}#${name}`,
      guards: [...classGuards, ...guardsOf(annotationsOf(method))],
      statusCodes: [],
      line: lineOf(method),
      endLine: headerEndLineOf(method),
    });
  }
  return endpoints;
}

/** `OrderServiceGrpc.OrderServiceImplBase` → `OrderService`. */
function serviceNameOf(type: SyntaxNode): string | undefined {
  if (type.type !== "class_declaration") return undefined;
  const superclass = type.childForFieldName("superclass");
  if (superclass === null) return undefined;
  const written = codeChildrenOf(superclass)[0];
  const raw = written?.type === "generic_type" ? codeChildrenOf(written)[0] : written;
  const base = simpleName(raw?.text ?? "");
  if (!base.endsWith(implBaseSuffix) || base.length === implBaseSuffix.length) return undefined;
  return base.slice(0, -implBaseSuffix.length);
}

/** An override of a generated service method: `@Override`, or a `StreamObserver` parameter. */
function servesRpc(method: SyntaxNode): boolean {
  if (hasModifier(method, "static") || hasModifier(method, "private")) return false;
  if (findAnnotation(annotationsOf(method), ["Override"]) !== undefined) return true;
  const parameters = method.childForFieldName("parameters");
  if (parameters === null) return false;
  return descendantsOfType(parameters, "type_identifier").some((type) => type.text === "StreamObserver");
}
