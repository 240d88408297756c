// The hidden state of an issue's proposal comment (DESIGN.md, "Where state lives"): what was understood,
// the numbered questions and their answers, the plan's milestones and contracts. A later run updates the
// comment in place from it, and a PR that references the issue is validated against it.
import { z } from "zod";
import type { ProposalAnswer as ProposalAnswerData } from "./requirements-gap.js";

export const ProposalAnswer = z.object({
  n: z.number().int().positive(),
  questionIds: z.array(z.string()),
  by: z.string(),
  text: z.string(),
}) satisfies z.ZodType<ProposalAnswerData>;

export const PlanMilestone = z.object({
  id: z.string(),
  title: z.string(),
  /** What it delivers, as the plan words it (`POST /v1/shares`, `table shares`): matched against PRs. */
  deliverables: z.array(z.string()),
  done: z.boolean(),
  /** PRs that delivered (part of) it. */
  prs: z.array(z.number().int().positive()),
});
export type PlanMilestone = z.infer<typeof PlanMilestone>;

export const PlanEndpoint = z.object({
  method: z.string(),
  path: z.string(),
  /** Top-level request and response body fields. */
  fields: z.array(z.string()),
});
export type PlanEndpoint = z.infer<typeof PlanEndpoint>;

export const PlanTable = z.object({ table: z.string(), columns: z.array(z.string()) });
export type PlanTable = z.infer<typeof PlanTable>;

export const PlanType = z.object({ name: z.string(), fields: z.array(z.string()) });
export type PlanType = z.infer<typeof PlanType>;

export const PlanContracts = z.object({
  endpoints: z.array(PlanEndpoint),
  tables: z.array(PlanTable),
  /** GraphQL object and input types (root types included: their fields are the operations). */
  types: z.array(PlanType),
});
export type PlanContracts = z.infer<typeof PlanContracts>;

export const PlanCriterion = z.object({ criterion: z.string(), target: z.string() });
export type PlanCriterion = z.infer<typeof PlanCriterion>;

export const ProposalState = z.object({
  v: z.literal(1),
  /** What the comment shows: questions (HALT), a proposal, or the offline skeleton. */
  kind: z.enum(["halt", "proposal", "skeleton"]),
  /** The requirements as understood, one line each. */
  requirements: z.array(z.string()),
  /** Ids of the open questions. */
  questions: z.array(z.string()),
  /** Question numbers on this issue: entry n − 1 holds the ids of question n (stable across runs). */
  numbered: z.array(z.array(z.string())),
  answers: z.array(ProposalAnswer),
  milestones: z.array(PlanMilestone),
  contracts: PlanContracts,
  /** The plan's validation criteria, with their numbers. */
  criteria: z.array(PlanCriterion),
});
export type ProposalState = z.infer<typeof ProposalState>;

export const emptyContracts: PlanContracts = { endpoints: [], tables: [], types: [] };

const markerPrefix = "<!-- backend-architect:proposal ";
const markerPattern = /<!-- backend-architect:proposal (\{.*?\}) -->/;

/**
 * The marker. `<` and `>` are written as JSON escapes so no text inside (a requirement quoting `-->`) can end
 * the HTML comment early or be mistaken for its end; JSON.parse reads them back unchanged.
 */
export function renderProposalMarker(state: ProposalState): string {
  const json = JSON.stringify(state).replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
  return `${markerPrefix}${json} -->`;
}

/** The body with its marker replaced by one for `state`; a body without one gets it on its first line. */
export function replaceProposalMarker(body: string, state: ProposalState): string {
  const marker = renderProposalMarker(state);
  return markerPattern.test(body) ? body.replace(markerPattern, () => marker) : `${marker}\n${body}`;
}

/**
 * The state in a proposal comment, or undefined when there is none or its shape is not ours. Only a
 * marker on the first line counts: ours is always there, and text quoted further down cannot pose as it.
 * (The caller must still check that the comment is the app's own.)
 */
export function parseProposalMarker(body: string | null | undefined): ProposalState | undefined {
  if (body === null || body === undefined || !body.startsWith(markerPrefix)) return undefined;
  const json = body.split("\n", 1)[0]?.match(markerPattern)?.[1];
  if (json === undefined) return undefined;
  try {
    const parsed = ProposalState.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Records that PR `pr` delivered milestones `ids`; `merged` marks them done (the task list is ticked when
 * the body is rendered again, or with `tickMilestones`). Milestones the plan does not have are ignored.
 */
export function recordDelivery(
  state: ProposalState,
  delivery: { pr: number; milestoneIds: readonly string[]; merged: boolean },
): ProposalState {
  const milestones = state.milestones.map((milestone) => {
    if (!delivery.milestoneIds.includes(milestone.id)) return milestone;
    const prs = milestone.prs.includes(delivery.pr) ? milestone.prs : [...milestone.prs, delivery.pr];
    return { ...milestone, prs, done: milestone.done || delivery.merged };
  });
  return { ...state, milestones };
}

/**
 * The comment body with its task list and marker brought in line with `state`: the milestone lines
 * rendered by render-proposal (`- [ ] **M1** …`) are ticked or unticked by id. Everything else is kept.
 */
export function tickMilestones(body: string, state: ProposalState): string {
  const done = new Map(state.milestones.map((milestone) => [milestone.id, milestone.done]));
  const ticked = body.replace(/^- \[[ x]\] \*\*([^*\n]+)\*\*/gm, (line, id: string) => {
    const isDone = done.get(id);
    if (isDone === undefined) return line;
    return `- [${isDone ? "x" : " "}] **${id}**`;
  });
  return replaceProposalMarker(ticked, state);
}
