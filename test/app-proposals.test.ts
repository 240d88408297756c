// Design proposals end to end (offline): `/architect propose` on a vague issue HALTs with numbered questions
// and the label; answers re-run the planning and edit the same comment. GitHub is nock.
import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { planContracts } from "../src/proposals/plan-contracts.js";
import { parseProposalMarker } from "../src/proposals/proposal-state.js";
import { renderProposal } from "../src/proposals/render-proposal.js";
import { analyseRequirements } from "../src/proposals/requirements-gap.js";
import { parseStateMarker } from "../src/review/review-state.js";
import { anthropic, modelReply } from "./helpers/anthropic-mock.js";
import { api, captureReview, mockGitHub } from "./helpers/github-mock.js";
import { issueCommentPayload, issueLabeledPayload, pullRequestPayload } from "./helpers/payloads.js";
import { createTestApp } from "./helpers/test-probot.js";
import { sampleProposal } from "./proposals/sample-proposal.js";

const repoPath = "/repos/Codertocat/Hello-World";
const issueNumber = 12;

afterEach(() => {
  nock.cleanAll();
});

/** Token, app identity, no repository config, the author's permission and the 👀. */
function mockBasics(): void {
  const config = `contents/${encodeURIComponent(".github/backend-architect.yml")}`;
  nock(api)
    .post("/app/installations/1/access_tokens")
    .reply(201, { token: "t" })
    .get("/app")
    .optionally()
    .reply(200, { slug: "backend-architect" })
    .get(`${repoPath}/${config}`)
    .reply(404, {})
    .get(`/repos/Codertocat/.github/${config}`)
    .reply(404, {})
    .get(`${repoPath}/collaborators/octocat/permission`)
    .optionally()
    .reply(200, { permission: "read", role_name: "read", user: { login: "octocat" } })
    .post(/\/issues\/comments\/\d+\/reactions/)
    .reply(201, {});
}

function mockIssue(body: string, labels: string[], comments: unknown[]): void {
  nock(api)
    .get(`${repoPath}/issues/${issueNumber}`)
    .reply(200, {
      number: issueNumber,
      title: "Social sharing API",
      body,
      labels: labels.map((name) => ({ name })),
      user: { login: "octocat" },
    })
    .get(`${repoPath}/issues/${issueNumber}/comments`)
    .query({ per_page: "100" })
    .reply(200, comments);
}

async function comment(app: Awaited<ReturnType<typeof createTestApp>>, body: string): Promise<void> {
  await app.probot.receive({
    id: `p-${Math.random()}`,
    name: "issue_comment",
    payload: issueCommentPayload({
      body,
      login: "octocat",
      number: issueNumber,
      author: "octocat",
      onPullRequest: false,
    }),
  });
  await app.architect.queue().onIdle();
}

const detailedIssue =
  "Share posts to Slack and email. 2,000 shares/s at peak. p95 under 200 ms, 99.9% availability. Eventual consistency is fine, at-least-once with idempotent writes. A share has id, user_id, channel, created_at; kept 2 years. Users authenticate with the session cookie; only the owner may delete a share.";

/** The agent file is read from the default branch: absent, so the bundled agent plans. */
function mockAgentRead(): void {
  nock(api)
    .get(`${repoPath}/contents/${encodeURIComponent(".github/agents/backend-architect.md")}`)
    .reply(404, {});
}

describe("design proposals end to end", () => {
  it("HALTs a vague issue with numbered questions and the label, then answers edit the same comment", async () => {
    const app = await createTestApp();
    mockBasics();
    mockIssue("We need an API for our social sharing feature.", [], []);
    const created: string[] = [];
    const labels: unknown[] = [];
    nock(api)
      .post(`${repoPath}/issues/${issueNumber}/comments`, (body: { body: string }) => {
        created.push(body.body);
        return true;
      })
      .reply(201, { id: 555 })
      .post(`${repoPath}/issues/${issueNumber}/labels`, (body: unknown) => {
        labels.push(body);
        return true;
      })
      .reply(200, []);
    await comment(app, "/architect propose");
    expect(app.architect.queue().stats()).toMatchObject({ failed: 0 });
    expect(created).toHaveLength(1);
    const halt = created[0] ?? "";
    expect(halt.split("\n").find((line) => line.startsWith("###"))).toBe(
      "### Backend Architect — design proposal: 5 questions to answer",
    );
    expect(halt).toContain("Cannot proceed without");
    expect(labels).toEqual([{ labels: ["needs-clarification"] }]);
    const state = parseProposalMarker(halt);
    expect(state?.kind).toBe("halt");
    expect(state?.numbered).toHaveLength(5);

    // Answers: recorded in the state, the same comment edited, the open questions listed in a reply.
    nock.cleanAll();
    mockBasics();
    mockIssue(
      "We need an API for our social sharing feature.",
      ["needs-clarification"],
      [{ id: 555, body: halt, user: { login: "backend-architect[bot]", type: "Bot" } }],
    );
    const edited: string[] = [];
    const replies: string[] = [];
    nock(api)
      .patch(`${repoPath}/issues/comments/555`, (body: { body: string }) => {
        edited.push(body.body);
        return true;
      })
      .reply(200, { id: 555 })
      .post(`${repoPath}/issues/${issueNumber}/comments`, (body: { body: string }) => {
        replies.push(body.body);
        return true;
      })
      .reply(201, { id: 556 });
    await comment(
      app,
      "/architect answer 1: 2,000 shares per second at peak, 50 million shares a year, growing 30% a year.",
    );
    expect(app.architect.queue().stats()).toMatchObject({ failed: 0 });
    expect(edited).toHaveLength(1);
    const after = parseProposalMarker(edited[0]);
    expect(after?.answers.map((answer) => [answer.n, answer.by])).toEqual([[1, "octocat"]]);
    expect(after?.numbered).toEqual(state?.numbered);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(
      /^Recorded the answer to question 1\. The design waits \(https:\/\/github\.com\/Codertocat\/Hello-World\/issues\/12#issuecomment-555\) until these questions are answered:\n\n2\. /,
    );
  });

  it("plans an issue given the proposal label, and leaves other labels alone", async () => {
    const app = await createTestApp();
    mockBasics();
    mockIssue(
      "Share posts to Slack and email. 2,000 shares/s at peak. p95 under 200 ms, 99.9% availability. Eventual consistency is fine, at-least-once with idempotent writes. A share has id, user_id, channel, created_at; kept 2 years. Users authenticate with the session cookie; only the owner may delete a share.",
      ["architecture"],
      [],
    );
    const created: string[] = [];
    nock(api)
      .post(`${repoPath}/issues/${issueNumber}/comments`, (body: { body: string }) => {
        created.push(body.body);
        return true;
      })
      .reply(201, { id: 600 });
    await app.probot.receive({
      id: "label-1",
      name: "issues",
      payload: issueLabeledPayload({ number: issueNumber, label: "architecture" }),
    });
    await app.architect.queue().onIdle();
    expect(app.architect.queue().stats()).toMatchObject({ failed: 0 });
    expect(created).toHaveLength(1);
    expect(parseProposalMarker(created[0])?.kind).toBe("skeleton");

    // Another label: the job reads the issue, sees no proposal label, writes nothing.
    nock.cleanAll();
    mockBasics();
    mockIssue("Fix the typo", ["bug"], []);
    await app.probot.receive({
      id: "label-2",
      name: "issues",
      payload: issueLabeledPayload({ number: issueNumber, label: "bug" }),
    });
    await app.architect.queue().onIdle();
    expect(app.architect.queue().stats()).toMatchObject({ failed: 0 });
  });

  it("with Claude, writes the proposal, repairing a DDL that does not parse in one round", async () => {
    const app = await createTestApp({
      anthropic: { apiKey: "test-key", baseURL: anthropic, model: "claude-sonnet-5-5" },
    });
    mockBasics();
    mockIssue(detailedIssue, [], []);
    mockAgentRead();
    const broken = { ...sampleProposal, ddl: "CREATE TABLE shares (id bigint PRIMARY KEY user_id bigint);" };
    const sent: Array<{ messages: Array<{ role: string; content: Array<{ text: string }> }> }> = [];
    nock(anthropic)
      .post("/v1/messages", (body: (typeof sent)[number]) => {
        sent.push(body);
        return true;
      })
      .reply(200, modelReply(broken))
      .post("/v1/messages", (body: (typeof sent)[number]) => {
        sent.push(body);
        return true;
      })
      .reply(200, modelReply(sampleProposal));
    const created: string[] = [];
    nock(api)
      .post(`${repoPath}/issues/${issueNumber}/comments`, (body: { body: string }) => {
        created.push(body.body);
        return true;
      })
      .reply(201, { id: 700 });
    await comment(app, "/architect propose");
    expect(app.architect.queue().stats()).toMatchObject({ failed: 0 });
    expect(sent).toHaveLength(2);
    expect(sent[0]?.messages[0]?.content[0]?.text).toContain("<untrusted_issue>\nTitle: Social sharing API");
    expect(sent[1]?.messages[2]?.content[0]?.text).toMatch(
      /^These fragments of your proposal failed their checks:\n- /,
    );
    expect(created).toHaveLength(1);
    const body = created[0] ?? "";
    for (const heading of [
      "#### API sketch",
      "#### Data model",
      "#### Milestones",
      "#### Validation criteria",
    ]) {
      expect(body).toContain(heading);
    }
    expect(body).toContain("```sql\nCREATE TABLE shares (");
    expect(
      body.trimEnd().endsWith("**Backend architecture plan ready — proceed with implementation?**"),
    ).toBe(true);
    expect(parseProposalMarker(body)?.kind).toBe("proposal");
  });

  it("with Claude failing, posts the skeleton and says why in the reply", async () => {
    const app = await createTestApp({
      anthropic: { apiKey: "test-key", baseURL: anthropic, model: "claude-sonnet-5-5" },
    });
    mockBasics();
    mockIssue(detailedIssue, [], []);
    mockAgentRead();
    nock(anthropic)
      .post("/v1/messages")
      .times(3)
      .reply(
        529,
        { type: "error", error: { type: "overloaded_error", message: "Overloaded" } },
        { "retry-after-ms": "1" },
      );
    const created: string[] = [];
    nock(api)
      .post(`${repoPath}/issues/${issueNumber}/comments`, (body: { body: string }) => {
        created.push(body.body);
        return true;
      })
      .times(2)
      .reply(201, { id: 701 });
    await comment(app, "/architect propose");
    expect(app.architect.queue().stats()).toMatchObject({ failed: 0 });
    expect(parseProposalMarker(created[0])?.kind).toBe("skeleton");
    expect(created[1]).toBe(
      `The model could not write the proposal (Claude was unavailable (529 overloaded after 3 attempts)); the comment lists the decisions to make instead. The design proposal: https://github.com/Codertocat/Hello-World/issues/12#issuecomment-701`,
    );
  });

  it("checks a PR that closes a planned issue against the plan, asking about each deviation", async () => {
    const plan = renderProposal({
      proposal: sampleProposal,
      analysis: analyseRequirements({ title: "Social sharing API", body: detailedIssue, answers: [] }),
      problems: [],
      contracts: await planContracts(sampleProposal),
      model: "claude-sonnet-5-5",
      answers: [],
    });
    const sql = [
      "CREATE TABLE shares (id bigint PRIMARY KEY, user_id bigint NOT NULL, post_id bigint NOT NULL, created_at timestamptz NOT NULL);",
      "CREATE TABLE share_events (id bigint PRIMARY KEY, share_id bigint NOT NULL);",
    ].join("\n");
    const app = await createTestApp();
    const headSha = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
    mockGitHub({
      owner: "Codertocat",
      repo: "Hello-World",
      number: 2,
      headSha,
      body: "Storage for shares. Closes #12",
      files: [
        {
          filename: "db/migrations/003_shares.sql",
          patch: `@@ -0,0 +1,2 @@\n${sql
            .split("\n")
            .map((line) => `+${line}`)
            .join("\n")}`,
          head: sql,
        },
      ],
    });
    nock(api)
      .get(`${repoPath}/issues/12/comments`)
      .query({ per_page: "100" })
      .reply(200, [{ id: 555, body: plan.body, user: { login: "backend-architect[bot]", type: "Bot" } }]);
    const review = captureReview({ owner: "Codertocat", repo: "Hello-World", number: 2 });
    await app.probot.receive({ id: "plan-pr", name: "pull_request", payload: pullRequestPayload("opened") });
    await app.architect.queue().onIdle();
    expect(app.architect.queue().stats()).toMatchObject({ failed: 0 });
    const body = String(review.requests[0]?.body);
    expect(review.requests[0]?.event).toBe("REQUEST_CHANGES");
    expect(body).toContain("#### Against the plan (#12)");
    expect(body).toContain(
      "1. The plan says table `shares` has columns `channel`, `status`; this PR creates `shares` without them. Which is intended?",
    );
    expect(body).toContain(
      "2. The plan says no table `share_events` (its tables are `shares`); this PR creates table `share_events`. Which is intended?",
    );
    expect(body).toContain(
      "#### Against the plan (#12)\n\n- Delivers **M1** Storage: all its deliverables\n- 2 deviations from the plan's contracts, asked as questions above.",
    );
    expect(parseStateMarker(body)?.plans).toEqual([{ issue: 12, milestones: ["M1"] }]);

    // The PR merges: M1 is ticked on the issue's proposal comment.
    nock.cleanAll();
    const merged = pullRequestPayload("closed");
    merged.pull_request.merged = true;
    merged.pull_request.number = 2;
    const patched: string[] = [];
    nock(api)
      .post("/app/installations/1/access_tokens")
      .reply(201, { token: "t" })
      .get("/app")
      .optionally()
      .reply(200, { slug: "backend-architect" })
      .get(`${repoPath}/pulls/2/reviews`)
      .query({ per_page: "100" })
      .reply(200, [
        {
          id: 4242,
          body,
          state: "CHANGES_REQUESTED",
          user: { login: "backend-architect[bot]", type: "Bot" },
        },
      ])
      .get(`${repoPath}/issues/12/comments`)
      .query({ per_page: "100" })
      .reply(200, [{ id: 555, body: plan.body, user: { login: "backend-architect[bot]", type: "Bot" } }])
      .get(`${repoPath}/issues/comments/555`)
      .reply(200, { id: 555, body: plan.body })
      .patch(`${repoPath}/issues/comments/555`, (patch: { body: string }) => {
        patched.push(patch.body);
        return true;
      })
      .reply(200, { id: 555 });
    await app.probot.receive({ id: "merged", name: "pull_request", payload: merged });
    await app.architect.queue().onIdle();
    expect(app.architect.queue().stats()).toMatchObject({ failed: 0 });
    expect(patched).toHaveLength(1);
    expect(patched[0]).toContain("- [x] **M1**");
    expect(patched[0]).toContain("- [ ] **M2**");
    expect(parseProposalMarker(patched[0])?.milestones.map((m) => [m.id, m.done, m.prs])).toEqual([
      ["M1", true, [2]],
      ["M2", false, []],
    ]);
  });
});
