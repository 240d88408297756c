// The review lifecycle end to end: open → pushes → fix → force-push → re-run, asserting what GitHub receives
// at each step (reviews, in-place updates, dismissals, check runs).
import { createRequire } from "node:module";
import nock from "nock";
import { describe, expect, it } from "vitest";
import { parseStateMarker } from "../src/review/review-state.js";
import {
  api,
  type CheckRunLog,
  captureReview,
  checkRunLog,
  type MockFile,
  type MockPullRequest,
  mockGitHub,
} from "./helpers/github-mock.js";
import { pullRequestPayload } from "./helpers/payloads.js";
import { createTestApp } from "./helpers/test-probot.js";

const pr = { owner: "Codertocat", repo: "Hello-World", number: 2 };
const migration = "db/migrations/20261201_users.sql";
const orders = "db/migrations/20261202_orders.sql";
const sha = (digit: string) => digit.repeat(40);

function added(filename: string, text: string): MockFile {
  const lines = text.replace(/\n$/, "").split("\n");
  return {
    filename,
    patch: `@@ -0,0 +1,${lines.length} @@\n${lines.map((line) => `+${line}`).join("\n")}`,
    head: text,
  };
}

interface Review {
  id: number;
  body: string;
  state: string;
}

interface Step {
  head: string;
  files: MockFile[];
  reviews: Review[];
  compare?: MockPullRequest["compare"];
  /** Threads the app started on earlier reviews. */
  threads?: Array<{ id: string; path: string; line: number; body: string }>;
}

/** One synchronize (or opened) delivery for `step.head`; returns what GitHub received. */
async function push(step: Step, action: "opened" | "synchronize" = "synchronize") {
  nock.cleanAll();
  const app = await createTestApp();
  const checkRuns: CheckRunLog = checkRunLog();
  const resolvedThreads: string[] = [];
  mockGitHub({
    ...(step.threads === undefined ? {} : { threads: { nodes: step.threads, resolved: resolvedThreads } }),
    ...pr,
    headSha: step.head,
    files: step.files,
    reviews: step.reviews,
    checkRuns,
    ...(step.compare === undefined ? {} : { compare: step.compare }),
  });
  const posted = captureReview(pr);
  const updates: Array<{ id: string; body: string }> = [];
  const dismissals: string[] = [];
  nock(api)
    .put(/\/pulls\/2\/reviews\/\d+$/, (body: { body: string }) => {
      updates.push({ id: "", body: body.body });
      return true;
    })
    .optionally()
    .times(5)
    .reply(200, function reply(uri) {
      const last = updates[updates.length - 1];
      if (last !== undefined) last.id = uri.split("/").pop() ?? "";
      return {};
    })
    .put(/\/pulls\/2\/reviews\/\d+\/dismissals$/)
    .optionally()
    .times(5)
    .reply(200, function reply(uri) {
      dismissals.push(uri.split("/")[7] ?? "");
      return { state: "DISMISSED" };
    });
  const payload = pullRequestPayload(action);
  payload.pull_request.head.sha = step.head;
  await app.probot.receive({ id: `d-${step.head.slice(0, 1)}`, name: "pull_request", payload });
  await app.architect.queue().onIdle();
  expect(app.architect.queue().stats()).toMatchObject({ failed: 0 });
  return {
    reviews: posted.requests as unknown as Array<{
      event: string;
      body: string;
      comments: Array<{ path: string; line: number; body: string }>;
    }>,
    updates,
    dismissals,
    checkRuns,
    resolvedThreads,
  };
}

/** A check-run completion as [conclusion, title, annotation count]. */
function outline(update: Record<string, unknown>): [unknown, unknown, number] {
  const output = update.output as { title: string; annotations: unknown[] };
  return [update.conclusion, output.title, output.annotations.length];
}

/** `check_run.rerequested` for our check on `head`, on PR #2 (the example names another app's check). */
function checkRunPayload(head: string): Record<string, unknown> {
  const examples = createRequire(import.meta.url)("@octokit/webhooks-examples") as Array<{
    name: string;
    examples: Array<Record<string, unknown>>;
  }>;
  const example = examples
    .find((definition) => definition.name === "check_run")
    ?.examples.find((candidate) => candidate.action === "rerequested");
  if (example === undefined) throw new Error("no check_run.rerequested example");
  const payload = structuredClone(example) as {
    check_run: { name: string; head_sha: string; pull_requests: unknown[] };
    repository: { name: string; owner: { login: string } };
  };
  payload.check_run.name = "Backend Architect";
  payload.check_run.head_sha = head;
  payload.check_run.pull_requests = [{ number: 2, head: { sha: head, ref: "changes" } }];
  payload.repository.name = pr.repo;
  payload.repository.owner.login = pr.owner;
  return payload as unknown as Record<string, unknown>;
}

describe("the review lifecycle", () => {
  it("says only what is new, stays quiet, updates in place, lifts its block, and starts over after a force-push", async () => {
    const dropAndIndex =
      "ALTER TABLE users DROP COLUMN legacy_email;\nCREATE INDEX users_age_idx ON users (age);\n";
    // 1. Opened: a HALT (the drop) and a blocker (the index).
    const first = await push(
      { head: sha("1"), files: [added(migration, dropAndIndex)], reviews: [] },
      "opened",
    );
    expect(first.reviews).toHaveLength(1);
    expect(first.reviews[0]?.event).toBe("REQUEST_CHANGES");
    expect(first.reviews[0]?.comments.map((c) => [c.path, c.line, c.body.split("\n")[0]])).toEqual([
      [migration, 1, "**HALT — question 1** · `db/drop-column`"],
      [migration, 2, "**blocker** · `db/index-not-concurrent` · Index built or dropped without CONCURRENTLY"],
    ]);
    expect(first.checkRuns.created).toEqual([
      { name: "Backend Architect", head_sha: sha("1"), status: "in_progress" },
    ]);
    expect(first.checkRuns.updated.map(outline)).toEqual([
      ["action_required", "HALT: 1 question to answer", 2],
    ]);
    const r1 = { id: 1, body: first.reviews[0]?.body ?? "", state: "CHANGES_REQUESTED" };

    // 2. A push adds a migration with a new problem: only that one is posted inline.
    const notNull = "ALTER TABLE orders ADD COLUMN note text NOT NULL;\n";
    const second = await push({
      head: sha("2"),
      files: [added(migration, dropAndIndex), added(orders, notNull)],
      reviews: [r1],
      compare: { from: sha("1"), status: "ahead", files: [added(orders, notNull)] },
    });
    expect(second.reviews).toHaveLength(1);
    expect(second.reviews[0]?.comments.map((c) => [c.path, c.line, c.body.split("\n")[0]])).toEqual([
      [orders, 1, "**blocker** · `db/add-required-column` · NOT NULL column added without a default"],
    ]);
    expect(second.reviews[0]?.body).toContain(
      "#### Still open from the previous review\n\n- **blocker** `db/index-not-concurrent` `db/migrations/20261201_users.sql:2` — Index built or dropped without CONCURRENTLY\n- **info** `db/missing-lock-timeout` `db/migrations/20261201_users.sql:1` — No lock_timeout before lock-taking DDL",
    );
    expect(second.checkRuns.updated.map(outline)).toEqual([
      ["action_required", "HALT: 1 question to answer", 4],
    ]);
    const r2 = { id: 2, body: second.reviews[0]?.body ?? "", state: "CHANGES_REQUESTED" };
    // The threads GitHub made of the inline comments of reviews 1 and 2.
    const threads = [...(first.reviews[0]?.comments ?? []), ...(second.reviews[0]?.comments ?? [])].map(
      (comment, index) => ({
        id: `T${index + 1}`,
        path: comment.path,
        line: comment.line,
        body: comment.body,
      }),
    );

    // 3. A push that touches no backend file: nothing posted; the new head's check keeps the conclusion.
    const third = await push({
      head: sha("3"),
      files: [added(migration, dropAndIndex), added(orders, notNull), added("README.md", "# Shop\n")],
      reviews: [r1, r2],
      compare: { from: sha("2"), status: "ahead", files: [added("README.md", "# Shop\n")] },
    });
    expect(third.reviews).toEqual([]);
    expect(third.updates).toEqual([]);
    expect(third.checkRuns.created).toEqual([
      { name: "Backend Architect", head_sha: sha("3"), status: "in_progress" },
    ]);
    expect(third.checkRuns.updated[0]).toMatchObject({
      conclusion: "action_required",
      details_url: "https://github.com/Codertocat/Hello-World/pull/2#pullrequestreview-2",
      output: {
        title: "HALT: 1 question to answer",
        summary: expect.stringMatching(
          /^No backend file changed since the last review \(2222222\): its conclusion stands\.\n\nAnswer on the pull request with `\/architect answer <n>: …`:\n\n1\. This migration drops `users\.legacy_email`\./,
        ),
      },
    });

    // 4. The index is fixed, the drop still blocks: no new review; the standing summary is rewritten in place.
    const fixedIndex =
      "ALTER TABLE users DROP COLUMN legacy_email;\nCREATE INDEX CONCURRENTLY users_age_idx ON users (age);\n";
    const fourth = await push({
      head: sha("4"),
      files: [added(migration, fixedIndex), added(orders, notNull)],
      reviews: [r1, r2],
      compare: { from: sha("2"), status: "ahead", files: [added(migration, fixedIndex)] },
      threads,
    });
    expect(fourth.reviews).toEqual([]);
    expect(fourth.updates.map((update) => update.id)).toEqual(["2"]);
    const rewritten = fourth.updates[0]?.body ?? "";
    expect(rewritten).toContain(
      "#### Still present\n\n- **blocker** `db/add-required-column` `db/migrations/20261202_orders.sql:1` — NOT NULL column added without a default",
    );
    expect(rewritten).toContain(
      "#### Resolved since the last review\n\n- **blocker** · `db/index-not-concurrent` · Index built or dropped without CONCURRENTLY at `db/migrations/20261201_users.sql:2` — thread resolved\n\n",
    );
    expect(fourth.resolvedThreads).toEqual(["T2"]);
    expect(parseStateMarker(rewritten)).toMatchObject({ headSha: sha("4"), verdict: "halt" });
    expect(fourth.checkRuns.updated.map(outline)).toEqual([
      ["action_required", "HALT: 1 question to answer", 3],
    ]);
    const r2b = { ...r2, body: rewritten };

    // 5. The drop goes (the HALT's cause): a new, non-blocking review, and both blocks are dismissed.
    const noDrop = "CREATE INDEX CONCURRENTLY users_age_idx ON users (age);\n";
    const fifth = await push({
      head: sha("5"),
      files: [added(migration, noDrop), added(orders, notNull)],
      reviews: [r1, r2b],
      compare: { from: sha("4"), status: "ahead", files: [added(migration, noDrop)] },
      threads: threads.filter((thread) => thread.id !== "T2"),
    });
    expect(fifth.resolvedThreads).toEqual(["T1"]);
    expect(fifth.reviews.map((review) => [review.event, review.comments.length])).toEqual([["COMMENT", 0]]);
    expect(fifth.reviews[0]?.body).toContain(
      "#### Resolved since the last review\n\n- Question 1 no longer applies: This migration drops `users.legacy_email`. Has every deployed version stopped reading and writing it (expand/contract step 2)? Is the data backed up or no longer needed?\n- 1 finding of the last review no longer found at this head.",
    );
    expect(fifth.dismissals).toEqual(["1", "2"]);
    expect(fifth.checkRuns.updated.map(outline)).toEqual([
      ["neutral", "2 findings, 1 to fix before merging", 2],
    ]);
    const r3 = { id: 3, body: fifth.reviews[0]?.body ?? "", state: "COMMENTED" };

    // 6. A force-push: the old head is gone; everything is reviewed and anchored again, and the summary says why.
    const sixth = await push({
      head: sha("6"),
      files: [added(migration, noDrop), added(orders, notNull)],
      reviews: [{ ...r1, state: "DISMISSED" }, { ...r2b, state: "DISMISSED" }, r3],
      compare: { from: sha("5"), gone: true },
    });
    expect(sixth.reviews[0]?.comments.map((c) => [c.path, c.line])).toEqual([[orders, 1]]);
    expect(sixth.reviews[0]?.body).toContain(
      "#### Notes\n\n- The last reviewed commit (5555555) is gone from the branch (force-push): the whole pull request was reviewed again.",
    );
    expect(sixth.checkRuns.updated.map(outline)).toEqual([
      ["neutral", "2 findings, 1 to fix before merging", 2],
    ]);
    const r4 = { id: 4, body: sixth.reviews[0]?.body ?? "", state: "COMMENTED" };

    // 7. "Re-run" on the check: a new check run for the same head, and no second review.
    nock.cleanAll();
    const app = await createTestApp();
    const rerun = checkRunLog();
    mockGitHub({
      ...pr,
      headSha: sha("6"),
      files: [added(migration, noDrop), added(orders, notNull)],
      reviews: [r3, r4],
      checkRuns: rerun,
    });
    const again = captureReview(pr);
    const payload = checkRunPayload(sha("6"));
    await app.probot.receive({ id: "rerun", name: "check_run", payload } as never);
    await app.architect.queue().onIdle();
    expect(app.architect.queue().stats()).toMatchObject({ processed: 1, failed: 0 });
    expect(again.requests).toEqual([]);
    expect(rerun.created).toEqual([{ name: "Backend Architect", head_sha: sha("6"), status: "in_progress" }]);
    expect(rerun.updated.map(outline)).toEqual([["neutral", "2 findings, 1 to fix before merging", 2]]);
  });

  it("says once, in the standing summary, that the skip label pauses reviews, and takes it back on resume", async () => {
    const sql = "CREATE INDEX users_age_idx ON users (age);\n";
    const opened = await push({ head: sha("1"), files: [added(migration, sql)], reviews: [] }, "opened");
    const summary = { id: 1, body: opened.reviews[0]?.body ?? "", state: "COMMENTED" };

    const pausedRun = async (reviews: Review[]) => {
      nock.cleanAll();
      const app = await createTestApp();
      const checkRuns = checkRunLog();
      mockGitHub({
        ...pr,
        headSha: sha("2"),
        files: [added(migration, sql)],
        reviews,
        labels: ["architect:skip"],
        checkRuns,
      });
      const updates: string[] = [];
      nock(api)
        .put("/repos/Codertocat/Hello-World/pulls/2/reviews/1", (body: { body: string }) => {
          updates.push(body.body);
          return true;
        })
        .optionally()
        .reply(200, {});
      const posted = captureReview(pr);
      const payload = pullRequestPayload("synchronize");
      payload.pull_request.head.sha = sha("2");
      await app.probot.receive({
        id: `paused-${reviews.length}-${updates.length}`,
        name: "pull_request",
        payload,
      });
      await app.architect.queue().onIdle();
      expect(posted.requests).toEqual([]);
      expect(checkRuns.updated.map(outline)).toEqual([["skipped", "Paused", 0]]);
      return updates;
    };
    const first = await pausedRun([summary]);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatch(
      /^> \*\*Paused:\*\* the label `architect:skip` stops automatic reviews of this pull request from 2222222 on; this summary is of 1111111\. `\/architect resume` resumes them\.\n\n### Backend Architect — /,
    );
    expect(parseStateMarker(first[0])?.paused).toBe("architect:skip");
    // Said once: the next paused push changes nothing on the PR.
    expect(await pausedRun([{ ...summary, body: first[0] ?? "" }])).toEqual([]);

    // Resumed with nothing new: no review, and the summary loses the line.
    const resumed = await push({
      head: sha("3"),
      files: [added(migration, sql)],
      reviews: [{ ...summary, body: first[0] ?? "" }],
      compare: { from: sha("1"), status: "ahead", files: [added(migration, sql)] },
    });
    expect(resumed.reviews).toEqual([]);
    expect(resumed.updates.map((update) => update.body.startsWith("### Backend Architect — "))).toEqual([
      true,
    ]);
    expect(parseStateMarker(resumed.updates[0]?.body)?.paused).toBeUndefined();
  });
});
