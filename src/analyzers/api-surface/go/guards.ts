// Go middleware as guards: only expressions that name access control (`requireAuth`, `api.requireAdmin`,
// `middleware.JWT(…)`) count; a handler wrapped in such a call (`requireAuth(h)`) is guarded by it.
import { type Guard, looksLikeAccessControl } from "../api-surface.js";
import { lineOf, oneLine, type SyntaxNode } from "../syntax-tree.js";
import { argumentsOf } from "./go-syntax.js";

/** Middleware that lets everyone in weakens rather than protects. */
const allowsEveryone = /allow_?(?:any|all|anonymous)|permit_?all|no_?auth|skip_?auth|optional_?auth/i;

export function guardOf(middleware: SyntaxNode): Guard | undefined {
  const name = oneLine(middleware.text);
  // A middleware factory is judged by its name, not its arguments (`limitHandler(opts.Verify)` is no guard).
  const callee = middleware.type === "call_expression" ? middleware.childForFieldName("function") : null;
  if (!looksLikeAccessControl(callee === null ? name : callee.text)) return undefined;
  return { name, allowsAll: allowsEveryone.test(name), line: lineOf(middleware) };
}

export function guardsOf(middlewares: readonly SyntaxNode[]): Guard[] {
  return middlewares.map(guardOf).filter((guard): guard is Guard => guard !== undefined);
}

/** Conversions that only change a handler's type. */
const conversions = new Set(["http.HandlerFunc", "http.Handler"]);

/** The handler inside `requireAuth(http.HandlerFunc(h))`, with the access-control wrappers around it. */
export function unwrapHandler(handler: SyntaxNode): { handler: SyntaxNode; guards: Guard[] } {
  const guards: Guard[] = [];
  let current = handler;
  for (let depth = 0; depth < 8 && current.type === "call_expression"; depth++) {
    const callee = current.childForFieldName("function");
    const inner = argumentsOf(current).at(-1);
    if (callee === null || inner === undefined) break;
    if (!conversions.has(callee.text)) {
      const guard = guardOf(callee);
      if (guard === undefined) break;
      guards.push(guard);
    }
    current = inner;
  }
  return { handler: current, guards };
}
