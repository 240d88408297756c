// The hidden state the app keeps in its own review body (DESIGN.md, "Where state lives").
import { z } from "zod";
import type { HaltAnswer as HaltAnswerData } from "../domain/model.js";

/** An answer to HALT question `n` (a `/architect answer`, or a reply in the question's thread). */
export const HaltAnswer = z.object({
  n: z.number().int().positive(),
  /** Ids of the question(s) it answers: the question and those asked together with it. */
  questions: z.array(z.string()),
  by: z.string(),
  text: z.string(),
  question: z.string().optional(),
}) satisfies z.ZodType<HaltAnswerData>;
export type HaltAnswer = z.infer<typeof HaltAnswer>;

/** A rule ignored on this PR with `/architect ignore`. */
export const IgnoredRule = z.object({
  ruleId: z.string(),
  by: z.string(),
  reason: z.string().optional(),
});
export type IgnoredRule = z.infer<typeof IgnoredRule>;

export const ReviewState = z.object({
  v: z.literal(1),
  headSha: z.string(),
  verdict: z.enum(["halt", "concerns", "clear"]),
  /** Ids of the open HALT questions. */
  questions: z.array(z.string()),
  /** Fingerprints of the findings this review reported. */
  findings: z.array(z.string()),
  /**
   * Question numbers on this PR: entry n − 1 holds the ids of question n. Kept across runs, so question 2
   * stays question 2 while 1 is answered, and a question asked again keeps its number.
   */
  numbered: z.array(z.array(z.string())).optional(),
  answers: z.array(HaltAnswer).optional(),
  /** The text of each open question by its id (cut), so an answer can be judged against what was asked. */
  texts: z.record(z.string(), z.string()).optional(),
  ignored: z.array(IgnoredRule).optional(),
  /** The skip label the app said (once, in this summary) pauses automatic reviews. */
  paused: z.string().max(100).optional(),
  /** The plans this PR implements and the milestones it delivers: ticked on the issue when it merges. */
  plans: z
    .array(z.object({ issue: z.number().int().positive(), milestones: z.array(z.string()) }))
    .optional(),
});
export type ReviewState = z.infer<typeof ReviewState>;

const markerPattern = /<!-- backend-architect:state (\{.*?\}) -->/g;

/**
 * The app writes its marker as the body's last line, so the last one is ours: text quoted above it (a file
 * named like a marker, shown as a path) is never read as state, nor replaced.
 */
function lastMarker(body: string): { index: number; length: number; json: string } | undefined {
  const match = [...body.matchAll(markerPattern)].at(-1);
  if (match === undefined) return undefined;
  return { index: match.index ?? 0, length: match[0].length, json: match[1] ?? "" };
}

/**
 * `<`, `>` and the line separators U+2028/U+2029 are written as JSON escapes: no text inside (a question quoting
 * `-->`) can end the HTML comment early, and the marker stays on one line for its pattern. JSON.parse reads them back.
 */
export function renderStateMarker(state: ReviewState): string {
  const json = JSON.stringify(state).replace(
    /[<>\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return `<!-- backend-architect:state ${json} -->`;
}

/** The body with its state marker replaced by one for `state` (a review updated in place). */
export function replaceStateMarker(body: string, state: ReviewState): string {
  const marker = renderStateMarker(state);
  const last = lastMarker(body);
  if (last === undefined) return `${body}\n${marker}`;
  return `${body.slice(0, last.index)}${marker}${body.slice(last.index + last.length)}`;
}

/** The body as people read it: without the state marker. */
export function withoutStateMarker(body: string): string {
  const last = lastMarker(body);
  if (last === undefined) return body.trimEnd();
  return `${body.slice(0, last.index)}${body.slice(last.index + last.length)}`.trimEnd();
}

/** The state in a review body, or `undefined` when there is none or it is not ours (bad shape). */
export function parseStateMarker(body: string | null | undefined): ReviewState | undefined {
  const json = lastMarker(body ?? "")?.json;
  if (json === undefined) return undefined;
  try {
    const parsed = ReviewState.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Every question id a review asks, including those asked together with another (`alsoAsks`). */
export function askedQuestionIds(questions: ReadonlyArray<{ id: string; alsoAsks?: string[] }>): string[] {
  return questions.flatMap((question) => [question.id, ...(question.alsoAsks ?? [])]);
}

/**
 * The number of each question: the one it had before when any of its ids was numbered, else the next free
 * number. Returns the numbers (parallel to `questions`) and the updated numbering.
 */
/** The number question `id` has on the PR (1-based), or `undefined` when it was never numbered. */
export function questionNumber(
  state: Pick<ReviewState, "numbered"> | undefined,
  id: string,
): number | undefined {
  const index = state?.numbered?.findIndex((ids) => ids.includes(id)) ?? -1;
  return index === -1 ? undefined : index + 1;
}

export function numberQuestions(
  questions: ReadonlyArray<{ id: string; alsoAsks?: string[] }>,
  previous: readonly string[][] = [],
): { numbers: number[]; numbered: string[][] } {
  const numbered = previous.map((ids) => [...ids]);
  const numberOf = (ids: readonly string[]): number =>
    numbered.findIndex((known) => ids.some((id) => known.includes(id))) + 1;
  const numbers = questions.map((question) => {
    const ids = [question.id, ...(question.alsoAsks ?? [])];
    const known = numberOf(ids);
    if (known > 0) {
      const entry = numbered[known - 1] ?? [];
      for (const id of ids) if (!entry.includes(id)) entry.push(id);
      return known;
    }
    numbered.push(ids);
    return numbered.length;
  });
  return { numbers, numbered };
}
