// The hidden state the app keeps in its own review body (DESIGN.md, "Where state lives").
import { z } from "zod";

export const ReviewState = z.object({
  v: z.literal(1),
  headSha: z.string(),
  verdict: z.enum(["halt", "concerns", "clear"]),
  /** Ids of the open HALT questions. */
  questions: z.array(z.string()),
  /** Fingerprints of the findings this review reported. */
  findings: z.array(z.string()),
});
export type ReviewState = z.infer<typeof ReviewState>;

const markerPattern = /<!-- backend-architect:state (\{.*?\}) -->/;

export function renderStateMarker(state: ReviewState): string {
  return `<!-- backend-architect:state ${JSON.stringify(state)} -->`;
}

/** The state in a review body, or `undefined` when there is none or it is not ours (bad shape). */
export function parseStateMarker(body: string | null | undefined): ReviewState | undefined {
  const json = body?.match(markerPattern)?.[1];
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
