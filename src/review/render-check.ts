// What the "Backend Architect" check run shows: its title, summary and details, from the run's outcome. Pure.
import type { Verdict } from "../domain/model.js";
import { neutralise } from "./render-review.js";

export interface CheckOutput {
  title: string;
  summary: string;
  text?: string;
}

export interface CheckOutcome {
  verdict: Verdict;
  /** The architect's one-paragraph summary. */
  summary: string;
  /** Open HALT questions with the numbers they have on the PR. */
  questions: ReadonlyArray<{ n: number; question: string }>;
  findings: number;
  /** The part of `findings` that must be fixed before merging. */
  blockers: number;
  /** Files that could not be checked: a clear verdict is then not a pass. */
  incomplete: boolean;
  /** Where the review is (the check's details link). */
  reviewUrl?: string;
  /** The review's Markdown, without its state marker. */
  details?: string;
}

export function renderCheckOutput(outcome: CheckOutcome): CheckOutput {
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const title =
    outcome.verdict === "halt"
      ? `HALT: ${count(outcome.questions.length, "question", "questions")} to answer`
      : outcome.verdict === "concerns"
        ? `${count(outcome.findings, "finding", "findings")}${outcome.blockers > 0 ? `, ${outcome.blockers} to fix before merging` : ""}`
        : outcome.incomplete
          ? "Nothing found, but the review is incomplete"
          : "No concerns";
  const lines = [neutralise(outcome.summary)];
  if (outcome.questions.length > 0) {
    lines.push("", "Answer on the pull request with `/architect answer <n>: …`:", "");
    for (const question of outcome.questions) lines.push(`${question.n}. ${neutralise(question.question)}`);
  }
  if (outcome.reviewUrl !== undefined) lines.push("", `The review: ${outcome.reviewUrl}`);
  return {
    title,
    summary: lines.join("\n"),
    ...(outcome.details === undefined ? {} : { text: outcome.details }),
  };
}

/** A run that judged nothing: the check says why (no backend change, paused, failed). */
export function renderCheckNotice(
  kind: "not-backend" | "paused" | "failed" | "superseded",
  detail: string,
): CheckOutput {
  switch (kind) {
    case "not-backend":
      return { title: "No backend changes", summary: neutralise(detail) };
    case "paused":
      return { title: "Paused", summary: neutralise(detail) };
    case "failed":
      return { title: "Review failed", summary: neutralise(detail) };
    case "superseded":
      return { title: "Superseded by a newer push", summary: neutralise(detail) };
  }
}
