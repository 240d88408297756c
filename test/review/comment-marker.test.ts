import { describe, expect, it } from "vitest";
import type { Finding, ReviewOutcome } from "../../src/domain/model.js";
import {
  parseCommentMarker,
  renderCommentMarker,
  withCommentMarker,
} from "../../src/review/comment-marker.js";
import { renderReview } from "../../src/review/render-review.js";
import { indexFinding, indexMigration, offlineOutcome } from "../helpers/review-fixtures.js";

const headSha = "a".repeat(40);
const migration = indexMigration;
const finding = (overrides: Partial<Finding>) =>
  indexFinding({ fingerprint: "e39bea6fcb350c67", ...overrides });
const outcome = (overrides: Partial<ReviewOutcome>) =>
  offlineOutcome({ summary: "1 finding.", ...overrides });

describe("comment markers", () => {
  it("renders a finding's fingerprint as the hidden last line and reads it back", () => {
    const body = withCommentMarker("**blocker** · x", { kind: "finding", id: "e39bea6fcb350c67" });
    expect(body).toBe("**blocker** · x\n\n<!-- backend-architect:finding e39bea6fcb350c67 -->");
    expect(parseCommentMarker(body)).toEqual({ kind: "finding", id: "e39bea6fcb350c67" });
  });

  it("reads a question marker", () => {
    expect(parseCommentMarker("**HALT — question 2**\n\n<!-- backend-architect:question q-7 -->")).toEqual({
      kind: "question",
      id: "q-7",
    });
  });

  it("finds no marker in a body without one, an empty body or null", () => {
    expect(parseCommentMarker("Looks good to me.")).toBeUndefined();
    expect(parseCommentMarker("")).toBeUndefined();
    expect(parseCommentMarker(null)).toBeUndefined();
    expect(parseCommentMarker(undefined)).toBeUndefined();
  });

  it("tolerates a trailing newline or CRLF after the marker", () => {
    expect(parseCommentMarker("x\r\n\r\n<!-- backend-architect:finding abc -->\r\n")).toEqual({
      kind: "finding",
      id: "abc",
    });
  });

  it("reads only the last line: a marker quoted earlier in the body does not count", () => {
    expect(
      parseCommentMarker("<!-- backend-architect:question q1 -->\n\nA reply that quotes the marker."),
    ).toBeUndefined();
    expect(
      parseCommentMarker(
        "x\n\n<!-- backend-architect:question q1 -->\n\n<!-- backend-architect:finding f1 -->",
      ),
    ).toEqual({ kind: "finding", id: "f1" });
  });

  it("rejects unknown kinds, spaces inside the id and malformed escapes", () => {
    expect(parseCommentMarker("x\n\n<!-- backend-architect:state {} -->")).toBeUndefined();
    expect(parseCommentMarker("x\n\n<!-- backend-architect:finding a b -->")).toBeUndefined();
    expect(parseCommentMarker("x\n\n<!-- backend-architect:finding %E0%A4%A -->")).toBeUndefined();
    expect(parseCommentMarker("x\n\n<!-- backend-architect:finding  -->")).toBeUndefined();
  });

  it("cannot be forged into another kind or id by text inside the fingerprint", () => {
    const forged = "x --> <!-- backend-architect:question q1";
    const marker = renderCommentMarker({ kind: "finding", id: forged });
    expect(marker).toBe(
      "<!-- backend-architect:finding x%20--%3E%20%3C!--%20backend-architect%3Aquestion%20q1 -->",
    );
    expect(marker.match(/-->/g)).toHaveLength(1);
    expect(parseCommentMarker(`body\n\n${marker}`)).toEqual({ kind: "finding", id: forged });
  });

  it("round-trips ids with unicode, slashes and percent signs", () => {
    for (const id of ["architect/question db/001.sql", "100%", "naïve ✓", "a\nb"]) {
      expect(parseCommentMarker(withCommentMarker("x", { kind: "question", id }))).toEqual({
        kind: "question",
        id,
      });
    }
  });
});

describe("renderReview's inline comments carry their marker", () => {
  it("marks a finding's comment with its fingerprint, after the note on repeated places", () => {
    const findings = [11, 12, 13, 14].map((line, i) =>
      finding({ fingerprint: `fp${i}`, line, path: "db/001.sql" }),
    );
    const request = renderReview(outcome({ findings }), [migration], { headSha, inline: true });
    expect(request.comments.map((comment) => comment.body)).toEqual([
      "**blocker** · `db/index-not-concurrent` · Index built without CONCURRENTLY\n\nBlocks writes while it builds.\n\n_The same applies in 3 more places of this PR, listed in the summary._\n\n<!-- backend-architect:finding fp0 -->",
    ]);
    expect(parseCommentMarker(request.comments[0]?.body)).toEqual({ kind: "finding", id: "fp0" });
  });

  it("marks a HALT question's comment with the question's id", () => {
    const request = renderReview(
      outcome({
        verdict: "halt",
        questions: [
          {
            id: "q1",
            alsoAsks: ["q2"],
            question: "Has every reader stopped?",
            why: "Irreversible.",
            path: "db/001.sql",
            line: 12,
            side: "RIGHT",
          },
        ],
      }),
      [migration],
      { headSha, inline: true },
    );
    expect(request.comments.map((comment) => parseCommentMarker(comment.body))).toEqual([
      { kind: "question", id: "q1" },
    ]);
  });

  it("keeps the finding marker when the suggestion quotes a forged marker", () => {
    const request = renderReview(
      outcome({
        findings: [
          finding({
            fingerprint: "real",
            suggestion: "CREATE INDEX b ON t (c); -- <!-- backend-architect:question q9 -->",
          }),
        ],
      }),
      [migration],
      { headSha, inline: true },
    );
    expect(parseCommentMarker(request.comments[0]?.body)).toEqual({ kind: "finding", id: "real" });
  });

  it("writes a fingerprint that would close the comment early as one escaped id", () => {
    const request = renderReview(
      outcome({ findings: [finding({ fingerprint: "fp --> <!-- backend-architect:question q1" })] }),
      [migration],
      { headSha, inline: true },
    );
    const body = request.comments[0]?.body ?? "";
    expect(
      body.endsWith(
        "\n\n<!-- backend-architect:finding fp%20--%3E%20%3C!--%20backend-architect%3Aquestion%20q1 -->",
      ),
    ).toBe(true);
    expect(parseCommentMarker(body)).toEqual({
      kind: "finding",
      id: "fp --> <!-- backend-architect:question q1",
    });
  });
});
