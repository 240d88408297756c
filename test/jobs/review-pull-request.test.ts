import nock from "nock";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { defaultAnalyzers } from "../../src/analyzers/registry.js";
import { reviewPullRequest } from "../../src/jobs/review-pull-request.js";
import { api, captureReview, checkRunLog, mockGitHub, reviewContextData } from "../helpers/github-mock.js";
import { TestOctokit } from "../helpers/test-probot.js";

const headSha = "c".repeat(40);
const job = {
  kind: "review-pull-request" as const,
  deliveryId: "d-1",
  installationId: 1,
  owner: "acme",
  repo: "shop",
  number: 5,
  headSha,
  trigger: "opened",
};

describe("reviewPullRequest", () => {
  it("reviews a one-migration PR in six GitHub calls, check run included", async () => {
    const sql = "CREATE INDEX orders_user_idx ON orders (user_id);\n";
    const checkRuns = checkRunLog();
    mockGitHub({
      checkRuns,
      owner: "acme",
      repo: "shop",
      number: 5,
      headSha,
      files: [{ filename: "db/001.sql", patch: `@@ -0,0 +1 @@\n+${sql.trim()}`, head: sql }],
    });
    const review = captureReview({ owner: "acme", repo: "shop", number: 5 });
    // The installation token exchange is mocked by mockGitHub but not needed with a token client.
    const octokit = new TestOctokit({ auth: "test-token" });

    const result = await reviewPullRequest(job, {
      octokit,
      botLogin: "backend-architect[bot]",
      analyzers: defaultAnalyzers,
      log: pino({ level: "silent" }),
    });

    // The GraphQL read (PR, reviews, config, agents, guidance), pulls.listFiles, the check run, the
    // migration's head, createReview, the check run's completion.
    expect(result).toEqual({
      status: "posted",
      reviewId: 4242,
      verdict: "concerns",
      event: "COMMENT",
      inlineComments: 1,
      dismissed: [],
      openQuestions: [],
      githubCalls: 6,
    });
    expect(review.requests).toHaveLength(1);
    expect(checkRuns.created).toEqual([
      { name: "Backend Architect", head_sha: headSha, status: "in_progress" },
    ]);
    const reviewLink = "https://github.com/acme/shop/pull/5#pullrequestreview-4242";
    expect(checkRuns.updated).toHaveLength(1);
    expect(checkRuns.updated[0]).toMatchObject({
      conclusion: "neutral",
      details_url: reviewLink,
      output: {
        title: "2 findings, 1 to fix before merging",
        summary: `2 findings in 1 schema/migration file; 1 must be fixed before merging.\n\nThe review: ${reviewLink}`,
        annotations: [
          {
            path: "db/001.sql",
            start_line: 1,
            end_line: 1,
            annotation_level: "failure",
            title: "Index built or dropped without CONCURRENTLY (db/index-not-concurrent)",
          },
          {
            path: "db/001.sql",
            start_line: 1,
            end_line: 1,
            annotation_level: "notice",
            title: "No lock_timeout before lock-taking DDL (db/missing-lock-timeout)",
          },
        ],
      },
    });
    const text = String((checkRuns.updated[0]?.output as { text?: string } | undefined)?.text);
    expect(text).toMatch(/^### Backend Architect — 2 findings\n/);
    expect(text).not.toContain("backend-architect:state");
  });

  it("says on the PR that the review failed, and why, when GitHub fails before anything was posted", async () => {
    nock(api)
      .post("/graphql")
      .reply(200, {
        data: reviewContextData(
          { owner: "acme", repo: "shop", number: 5, headSha, files: [] },
          "b".repeat(40),
          { adrs: "HEAD:docs/adr" },
        ),
      })
      .get("/repos/acme/shop/pulls/5/files")
      .query(true)
      .reply(502, { message: "Server Error" });
    const notice = captureReview({ owner: "acme", repo: "shop", number: 5 });

    await expect(
      reviewPullRequest(job, {
        octokit: new TestOctokit({ auth: "test-token" }),
        botLogin: "backend-architect[bot]",
        analyzers: defaultAnalyzers,
        log: pino({ level: "silent" }),
      }),
    ).rejects.toThrow("Server Error");

    expect(notice.requests).toEqual([
      {
        commit_id: headSha,
        event: "COMMENT",
        body: "### Backend Architect — review failed\n\nThe review of ccccccc could not be completed: Server Error. Nothing was judged, and no earlier block was lifted. Push again (or redeliver the webhook from the app's settings) to retry.",
      },
    ]);
  });

  it("posts nothing for a head a newer push superseded, and says so on the check", async () => {
    const sql = "CREATE INDEX orders_user_idx ON orders (user_id);\n";
    const checkRuns = checkRunLog();
    mockGitHub({
      owner: "acme",
      repo: "shop",
      number: 5,
      headSha,
      checkRuns,
      files: [{ filename: "db/001.sql", patch: `@@ -0,0 +1 @@\n+${sql.trim()}`, head: sql }],
    });
    const review = captureReview({ owner: "acme", repo: "shop", number: 5 });
    const result = await reviewPullRequest(job, {
      octokit: new TestOctokit({ auth: "test-token" }),
      botLogin: "backend-architect[bot]",
      analyzers: defaultAnalyzers,
      log: pino({ level: "silent" }),
      superseded: () => true,
    });
    expect(result).toMatchObject({ status: "skipped", reason: "superseded" });
    expect(review.requests).toEqual([]);
    expect(checkRuns.updated).toEqual([
      {
        conclusion: "skipped",
        output: {
          title: "Superseded by a newer push",
          summary:
            "A newer commit was pushed while ccccccc was being reviewed; the newer one is reviewed instead.",
          annotations: [],
        },
      },
    ]);
    nock.cleanAll();
  });

  it("deletes its own leftover pending review before posting, and never reads it as the state", async () => {
    const sql = "CREATE INDEX orders_user_idx ON orders (user_id);\n";
    const files = [{ filename: "db/001.sql", patch: `@@ -0,0 +1 @@\n+${sql.trim()}`, head: sql }];
    const deps = {
      octokit: new TestOctokit({ auth: "test-token" }),
      botLogin: "backend-architect[bot]",
      analyzers: defaultAnalyzers,
      log: pino({ level: "silent" }),
    };
    // A first run gives the body a review of this head carries.
    mockGitHub({ owner: "acme", repo: "shop", number: 5, headSha, files });
    const earlier = captureReview({ owner: "acme", repo: "shop", number: 5 });
    await reviewPullRequest(job, deps);
    const body = String(earlier.requests[0]?.body);
    nock.cleanAll();
    // The same body left PENDING: were it read as the state, the run would say "unchanged" and post nothing.
    mockGitHub({
      owner: "acme",
      repo: "shop",
      number: 5,
      headSha,
      files,
      reviews: [{ id: 31, state: "PENDING", body }],
    });
    const deleted: string[] = [];
    nock(api)
      .delete("/repos/acme/shop/pulls/5/reviews/31")
      .reply(200, () => {
        deleted.push("31");
        return { id: 31, state: "PENDING" };
      });
    const review = captureReview({ owner: "acme", repo: "shop", number: 5 });
    const result = await reviewPullRequest(job, deps);
    expect(deleted).toEqual(["31"]);
    expect(result.status).toBe("posted");
    expect(review.requests).toHaveLength(1);
  });
});
