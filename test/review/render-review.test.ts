import { describe, expect, it } from "vitest";
import { maxBodyLength, neutralise, renderReview } from "../../src/review/render-review.js";
import { parseStateMarker } from "../../src/review/review-state.js";
import { indexFinding, indexMigration, offlineOutcome } from "../helpers/review-fixtures.js";

const headSha = "a".repeat(40);
const migration = indexMigration;
const finding = indexFinding;
const outcome = offlineOutcome;

describe("renderReview", () => {
  it("anchors a finding on its line and states the rule id, severity and head SHA", () => {
    const request = renderReview(outcome({ findings: [finding({})] }), [migration], {
      headSha,
      inline: true,
    });
    expect(request).toEqual({
      commit_id: headSha,
      event: "COMMENT",
      comments: [
        {
          path: "db/001.sql",
          line: 11,
          side: "RIGHT",
          body: "**blocker** · `db/index-not-concurrent` · Index built without CONCURRENTLY\n\nBlocks writes while it builds.\n\n<!-- backend-architect:finding fp -->",
        },
      ],
      body: [
        "### Backend Architect — 1 finding",
        "",
        "1 finding in 1 schema/migration file.",
        "",
        "<sub>Reviewed aaaaaaa by the offline architect (deterministic rules, no model). Every finding names its rule id.</sub>",
        `<!-- backend-architect:state {"v":1,"headSha":"${headSha}","verdict":"concerns","questions":[],"findings":["fp"]} -->`,
      ].join("\n"),
    });
  });

  it("spans a multi-line statement inside one hunk and moves lines outside the diff into the body", () => {
    const request = renderReview(
      outcome({
        findings: [
          finding({ fingerprint: "a", line: 11, endLine: 12 }),
          finding({ fingerprint: "b", line: 40, title: "Far away", message: "Not in a hunk." }),
          finding({
            fingerprint: "c",
            path: "not/in/pr.sql",
            line: 1,
            title: "Elsewhere",
            message: "Other file.",
          }),
        ],
      }),
      [migration],
      { headSha, inline: true },
    );
    expect(
      request.comments.map(({ path, line, side, start_line, start_side }) => ({
        path,
        line,
        side,
        start_line,
        start_side,
      })),
    ).toEqual([{ path: "db/001.sql", line: 12, side: "RIGHT", start_line: 11, start_side: "RIGHT" }]);
    expect(request.body).toContain(
      "#### Findings not commented inline\n\n- **blocker** `db/index-not-concurrent` `db/001.sql:40` — Far away\n  Not in a hunk.\n- **blocker** `db/index-not-concurrent` `not/in/pr.sql:1` — Elsewhere\n  Other file.",
    );
  });

  it("anchors LEFT-side findings on removed lines", () => {
    const request = renderReview(outcome({ findings: [finding({ line: 11, side: "LEFT" })] }), [migration], {
      headSha,
      inline: true,
    });
    expect(request.comments.map(({ line, side }) => ({ line, side }))).toEqual([{ line: 11, side: "LEFT" }]);
  });

  it("turns a HALT into REQUEST_CHANGES with numbered questions, inline where anchored", () => {
    const request = renderReview(
      outcome({
        verdict: "halt",
        summary: "Cannot proceed without answers to 1 question.",
        questions: [
          {
            id: "q1",
            ruleId: "db/drop-column",
            question: "This migration drops `users.email`. Has every deployed version stopped reading it?",
            why: "Dropping a column is irreversible.",
            path: "db/001.sql",
            line: 12,
            side: "RIGHT",
          },
        ],
      }),
      [migration],
      { headSha, inline: true },
    );
    expect(request.event).toBe("REQUEST_CHANGES");
    expect(request.body).toContain(
      "#### Questions — the architect cannot judge this change without your answers\n\n1. `db/001.sql:12` `db/drop-column` — This migration drops `users.email`. Has every deployed version stopped reading it?\n   _Why it blocks:_ Dropping a column is irreversible.",
    );
    expect(request.comments).toEqual([
      {
        path: "db/001.sql",
        line: 12,
        side: "RIGHT",
        body: "**HALT — question 1** · `db/drop-column`\n\nThis migration drops `users.email`. Has every deployed version stopped reading it?\n\n_Why it blocks:_ Dropping a column is irreversible.\n\n<!-- backend-architect:question q1 -->",
      },
    ]);
    expect(parseStateMarker(request.body)).toEqual({
      v: 1,
      headSha,
      verdict: "halt",
      questions: ["q1"],
      findings: [],
      numbered: [["q1"]],
      texts: { q1: "This migration drops `users.email`. Has every deployed version stopped reading it?" },
    });
  });

  it("says why an answer did not lift a question, and marks findings the author confirmed", () => {
    const request = renderReview(
      outcome({
        verdict: "halt",
        summary: "Cannot proceed without answers to 1 question.",
        questions: [
          {
            id: "q1",
            ruleId: "db/drop-column",
            question: "Has every deployed version stopped reading `users.email`?",
            why: "Dropping a column is irreversible.",
            path: "db/001.sql",
            line: 12,
            side: "RIGHT",
            notAccepted: "The answer says the mobile app v3 still reads it.",
          },
        ],
        findings: [finding({ line: 11, acknowledged: "answered by @octocat (question 2)" })],
      }),
      [migration],
      { headSha, inline: true },
    );
    expect(request.body).toContain(
      "1. `db/001.sql:12` `db/drop-column` — Has every deployed version stopped reading `users.email`?\n   _Why it blocks:_ Dropping a column is irreversible.\n   _The answer given did not settle it:_ The answer says the mobile app v3 still reads it.",
    );
    expect(request.comments.map((comment) => comment.body)).toEqual([
      "**HALT — question 1** · `db/drop-column`\n\nHas every deployed version stopped reading `users.email`?\n\n_Why it blocks:_ Dropping a column is irreversible.\n\n_The answer given did not settle it:_ The answer says the mobile app v3 still reads it.\n\n<!-- backend-architect:question q1 -->",
      "**blocker** · `db/index-not-concurrent` · Index built without CONCURRENTLY _(confirmed as intended: answered by @\u200doctocat (question 2))_\n\nBlocks writes while it builds.\n\n<!-- backend-architect:finding fp -->",
    ]);
  });

  it("keeps info findings out of inline comments and does not repeat findings the previous review posted", () => {
    const request = renderReview(
      outcome({
        findings: [
          finding({ fingerprint: "old" }),
          finding({
            fingerprint: "hygiene",
            severity: "info",
            ruleId: "db/missing-lock-timeout",
            title: "No lock timeout",
            message: "Set one.",
          }),
        ],
      }),
      [migration],
      {
        headSha,
        inline: true,
        previous: { v: 1, headSha: "c".repeat(40), verdict: "concerns", questions: [], findings: ["old"] },
      },
    );
    expect(request.comments).toEqual([]);
    expect(request.body).toContain(
      "#### Hygiene\n\n- **info** `db/missing-lock-timeout` `db/001.sql:11` — No lock timeout\n  Set one.",
    );
    expect(request.body).toContain(
      "#### Still open from the previous review\n\n- **blocker** `db/index-not-concurrent` `db/001.sql:11` — Index built without CONCURRENTLY",
    );
  });

  it("moves every comment into the body when inline comments are off (the 422 retry)", () => {
    const request = renderReview(outcome({ findings: [finding({})] }), [migration], {
      headSha,
      inline: false,
    });
    expect(request.comments).toEqual([]);
    expect(request.body).toContain(
      "#### Findings\n\n- **blocker** `db/index-not-concurrent` `db/001.sql:11`",
    );
  });

  it("caps inline comments, highest severity first, and lists the rest in the body", () => {
    const findings = [
      finding({ fingerprint: "1", line: 11 }),
      finding({ fingerprint: "2", line: 12, severity: "major" }),
    ];
    const request = renderReview(outcome({ findings }), [migration], {
      headSha,
      inline: true,
      maxInlineComments: 1,
    });
    expect(request.comments.map((comment) => comment.line)).toEqual([11]);
    expect(request.body).toContain("- **major** `db/index-not-concurrent` `db/001.sql:12`");
  });

  it("neutralises mentions and hidden comments that come from the PR", () => {
    expect(neutralise("ping @octocat <!-- hidden -->")).toBe("ping @\u200doctocat &lt;!-- hidden -->");
    const request = renderReview(
      outcome({ findings: [finding({ message: "column `@admins` <!-- x -->" })] }),
      [migration],
      { headSha, inline: true },
    );
    // The only hidden comment is the app's own marker, on the last line.
    expect(request.comments[0]?.body).toBe(
      "**blocker** · `db/index-not-concurrent` · Index built without CONCURRENTLY\n\ncolumn `@\u200dadmins` &lt;!-- x -->\n\n<!-- backend-architect:finding fp -->",
    );
  });

  it("keeps the body under GitHub's limit, with the state marker intact", () => {
    const findings = Array.from({ length: 2000 }, (_, i) =>
      finding({ fingerprint: `f${i}`, ruleId: `db/rule-${i}`, line: 1000 + i, message: "x".repeat(100) }),
    );
    const request = renderReview(outcome({ findings }), [migration], { headSha, inline: true });
    expect(request.body.length).toBeLessThanOrEqual(maxBodyLength);
    expect(request.body).toContain("_…the rest of this review was cut to stay under GitHub's size limit._");
    expect(parseStateMarker(request.body)?.findings).toHaveLength(1500);
  });

  it("says a repeated finding once, inline, and locates the other places in the body", () => {
    const findings = [11, 12, 30, 31, 32].map((line) => finding({ fingerprint: `r${line}`, line }));
    const request = renderReview(outcome({ findings }), [migration], { headSha, inline: true });
    expect(request.comments.map((comment) => comment.line)).toEqual([11]);
    expect(request.comments[0]?.body).toContain(
      "_The same applies in 4 more places of this PR, listed in the summary._",
    );
    expect(request.body).toContain(
      "#### The same finding in more places\n\n- `db/index-not-concurrent` — 4 more: `db/001.sql:12`, `db/001.sql:30`, `db/001.sql:31`, `db/001.sql:32`",
    );
  });

  it("keeps the state marker bounded on huge PRs", () => {
    const findings = Array.from({ length: 5000 }, (_, i) =>
      finding({ fingerprint: `${i}`.padStart(16, "0"), ruleId: `db/rule-${i}`, line: i }),
    );
    const request = renderReview(outcome({ findings }), [migration], { headSha, inline: true });
    expect(request.body.length).toBeLessThanOrEqual(maxBodyLength);
    expect(parseStateMarker(request.body)?.findings).toHaveLength(1500);
  });

  it("offers an acknowledgement for the first question that the intent check accepts", () => {
    const request = renderReview(
      outcome({
        verdict: "halt",
        questions: [
          { id: "q", ruleId: "db/drop-column", subject: "users.email", question: "Dropped?", why: "Gone." },
        ],
      }),
      [migration],
      { headSha, inline: true },
    );
    expect(request.body).toContain(
      "To lift this block, answer with `/architect answer 1: <your answer>` in a comment (or reply in the question's thread), state it in the PR description (for example `architect-ack: db/drop-column users.email` followed by your reason), or change the code.",
    );
  });
});
