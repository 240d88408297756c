// Ruby: endpoints, guards, status codes and request/response shapes declared in a source file.
// Rails routes files give routes; controllers give actions (with their filters, Pundit/CanCanCan checks,
// statuses and strong parameters); serializers give response shapes.
import type { ApiSurface } from "../api-surface.js";
import type { SyntaxNode } from "../syntax-tree.js";
import { controllerActions, isRailsController } from "./rails-controllers.js";
import { extractRailsRoutes } from "./rails-routes.js";
import { classesOf } from "./ruby-classes.js";
import { isSerializer, serializerShape } from "./serializers.js";
import { strongParamShapes } from "./strong-params.js";

export function extractRubySurface(root: SyntaxNode, path: string): ApiSurface {
  const classes = classesOf(root);
  const controllers = classes.filter(isRailsController);
  return {
    endpoints: [
      ...(isRoutesFile(path) ? extractRailsRoutes(root) : []),
      ...controllers.flatMap(controllerActions),
    ],
    shapes: [
      ...controllers.flatMap(strongParamShapes),
      ...classes
        .filter((declared) => !isRailsController(declared) && isSerializer(declared))
        .map(serializerShape),
    ],
  };
}

/** `config/routes.rb` and the files it `draw`s from `config/routes/`. */
function isRoutesFile(path: string): boolean {
  return /(?:^|\/)config\/routes(?:\.rb|\/.+\.rb)$/.test(path);
}
