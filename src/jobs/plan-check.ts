// The VALIDATION phase on a PR: the issues it references (`Closes #12`, `Part of #12`, a link) that carry a
// design proposal; the PR's contract changes compared with each plan. Gives the "Against the plan" sections
// and a HALT question for every deviation the PR does not explain.
import { acceptedAnswers } from "../agent/offline-architect.js";
import type { FileSurfaceTable } from "../analyzers/api-surface/surface-table.js";
import type { ChangedFile, HaltAnswer, Question } from "../domain/model.js";
import type { IssueRef } from "../github/conversation.js";
import type { GitHubClient } from "../github/github-client.js";
import { compareToPlan } from "../proposals/compare-to-plan.js";
import { prContractsOf } from "../proposals/pr-contracts.js";
import { referencedIssues } from "../proposals/referenced-issues.js";
import { planQuestions, renderAgainstPlan } from "../proposals/render-plan-check.js";
import { readProposal } from "./propose-design.js";

/** Plans read per PR at most (each costs one GitHub call). */
const maxPlans = 3;

export interface PlanCheck {
  sections: string[];
  questions: Question[];
  /** Per planned issue, the milestones this PR delivers (recorded in the review state for the merge). */
  plans: Array<{ issue: number; milestones: string[] }>;
}

export async function checkAgainstPlans(
  octokit: GitHubClient,
  pr: IssueRef & { body: string },
  botLogin: string,
  files: readonly ChangedFile[],
  surface: readonly FileSurfaceTable[],
  answers: readonly HaltAnswer[],
): Promise<PlanCheck> {
  const check: PlanCheck = { sections: [], questions: [], plans: [] };
  const issues = referencedIssues(pr.body, pr.owner, pr.repo)
    .filter((number) => number !== pr.number)
    .slice(0, maxPlans);
  if (issues.length === 0) return check;
  const contracts = await prContractsOf(files, surface);
  // A deviation the author answered (accepted like any HALT answer) no longer blocks.
  const answered = acceptedAnswers(answers);
  for (const issue of issues) {
    const proposal = await readProposal(octokit, { owner: pr.owner, repo: pr.repo, number: issue }, botLogin);
    if (proposal === undefined || proposal.state.kind !== "proposal") continue;
    const comparison = compareToPlan(proposal.state, contracts);
    check.sections.push(renderAgainstPlan(issue, comparison));
    check.plans.push({ issue, milestones: comparison.delivered.map((milestone) => milestone.id) });
    check.questions.push(
      ...planQuestions(issue, comparison.deviations).filter((question) => !answered.has(question.id)),
    );
  }
  return check;
}
