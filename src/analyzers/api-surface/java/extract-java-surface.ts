// Java: endpoints, guards, status codes and request/response shapes declared in a source file — Spring
// MVC/WebFlux controllers and functional routes, Spring Security URL rules, JAX-RS resources, gRPC
// services and DTOs.
import type { ApiSurface, Endpoint } from "../api-surface.js";
import type { SyntaxNode } from "../syntax-tree.js";
import { typeDeclarationsOf } from "./declarations.js";
import { functionalEndpointsOf } from "./functional-routes.js";
import { grpcEndpointsOf } from "./grpc-services.js";
import { jaxrsEndpointsOf } from "./jaxrs-routes.js";
import { securityEndpointsOf } from "./security-config.js";
import { shapesOf } from "./shapes.js";
import { springEndpointsOf } from "./spring-routes.js";
import { stringConstantsOf } from "./string-constants.js";

export function extractJavaSurface(root: SyntaxNode, _path: string): ApiSurface {
  const constants = stringConstantsOf(root);
  const endpoints: Endpoint[] = [];
  for (const type of typeDeclarationsOf(root)) {
    endpoints.push(
      ...springEndpointsOf(type, constants),
      ...jaxrsEndpointsOf(type, constants),
      ...grpcEndpointsOf(type),
    );
  }
  endpoints.push(...functionalEndpointsOf(root, constants), ...securityEndpointsOf(root, constants));
  return { endpoints, shapes: shapesOf(root) };
}
