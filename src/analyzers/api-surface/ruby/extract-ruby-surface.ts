// Ruby: endpoints, guards, status codes and request/response shapes declared in a source file.
import { type ApiSurface, emptySurface } from "../api-surface.js";
import type { SyntaxNode } from "../syntax-tree.js";

export function extractRubySurface(_root: SyntaxNode, _path: string): ApiSurface {
  return emptySurface;
}
