// FastAPI dependencies that guard a route: `dependencies=[Depends(require_admin)]`, parameters
// `user: User = Depends(get_current_user)`, `Security(...)`, `Annotated[User, Depends(current_user)]`.
// `Security` is access control by definition; `Depends` counts when the dependency is named like it.
import type { Guard } from "../api-surface.js";
import { descendantsOfType, lineOf, namedChildrenOf, oneLine, type SyntaxNode } from "../syntax-tree.js";
import { looksLikeGuardName } from "./guards.js";
import { calleeName, dottedName, lastSegment, positionalArguments } from "./python-syntax.js";

/** Guards among the `Depends(...)`/`Security(...)` calls inside `node` (a list, a parameter, a call). */
export function dependencyGuards(node: SyntaxNode | null | undefined): Guard[] {
  if (node === null || node === undefined) return [];
  const guards: Guard[] = [];
  for (const call of descendantsOfType(node, "call")) {
    const kind = lastSegment(calleeName(call) ?? "");
    if (kind !== "Depends" && kind !== "Security") continue;
    const dependency = positionalArguments(call)[0];
    const name = dependency === undefined ? undefined : (dottedName(dependency) ?? calleeName(dependency));
    if (kind === "Security") guards.push({ name: oneLine(call.text), allowsAll: false, line: lineOf(call) });
    else if (name !== undefined && looksLikeGuardName(lastSegment(name))) {
      guards.push({ name: oneLine(dependency?.text ?? name), allowsAll: false, line: lineOf(call) });
    }
  }
  return guards;
}

/** Guards declared by a handler's parameters. */
export function parameterGuards(functionNode: SyntaxNode): Guard[] {
  const parameters = functionNode.childForFieldName("parameters");
  return parameters === null
    ? []
    : namedChildrenOf(parameters).flatMap((parameter) => dependencyGuards(parameter));
}
