// gRPC servers: a struct embedding `pb.UnimplementedOrderServiceServer`, or registered with
// `pb.RegisterOrderServiceServer(s, &server{})`, serves OrderService; its exported methods are its RPCs.
import type { Endpoint } from "../api-surface.js";
import { descendantsOfType, endLineOf, lineOf, namedChildrenOf, type SyntaxNode } from "../syntax-tree.js";
import { argumentsOf, baseTypeName, lastName } from "./go-syntax.js";
import type { GoFunction } from "./handlers.js";

export function grpcEndpoints(root: SyntaxNode, functions: Map<string, GoFunction[]>): Endpoint[] {
  const serviceOf = new Map([...embeddedServices(root), ...registeredServices(root)]);
  const endpoints: Endpoint[] = [];
  for (const candidates of functions.values()) {
    for (const fn of candidates) {
      const service = fn.receiver === undefined ? undefined : serviceOf.get(fn.receiver);
      if (service === undefined || !/^[A-Z]/.test(fn.name) || fn.name.startsWith("mustEmbed")) continue;
      endpoints.push({
        key: `rpc ${service}.${fn.name}`,
        label: `${service}.${fn.name}`,
        framework: "grpc",
        handler: `${fn.receiver}.${fn.name}`,
        guards: [],
        statusCodes: [],
        line: lineOf(fn.node),
        endLine: endLineOf(fn.node),
      });
    }
  }
  return endpoints.sort((a, b) => a.line - b.line);
}

/** Struct type → service, for structs embedding `Unimplemented<Service>Server`. */
function embeddedServices(root: SyntaxNode): Map<string, string> {
  const services = new Map<string, string>();
  for (const spec of descendantsOfType(root, "type_spec")) {
    const name = spec.childForFieldName("name")?.text;
    const struct = spec.childForFieldName("type");
    if (name === undefined || struct?.type !== "struct_type") continue;
    for (const field of descendantsOfType(struct, "field_declaration")) {
      if (field.childForFieldName("name") !== null) continue;
      const embedded = /^Unimplemented(\w+)Server$/.exec(baseTypeName(field.childForFieldName("type")) ?? "");
      if (embedded?.[1] !== undefined) services.set(name, embedded[1]);
    }
  }
  return services;
}

/** Struct type → service, for `pb.Register<Service>Server(s, &server{})` / `new(server)`. */
function registeredServices(root: SyntaxNode): Map<string, string> {
  const services = new Map<string, string>();
  for (const call of descendantsOfType(root, "call_expression")) {
    const callee = call.childForFieldName("function");
    const registered = /^Register(\w+)Server$/.exec(callee === null ? "" : (lastName(callee) ?? ""));
    const implementation = argumentsOf(call)[1];
    const type = implementation === undefined ? undefined : implementationType(implementation);
    if (registered?.[1] !== undefined && type !== undefined) services.set(type, registered[1]);
  }
  return services;
}

function implementationType(node: SyntaxNode): string | undefined {
  if (node.type === "unary_expression") {
    const operand = node.childForFieldName("operand");
    return operand === null ? undefined : implementationType(operand);
  }
  if (node.type === "composite_literal") return baseTypeName(node.childForFieldName("type"));
  if (node.type === "call_expression" && node.childForFieldName("function")?.text === "new") {
    const args = node.childForFieldName("arguments");
    return baseTypeName(args === null ? null : (namedChildrenOf(args)[0] ?? null));
  }
  return undefined;
}
