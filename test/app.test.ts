import { describe, expect, it } from "vitest";
import { captureReview, mockGitHub } from "./helpers/github-mock.js";
import { pullRequestPayload } from "./helpers/payloads.js";
import { createTestApp } from "./helpers/test-probot.js";

const headSha = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const pr = { owner: "Codertocat", repo: "Hello-World", number: 2 };

const addAgeMigration = [
  "ALTER TABLE users ADD COLUMN age int NOT NULL;",
  "CREATE INDEX users_age_idx ON users (age);",
  "",
].join("\n");

function addedPatch(text: string): string {
  const lines = text.replace(/\n$/, "").split("\n");
  return `@@ -0,0 +1,${lines.length} @@\n${lines.map((line) => `+${line}`).join("\n")}`;
}

async function deliver(payload: ReturnType<typeof pullRequestPayload>, id = "delivery-1") {
  const { probot, architect } = await createTestApp();
  await probot.receive({ id, name: "pull_request", payload } as Parameters<typeof probot.receive>[0]);
  await architect.queue().onIdle();
  return architect;
}

describe("reviewing a pull request end to end", () => {
  it("posts two anchored findings for a NOT NULL column and a blocking index", async () => {
    const github = mockGitHub({
      ...pr,
      headSha,
      files: [
        {
          filename: "db/migrations/20261126_add_age.sql",
          patch: addedPatch(addAgeMigration),
          head: addAgeMigration,
        },
      ],
    });
    const review = captureReview(pr);

    const architect = await deliver(pullRequestPayload("opened"));

    expect(architect.queue().stats()).toMatchObject({ processed: 1, failed: 0 });
    expect(review.requests).toHaveLength(1);
    const request = review.requests[0] as {
      commit_id: string;
      event: string;
      body: string;
      comments: Array<{ path: string; line: number; side: string; body: string }>;
    };
    expect(request.commit_id).toBe(headSha);
    expect(request.event).toBe("COMMENT");
    expect(request.comments.map(({ path, line, side }) => ({ path, line, side }))).toEqual([
      { path: "db/migrations/20261126_add_age.sql", line: 1, side: "RIGHT" },
      { path: "db/migrations/20261126_add_age.sql", line: 2, side: "RIGHT" },
    ]);
    expect(request.comments[0]?.body).toMatch(/^\*\*blocker\*\* · `db\/add-required-column` · /);
    expect(request.comments[1]?.body).toMatch(/^\*\*blocker\*\* · `db\/index-not-concurrent` · /);
    expect(request.body).toMatch(/^### Backend Architect — \d+ findings/);
    expect(request.body).toContain('<!-- backend-architect:state {"v":1,"headSha":"ec26c3e');
    github.done();
    review.scope.done();
  });
});
