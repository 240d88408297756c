// Python: endpoints, guards, status codes and request/response shapes declared in a source file —
// Django URLconfs and views, DRF viewsets and serializers, FastAPI, Flask, pydantic, graphene, strawberry.
import type { ApiSurface } from "../api-surface.js";
import { namedChildrenOf, type SyntaxNode } from "../syntax-tree.js";
import { decoratorRouteEndpoints, type RouteModels } from "./decorator-routes.js";
import { djangoUrlEndpoints } from "./django-urls.js";
import { djangoViewEndpoints } from "./django-views.js";
import { serializerShapes } from "./drf-serializers.js";
import { grapheneSurface } from "./graphene-schema.js";
import { pydanticShapes } from "./pydantic-shapes.js";
import { assignmentsIn } from "./python-syntax.js";
import { strawberrySurface } from "./strawberry-schema.js";

export function extractPythonSurface(root: SyntaxNode, path: string): ApiSurface {
  const models: RouteModels = { responseModels: new Set() };
  const routes = [
    ...(isUrlConf(root, path) ? djangoUrlEndpoints(root) : []),
    ...djangoViewEndpoints(root),
    ...decoratorRouteEndpoints(root, models),
  ];
  const graphene = grapheneSurface(root);
  const strawberry = strawberrySurface(root);
  return {
    endpoints: [...routes, ...graphene.endpoints, ...strawberry.endpoints],
    shapes: [
      ...serializerShapes(root),
      ...pydanticShapes(root, models.responseModels),
      ...graphene.shapes,
      ...strawberry.shapes,
    ],
  };
}

/** `urls.py`, or any module that declares `urlpatterns`. */
function isUrlConf(root: SyntaxNode, path: string): boolean {
  if (/(?:^|\/)urls\.py$/.test(path)) return true;
  return assignmentsIn(namedChildrenOf(root)).some((assignment) => assignment.name === "urlpatterns");
}
