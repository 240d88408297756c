// Slash commands end to end: a real Probot app receives real-shaped issue_comment payloads, GitHub is nock.
import path from "node:path";
import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { readLocalCase } from "../src/local/read-local-case.js";
import { parseStateMarker } from "../src/review/review-state.js";
import { anthropic, mockRepositoryReads, modelReply } from "./helpers/anthropic-mock.js";
import { api, captureReview, type MockFile, mockGitHub } from "./helpers/github-mock.js";
import { issueCommentPayload, pullRequestPayload, reviewCommentPayload } from "./helpers/payloads.js";
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

/** The installation token, the app's identity and the repository config (absent unless given). */
function mockInstallation(config?: string): void {
  const configPath = `contents/${encodeURIComponent(".github/backend-architect.yml")}`;
  const scope = nock(api)
    .post("/app/installations/1/access_tokens")
    .reply(201, { token: "t" })
    .get("/app")
    .optionally()
    .reply(200, { slug: "backend-architect" });
  if (config === undefined) {
    scope.get(`${repoPath}/${configPath}`).reply(404, {});
    scope.get(`/repos/${pr.owner}/.github/${configPath}`).reply(404, {});
  } else {
    scope.get(`${repoPath}/${configPath}`).reply(200, config);
  }
}

/** The automatic review of the Express fixture: REQUEST_CHANGES with three questions. */
async function haltingReview(): Promise<{
  body: string;
  comments: Array<{ path: string; line: number; body: string }>;
  files: MockFile[];
}> {
  const files = await expressOrders();
  const first = await createTestApp();
  mockGitHub({ ...pr, headSha, files });
  const halt = captureReview(pr);
  await first.probot.receive({ id: "open-1", name: "pull_request", payload: pullRequestPayload("opened") });
  await first.architect.queue().onIdle();
  expect(halt.requests[0]?.event).toBe("REQUEST_CHANGES");
  nock.cleanAll();
  return {
    body: String(halt.requests[0]?.body),
    comments: halt.requests[0]?.comments as Array<{ path: string; line: number; body: string }>,
    files,
  };
}

/** Captures in-place updates of review 4242 (`pulls.updateReview`). */
function captureUpdates(): string[] {
  const bodies: string[] = [];
  nock(api)
    .put(`${repoPath}/pulls/${pr.number}/reviews/4242`, (body: { body: string }) => {
      bodies.push(body.body);
      return true;
    })
    .optionally()
    .reply(200, {})
    .persist();
  return bodies;
}

/** Mocks the thread reply (`pulls.createReplyForReviewComment`) and the 👀 on an inline comment. */
function threadConversation(
  login: string,
  permission: string,
  threadId: number,
): { replies: string[]; reactions: string[] } {
  const replies: string[] = [];
  const reactions: string[] = [];
  nock(api)
    .get(`${repoPath}/collaborators/${login}/permission`)
    .reply(200, { permission, role_name: permission, user: { login } })
    .post(`${repoPath}/pulls/comments/9001/reactions`, (body: { content: string }) => {
      reactions.push(body.content);
      return true;
    })
    .optionally()
    .reply(201, {})
    .post(`${repoPath}/pulls/${pr.number}/comments/${threadId}/replies`, (body: { body: string }) => {
      replies.push(body.body);
      return true;
    })
    .optionally()
    .reply(201, { id: 2 });
  return { replies, reactions };
}

/** A comment on PR 2 (or an issue) and the queue drained. */
async function comment(
  app: Awaited<ReturnType<typeof createTestApp>>,
  body: string,
  login: string,
  extra: { onPullRequest?: boolean; number?: number } = {},
): Promise<void> {
  await app.probot.receive({
    id: `c-${Math.random()}`,
    name: "issue_comment",
    payload: issueCommentPayload({
      body,
      login,
      number: extra.number ?? pr.number,
      author: "octocat",
      ...(extra.onPullRequest === undefined ? {} : { onPullRequest: extra.onPullRequest }),
    }),
  });
  await app.architect.queue().onIdle();
}

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
      "@drive-by `/architect review` needs write access to this repository (you have read). The author of a PR or issue may also run `answer`, `ask`, `explain`, `propose` on it.",
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
  it("keeps the block on a partial answer, updates the state in place, and lists what is still open", async () => {
    const halt = await haltingReview();
    const app = await createTestApp();
    mockGitHub({
      ...pr,
      headSha,
      files: halt.files,
      reviews: [{ id: 4242, body: halt.body, state: "CHANGES_REQUESTED" }],
    });
    const talk = conversation("octocat", "read", "read");
    const updates = captureUpdates();
    const posted = captureReview(pr);
    await comment(
      app,
      "/architect answer 2: Intended: the list is public now and shows only public orders.",
      "octocat",
    );
    expect(app.architect.queue().stats()).toMatchObject({ processed: 1, failed: 0 });
    expect(posted.requests).toEqual([]);
    expect(updates).toHaveLength(1);
    const state = parseStateMarker(updates[0]);
    expect(state?.answers).toEqual([
      {
        n: 2,
        questions: state?.numbered?.[1],
        by: "octocat",
        text: "Intended: the list is public now and shows only public orders.",
        question: state?.texts?.[state?.numbered?.[1]?.[0] ?? ""],
      },
    ]);
    expect(state?.numbered).toEqual(parseStateMarker(halt.body)?.numbered);
    expect(talk.replies).toHaveLength(1);
    expect(talk.replies[0]).toBe(
      "Recorded the answer to question 2. The block stays until these questions are answered:\n\n1. `presentOrder` no longer returns `total`. Which clients read it, and is this a deliberate breaking change (new major version, deprecation period)?\n3. `DELETE /v1/orders/:id` is removed. Which clients still call it, and is this a deliberate breaking change (new major version, deprecation notice sent)?",
    );
  });

  it("takes a reply in one of its HALT threads as the answer to that question", async () => {
    const halt = await haltingReview();
    const third = halt.comments.find((c) => c.body.startsWith("**HALT — question 3**"));
    expect(third).toBeDefined();
    const app = await createTestApp();
    mockGitHub({
      ...pr,
      headSha,
      files: halt.files,
      reviews: [{ id: 4242, body: halt.body, state: "CHANGES_REQUESTED" }],
    });
    nock(api)
      .get(`${repoPath}/pulls/comments/501`)
      .reply(200, { id: 501, body: third?.body, user: { login: "backend-architect[bot]", type: "Bot" } });
    const talk = threadConversation("octocat", "read", 501);
    const updates = captureUpdates();
    await app.probot.receive({
      id: "thread-1",
      name: "pull_request_review_comment",
      payload: reviewCommentPayload({
        body: "Yes: cancelling moved to POST /v1/orders/:id/cancel in v3.",
        login: "octocat",
        author: "octocat",
        path: third?.path ?? "",
        line: third?.line ?? 1,
        inReplyTo: 501,
      }),
    });
    await app.architect.queue().onIdle();
    expect(app.architect.queue().stats()).toMatchObject({ processed: 1, failed: 0 });
    expect(talk.reactions).toEqual(["eyes"]);
    expect(parseStateMarker(updates[0])?.answers?.map((a) => [a.n, a.by, a.text])).toEqual([
      [3, "octocat", "Yes: cancelling moved to POST /v1/orders/:id/cancel in v3."],
    ]);
    expect(talk.replies).toEqual([
      "Recorded the answer to question 3. The block stays until these questions are answered:\n\n1. `presentOrder` no longer returns `total`. Which clients read it, and is this a deliberate breaking change (new major version, deprecation period)?\n2. This removes authentication or authorization from `GET /v1/orders` (no longer requires `requireAuth`). Is public access intended? What compensating control applies?",
    ]);
  });

  it("does not lift a question offline when the answer declines, and says why", async () => {
    const halt = await haltingReview();
    const app = await createTestApp();
    mockGitHub({
      ...pr,
      headSha,
      files: halt.files,
      reviews: [{ id: 4242, body: halt.body, state: "CHANGES_REQUESTED" }],
    });
    const talk = conversation("octocat", "read", "read");
    captureUpdates();
    await comment(app, "/architect answer 1: not sure, I will check with the mobile team", "octocat");
    expect(talk.replies).toEqual([
      "Recorded the answer to question 1. The block stays until these questions are answered:\n\n1. `presentOrder` no longer returns `total`. Which clients read it, and is this a deliberate breaking change (new major version, deprecation period)?\n   _The answer given did not settle it:_ The answer declines or hesitates, so it does not state the intent (without the model, any other answer is taken as the author's stated intent).\n2. This removes authentication or authorization from `GET /v1/orders` (no longer requires `requireAuth`). Is public access intended? What compensating control applies?\n3. `DELETE /v1/orders/:id` is removed. Which clients still call it, and is this a deliberate breaking change (new major version, deprecation notice sent)?",
    ]);
  });
  it("answers /architect ask offline from the findings, saying what needs the model", async () => {
    const files = await expressOrders();
    const app = await createTestApp();
    mockGitHub({ ...pr, headSha, files });
    const talk = conversation("octocat", "read", "read");
    const posted = captureReview(pr);
    await comment(app, "/architect ask Is it safe to drop `total` from the order presenter?", "octocat");
    expect(app.architect.queue().stats()).toMatchObject({ processed: 1, failed: 0 });
    expect(posted.requests).toEqual([]);
    expect(talk.replies).toEqual([
      [
        "You asked: “Is it safe to drop `total` from the order presenter?”",
        "",
        "This installation runs the offline architect (no `ANTHROPIC_API_KEY`), so a free-form answer needs the model. What the deterministic rules know about this PR:",
        "",
        "- **HALT question** `api/response-field-removed` — `presentOrder` no longer returns `total`. Which clients read it, and is this a deliberate breaking change (new major version, deprecation period)?",
        "- **HALT question** `api/auth-weakened` — This removes authentication or authorization from `GET /v1/orders` (no longer requires `requireAuth`). Is public access intended? What compensating control applies?",
        "- **HALT question** `api/endpoint-removed` — `DELETE /v1/orders/:id` is removed. Which clients still call it, and is this a deliberate breaking change (new major version, deprecation notice sent)?",
      ].join("\n"),
    ]);
  });

  it("explains the finding of the inline thread it is asked in", async () => {
    const halt = await haltingReview();
    const first = halt.comments[0];
    const app = await createTestApp();
    mockGitHub({ ...pr, headSha, files: halt.files });
    nock(api)
      .get(`${repoPath}/pulls/comments/600`)
      .reply(200, { id: 600, body: first?.body, user: { login: "backend-architect[bot]", type: "Bot" } });
    const talk = threadConversation("hubot", "write", 600);
    await app.probot.receive({
      id: "explain-1",
      name: "pull_request_review_comment",
      payload: reviewCommentPayload({
        body: "/architect explain",
        login: "hubot",
        author: "octocat",
        path: first?.path ?? "",
        line: first?.line ?? 1,
        inReplyTo: 600,
      }),
    });
    await app.architect.queue().onIdle();
    expect(talk.replies).toHaveLength(1);
    expect(talk.replies[0]?.split("\n\n").slice(0, 2)).toEqual([
      "**`api/response-field-removed`** — Response field removed or made optional",
      "**Why it matters.** Clients that read the field get `undefined`/`null` where the contract promised a value, and typed clients generated from the previous spec fail to deserialise the response.",
    ]);
  });

  it("ignores a rule on the PR for a writer: the summary is updated in place to list it, and the state keeps it", async () => {
    const halt = await haltingReview();
    const app = await createTestApp();
    mockGitHub({
      ...pr,
      headSha,
      files: halt.files,
      reviews: [{ id: 4242, body: halt.body, state: "CHANGES_REQUESTED" }],
    });
    const talk = conversation("hubot", "write", "maintain");
    const posted = captureReview(pr);
    const updates = captureUpdates();
    await comment(
      app,
      "/architect ignore api/endpoint-removed v1 DELETE had no callers for 90 days",
      "hubot",
    );
    expect(app.architect.queue().stats()).toMatchObject({ processed: 1, failed: 0 });
    // Nothing new to say (one question fewer, still blocked): no second review, the standing one is rewritten.
    expect(posted.requests).toEqual([]);
    expect(updates).toHaveLength(1);
    const body = String(updates[0]);
    expect(body).toContain(
      "#### Ignored on this PR (`/architect ignore`)\n\n- `api/endpoint-removed` by @\u200dhubot: “v1 DELETE had no callers for 90 days”",
    );
    expect(body.split("\n")[0]).toBe("### Backend Architect — changes requested: 2 questions to answer");
    // The ignored rule's question is no longer asked; the summary says it went.
    expect(body.split("#### Resolved since the last review")[0]).not.toContain("DELETE /v1/orders/:id");
    expect(body).toMatch(
      /#### Resolved since the last review\n\n- Question \d no longer applies: .*DELETE \/v1\/orders\/:id/,
    );
    expect(parseStateMarker(body)?.ignored).toEqual([
      { ruleId: "api/endpoint-removed", by: "hubot", reason: "v1 DELETE had no callers for 90 days" },
    ]);
    expect(talk.replies).toEqual([
      "`api/endpoint-removed` is ignored on this PR from now on; the summary lists it with your reason.",
    ]);
  });

  it("pauses with the skip label and resumes by removing it and reviewing", async () => {
    const files = await expressOrders();
    const app = await createTestApp();
    mockInstallation();
    const labels: unknown[] = [];
    nock(api)
      .post(`${repoPath}/issues/${pr.number}/labels`, (body: unknown) => {
        labels.push(body);
        return true;
      })
      .reply(200, []);
    const paused = conversation("hubot", "write", "write");
    await comment(app, "/architect pause", "hubot");
    expect(labels).toEqual([{ labels: ["architect:skip"] }]);
    expect(paused.replies).toEqual([
      "Paused: no automatic reviews of this PR until `/architect resume` (label `architect:skip`). `/architect review` still reviews on demand.",
    ]);

    nock.cleanAll();
    mockGitHub({ ...pr, headSha, files });
    const removed: string[] = [];
    nock(api)
      .delete(`${repoPath}/issues/${pr.number}/labels/${encodeURIComponent("architect:skip")}`)
      .reply(200, () => {
        removed.push("architect:skip");
        return [];
      });
    const resumed = conversation("hubot", "write", "write");
    const review = captureReview(pr);
    await comment(app, "/architect resume", "hubot");
    expect(removed).toEqual(["architect:skip"]);
    expect(review.requests[0]?.event).toBe("REQUEST_CHANGES");
    expect(resumed.replies).toEqual(["Resumed: pushes are reviewed again."]);
  });

  it("stops at the repository's hourly command limit and says when to retry", async () => {
    const app = await createTestApp();
    for (let round = 0; round < 2; round++) mockInstallation("commands:\n  perHour: 1\n");
    const talk = conversation("hubot", "write", "write");
    nock(api)
      .get(`${repoPath}/collaborators/hubot/permission`)
      .reply(200, { permission: "write", role_name: "write", user: { login: "hubot" } })
      .post(`${repoPath}/issues/${pr.number}/comments`, (body: { body: string }) => {
        talk.replies.push(body.body);
        return true;
      })
      .reply(201, { id: 3 });
    await comment(app, "/architect help", "hubot");
    await comment(app, "/architect help", "hubot");
    expect(talk.reactions).toEqual(["eyes"]);
    expect(talk.replies).toHaveLength(2);
    expect(talk.replies[1]).toMatch(
      /^This PR or issue has had 1 command in the last hour, the repository's limit \(`commands\.perHour`\); nothing was run\. Try again after \d\d:\d\d UTC\.$/,
    );
  });

  it("answers commands on an issue: review is for PRs, propose is announced", async () => {
    const app = await createTestApp();
    mockInstallation();
    const replies: string[] = [];
    nock(api)
      .get(`${repoPath}/collaborators/hubot/permission`)
      .reply(200, { permission: "write", role_name: "write", user: { login: "hubot" } })
      .post(/\/reactions$/)
      .reply(201, {})
      .post(`${repoPath}/issues/7/comments`, (body: { body: string }) => {
        replies.push(body.body);
        return true;
      })
      .reply(201, { id: 4 });
    await comment(app, "/architect review", "hubot", { onPullRequest: false, number: 7 });
    expect(replies).toEqual([
      "`/architect review` works on pull requests; on an issue, `/architect propose` writes a design proposal.",
    ]);
  });

  it("replies with what went wrong when a command's review fails", async () => {
    const app = await createTestApp();
    mockInstallation();
    nock(api)
      .post("/graphql")
      .reply(200, {
        data: { repository: { pullRequest: null }, fallback: null },
        errors: [
          {
            type: "NOT_FOUND",
            path: ["repository", "pullRequest"],
            message: "Could not resolve to a PullRequest with the number of 2.",
          },
        ],
      });
    const talk = conversation("hubot", "write", "write");
    const notices = captureReview(pr);
    await comment(app, "/architect review", "hubot");
    expect(talk.reactions).toEqual(["eyes"]);
    expect(talk.replies).toEqual([
      "Something went wrong: reading Codertocat/Hello-World#2 failed: Could not resolve to a PullRequest with the number of 2. Nothing more was changed; write the command again to retry.",
    ]);
    // The review it ran says so on the PR too, as an automatic review would.
    expect(notices.requests.map((request) => request.event)).toEqual(["COMMENT"]);
  });
  it("with Claude, keeps a question whose answer the agent does not accept, and says why", async () => {
    const halt = await haltingReview();
    const app = await createTestApp({
      anthropic: { apiKey: "test-key", baseURL: anthropic, model: "claude-sonnet-5-5" },
    });
    mockGitHub({
      ...pr,
      headSha,
      files: halt.files,
      reviews: [{ id: 4242, body: halt.body, state: "CHANGES_REQUESTED" }],
    });
    mockRepositoryReads();
    const talk = conversation("octocat", "read", "read");
    const updates = captureUpdates();
    const posted = captureReview(pr);
    let sent: { messages: Array<{ content: Array<{ text: string }> }> } | undefined;
    nock(anthropic)
      .post("/v1/messages", (body: typeof sent) => {
        sent = body;
        return true;
      })
      .reply(
        200,
        modelReply({
          verdict: "halt",
          summary: "The answers settle the endpoint and the guard; the field removal is still open.",
          findings: [],
          questions: [],
          answers: [
            {
              question: 1,
              decision: "keep",
              reason:
                "The public API docs in the diff still list `total`, so third-party clients may read it.",
              followUp: null,
            },
            {
              question: 2,
              decision: "accept",
              reason: "Public listing is intended and scoped.",
              followUp: null,
            },
            { question: 3, decision: "accept", reason: "The replacement endpoint exists.", followUp: null },
          ],
        }),
      );
    await comment(
      app,
      [
        "/architect answer 1: Yes, our app stopped reading it.",
        "/architect answer 2: Intended: the list is public now and shows only public orders.",
        "/architect answer 3: Yes, cancelling moved to POST /v1/orders/:id/cancel.",
      ].join("\n"),
      "octocat",
    );
    expect(app.architect.queue().stats()).toMatchObject({ failed: 0 });
    const user = sent?.messages[0]?.content[0]?.text ?? "";
    expect(user).toContain(
      "<untrusted_halt_answers>\nQuestion 1: `presentOrder` no longer returns `total`. Which clients read it, and is this a deliberate breaking change (new major version, deprecation period)?\nAnswer by octocat: Yes, our app stopped reading it.",
    );
    expect(posted.requests).toEqual([]);
    expect(parseStateMarker(updates[0])?.answers?.map((answer) => answer.n)).toEqual([1, 2, 3]);
    expect(talk.replies).toEqual([
      "Recorded the answers to questions 1, 2, 3. The block stays until this question is answered:\n\n1. `presentOrder` no longer returns `total`. Which clients read it, and is this a deliberate breaking change (new major version, deprecation period)?\n   _The answer given did not settle it:_ The public API docs in the diff still list `total`, so third-party clients may read it.",
    ]);
  });

  it("with Claude, answers /architect ask in an inline thread about that file and line, with the thread", async () => {
    const files = await expressOrders();
    const app = await createTestApp({
      anthropic: { apiKey: "test-key", baseURL: anthropic, model: "claude-sonnet-5-5" },
    });
    mockGitHub({ ...pr, headSha, files });
    mockRepositoryReads();
    nock(api)
      .get(`${repoPath}/pulls/${pr.number}/comments`)
      .query({ per_page: "100" })
      .reply(200, [
        { id: 700, body: "Why is this route public now?", user: { login: "hubot" } },
        {
          id: 9001,
          in_reply_to_id: 700,
          body: "/architect ask is the guard still applied elsewhere?",
          user: { login: "octocat" },
        },
        { id: 800, body: "unrelated thread", user: { login: "someone" } },
      ]);
    const talk = threadConversation("octocat", "read", 700);
    let sent:
      | { messages: Array<{ content: Array<{ text: string }> }>; system: Array<{ text: string }> }
      | undefined;
    nock(anthropic)
      .post("/v1/messages", (body: typeof sent) => {
        sent = body;
        return true;
      })
      .reply(200, {
        ...modelReply({}),
        content: [
          {
            type: "text",
            text: "No: `src/routes/orders.js:8` drops `requireAuth` and nothing else guards `GET /v1/orders`. Ask @hubot. See [docs](https://evil.example/x).",
          },
        ],
      });
    await app.probot.receive({
      id: "ask-claude",
      name: "pull_request_review_comment",
      payload: reviewCommentPayload({
        body: "/architect ask is the guard still applied elsewhere?",
        login: "octocat",
        author: "octocat",
        path: "src/routes/orders.js",
        line: 8,
        inReplyTo: 700,
      }),
    });
    await app.architect.queue().onIdle();
    const user = sent?.messages[0]?.content[0]?.text ?? "";
    expect(sent?.system[1]?.text.startsWith("# Question protocol")).toBe(true);
    expect(user).toContain(
      "<untrusted_question>\nAsked by octocat about src/routes/orders.js line 8:\nis the guard still applied elsewhere?\n</untrusted_question>",
    );
    expect(user).toContain(
      "<untrusted_thread>\nhubot: Why is this route public now?\n---\noctocat: /architect ask is the guard still applied elsewhere?\n</untrusted_thread>",
    );
    expect(user).not.toContain("unrelated thread");
    expect(talk.replies).toEqual([
      "No: `src/routes/orders.js:8` drops `requireAuth` and nothing else guards `GET /v1/orders`. Ask @\u200dhubot. See docs (link removed).\n\n<sub>claude-sonnet-5-5 · 15,000 input tokens (40% from cache) · 700 output · $0.03</sub>",
    ]);
  });
});
