// Which job failures are worth retrying later: the other side was busy or unreachable, not wrong.
import { z } from "zod";

/** Node and undici error codes of a connection that failed or timed out (not of a bad request). */
const networkErrorCodes = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ENOTFOUND",
  "ENETUNREACH",
  "ENETDOWN",
  "EHOSTUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
]);

/** The Anthropic SDK names its errors; these two carry no status (no response arrived). */
const connectionErrorNames = new Set(["APIConnectionError", "APIConnectionTimeoutError"]);

/**
 * The fields the classifier reads, shared by Octokit's `RequestError` (`status`, `response.headers`),
 * `GraphqlResponseError` (`errors[].type`), the Anthropic SDK's `APIError` (`status`, `name`) and Node's
 * system errors (`code`). Everything is optional: an error is whatever was thrown.
 */
const ErrorFields = z.object({
  name: z.string().optional().catch(undefined),
  message: z.string().optional().catch(undefined),
  status: z.number().optional().catch(undefined),
  code: z.union([z.string(), z.number()]).optional().catch(undefined),
  response: z
    .object({ headers: z.record(z.string(), z.unknown()).optional().catch(undefined) })
    .optional()
    .catch(undefined),
  errors: z
    .array(z.object({ type: z.string().optional().catch(undefined) }))
    .optional()
    .catch(undefined),
  cause: z.unknown().optional(),
});

/**
 * True when a later attempt may succeed: GitHub 5xx, GitHub's rate limits (429, or 403 with a
 * rate-limit message, `retry-after` or no requests remaining; GraphQL `RATE_LIMITED`), Anthropic 429
 * and 5xx/529 (overloaded), 408, and network errors (also as the `cause` of a wrapping error, like
 * fetch's `TypeError: fetch failed`). Anything else — a 404, a 422, a bad config, a bug — fails at once:
 * retrying cannot fix it.
 */
export function isTransientError(error: unknown): boolean {
  let current: unknown = error;
  // Causes nest (RequestError → TypeError "fetch failed" → Error ECONNRESET); a cycle must not loop.
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth += 1) {
    const parsed = ErrorFields.safeParse(current);
    if (!parsed.success) return false;
    const fields = parsed.data;
    if (fields.status !== undefined && isTransientStatus(fields)) return true;
    if (typeof fields.code === "string" && networkErrorCodes.has(fields.code)) return true;
    if (fields.name !== undefined && connectionErrorNames.has(fields.name)) return true;
    if (fields.errors?.some((entry) => entry.type === "RATE_LIMITED") === true) return true;
    current = fields.cause;
  }
  return false;
}

function isTransientStatus(fields: z.infer<typeof ErrorFields>): boolean {
  const status = fields.status ?? 0;
  if (status >= 500 || status === 429 || status === 408) return true;
  if (status !== 403) return false;
  // GitHub answers a secondary (and an exhausted primary) rate limit with 403; other 403s are permissions.
  const headers = fields.response?.headers ?? {};
  if (headers["retry-after"] !== undefined) return true;
  if (String(headers["x-ratelimit-remaining"]) === "0") return true;
  return /rate limit/i.test(fields.message ?? "");
}
