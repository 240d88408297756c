import { describe, expect, it } from "vitest";
import { renderCheckNotice, renderCheckOutput } from "../../src/review/render-check.js";

describe("renderCheckOutput", () => {
  it("titles a HALT by its questions and lists them with how to answer", () => {
    expect(
      renderCheckOutput({
        verdict: "halt",
        summary: "The migration drops `users.age`.",
        questions: [{ n: 1, question: "Is anything still reading `users.age`?" }],
        findings: 0,
        blockers: 0,
        incomplete: false,
        reviewUrl: "https://github.com/o/r/pull/5#pullrequestreview-9",
      }),
    ).toEqual({
      title: "HALT: 1 question to answer",
      summary:
        "The migration drops `users.age`.\n\nAnswer on the pull request with `/architect answer <n>: …`:\n\n1. Is anything still reading `users.age`?\n\nThe review: https://github.com/o/r/pull/5#pullrequestreview-9",
    });
  });

  it("never calls an incomplete run a pass, and neutralises mentions", () => {
    const output = renderCheckOutput({
      verdict: "clear",
      summary: "Nothing found; @team please look",
      questions: [],
      findings: 0,
      blockers: 0,
      incomplete: true,
      details: "### Backend Architect",
    });
    expect(output.title).toBe("Nothing found, but the review is incomplete");
    expect(output.summary).toBe("Nothing found; @\u200dteam please look");
    expect(output.text).toBe("### Backend Architect");
  });

  it("counts findings and blockers for concerns", () => {
    const output = renderCheckOutput({
      verdict: "concerns",
      summary: "s",
      questions: [],
      findings: 1,
      blockers: 0,
      incomplete: false,
    });
    expect(output.title).toBe("1 finding");
  });
});

describe("renderCheckNotice", () => {
  it("titles a run that judged nothing", () => {
    expect(renderCheckNotice("paused", "paused by label").title).toBe("Paused");
    expect(renderCheckNotice("failed", "GitHub answered 502").title).toBe("Review failed");
  });
});
