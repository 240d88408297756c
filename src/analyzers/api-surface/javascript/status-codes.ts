// Literal HTTP status codes a handler answers with: `res.status(201)`, `res.sendStatus(204)`,
// `ctx.status = 201`, `c.json(x, 201)`, `reply.code(201)`, `NextResponse.json(x, { status: 201 })`.
import { namedChildrenOf, type SyntaxNode } from "../syntax-tree.js";
import { argumentsOf, literalInteger, memberCall, objectProperty } from "./js-syntax.js";

const statusSetters = new Set(["status", "sendStatus", "code"]);
/** Hono's context helpers take the status as their second argument. */
const bodyWithStatus = new Set(["json", "text", "html", "body", "newResponse"]);

/** Sorted, deduplicated codes found anywhere in `body` (nested callbacks included). */
export function statusCodesIn(body: SyntaxNode | undefined): number[] {
  if (body === undefined) return [];
  const codes = new Set<number>();
  for (const node of body.descendantsOfType(["call_expression", "new_expression", "assignment_expression"])) {
    if (node === null) continue;
    for (const code of codesOf(node)) if (code >= 100 && code <= 599) codes.add(code);
  }
  return [...codes].sort((a, b) => a - b);
}

function codesOf(node: SyntaxNode): number[] {
  if (node.type === "assignment_expression") return assignedStatus(node);
  const codes: number[] = [];
  const call = memberCall(node);
  const args = argumentsOf(node);
  if (call !== undefined && statusSetters.has(call.method) && args.length === 1) {
    pushDefined(codes, literalInteger(args[0]));
  }
  if (call !== undefined && bodyWithStatus.has(call.method)) pushDefined(codes, literalInteger(args[1]));
  for (const arg of args) {
    if (arg.type === "object") pushDefined(codes, literalInteger(objectProperty(arg, "status")));
  }
  return codes;
}

/** `ctx.status = 201`, `ctx.response.status = 201`. */
function assignedStatus(node: SyntaxNode): number[] {
  const left = node.childForFieldName("left");
  if (left?.type !== "member_expression" || left.childForFieldName("property")?.text !== "status") return [];
  const code = literalInteger(node.childForFieldName("right"));
  return code === undefined ? [] : [code];
}

function pushDefined(codes: number[], code: number | undefined): void {
  if (code !== undefined) codes.push(code);
}

/** The body of a function node (its statement block or expression body). */
export function functionBody(fn: SyntaxNode): SyntaxNode | undefined {
  return fn.childForFieldName("body") ?? namedChildrenOf(fn).at(-1);
}
