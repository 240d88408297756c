// Which middleware arguments (`requireAuth`, `auth()`, `passport.authenticate('jwt')`, `[a, b]`) are guards.
import { type Guard, looksLikeAccessControl } from "../api-surface.js";
import { lineOf, namedChildrenOf, oneLine, type SyntaxNode } from "../syntax-tree.js";
import { argumentsOf, calleeOf, objectProperty, unwrapExpression } from "./js-syntax.js";

/** Names that let everyone in: `allowAnonymous`, `publicRoute`, `skipAuth`, `optionalAuth`. */
const allowsEveryone =
  /^(?:allow_?(?:any|anonymous|all)|public|anonymous|skip_?auth|no_?auth|optional_?auth)/i;

/** Guards among middleware arguments, in order; arrays of middleware are flattened. */
export function guardsOfMiddleware(middleware: readonly SyntaxNode[]): Guard[] {
  const guards: Guard[] = [];
  for (const node of middleware) {
    const expression = unwrapExpression(node);
    if (expression.type === "array") guards.push(...guardsOfMiddleware(namedChildrenOf(expression)));
    else {
      const guard = guardOf(expression);
      if (guard !== undefined) guards.push(guard);
    }
  }
  return guards;
}

/** A guard for one middleware expression, or undefined when it is not about access control. */
export function guardOf(expression: SyntaxNode): Guard | undefined {
  const name = accessName(expression);
  if (name === undefined || !looksLikeAccessControl(name)) return undefined;
  return {
    name: oneLine(expression.text),
    allowsAll: allowsEveryone.test(lastSegment(name)) || isOptionalAuth(expression),
    line: lineOf(expression),
  };
}

/** The text that says what a middleware is: an identifier, a member path, or a call's callee. */
function accessName(expression: SyntaxNode): string | undefined {
  if (expression.type === "identifier" || expression.type === "member_expression") return expression.text;
  if (expression.type === "call_expression") {
    const callee = calleeOf(expression);
    if (callee === undefined) return undefined;
    return accessName(unwrapExpression(callee));
  }
  return undefined;
}

function lastSegment(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? name : name.slice(dot + 1);
}

/** `auth({ optional: true })`: authentication that lets anonymous callers through. */
function isOptionalAuth(expression: SyntaxNode): boolean {
  if (expression.type !== "call_expression") return false;
  return argumentsOf(expression).some(
    (arg) => arg.type === "object" && objectProperty(arg, "optional")?.type === "true",
  );
}

/** `withAuth(handler)`: a wrapper whose name says it guards; named by the wrapper alone. */
export function wrapperGuard(call: SyntaxNode): Guard | undefined {
  const callee = calleeOf(call);
  if (callee === undefined) return undefined;
  const guard = guardOf(unwrapExpression(callee));
  return guard === undefined ? undefined : { ...guard, allowsAll: guard.allowsAll || isOptionalAuth(call) };
}
