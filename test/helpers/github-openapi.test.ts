import nock from "nock";
import { describe, expect, it } from "vitest";
import { takeInvalidGitHubRequests, validateGitHubRequest } from "./github-openapi.js";
import { TestOctokit } from "./test-probot.js";

const api = "https://api.github.com";

describe("validateGitHubRequest", () => {
  it("accepts a review with inline comments", () => {
    const body = JSON.stringify({
      commit_id: "a".repeat(40),
      event: "REQUEST_CHANGES",
      body: "1. Why drop the column?",
      comments: [{ path: "db/001.sql", line: 3, side: "RIGHT", body: "Blocking" }],
    });
    expect(validateGitHubRequest({ method: "POST", url: `${api}/repos/o/r/pulls/1/reviews`, body })).toEqual(
      [],
    );
  });

  it("names a wrong event, a missing comment body, a wrong type and a misspelt field of a review", () => {
    const body = JSON.stringify({
      event: "APPROVED",
      comments: [{ path: "db/001.sql", line: "3", positon: 2 }],
      comit_id: "abc",
    });
    expect(validateGitHubRequest({ method: "POST", url: `${api}/repos/o/r/pulls/1/reviews`, body })).toEqual([
      "body.event must be one of APPROVE, REQUEST_CHANGES, COMMENT",
      "body.comments[0] is missing required property body",
      "body.comments[0].line must be integer",
      "body.comments[0] has unknown property positon",
      "body has unknown property comit_id",
    ]);
  });

  it("matches contents paths with encoded slashes, and names a stray query parameter", () => {
    const url = `${api}/repos/o/r/contents/.github%2Fagents%2Fbackend-architect.md`;
    expect(validateGitHubRequest({ method: "GET", url })).toEqual([]);
    expect(validateGitHubRequest({ method: "GET", url: `${url}?ref=main` })).toEqual([]);
    expect(validateGitHubRequest({ method: "GET", url: `${url}?number=1` })).toEqual([
      "unknown query parameter number",
    ]);
    // Unencoded slashes are a multi-segment parameter in the description: also accepted.
    expect(
      validateGitHubRequest({ method: "GET", url: `${api}/repos/o/r/contents/a/b/c.sql?ref=x` }),
    ).toEqual([]);
  });

  it("checks path and query parameter types and prefers literal segments over parameters", () => {
    expect(validateGitHubRequest({ method: "GET", url: `${api}/repos/o/r/pulls/abc` })).toEqual([
      'path parameter pull_number must be an integer (got "abc")',
    ]);
    expect(
      validateGitHubRequest({ method: "GET", url: `${api}/repos/o/r/pulls/comments?per_page=x` }),
    ).toEqual(['query parameter per_page must be an integer (got "x")']);
    expect(validateGitHubRequest({ method: "GET", url: `${api}/repos/o/r/pulls?state=merged` })).toEqual([
      'query parameter state must be one of open, closed, all (got "merged")',
    ]);
  });

  it("names an unknown endpoint, a wrong method and a missing body", () => {
    expect(validateGitHubRequest({ method: "GET", url: `${api}/repos/o/r/pull/1` })).toEqual([
      "no such endpoint in GitHub's REST API",
    ]);
    expect(validateGitHubRequest({ method: "DELETE", url: `${api}/repos/o/r/pulls/1/files` })).toEqual([
      "/repos/{owner}/{repo}/pulls/{pull_number}/files does not take DELETE (only GET)",
    ]);
    expect(validateGitHubRequest({ method: "POST", url: `${api}/repos/o/r/check-runs` })).toEqual([
      "has no body, but the endpoint requires one",
    ]);
  });

  it("accepts a check-run PATCH whose schema is an anyOf of open overlays, but not a misspelt output field", () => {
    const url = `${api}/repos/o/r/check-runs/7`;
    const good = { conclusion: "neutral", output: { title: "t", summary: "s", annotations: [] } };
    expect(validateGitHubRequest({ method: "PATCH", url, body: JSON.stringify(good) })).toEqual([]);
    const bad = { conclusion: "neutral", output: { title: "t", sumary: "s" } };
    expect(validateGitHubRequest({ method: "PATCH", url, body: JSON.stringify(bad) })).toEqual([
      "body.output is missing required property summary",
      "body.output has unknown property sumary",
    ]);
  });

  it("checks only that a GraphQL request has a query", () => {
    const url = `${api}/graphql`;
    expect(validateGitHubRequest({ method: "POST", url, body: '{"query":"{ viewer { login } }"}' })).toEqual(
      [],
    );
    expect(validateGitHubRequest({ method: "POST", url, body: '{"querry":"{ viewer { login } }"}' })).toEqual(
      ["body must be JSON with a `query` string"],
    );
  });
});

describe("the nock hook (installed by test/setup.ts)", () => {
  it("records what Octokit sends and reports the invalid request in one line", async () => {
    const scope = nock(api)
      .get("/repos/o/r/contents/db%2F001.sql")
      .query({ number: "1" })
      .reply(200, "x")
      .post("/repos/o/r/pulls/1/reviews")
      .reply(200, { id: 1 });
    const octokit = new TestOctokit({ auth: "t" });
    await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
      owner: "o",
      repo: "r",
      path: "db/001.sql",
      number: 1,
    });
    await octokit.rest.pulls.createReview({
      owner: "o",
      repo: "r",
      pull_number: 1,
      event: "COMMENT",
      body: "x",
    });
    scope.done();
    expect(takeInvalidGitHubRequests()).toEqual([
      "GET /repos/o/r/contents/db%2F001.sql?number=1: unknown query parameter number",
    ]);
  });
});
