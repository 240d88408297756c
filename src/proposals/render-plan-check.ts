// The "Against the plan" section of a PR review, and the deviations as HALT questions the review asks.
// Pure; the review (render-review.ts) places the section and merges the questions with its own.
import type { Question } from "../domain/model.js";
import { neutralise } from "../review/render-review.js";
import type { Deviation, PlanComparison } from "./compare-to-plan.js";

/** The Markdown section for a PR that references issue `issue`, whose proposal gave `comparison`. */
export function renderAgainstPlan(issue: number, comparison: PlanComparison): string {
  const lines = [`#### Against the plan (#${issue})`, ""];
  if (comparison.delivered.length === 0) {
    lines.push("- Delivers no milestone of the plan that its contracts show (endpoints, tables).");
  }
  for (const milestone of comparison.delivered) {
    const extent = milestone.complete
      ? "all its deliverables"
      : `${milestone.matched.map((item) => neutralise(item.replace(/\s+/g, " "))).join("; ")}`;
    lines.push(`- Delivers **${neutralise(milestone.id)}** ${neutralise(milestone.title)}: ${extent}`);
  }
  if (comparison.deviations.length === 0) {
    lines.push("- No deviation from the plan's contracts.");
  } else {
    const n = comparison.deviations.length;
    lines.push(`- ${n} deviation${n === 1 ? "" : "s"} from the plan's contracts, asked as questions above.`);
  }
  return lines.join("\n");
}

/**
 * Each deviation as a HALT question with a stable id (`plan/<kind>/<subject>` prefixed with the issue), so
 * it keeps its number across runs and is answered like any other (`/architect answer n: …`).
 */
export function planQuestions(issue: number, deviations: readonly Deviation[]): Question[] {
  return deviations.map((deviation) => ({
    id: `#${issue}/${deviation.id}`,
    question: deviation.question,
    why: `The plan of #${issue} is the agreed contract: either this PR follows it, or the plan changes (comment \`/architect propose\` on the issue after updating it).`,
  }));
}
