// Literal HTTP status codes a Go handler answers with: `http.StatusCreated` constants anywhere in a call's
// arguments, and integer literals given to a writing/sending call (`c.JSON(201, x)`, `sendJSON(w, 200, x)`).
import { descendantsOfType, namedChildrenOf, type SyntaxNode } from "../syntax-tree.js";

/** net/http's status constants (`http.StatusTeapot` → 418). */
const statusByConstant: Record<string, number> = {
  StatusContinue: 100,
  StatusSwitchingProtocols: 101,
  StatusProcessing: 102,
  StatusEarlyHints: 103,
  StatusOK: 200,
  StatusCreated: 201,
  StatusAccepted: 202,
  StatusNonAuthoritativeInfo: 203,
  StatusNoContent: 204,
  StatusResetContent: 205,
  StatusPartialContent: 206,
  StatusMultiStatus: 207,
  StatusAlreadyReported: 208,
  StatusIMUsed: 226,
  StatusMultipleChoices: 300,
  StatusMovedPermanently: 301,
  StatusFound: 302,
  StatusSeeOther: 303,
  StatusNotModified: 304,
  StatusUseProxy: 305,
  StatusTemporaryRedirect: 307,
  StatusPermanentRedirect: 308,
  StatusBadRequest: 400,
  StatusUnauthorized: 401,
  StatusPaymentRequired: 402,
  StatusForbidden: 403,
  StatusNotFound: 404,
  StatusMethodNotAllowed: 405,
  StatusNotAcceptable: 406,
  StatusProxyAuthRequired: 407,
  StatusRequestTimeout: 408,
  StatusConflict: 409,
  StatusGone: 410,
  StatusLengthRequired: 411,
  StatusPreconditionFailed: 412,
  StatusRequestEntityTooLarge: 413,
  StatusRequestURITooLong: 414,
  StatusUnsupportedMediaType: 415,
  StatusRequestedRangeNotSatisfiable: 416,
  StatusExpectationFailed: 417,
  StatusTeapot: 418,
  StatusMisdirectedRequest: 421,
  StatusUnprocessableEntity: 422,
  StatusLocked: 423,
  StatusFailedDependency: 424,
  StatusTooEarly: 425,
  StatusUpgradeRequired: 426,
  StatusPreconditionRequired: 428,
  StatusTooManyRequests: 429,
  StatusRequestHeaderFieldsTooLarge: 431,
  StatusUnavailableForLegalReasons: 451,
  StatusInternalServerError: 500,
  StatusNotImplemented: 501,
  StatusBadGateway: 502,
  StatusServiceUnavailable: 503,
  StatusGatewayTimeout: 504,
  StatusHTTPVersionNotSupported: 505,
  StatusVariantAlsoNegotiates: 506,
  StatusInsufficientStorage: 507,
  StatusLoopDetected: 508,
  StatusNotExtended: 510,
  StatusNetworkAuthenticationRequired: 511,
};

/** Calls whose leading integer argument is the status they answer with. */
const writesStatus =
  /status|json|write|send|respond|reply|xml|yaml|string|html|redirect|nocontent|abort|render|data|blob|stream|file|error/i;

/** The code of an `http.StatusX` selector, else undefined. */
export function statusConstantCode(node: SyntaxNode): number | undefined {
  if (node.type !== "selector_expression") return undefined;
  const operand = node.childForFieldName("operand");
  const field = node.childForFieldName("field");
  if (operand?.text !== "http" || field === null) return undefined;
  return statusByConstant[field.text];
}

/** Sorted, deduplicated status codes written by the calls inside `body`. */
export function statusCodesIn(body: SyntaxNode): number[] {
  const codes = new Set<number>();
  for (const call of descendantsOfType(body, "call_expression")) {
    const args = call.childForFieldName("arguments");
    if (args === null) continue;
    const values = namedChildrenOf(args);
    for (const arg of values) {
      const code = statusConstantCode(arg);
      if (code !== undefined) codes.add(code);
    }
    if (!writesStatus.test(calleeName(call))) continue;
    for (const arg of values.slice(0, 2)) {
      const literal = arg.type === "int_literal" ? Number(arg.text) : Number.NaN;
      if (literal >= 100 && literal <= 599) codes.add(literal);
    }
  }
  return [...codes].sort((a, b) => a - b);
}

/** `sendJSON` for `sendJSON(…)`, `JSON` for `c.JSON(…)`. */
function calleeName(call: SyntaxNode): string {
  const callee = call.childForFieldName("function");
  if (callee === null) return "";
  if (callee.type === "selector_expression") return callee.childForFieldName("field")?.text ?? "";
  return callee.text;
}
