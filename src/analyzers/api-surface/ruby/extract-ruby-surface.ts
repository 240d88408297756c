// Ruby: endpoints, guards, status codes and request/response shapes declared in a source file.
// Rails routes files give routes; controllers give actions (with their filters, Pundit/CanCanCan checks,
// statuses and strong parameters); serializers give response shapes; Grape APIs give routes and params.
import type { ApiSurface } from "../api-surface.js";
import type { SyntaxNode } from "../syntax-tree.js";
import { grapeSurface, isGrapeApi } from "./grape-api.js";
import { controllerActions, isRailsController } from "./rails-controllers.js";
import { extractRailsRoutes } from "./rails-routes.js";
import { classesOf } from "./ruby-classes.js";
import { isSerializer, serializerShape } from "./serializers.js";
import { strongParamShapes } from "./strong-params.js";

export function extractRubySurface(root: SyntaxNode, path: string): ApiSurface {
  const classes = classesOf(root);
  const controllers = classes.filter(isRailsController);
  const grape = classes.filter(isGrapeApi).map(grapeSurface);
  const serializers = classes.filter((declared) => !isRailsController(declared) && isSerializer(declared));
  return {
    endpoints: [
      ...(isRoutesFile(path) ? extractRailsRoutes(root) : []),
      ...controllers.flatMap(controllerActions),
      ...grape.flatMap((api) => api.endpoints),
    ],
    shapes: [
      ...controllers.flatMap(strongParamShapes),
      ...serializers.map(serializerShape),
      ...grape.flatMap((api) => api.shapes),
    ],
  };
}

/** `config/routes.rb` and the files it `draw`s from `config/routes/`. */
function isRoutesFile(path: string): boolean {
  return /(?:^|\/)config\/routes(?:\.rb|\/.+\.rb)$/.test(path);
}
