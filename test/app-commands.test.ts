// Slash commands end to end: a real Probot app receives real-shaped issue_comment payloads, GitHub is nock.
import path from "node:path";
import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { readLocalCase } from "../src/local/read-local-case.js";
import { api, captureReview, type MockFile, mockGitHub } from "./helpers/github-mock.js";
import { issueCommentPayload, pullRequestPayload } from "./helpers/payloads.js";
import { createTestApp } from "./helpers/test-probot.js";

const headSha = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const pr = { owner: "Codertocat", repo: "Hello-World", number: 2 };
const repoPath = `/repos/${pr.owner}/${pr.repo}`;

async function expressOrders(): Promise<MockFile[]> {
  const local = await readLocalCase(path.join("test/fixtures/api-surface", "express-orders"));
  const files: MockFile[] = [];
  for (const raw of local.rawFiles) {
    const file: MockFile = { filename: raw.path, status: "modified" };
    if (raw.patch !== undefined) file.patch = raw.patch;
    const head = await local.contents.read(raw.path, "head");
    const base = await local.contents.read(raw.path, "base");
    if (head !== undefined) file.head = head;
    if (base !== undefined) file.base = base;
    files.push(file);
  }
  return files;
}

/** Mocks the permission lookup, the 👀 and the reply; returns the replies GitHub receives. */
function conversation(
  login: string,
  permission: string,
  role: string,
): { replies: string[]; reactions: string[] } {
  const replies: string[] = [];
  const reactions: string[] = [];
  nock(api)
    .get(`${repoPath}/collaborators/${login}/permission`)
    .reply(200, { permission, role_name: role, user: { login } })
    .post(
      /\/repos\/Codertocat\/Hello-World\/issues\/comments\/\d+\/reactions/,
      (body: { content: string }) => {
        reactions.push(body.content);
        return true;
      },
    )
    .optionally()
    .reply(201, {})
    .post(`${repoPath}/issues/${pr.number}/comments`, (body: { body: string }) => {
      replies.push(body.body);
      return true;
    })
    .optionally()
    .reply(201, { id: 1 });
  return { replies, reactions };
}

afterEach(() => {
  nock.cleanAll();
});

describe("slash commands end to end", () => {
  it("answers /architect help with 👀 and the command list", async () => {
    const { probot, architect } = await createTestApp();
    nock(api)
      .post("/app/installations/1/access_tokens")
      .reply(201, { token: "t" })
      .get(`${repoPath}/contents/${encodeURIComponent(".github/backend-architect.yml")}`)
      .reply(404, {})
      .get(`/repos/${pr.owner}/.github/contents/${encodeURIComponent(".github/backend-architect.yml")}`)
      .reply(404, {})
      .get("/app")
      .optionally()
      .reply(200, { slug: "backend-architect" });
    const talk = conversation("hubot", "write", "write");
    await probot.receive({
      id: "help-1",
      name: "issue_comment",
      payload: issueCommentPayload({
        body: "/architect help",
        login: "hubot",
        number: pr.number,
        author: "octocat",
      }),
    });
    await architect.queue().onIdle();
    expect(architect.queue().stats()).toMatchObject({ processed: 1, failed: 0 });
    expect(talk.reactions).toEqual(["eyes"]);
    expect(talk.replies).toHaveLength(1);
    expect(talk.replies[0]?.split("\n")[0]).toBe(
      "**Backend Architect commands** — write them at the start of a line in a comment on a PR, an issue or an inline thread:",
    );
  });

  it("refuses /architect review from a reader who did not open the PR, saying why", async () => {
    const { probot, architect } = await createTestApp();
    nock(api)
      .post("/app/installations/1/access_tokens")
      .reply(201, { token: "t" })
      .get(`${repoPath}/contents/${encodeURIComponent(".github/backend-architect.yml")}`)
      .reply(404, {})
      .get(`/repos/${pr.owner}/.github/contents/${encodeURIComponent(".github/backend-architect.yml")}`)
      .reply(404, {})
      .get("/app")
      .optionally()
      .reply(200, { slug: "backend-architect" });
    const talk = conversation("drive-by", "read", "read");
    await probot.receive({
      id: "refuse-1",
      name: "issue_comment",
      payload: issueCommentPayload({
        body: "/architect review",
        login: "drive-by",
        number: pr.number,
        author: "octocat",
      }),
    });
    await architect.queue().onIdle();
    expect(talk.reactions).toEqual([]);
    expect(talk.replies).toEqual([
      "@drive-by `/architect review` needs write access to this repository (you have read). The author of a PR or issue may also run `answer`, `ask`, `explain` on it.",
    ]);
  });

  it("lifts a HALT when the PR's author answers every question, and names the answers", async () => {
    const files = await expressOrders();
    // First the automatic review: three questions.
    const first = await createTestApp();
    mockGitHub({ ...pr, headSha, files });
    const halt = captureReview(pr);
    await first.probot.receive({ id: "open-1", name: "pull_request", payload: pullRequestPayload("opened") });
    await first.architect.queue().onIdle();
    const haltBody = String(halt.requests[0]?.body);
    expect(halt.requests[0]?.event).toBe("REQUEST_CHANGES");
    nock.cleanAll();

    const { probot, architect } = await createTestApp();
    mockGitHub({
      ...pr,
      headSha,
      files,
      reviews: [{ id: 4242, body: haltBody, state: "CHANGES_REQUESTED" }],
    });
    const talk = conversation("octocat", "read", "read");
    const followUp = captureReview(pr);
    const dismissals: string[] = [];
    nock(api)
      .put(`${repoPath}/pulls/${pr.number}/reviews/4242/dismissals`, (body: { message: string }) => {
        dismissals.push(body.message);
        return true;
      })
      .reply(200, {});
    await probot.receive({
      id: "answer-1",
      name: "issue_comment",
      payload: issueCommentPayload({
        body: [
          "/architect answer 1: Yes, `total` moved to the invoice API in v3; the app stopped reading it.",
          "/architect answer 2: Intended: the list is public now and shows only public orders.",
          "/architect answer 3: Yes, cancelling moved to POST /v1/orders/:id/cancel.",
        ].join("\n"),
        login: "octocat",
        number: pr.number,
        author: "octocat",
      }),
    });
    await architect.queue().onIdle();
    expect(architect.queue().stats()).toMatchObject({ processed: 1, failed: 0 });
    expect(talk.reactions).toEqual(["eyes"]);
    expect(followUp.requests[0]?.event).toBe("COMMENT");
    expect(String(followUp.requests[0]?.body)).toContain(
      "- Question 1, answered by @\u200doctocat: “Yes, `total` moved to the invoice API in v3; the app stopped reading it.”",
    );
    expect(String(followUp.requests[0]?.body)).toContain(
      "- Question 2, answered by @\u200doctocat: “Intended: the list is public now and shows only public orders.”",
    );
    expect(dismissals).toEqual([
      "Backend Architect: answered (question 1 by @octocat, question 2 by @octocat, question 3 by @octocat); nothing blocks ec26c3e any more.",
    ]);
    expect(talk.replies).toEqual([
      "Thank you: with these answers nothing blocks this PR any more — the earlier “changes requested” review is dismissed, and the remaining findings are in the new review.",
    ]);
  });
});
