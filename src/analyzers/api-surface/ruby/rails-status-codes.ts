// Status codes a Rails action answers with: `render …, status: :created`, `head :no_content`,
// `redirect_to …, status: 303`; Rack's symbols mapped to numbers. Literal codes only.
import { descendantsOfType, type SyntaxNode } from "../syntax-tree.js";
import { callName, isBareCall, literalName, optionValue, positionalArguments } from "./ruby-calls.js";

const statusOfSymbol: Record<string, number> = {
  continue: 100,
  switching_protocols: 101,
  ok: 200,
  created: 201,
  accepted: 202,
  non_authoritative_information: 203,
  no_content: 204,
  reset_content: 205,
  partial_content: 206,
  multi_status: 207,
  multiple_choices: 300,
  moved_permanently: 301,
  found: 302,
  see_other: 303,
  not_modified: 304,
  temporary_redirect: 307,
  permanent_redirect: 308,
  bad_request: 400,
  unauthorized: 401,
  payment_required: 402,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  not_acceptable: 406,
  request_timeout: 408,
  conflict: 409,
  gone: 410,
  length_required: 411,
  precondition_failed: 412,
  payload_too_large: 413,
  content_too_large: 413,
  unsupported_media_type: 415,
  unprocessable_entity: 422,
  unprocessable_content: 422,
  locked: 423,
  failed_dependency: 424,
  precondition_required: 428,
  too_many_requests: 429,
  internal_server_error: 500,
  not_implemented: 501,
  bad_gateway: 502,
  service_unavailable: 503,
  gateway_timeout: 504,
};

const respondingCalls = new Set(["render", "head", "redirect_to"]);

/** The literal statuses the responses inside `node` (an action's body) declare, sorted and deduplicated. */
export function railsStatusCodes(node: SyntaxNode): number[] {
  const codes = new Set<number>();
  for (const call of descendantsOfType(node, "call")) {
    const name = callName(call);
    if (name === undefined || !respondingCalls.has(name) || !isBareCall(call)) continue;
    const status =
      optionValue(call, "status") ?? (name === "head" ? positionalArguments(call)[0] : undefined);
    const code = railsStatusCode(status);
    if (code !== undefined) codes.add(code);
  }
  return [...codes].sort((a, b) => a - b);
}

/** A literal status: `201`, `:created`; undefined for anything else. */
export function railsStatusCode(node: SyntaxNode | undefined): number | undefined {
  if (node === undefined) return undefined;
  if (node.type === "integer") {
    const code = Number(node.text);
    return code >= 100 && code <= 599 ? code : undefined;
  }
  const symbol = literalName(node);
  return symbol === undefined ? undefined : statusOfSymbol[symbol];
}
