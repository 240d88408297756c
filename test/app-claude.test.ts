// End to end with ANTHROPIC_API_KEY: the architect agent on Claude writes the review, grounded in the
// analyzer findings. GitHub and the Messages API are nock.
import nock from "nock";
import { describe, expect, it } from "vitest";
import { anthropic, mockRepositoryReads, modelReply } from "./helpers/anthropic-mock.js";
import { captureReview, mockGitHub } from "./helpers/github-mock.js";
import { pullRequestPayload } from "./helpers/payloads.js";
import { createTestApp } from "./helpers/test-probot.js";

const headSha = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const pr = { owner: "Codertocat", repo: "Hello-World", number: 2 };
const sql = "CREATE INDEX users_age_idx ON users (age);\nALTER TABLE users ADD COLUMN nickname text;\n";
const migration = {
  filename: "db/migrations/002_nickname.sql",
  patch: `@@ -0,0 +1,2 @@\n${sql
    .trimEnd()
    .split("\n")
    .map((line) => `+${line}`)
    .join("\n")}`,
  head: sql,
};

async function deliver() {
  const { probot, architect } = await createTestApp({
    anthropic: { apiKey: "test-key", baseURL: anthropic, model: "claude-sonnet-5-5" },
  });
  await probot.receive({ id: "d-claude", name: "pull_request", payload: pullRequestPayload("opened") });
  await architect.queue().onIdle();
  return architect;
}

describe("reviewing with the architect agent on Claude", () => {
  it("posts the agent's anchored finding next to the analyzer's, with model, tokens and cost", async () => {
    mockGitHub({ ...pr, headSha, title: "Add nickname", files: [migration] });
    mockRepositoryReads();
    let sent: Record<string, unknown> | undefined;
    nock(anthropic, { reqheaders: { authorization: "Bearer test-key" } })
      .post("/v1/messages", (body: Record<string, unknown>) => {
        sent = body;
        return true;
      })
      .reply(
        200,
        modelReply({
          verdict: "concerns",
          summary: "The new column is nullable text with no length limit.",
          findings: [
            {
              path: "db/migrations/002_nickname.sql",
              line: 2,
              side: "RIGHT",
              severity: "minor",
              category: "schema",
              title: "Unbounded nickname",
              message:
                "Nicknames are shown in lists; cap them (CHECK length <= 64) before clients rely on long ones.",
              suggestion: null,
              ruleId: null,
            },
          ],
          questions: [],
          answers: [],
        }),
      );
    const review = captureReview(pr);

    const architect = await deliver();

    expect(architect.queue().stats()).toMatchObject({ processed: 1, failed: 0 });
    expect(JSON.stringify(sent)).toContain("[R 2]");
    const request = review.requests[0] as {
      event: string;
      body: string;
      comments: Array<{ line: number; body: string }>;
    };
    expect(request.event).toBe("COMMENT");
    expect(request.comments.map((comment) => [comment.line, comment.body.split("\n")[0]])).toEqual([
      [1, "**blocker** · `db/index-not-concurrent` · Index built or dropped without CONCURRENTLY"],
      [2, expect.stringContaining("Unbounded nickname")],
    ]);
    expect(request.body).toContain("by `claude-sonnet-5-5`");
    expect(request.body).toMatch(
      /claude-sonnet-5-5 · [\d,]+ input tokens \(\d+% from cache\) · 700 output · \$\d+\.\d\d/,
    );
  });

  it("falls back to the offline architect and says so when Claude stays overloaded", async () => {
    mockGitHub({ ...pr, headSha, files: [migration] });
    mockRepositoryReads();
    nock(anthropic)
      .post("/v1/messages")
      .times(10)
      .reply(
        529,
        { type: "error", error: { type: "overloaded_error", message: "Overloaded" } },
        { "retry-after-ms": "1" },
      );
    const review = captureReview(pr);

    await deliver();

    const request = review.requests[0] as { body: string; comments: unknown[] };
    expect(request.comments).toHaveLength(1);
    expect(request.body).toContain("by the offline architect");
    expect(request.body).toMatch(/Claude was unavailable/);
  });
});
