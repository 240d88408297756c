// Go: endpoints, guards, status codes and request/response shapes declared in a source file — routes of
// net/http, chi (and chi-style wrappers), gorilla/mux, gin and echo; handler functions; gRPC servers; json structs.
import type { ApiSurface } from "../api-surface.js";
import type { SyntaxNode } from "../syntax-tree.js";
import { importPathsOf } from "./go-syntax.js";
import { grpcEndpoints } from "./grpc.js";
import { functionsOf, handlerEndpoints } from "./handlers.js";
import { routeEndpoints } from "./routes.js";
import { shapesOf } from "./shapes.js";

export function extractGoSurface(root: SyntaxNode, _path: string): ApiSurface {
  const imports = importPathsOf(root);
  const functions = functionsOf(root);
  const routes = routeEndpoints(root, functions, {
    chi: imports.some((path) => path.startsWith("github.com/go-chi/chi")),
    echo: imports.some((path) => path.startsWith("github.com/labstack/echo")),
  });
  return {
    endpoints: [...routes, ...handlerEndpoints(functions), ...grpcEndpoints(root, functions)],
    shapes: shapesOf(root),
  };
}
