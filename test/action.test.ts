// The GitHub Action entry: a real event file (an @octokit/webhooks-examples payload without an installation,
// as Actions writes it), the workflow's token, GitHub as nock; the review GitHub would receive is asserted.
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { runAction } from "../src/action.js";
import { api, captureReview, checkRunLog, mockGitHub } from "./helpers/github-mock.js";
import { issueCommentPayload } from "./helpers/payloads.js";
import { TestOctokit } from "./helpers/test-probot.js";

const headSha = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const pr = { owner: "Codertocat", repo: "Hello-World", number: 2 };
const migrationPath = "db/migrations/20261126_add_age.sql";
const sql = "ALTER TABLE users ADD COLUMN age int NOT NULL;\n";

interface ExampleDefinition {
  name: string;
  examples: Array<Record<string, unknown>>;
}

/** The `pull_request.opened` example that has no `installation`: what a workflow's event file holds. */
function actionsPayload(): Record<string, unknown> {
  const examples = createRequire(import.meta.url)("@octokit/webhooks-examples") as ExampleDefinition[];
  const example = examples
    .find((definition) => definition.name === "pull_request")
    ?.examples.find((e) => e.action === "opened" && e.installation === undefined);
  if (example === undefined) throw new Error("no pull_request.opened example without an installation");
  return structuredClone(example);
}

function eventFile(payload: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), "action-test-")), "event.json");
  writeFileSync(path, JSON.stringify(payload));
  return path;
}

function environment(payload: unknown, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    GITHUB_TOKEN: "ghs_workflowtoken",
    GITHUB_EVENT_NAME: "pull_request",
    GITHUB_EVENT_PATH: eventFile(payload),
    GITHUB_RUN_ID: "1001",
    GITHUB_RUN_ATTEMPT: "1",
    GITHUB_API_URL: api,
    INPUT_ANTHROPIC_API_KEY: "",
    INPUT_MODEL: "",
    ...overrides,
  };
}

const options = { log: pino({ level: "silent" }), Octokit: TestOctokit };

function addedPatch(text: string): string {
  const lines = text.replace(/\n$/, "").split("\n");
  return `@@ -0,0 +1,${lines.length} @@\n${lines.map((line) => `+${line}`).join("\n")}`;
}

describe("runAction", () => {
  it("reviews the workflow's pull request with its token and waits until the review is posted", async () => {
    const checkRuns = checkRunLog();
    mockGitHub({
      ...pr,
      headSha,
      checkRuns,
      files: [{ filename: migrationPath, patch: addedPatch(sql), head: sql }],
    });
    const review = captureReview(pr);
    const tokens: string[] = [];
    review.scope.on("request", (request: { headers: Record<string, string> }) => {
      tokens.push(request.headers.authorization ?? "");
    });

    const result = await runAction(environment(actionsPayload()), options);

    expect(result).toEqual({ status: "done", processed: 1, failed: 0 });
    expect(review.requests).toHaveLength(1);
    const request = review.requests[0] as {
      commit_id: string;
      event: string;
      body: string;
      comments: unknown[];
    };
    expect(request.commit_id).toBe(headSha);
    expect(request.event).toBe("COMMENT");
    expect(request.comments).toEqual([
      {
        path: migrationPath,
        line: 1,
        side: "RIGHT",
        body: "**blocker** · `db/add-required-column` · NOT NULL column added without a default\n\nAdds `users.age` as NOT NULL without a default: the statement fails on any table that already has rows, so it passes on an empty development database and breaks in production. Add it with a constant `DEFAULT` (metadata-only since Postgres 11), or add it nullable, backfill in batches, then enforce NOT NULL through a validated CHECK.\n\n<!-- backend-architect:finding e39bea6fcb350c67 -->",
      },
    ]);
    expect(request.body.split("\n")[0]).toBe("### Backend Architect — 2 findings");
    // The check run is the workflow token's (GitHub's `github-actions` app), on the PR's head.
    expect(checkRuns.created).toEqual([
      expect.objectContaining({ head_sha: headSha, status: "in_progress" }),
    ]);
    // Posted with the workflow's token as it is: no installation token was asked for.
    expect(tokens).toEqual(["token ghs_workflowtoken"]);
    expect(review.scope.isDone()).toBe(true);
  });

  it("answers an /architect command from an issue_comment event with the workflow's token", async () => {
    const repoPath = `/repos/${pr.owner}/${pr.repo}`;
    const configPath = `contents/${encodeURIComponent(".github/backend-architect.yml")}`;
    const replies: string[] = [];
    nock(api)
      .get(`${repoPath}/${configPath}`)
      .reply(404, {})
      .get(`/repos/${pr.owner}/.github/${configPath}`)
      .reply(404, {})
      .get(`${repoPath}/collaborators/hubot/permission`)
      .reply(200, { permission: "write", role_name: "write", user: { login: "hubot" } })
      .post(/\/repos\/Codertocat\/Hello-World\/issues\/comments\/\d+\/reactions/, { content: "eyes" })
      .reply(201, {})
      .post(`${repoPath}/issues/${pr.number}/comments`, (body: { body: string }) => {
        replies.push(body.body);
        return true;
      })
      .reply(201, { id: 1 });
    const payload: Record<string, unknown> = {
      ...issueCommentPayload({
        body: "/architect help",
        login: "hubot",
        number: pr.number,
        author: "octocat",
      }),
    };
    delete payload.installation;

    const result = await runAction(environment(payload, { GITHUB_EVENT_NAME: "issue_comment" }), options);

    expect(result).toEqual({ status: "done", processed: 1, failed: 0 });
    expect(replies.map((reply) => reply.split("\n")[0])).toEqual([
      "**Backend Architect commands** — write them at the start of a line in a comment on a PR, an issue or an inline thread:",
    ]);
  });

  it("skips a fork's pull request under `pull_request`: the token is read-only and nothing could be posted", async () => {
    const payload = actionsPayload() as { pull_request: { head: { repo: { full_name: string } } } };
    payload.pull_request.head.repo.full_name = "mallory/Hello-World";

    const result = await runAction(environment(payload), options);

    expect(result).toEqual({
      status: "skipped",
      reason:
        "Codertocat/Hello-World#2 is a fork: under `pull_request` GitHub gives the workflow a read-only token and no secrets, so nothing can be posted. See docs/github-action.md for reviewing fork PRs.",
    });
  });

  it("names what is missing when it runs outside a workflow or without a token", async () => {
    const result = await runAction({ GITHUB_EVENT_PATH: "/nonexistent/event.json" }, options);

    expect(result).toEqual({
      status: "invalid",
      errors: [
        "GITHUB_TOKEN must be set (env: GITHUB_TOKEN: \u0024{{ github.token }})",
        "GITHUB_EVENT_NAME is not set: run this inside a GitHub Actions job",
        "GITHUB_RUN_ID is not set: run this inside a GitHub Actions job",
      ],
    });
  });

  it("says which event file it could not read", async () => {
    const result = await runAction(
      environment(actionsPayload(), { GITHUB_EVENT_PATH: "/nonexistent/event.json" }),
      options,
    );

    expect(result).toEqual({
      status: "invalid",
      errors: ["GITHUB_EVENT_PATH /nonexistent/event.json: cannot read the event file (ENOENT)"],
    });
  });
});
