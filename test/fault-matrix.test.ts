// The fault matrix: GitHub and the Messages API failing in the ways they do, through the real app. For each
// fault the end state is asserted: the review is posted once (eventually, when the fault clears), never
// twice, a degraded run says so where the author looks, and nothing escapes as an unhandled rejection.
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { anthropic, mockRepositoryReads, modelReply } from "./helpers/anthropic-mock.js";
import { api, captureReview, checkRunLog, type MockFile, mockGitHub } from "./helpers/github-mock.js";
import { pullRequestPayload } from "./helpers/payloads.js";
import { createTestApp } from "./helpers/test-probot.js";

const pr = { owner: "Codertocat", repo: "Hello-World", number: 2 };
const repoPath = `/repos/${pr.owner}/${pr.repo}`;
const headSha = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const sql = "CREATE INDEX users_age_idx ON users (age);\n";
const migration: MockFile = {
  filename: "db/migrations/001.sql",
  patch: `@@ -0,0 +1 @@\n+${sql.trim()}`,
  head: sql,
};
const claude = { apiKey: "test-key", baseURL: anthropic, model: "claude-sonnet-5-5" };

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled.length = 0;
  process.on("unhandledRejection", onUnhandled);
});
afterEach(() => {
  process.off("unhandledRejection", onUnhandled);
  expect(unhandled).toEqual([]);
  nock.cleanAll();
});

async function deliver(app: Awaited<ReturnType<typeof createTestApp>>, id: string) {
  await app.probot.receive({ id, name: "pull_request", payload: pullRequestPayload("synchronize") });
  await app.architect.queue().onIdle();
  return app.architect.queue().stats();
}

type Captured = { event: string; body: string; comments: unknown[] };

describe("fault matrix: GitHub", () => {
  it("5xx listing the files: a 'review failed' comment, the job fails; the redelivery posts the review once", async () => {
    const app = await createTestApp();
    // Registered first, so it answers before the mock's own listing (nock is first-in, first-out).
    nock(api).get(`${repoPath}/pulls/2/files`).query(true).reply(502, { message: "Server Error" });
    mockGitHub({ ...pr, headSha, files: [migration] });
    const first = captureReview(pr);
    expect(await deliver(app, "d-5xx")).toMatchObject({ failed: 1 });
    const notice = first.requests[0] as Captured;
    expect(notice.event).toBe("COMMENT");
    expect(notice.body).toMatch(
      /^### Backend Architect — review failed\n\nThe review of ec26c3e could not be completed: Server Error/,
    );

    nock.cleanAll();
    mockGitHub({ ...pr, headSha, files: [migration] });
    const second = captureReview(pr);
    expect(await deliver(app, "d-5xx-redelivered")).toMatchObject({ failed: 1, processed: 2 });
    expect(second.requests).toHaveLength(1);
    expect((second.requests[0] as Captured).body).toMatch(/^### Backend Architect — /);
  });

  it("403 secondary rate limit on the review: nothing half-posted, the check says the review failed and how to retry", async () => {
    const app = await createTestApp();
    const checkRuns = checkRunLog();
    mockGitHub({ ...pr, headSha, files: [migration], checkRuns });
    nock(api).post(`${repoPath}/pulls/2/reviews`).reply(
      403,
      {
        message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
      },
      { "retry-after": "60" },
    );
    expect(await deliver(app, "d-403")).toMatchObject({ failed: 1 });
    expect(checkRuns.updated).toHaveLength(1);
    expect(checkRuns.updated[0]).toMatchObject({
      conclusion: "failure",
      output: {
        title: "Review failed",
        summary: expect.stringMatching(
          /^The review could not be completed: You have exceeded a secondary rate limit\. .*Re-run this check \(or push again\) to retry\.$/,
        ),
      },
    });
  });

  it("404 on a file that vanished between the listing and the read: the review is posted once and says so", async () => {
    const app = await createTestApp();
    const vanished: MockFile = {
      filename: "db/migrations/002.sql",
      patch: "@@ -0,0 +1 @@\n+DROP TABLE audit;",
    };
    mockGitHub({ ...pr, headSha, files: [migration, vanished] });
    nock(api)
      .get(`${repoPath}/contents/${encodeURIComponent(vanished.filename)}`)
      .query(true)
      .reply(404, { message: "Not Found" })
      .persist();
    const review = captureReview(pr);
    expect(await deliver(app, "d-404")).toMatchObject({ failed: 0 });
    expect(review.requests).toHaveLength(1);
    const body = (review.requests[0] as Captured).body;
    expect(body).toContain("1 file could not be fully checked (see Notes): this review is incomplete.");
    expect(body).toContain(
      "- `db/migrations/002.sql`: the head version could not be read; its SQL was not checked.",
    );
  });

  it("422 on the review's inline comments: posted again with every comment in the body, once", async () => {
    const app = await createTestApp();
    mockGitHub({ ...pr, headSha, files: [migration] });
    const refused = captureReview(pr, 422);
    const retried = captureReview(pr);
    expect(await deliver(app, "d-422")).toMatchObject({ failed: 0 });
    expect(refused.requests).toHaveLength(1);
    expect(retried.requests).toHaveLength(1);
    expect((retried.requests[0] as Captured).comments).toEqual([]);
    expect((retried.requests[0] as Captured).body).toContain("db/index-not-concurrent");
  });
});

describe("fault matrix: the Messages API", () => {
  async function reviewWithModel(reply: (scope: nock.Scope) => void): Promise<Captured> {
    const app = await createTestApp({ anthropic: claude });
    mockGitHub({ ...pr, headSha, files: [migration] });
    mockRepositoryReads();
    reply(nock(anthropic));
    const review = captureReview(pr);
    expect(await deliver(app, "d-model")).toMatchObject({ failed: 0 });
    expect(review.requests).toHaveLength(1);
    return review.requests[0] as Captured;
  }
  const answer = modelReply({
    verdict: "concerns",
    summary: "Index it concurrently.",
    findings: [],
    questions: [],
    answers: [],
  });

  it("429 with retry-after: retried, and the model's review is posted", async () => {
    const posted = await reviewWithModel((scope) =>
      scope
        .post("/v1/messages")
        .reply(
          429,
          { type: "error", error: { type: "rate_limit_error", message: "slow down" } },
          { "retry-after-ms": "1" },
        )
        .post("/v1/messages")
        .reply(200, answer),
    );
    expect(posted.body).toContain("Index it concurrently.");
    expect(posted.body).toContain("by `claude-sonnet-5-5`");
  });

  it("529 on every attempt: the offline review is posted, and says Claude was unavailable", async () => {
    const posted = await reviewWithModel((scope) =>
      scope
        .post("/v1/messages")
        .times(3)
        .reply(
          529,
          { type: "error", error: { type: "overloaded_error", message: "Overloaded" } },
          { "retry-after-ms": "1" },
        ),
    );
    expect(posted.body).toContain(
      "Claude was unavailable (529 overloaded after 3 attempts): this review is the offline architect's.",
    );
    expect(posted.body).toContain("by the offline architect");
  });

  it("an answer that is not JSON, twice: the offline review is posted, and says why", async () => {
    const prose = { ...answer, content: [{ type: "text", text: "Sure! Here is my review: looks fine." }] };
    const posted = await reviewWithModel((scope) => scope.post("/v1/messages").times(2).reply(200, prose));
    expect(posted.body).toContain("by the offline architect");
    expect(posted.body).toMatch(/#### Notes\n\n(- .*\n)*- Claude's answer [^\n]*offline architect's\./);
  });

  it("an answer cut off at max_tokens, twice: the offline review is posted, and says so", async () => {
    const cut = {
      ...answer,
      content: [{ type: "text", text: '{"verdict":"conc' }],
      stop_reason: "max_tokens",
    };
    const posted = await reviewWithModel((scope) => scope.post("/v1/messages").times(2).reply(200, cut));
    expect(posted.body).toMatch(
      /Claude's answer was cut off at \d+ output tokens twice: this review is the offline architect's\./,
    );
  });

  it("a connection reset: the offline review is posted, and says Claude was unavailable", async () => {
    const posted = await reviewWithModel((scope) =>
      scope.post("/v1/messages").times(3).replyWithError({ code: "ECONNRESET", message: "socket hang up" }),
    );
    expect(posted.body).toContain("by the offline architect");
    expect(posted.body).toMatch(/Claude was unavailable \([^)]*\): this review is the offline architect's\./);
  });
});
