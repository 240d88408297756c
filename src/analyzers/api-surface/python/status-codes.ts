// Literal HTTP status codes a Python handler answers with: `Response(..., status=201)`,
// `status=status.HTTP_201_CREATED`, FastAPI's `status_code=`, Flask's `return body, 201`.
import { descendantsOfType, namedChildrenOf, type SyntaxNode } from "../syntax-tree.js";
import { calleeName, keywordArgument, lastSegment, positionalArguments } from "./python-syntax.js";

/** `201`, `status.HTTP_201_CREATED`, `HTTPStatus.CREATED`-free: only what names its number. */
export function statusCodeOf(node: SyntaxNode | undefined): number | undefined {
  if (node === undefined) return undefined;
  if (node.type === "integer") {
    const code = Number(node.text);
    return code >= 100 && code <= 599 ? code : undefined;
  }
  if (node.type === "attribute" || node.type === "identifier") {
    const constant = /^HTTP_(\d{3})(?:_|$)/.exec(lastSegment(node.text));
    return constant?.[1] === undefined ? undefined : Number(constant[1]);
  }
  return undefined;
}

const responseCallee = /Response$|^make_response$|^abort$/;

/** Codes written in response constructors and tuple returns anywhere inside `body`. */
export function statusCodesIn(body: SyntaxNode | null | undefined): number[] {
  if (body === null || body === undefined) return [];
  const codes: number[] = [];
  for (const call of descendantsOfType(body, "call")) {
    const callee = calleeName(call);
    if (callee === undefined || !responseCallee.test(lastSegment(callee))) continue;
    const value =
      keywordArgument(call, "status") ??
      keywordArgument(call, "status_code") ??
      (lastSegment(callee) === "abort" ? positionalArguments(call)[0] : positionalArguments(call)[1]);
    const code = statusCodeOf(value);
    if (code !== undefined) codes.push(code);
  }
  for (const returned of descendantsOfType(body, "return_statement")) {
    const value = namedChildrenOf(returned)[0];
    if (value?.type !== "tuple" && value?.type !== "expression_list") continue;
    const code = statusCodeOf(namedChildrenOf(value)[1]);
    if (code !== undefined) codes.push(code);
  }
  return sortedCodes(codes);
}

/** Sorted, without duplicates. */
export function sortedCodes(codes: readonly number[]): number[] {
  return [...new Set(codes)].sort((a, b) => a - b);
}
