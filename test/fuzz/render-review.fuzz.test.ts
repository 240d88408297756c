// Review rendering under generated outcomes with hostile text (backticks, fences, `<!--`, pipes, 70k-char
// messages): the body fits GitHub's limit, every fence is closed, the state marker reads back, and no HTML
// comment from the PR's or the model's text survives.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toChangedFile } from "../../src/diff/to-changed-file.js";
import type { Finding, Question, ReviewOutcome } from "../../src/domain/model.js";
import { neutralise, type RenderOptions, renderReview } from "../../src/review/render-review.js";
import { parseStateMarker } from "../../src/review/review-state.js";
import { fuzz, fuzzRunsFor } from "./fuzz-run.js";
import { foreignHtmlComments, openFenceAtEnd } from "./markdown-checks.js";

const hostile = fc.constantFrom(
  "`",
  "``",
  "```",
  "\n```\n",
  "\n```js\n",
  "\n````\n",
  "\n    ```\n",
  "<!--",
  "-->",
  "<!-- backend-architect:state {} -->",
  "<!-- backend-architect:finding x -->",
  "|",
  "| a | b |\n|---|---|",
  "\u2028",
  "\u2029",
  "@octocat",
  "\r\n",
  "\n\n",
  "\\",
  "~~~",
  "<details>",
  "} -->",
  "\uD800",
);
const text = fc
  .array(
    fc.oneof({ weight: 2, arbitrary: hostile }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }),
    {
      maxLength: 8,
    },
  )
  .map((parts) => parts.join(""));
/** Mostly short hostile text; sometimes a message past GitHub's whole body limit. */
const longText = fc.oneof(
  { weight: 30, arbitrary: text },
  {
    weight: 1,
    arbitrary: fc.tuple(text, fc.integer({ min: 60_000, max: 70_000 })).map(([t, n]) => t + "x".repeat(n)),
  },
);

/** Fingerprints and question ids are hashes the app makes (`fingerprintOf`), never the PR's text. */
const hashId = fc.oneof(
  fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 16, maxLength: 16 }),
  fc.integer({ min: 1, max: 9 }).map((n) => `answer-${n}`),
);

const paths = ["db/001.sql", "api/openapi.yaml"];
const path = fc.oneof(fc.constantFrom(...paths), text);

const finding: fc.Arbitrary<Finding> = fc
  .record({
    fingerprint: hashId,
    ruleId: fc.oneof(fc.constantFrom("db/index-not-concurrent", "api/removed-endpoint"), text),
    severity: fc.constantFrom("blocker", "major", "minor", "info" as const),
    path,
    line: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
    endLine: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
    side: fc.constantFrom("LEFT", "RIGHT" as const),
    title: text,
    message: longText,
    suggestion: fc.option(text, { nil: undefined }),
    acknowledged: fc.option(text, { nil: undefined }),
  })
  .map((generated) => {
    const result: Finding = {
      fingerprint: generated.fingerprint,
      ruleId: generated.ruleId,
      source: "agent",
      severity: generated.severity,
      category: "schema",
      path: generated.path,
      side: generated.side,
      title: generated.title,
      message: generated.message,
    };
    if (generated.line !== undefined) result.line = generated.line;
    if (generated.endLine !== undefined) result.endLine = generated.endLine;
    if (generated.suggestion !== undefined) result.suggestion = generated.suggestion;
    if (generated.acknowledged !== undefined) result.acknowledged = generated.acknowledged;
    return result;
  });

const question: fc.Arbitrary<Question> = fc
  .record({
    id: hashId,
    question: longText,
    why: text,
    path: fc.option(path, { nil: undefined }),
    line: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
    ruleId: fc.option(text, { nil: undefined }),
    subject: fc.option(text, { nil: undefined }),
    notAccepted: fc.option(text, { nil: undefined }),
  })
  .map((generated) => {
    const result: Question = { id: generated.id, question: generated.question, why: generated.why };
    for (const key of ["path", "line", "ruleId", "subject", "notAccepted"] as const) {
      const value = generated[key];
      if (value !== undefined) Object.assign(result, { [key]: value });
    }
    return result;
  });

const outcome: fc.Arbitrary<ReviewOutcome> = fc.record({
  verdict: fc.constantFrom("halt", "concerns", "clear" as const),
  summary: longText,
  findings: fc.array(finding, { maxLength: 12 }),
  questions: fc.array(question, { maxLength: 4 }),
  omitted: fc.array(fc.record({ path: text, reason: text }), { maxLength: 3 }),
  notes: fc.array(text, { maxLength: 3 }),
  model: fc.oneof(fc.constant("offline"), text),
});

const options = fc.record({
  inline: fc.boolean(),
  approve: fc.boolean(),
  requestChanges: fc.boolean(),
  inPlace: fc.boolean(),
  answers: fc.array(
    fc.record({
      n: fc.integer({ min: 1, max: 9 }),
      questions: fc.array(text, { maxLength: 2 }),
      by: text,
      text: longText,
    }),
    { maxLength: 3 },
  ),
  ignored: fc.array(fc.record({ ruleId: text, by: text, reason: text }), { maxLength: 2 }),
  // Callers build these lines from neutralised text (jobs/review-pull-request).
  resolved: fc.array(
    text.map((line) => `- ${neutralise(line)}`),
    { maxLength: 2 },
  ),
});

const files = [
  toChangedFile({
    path: "db/001.sql",
    status: "modified",
    additions: 12,
    deletions: 3,
    patch: `@@ -1,10 +1,19 @@\n${[" a", "-b", "+c", "+d", " e", "-f", "+g", "+h", "+i", " j", " k", "+l", "+m", "+n", "+o", "+p", " q", "-r", " s", " t", "+u"].join("\n")}`,
  }),
  toChangedFile({
    path: "api/openapi.yaml",
    status: "added",
    additions: 3,
    deletions: 0,
    patch: "@@ -0,0 +1,3 @@\n+a\n+b\n+c",
  }),
];

describe("renderReview under generated outcomes", () => {
  it("keeps the body under GitHub's limit, fences closed, the state readable and no foreign HTML comment", async () => {
    await fuzz(
      "renderReview: size, fences, state marker, no foreign <!--",
      fc.tuple(outcome, options),
      ([generated, extra]) => {
        const renderOptions: RenderOptions = { headSha: "f".repeat(40), ...extra };
        const request = renderReview(generated, files, renderOptions);
        expect(request.body.length).toBeLessThanOrEqual(65_536);
        expect(openFenceAtEnd(request.body), "a fence left open in the body").toBe(0);
        expect(foreignHtmlComments(request.body), "an HTML comment from the input in the body").toBe(0);
        const state = parseStateMarker(request.body);
        expect(state?.verdict).toBe(generated.verdict);
        expect(state?.headSha).toBe("f".repeat(40));
        for (const comment of request.comments) {
          expect(comment.body.length).toBeLessThanOrEqual(65_536);
          expect(openFenceAtEnd(comment.body), "a fence left open in an inline comment").toBe(0);
          expect(foreignHtmlComments(comment.body), "an HTML comment from the input inline").toBe(0);
        }
      },
      fuzzRunsFor(0.5),
    );
  });
});
