// JavaScript/TypeScript: endpoints, guards, status codes and request/response shapes declared in a source
// file — Express/Koa/Hono/Fastify routers, NestJS controllers, Next.js route handlers, tRPC routers, zod/Joi
// schemas, presenters and DTO classes.
import { type ApiSurface, emptySurface } from "../api-surface.js";
import type { SyntaxNode } from "../syntax-tree.js";
import { extractDtoShapes } from "./dto-shapes.js";
import { extractNestControllers } from "./nest-controllers.js";
import { extractNextRouteHandlers } from "./next-route-handlers.js";
import { extractPresenterShapes } from "./presenter-shapes.js";
import { extractRouterRoutes } from "./router-routes.js";
import { extractSchemaShapes } from "./schema-shapes.js";
import { extractTrpcRouters } from "./trpc-routers.js";

/** Test files call routes (`server.post("/api/x")` with supertest); they declare none. */
const testFile = /[._](?:test|spec)\.[cm]?[jt]sx?$|(?:^|\/)__tests__\//;

export function extractJavascriptSurface(root: SyntaxNode, path: string): ApiSurface {
  if (testFile.test(path)) return emptySurface;
  const trpc = extractTrpcRouters(root);
  return {
    endpoints: [
      ...extractRouterRoutes(root),
      ...extractNestControllers(root),
      ...extractNextRouteHandlers(root, path),
      ...trpc.endpoints,
    ],
    shapes: [
      ...extractSchemaShapes(root),
      ...extractPresenterShapes(root),
      ...extractDtoShapes(root),
      ...trpc.shapes,
    ],
  };
}
