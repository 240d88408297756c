// End to end: a real Probot app receives real webhook payloads (@octokit/webhooks-examples); GitHub is
// nock; the review GitHub would receive is asserted exactly.
import nock from "nock";
import { describe, expect, it } from "vitest";
import { renderStateMarker } from "../src/review/review-state.js";
import { api, captureReview, type MockFile, mockGitHub } from "./helpers/github-mock.js";
import { pullRequestPayload } from "./helpers/payloads.js";
import { createTestApp } from "./helpers/test-probot.js";

const headSha = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const pr = { owner: "Codertocat", repo: "Hello-World", number: 2 };
const migrationPath = "db/migrations/20261126_add_age.sql";

interface CapturedReview {
  commit_id: string;
  event: string;
  body: string;
  comments: Array<{ path: string; line: number; side: string; body: string; start_line?: number }>;
}

function addedPatch(text: string): string {
  const lines = text.replace(/\n$/, "").split("\n");
  return `@@ -0,0 +1,${lines.length} @@\n${lines.map((line) => `+${line}`).join("\n")}`;
}

function addedFile(filename: string, text: string): MockFile {
  return { filename, patch: addedPatch(text), head: text };
}

async function deliver(action: "opened" | "synchronize" = "opened", id = "delivery-1") {
  const { probot, architect } = await createTestApp();
  await probot.receive({ id, name: "pull_request", payload: pullRequestPayload(action) });
  await architect.queue().onIdle();
  return architect;
}

const footer = `<sub>Reviewed ec26c3e by the offline architect (deterministic rules, no model). Every finding names its rule id.</sub>`;

describe("reviewing a pull request end to end", () => {
  it("posts two anchored findings for a NOT NULL column and a blocking index", async () => {
    const sql =
      "ALTER TABLE users ADD COLUMN age int NOT NULL;\nCREATE INDEX users_age_idx ON users (age);\n";
    const github = mockGitHub({ ...pr, headSha, files: [addedFile(migrationPath, sql)] });
    const review = captureReview(pr);

    const architect = await deliver();

    expect(architect.queue().stats()).toMatchObject({ processed: 1, failed: 0 });
    expect(review.requests).toHaveLength(1);
    const request = review.requests[0] as unknown as CapturedReview;
    expect(request.commit_id).toBe(headSha);
    expect(request.event).toBe("COMMENT");
    expect(request.comments).toEqual([
      {
        path: migrationPath,
        line: 1,
        side: "RIGHT",
        body: "**blocker** · `db/add-required-column` · NOT NULL column added without a default\n\nAdds `users.age` as NOT NULL without a default: the statement fails on any table that already has rows, so it passes on an empty development database and breaks in production. Add it with a constant `DEFAULT` (metadata-only since Postgres 11), or add it nullable, backfill in batches, then enforce NOT NULL through a validated CHECK.\n\n<!-- backend-architect:finding e39bea6fcb350c67 -->",
      },
      {
        path: migrationPath,
        line: 2,
        side: "RIGHT",
        body: "**blocker** · `db/index-not-concurrent` · Index built or dropped without CONCURRENTLY\n\nCreates index `users_age_idx` on `users` without CONCURRENTLY: the build holds a SHARE lock that blocks every INSERT, UPDATE and DELETE on `users` until it finishes. Use `CREATE INDEX CONCURRENTLY` in a migration that does not run inside a transaction.\n\n<!-- backend-architect:finding e9d6a48fc3f2bba4 -->",
      },
    ]);
    const state = request.body.slice(request.body.indexOf("<!-- backend-architect:state"));
    expect(request.body).toBe(
      [
        "### Backend Architect — 3 findings",
        "",
        "3 findings in 1 schema/migration file; 2 must be fixed before merging.",
        "",
        "#### Hygiene",
        "",
        "- **info** `db/missing-lock-timeout` `db/migrations/20261126_add_age.sql:1` — No lock_timeout before lock-taking DDL",
        "  `ALTER TABLE` on `users` runs without a `lock_timeout`: if any transaction holds a conflicting lock, the statement waits, and the application's queries on the table queue behind it. Start the migration with `SET lock_timeout = '5s';` and retry on timeout.",
        "",
        footer,
        state,
      ].join("\n"),
    );
    expect(state).toMatch(
      /^<!-- backend-architect:state \{"v":1,"headSha":"ec26c3e57ca3a959ca5aad62de7213c562f8c821","verdict":"concerns","questions":\[\],"findings":\["[0-9a-f]{16}","[0-9a-f]{16}","[0-9a-f]{16}"\]\} -->$/,
    );
    github.done();
    review.scope.done();
  });

  it("asks a numbered question and requests changes when a column is dropped without explanation", async () => {
    const sql = "ALTER TABLE users DROP COLUMN legacy_email;\n";
    mockGitHub({ ...pr, headSha, title: "Clean up users", files: [addedFile(migrationPath, sql)] });
    const review = captureReview(pr);

    await deliver();

    const request = review.requests[0] as unknown as CapturedReview;
    expect(request.event).toBe("REQUEST_CHANGES");
    expect(request.body).toContain(
      "### Backend Architect — changes requested: 1 question to answer\n\nCannot proceed without answers to 1 question about 1 schema/migration file: the change is irreversible or breaks a contract, and the PR does not say it is intended.",
    );
    expect(request.body).toMatch(
      /#### Questions — the architect cannot judge this change without your answers\n\n1\. `db\/migrations\/20261126_add_age\.sql:1` `db\/drop-column` — This migration drops `users\.legacy_email`\. Has every deployed version stopped reading and writing it \(expand\/contract step 2\)\? Is the data backed up or no longer needed\?\n {3}_Why it blocks:_ /,
    );
    expect(request.comments.map(({ path, line, side }) => ({ path, line, side }))).toEqual([
      { path: migrationPath, line: 1, side: "RIGHT" },
    ]);
    expect(request.comments[0]?.body).toMatch(
      /^\*\*HALT — question 1\*\* · `db\/drop-column`\n\nThis migration drops `users\.legacy_email`\./,
    );
  });

  it("reports the drop as a finding, not a question, when the description states the intent", async () => {
    const sql = "ALTER TABLE users DROP COLUMN legacy_email;\n";
    mockGitHub({
      ...pr,
      headSha,
      body: "Drop users.legacy_email: nothing has read it since #120 (expand/contract step 2).",
      files: [addedFile(migrationPath, sql)],
    });
    const review = captureReview(pr);

    await deliver();

    const request = review.requests[0] as unknown as CapturedReview;
    expect(request.event).toBe("COMMENT");
    expect(request.body).not.toContain("#### Questions");
    expect(request.comments.map((comment) => comment.body.split("\n")[0])).toEqual([
      "**blocker** · `db/drop-column` · Column dropped _(confirmed as intended: stated in the PR description)_",
    ]);
  });

  it("posts nothing on a docs-only pull request", async () => {
    const github = mockGitHub({
      ...pr,
      headSha,
      files: [{ filename: "docs/guide.md", status: "modified", patch: "@@ -1 +1 @@\n-old\n+new" }],
    });
    const review = captureReview(pr);

    const architect = await deliver();

    expect(architect.queue().stats()).toMatchObject({ processed: 1, failed: 0 });
    expect(review.requests).toEqual([]);
    expect(nock.pendingMocks()).toContain(`POST ${api}:443/repos/Codertocat/Hello-World/pulls/2/reviews`);
    github.done();
  });

  it("moves the inline comments into the body when GitHub answers 422, so the review is not lost", async () => {
    const sql = "CREATE INDEX users_age_idx ON users (age);\n";
    mockGitHub({ ...pr, headSha, files: [addedFile(migrationPath, sql)] });
    const rejected = captureReview(pr, 422);
    const accepted = captureReview(pr);

    await deliver();

    expect(rejected.requests).toHaveLength(1);
    expect((rejected.requests[0] as unknown as CapturedReview).comments).toHaveLength(1);
    const retry = accepted.requests[0] as unknown as CapturedReview;
    expect(retry.comments).toEqual([]);
    expect(retry.body).toContain(
      "#### Findings\n\n- **blocker** `db/index-not-concurrent` `db/migrations/20261126_add_age.sql:1` — Index built or dropped without CONCURRENTLY",
    );
  });

  it("does not post the same conclusion twice, and lifts its own block once the questions no longer apply", async () => {
    const drop = "ALTER TABLE users DROP COLUMN legacy_email;\n";
    // First push: HALT.
    mockGitHub({ ...pr, headSha, files: [addedFile(migrationPath, drop)] });
    const first = captureReview(pr);
    await deliver("opened", "d-1");
    const halted = first.requests[0] as unknown as CapturedReview;
    expect(halted.event).toBe("REQUEST_CHANGES");

    // Redelivered push with the same conclusion: no second review.
    mockGitHub({
      ...pr,
      headSha,
      files: [addedFile(migrationPath, drop)],
      reviews: [{ id: 7, body: halted.body, state: "CHANGES_REQUESTED" }],
    });
    const repeat = captureReview(pr);
    await deliver("synchronize", "d-2");
    expect(repeat.requests).toEqual([]);
    nock.cleanAll();

    // The author answers in the description: a COMMENT review, and the app dismisses its own block.
    mockGitHub({
      ...pr,
      headSha,
      body: "architect-ack: db/drop-column users.legacy_email — unused since #120",
      files: [addedFile(migrationPath, drop)],
      reviews: [
        { id: 7, body: halted.body, state: "CHANGES_REQUESTED" },
        { id: 8, body: "LGTM", state: "CHANGES_REQUESTED", login: "someone-else" },
      ],
    });
    const answered = captureReview(pr);
    const dismissals: Array<{ id: string; message: unknown }> = [];
    nock(api)
      .put(
        /\/repos\/Codertocat\/Hello-World\/pulls\/2\/reviews\/\d+\/dismissals/,
        (body: Record<string, unknown>) => {
          dismissals.push({ id: "", message: body.message });
          return true;
        },
      )
      .reply(200, function reply(uri) {
        const entry = dismissals[dismissals.length - 1];
        if (entry) entry.id = uri.split("/")[7] ?? "";
        return { id: 7, state: "DISMISSED" };
      });
    await deliver("synchronize", "d-3");
    expect((answered.requests[0] as unknown as CapturedReview).event).toBe("COMMENT");
    expect(dismissals).toEqual([
      {
        id: "7",
        message:
          "Backend Architect: the questions of this review are answered or no longer apply as of ec26c3e.",
      },
    ]);
  });

  it("never trusts a state marker pasted into someone else's review", async () => {
    const sql = "CREATE INDEX users_age_idx ON users (age);\n";
    mockGitHub({
      ...pr,
      headSha,
      files: [addedFile(migrationPath, sql)],
      reviews: [
        {
          id: 9,
          login: "mallory",
          state: "COMMENTED",
          body: renderStateMarker({ v: 1, headSha, verdict: "clear", questions: [], findings: [] }),
        },
      ],
    });
    const review = captureReview(pr);
    await deliver();
    expect(review.requests).toHaveLength(1);
  });

  it("skips drafts before any GitHub call", async () => {
    const { probot, architect } = await createTestApp();
    const payload = pullRequestPayload("opened");
    payload.pull_request.draft = true;
    await probot.receive({ id: "d-draft", name: "pull_request", payload });
    await architect.queue().onIdle();
    expect(architect.queue().stats()).toMatchObject({ processed: 0 });
  });

  it("names files GitHub sent no diff for, and a PR over GitHub's 3,000-file listing cap", async () => {
    const sql = "CREATE INDEX CONCURRENTLY users_age_idx ON users (age);\n";
    const github = mockGitHub({
      ...pr,
      headSha,
      files: [addedFile(migrationPath, sql), { filename: "db/seed.bin", status: "added" }],
      changedFiles: 3400,
    });
    const review = captureReview(pr);
    await deliver();
    const request = review.requests[0] as unknown as CapturedReview;
    expect(request.body).toContain(
      "#### Not reviewed\n\n- `db/seed.bin` — GitHub sent no diff (binary or too large): not reviewed inline",
    );
    expect(request.body).toContain(
      "- GitHub lists at most 3,000 files of a pull request: 2 of 3400 changed files were reviewed.",
    );
    github.done();
  });

  it("applies the default-branch configuration: rules off, severities, non-blocking HALTs", async () => {
    const sql = "ALTER TABLE users DROP COLUMN legacy_email;\nCREATE INDEX users_age_idx ON users (age);\n";
    mockGitHub({
      ...pr,
      headSha,
      files: [addedFile(migrationPath, sql)],
      config: [
        "rules:",
        "  db/missing-lock-timeout: off",
        "  db/index-not-concurrent: minor",
        "review:",
        "  requestChanges: false",
      ].join("\n"),
    });
    const review = captureReview(pr);
    await deliver();
    const request = review.requests[0] as unknown as CapturedReview;
    expect(request.event).toBe("COMMENT");
    expect(request.body).toContain("#### Questions");
    expect(request.body).not.toContain("db/missing-lock-timeout");
    expect(request.comments.map((comment) => comment.body.split("\n")[0])).toEqual([
      "**HALT — question 1** · `db/drop-column`",
      "**minor** · `db/index-not-concurrent` · Index built or dropped without CONCURRENTLY",
    ]);
  });

  it("says precisely what is wrong with an invalid configuration and reviews with the defaults", async () => {
    const sql = "CREATE INDEX users_age_idx ON users (age);\n";
    mockGitHub({
      ...pr,
      headSha,
      files: [addedFile(migrationPath, sql)],
      config: "rules:\n  db/index-not-concurrent: maybe\n",
    });
    const review = captureReview(pr);
    await deliver();
    const request = review.requests[0] as unknown as CapturedReview;
    expect(request.body).toContain(
      "#### Notes\n\n- `.github/backend-architect.yml`: `rules.db/index-not-concurrent` must be `off`, a severity (`blocker`, `major`, `minor`, `info`) or `{ enabled, severity }`; defaults apply.",
    );
    expect(request.comments.map((comment) => comment.body.split("\n")[0])).toEqual([
      "**blocker** · `db/index-not-concurrent` · Index built or dropped without CONCURRENTLY",
    ]);
  });
});
