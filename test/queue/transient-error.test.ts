import { APIConnectionError, APIError, InternalServerError, RateLimitError } from "@anthropic-ai/sdk";
import { Octokit } from "@octokit/rest";
import nock from "nock";
import { describe, expect, it } from "vitest";
import { isTransientError } from "../../src/queue/transient-error.js";

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** The error Octokit throws when GitHub answers a request with `status`. */
async function github(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): Promise<unknown> {
  nock("https://api.github.com").get("/repos/acme/api").reply(status, { message }, headers);
  try {
    await new Octokit({ log: silent }).rest.repos.get({ owner: "acme", repo: "api" });
  } catch (error) {
    return error;
  }
  throw new Error("expected GitHub's answer to fail the request");
}

/** An Anthropic SDK error for an HTTP status, built the way the SDK builds it. */
function anthropic(status: number): APIError {
  return APIError.generate(status, { type: "error", error: { type: "x", message: "m" } }, "m", new Headers());
}

describe("isTransientError", () => {
  it.each([500, 502, 503, 504])("retries GitHub %i", async (status) => {
    expect(isTransientError(await github(status, "Server Error"))).toBe(true);
  });

  it("retries GitHub 429 and the 403 of a secondary rate limit", async () => {
    expect(isTransientError(await github(429, "Too Many Requests"))).toBe(true);
    expect(
      isTransientError(
        await github(
          403,
          "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        ),
      ),
    ).toBe(true);
    expect(isTransientError(await github(403, "Forbidden", { "retry-after": "60" }))).toBe(true);
    expect(
      isTransientError(await github(403, "API rate limit exceeded", { "x-ratelimit-remaining": "0" })),
    ).toBe(true);
  });

  it("fails a 403 for a missing permission, a 401, a 404 and a 422 at once", async () => {
    expect(isTransientError(await github(403, "Resource not accessible by integration"))).toBe(false);
    expect(isTransientError(await github(404, "Not Found"))).toBe(false);
    expect(isTransientError(await github(422, "Validation Failed"))).toBe(false);
    expect(isTransientError(await github(401, "Bad credentials"))).toBe(false);
  });

  it("retries a GraphQL RATE_LIMITED answer", () => {
    const error = Object.assign(new Error("API rate limit exceeded"), {
      name: "GraphqlResponseError",
      errors: [{ type: "RATE_LIMITED", message: "API rate limit exceeded" }],
    });
    expect(isTransientError(error)).toBe(true);
    const notFound = Object.assign(new Error("Could not resolve"), {
      name: "GraphqlResponseError",
      errors: [{ type: "NOT_FOUND", message: "Could not resolve to a Repository" }],
    });
    expect(isTransientError(notFound)).toBe(false);
  });

  it("retries Anthropic 429, 529 (overloaded) and 5xx, and connection errors", () => {
    expect(anthropic(429)).toBeInstanceOf(RateLimitError);
    expect(isTransientError(anthropic(429))).toBe(true);
    expect(isTransientError(anthropic(529))).toBe(true);
    expect(anthropic(500)).toBeInstanceOf(InternalServerError);
    expect(isTransientError(anthropic(500))).toBe(true);
    expect(isTransientError(new APIConnectionError({ message: "Connection error." }))).toBe(true);
  });

  it("fails Anthropic 400, 401 and 403 at once", () => {
    expect(isTransientError(anthropic(400))).toBe(false);
    expect(isTransientError(anthropic(401))).toBe(false);
    expect(isTransientError(anthropic(403))).toBe(false);
  });

  it("retries network errors, also as the cause of a wrapping error", () => {
    const reset = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
    expect(isTransientError(reset)).toBe(true);
    const fetchFailed = new TypeError("fetch failed", {
      cause: Object.assign(new Error("connect timeout"), { code: "UND_ERR_CONNECT_TIMEOUT" }),
    });
    expect(isTransientError(fetchFailed)).toBe(true);
    expect(isTransientError(new Error("job failed", { cause: fetchFailed }))).toBe(true);
  });

  it("fails bugs, bad input and things that are not errors at once", () => {
    expect(isTransientError(new TypeError("Cannot read properties of undefined"))).toBe(false);
    expect(isTransientError(new Error("invalid .github/backend-architect.yml"))).toBe(false);
    expect(isTransientError(Object.assign(new Error("no such file"), { code: "ENOENT" }))).toBe(false);
    expect(isTransientError("ECONNRESET")).toBe(false);
    expect(isTransientError(undefined)).toBe(false);
    expect(isTransientError(null)).toBe(false);
  });

  it("stops at a cycle of causes", () => {
    const a: Error & { cause?: unknown } = new Error("a");
    const b = new Error("b", { cause: a });
    a.cause = b;
    expect(isTransientError(a)).toBe(false);
  });
});
