// The design-proposal job (the architect's PLANNING phase on an issue): read the issue and the app's own
// proposal comment → requirements analysis with every answer so far → HALT questions, or the proposal →
// one comment per issue, created once and then edited in place → the `needs-clarification` label.
// Today the proposal is the deterministic skeleton (the decisions to make and their usual options); the
// model-written proposal plugs in where `renderSkeleton` is called.

import { APIError } from "@anthropic-ai/sdk";
import type { Logger } from "pino";
import { describeFailure } from "../agent/claude/claude-architect.js";
import { type ProposalRequest, proposeArchitect } from "../agent/claude/propose-architect.js";
import { knownRuleIds } from "../analyzers/registry.js";
import type { RepoConfig } from "../config/repo-config.schema.js";
import { errorMessage } from "../domain/error-message.js";
import { addLabel, type IssueRef, removeLabel } from "../github/conversation.js";
import type { GitHubClient } from "../github/github-client.js";
import { loadRepoConfig } from "../github/load-repo-config.js";
import { loadRepositoryAgent } from "../github/load-repository-agent.js";
import { readPreviousReviews } from "../github/publish-review.js";
import { planContracts } from "../proposals/plan-contracts.js";
import {
  type ProposalState,
  parseProposalMarker,
  recordDelivery,
  tickMilestones,
} from "../proposals/proposal-state.js";
import {
  agentHaltQuestions,
  type ProposalComment,
  type RenderContext,
  renderHalt,
  renderProposal,
  renderSkeleton,
} from "../proposals/render-proposal.js";
import { analyseRequirements, type ProposalAnswer } from "../proposals/requirements-gap.js";
import { neutralise } from "../review/render-review.js";
import type { ClaudeSettings } from "./review-pull-request.js";

export const clarificationLabel = "needs-clarification";

export interface ProposeDeps {
  octokit: GitHubClient;
  /** The app's own login: only its comments carry a proposal state. */
  botLogin: string;
  log: Pick<Logger, "info" | "warn">;
  /** With an API key the agent writes the proposal; without, the skeleton of decisions. */
  claude?: ClaudeSettings;
}

export interface ProposalQuestionRef {
  n: number;
  question: string;
}

export type ProposeResult =
  | { status: "not-an-issue" }
  | { status: "not-labelled" }
  | {
      status: "halt" | "proposal" | "skeleton";
      commentId: number;
      /** Why the model did not write the proposal (the skeleton stands in), when it failed. */
      modelFailure?: string;
      created: boolean;
      /** The open questions with their numbers on this issue (empty when nothing blocks). */
      open: ProposalQuestionRef[];
    };

/** The app's proposal comment on an issue and its state, when there is one. */
export async function readProposal(
  octokit: GitHubClient,
  ref: IssueRef,
  botLogin: string,
): Promise<{ id: number; state: ProposalState } | undefined> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner: ref.owner,
    repo: ref.repo,
    issue_number: ref.number,
    per_page: 100,
  });
  for (const comment of comments) {
    if (comment.user?.login !== botLogin) continue;
    const state = parseProposalMarker(comment.body);
    if (state !== undefined) return { id: comment.id, state };
  }
  return undefined;
}

/** The automatic trigger: an issue with the repository's proposal label (`proposals.label`). */
export async function proposeForLabel(ref: IssueRef, deps: ProposeDeps): Promise<ProposeResult> {
  const { config } = await loadRepoConfig(deps.octokit, ref, knownRuleIds);
  return proposeDesign(ref, deps, { config, requireLabel: config.proposals.label });
}

export interface ProposeOptions {
  /** New answers, on top of those recorded in the proposal's state. */
  answers?: readonly ProposalAnswer[];
  /** The proposal comment when the caller has read it already (an answer command). */
  known?: { id: number; state: ProposalState };
  /** Only plan when the issue carries this label (the automatic trigger); commands plan any issue. */
  requireLabel?: string;
  /** The repository configuration (the agent's name and model). */
  config: RepoConfig;
}

/** Plans the issue again with every answer so far and updates its one comment. */
export async function proposeDesign(
  ref: IssueRef,
  deps: ProposeDeps,
  options: ProposeOptions,
): Promise<ProposeResult> {
  const { known, requireLabel } = options;
  const added = options.answers ?? [];
  const { octokit } = deps;
  const { data: issue } = await octokit.rest.issues.get({
    owner: ref.owner,
    repo: ref.repo,
    issue_number: ref.number,
  });
  if (issue.pull_request !== undefined) return { status: "not-an-issue" };
  const labelNames = (issue.labels ?? []).map((label) =>
    typeof label === "string" ? label : (label.name ?? ""),
  );
  if (requireLabel !== undefined && (requireLabel === "" || !labelNames.includes(requireLabel)))
    return { status: "not-labelled" };
  const existing = known ?? (await readProposal(octokit, ref, deps.botLogin));
  const answers = mergeAnswers(existing?.state.answers ?? [], added);
  const analysis = analyseRequirements({ title: issue.title, body: issue.body ?? "", answers });
  const context = { answers, ...(existing === undefined ? {} : { previous: existing.state }) };
  let modelFailure: string | undefined;
  let comment: ProposalComment;
  if (analysis.halt) comment = renderHalt(analysis, context);
  else if (deps.claude === undefined) comment = renderSkeleton(analysis, context);
  else {
    try {
      comment = await modelProposal(
        ref,
        deps,
        deps.claude,
        options.config,
        {
          title: issue.title,
          body: issue.body ?? "",
          answers,
          analysis,
        },
        context,
      );
    } catch (error) {
      // API errors read as the reviews say them ("Claude was unavailable (529 overloaded after 3 attempts)").
      const reason = error instanceof APIError ? describeFailure(error, 2, 180_000) : errorMessage(error);
      modelFailure = neutralise(reason.split("\n")[0] ?? "").slice(0, 300);
      deps.log.warn({ error: modelFailure }, "the model did not write the proposal; posting the skeleton");
      comment = renderSkeleton(analysis, context);
    }
  }

  let commentId: number;
  if (existing === undefined) {
    const { data } = await octokit.rest.issues.createComment({
      owner: ref.owner,
      repo: ref.repo,
      issue_number: ref.number,
      body: comment.body,
    });
    commentId = data.id;
  } else {
    await octokit.rest.issues.updateComment({
      owner: ref.owner,
      repo: ref.repo,
      comment_id: existing.id,
      body: comment.body,
    });
    commentId = existing.id;
  }
  const labelled = labelNames.includes(clarificationLabel);
  const halted = comment.state.kind === "halt";
  if (halted && !labelled) await addLabel(octokit, ref, clarificationLabel);
  if (!halted && labelled) await removeLabel(octokit, ref, clarificationLabel);
  deps.log.info({ issue: ref.number, kind: comment.state.kind, commentId }, "design proposal updated");

  const open = halted
    ? comment.state.numbered
        .map((ids, index) => ({ n: index + 1, ids }))
        .filter((entry) => entry.ids.some((id) => comment.state.questions.includes(id)))
        .map((entry) => ({
          n: entry.n,
          question: analysis.questions.find((question) => entry.ids.includes(question.id))?.question ?? "",
        }))
    : [];
  return {
    status: comment.state.kind,
    commentId,
    created: existing === undefined,
    open,
    ...(modelFailure === undefined ? {} : { modelFailure }),
  };
}

/** The proposal written by the agent on Claude, its fragments checked; or its HALT questions. */
async function modelProposal(
  ref: IssueRef,
  deps: ProposeDeps,
  claude: ClaudeSettings,
  config: RepoConfig,
  request: ProposalRequest,
  context: RenderContext,
): Promise<ProposalComment> {
  const loaded = await loadRepositoryAgent(deps.octokit, ref, config.agent.name);
  const model = config.agent.model ?? claude.model;
  const design = await proposeArchitect(
    {
      apiKey: claude.apiKey,
      ...(claude.baseURL === undefined ? {} : { baseURL: claude.baseURL }),
      model,
      agent: loaded.agent,
    },
    request,
  );
  if (design.proposal.questions.length > 0) {
    return renderHalt(request.analysis, {
      ...context,
      questions: agentHaltQuestions(design.proposal.questions),
    });
  }
  return renderProposal({
    ...context,
    proposal: design.proposal,
    analysis: request.analysis,
    problems: design.problems,
    contracts: await planContracts(design.proposal),
    model,
  });
}

/**
 * A merged PR: the milestones its last review found delivered (kept in that review's state) are marked done
 * on each planned issue, and the issue's proposal comment gets its task list ticked. Returns the issues.
 */
export async function recordMergedDelivery(pr: IssueRef, deps: ProposeDeps): Promise<number[]> {
  const previous = await readPreviousReviews(deps.octokit, pr, deps.botLogin);
  const updated: number[] = [];
  for (const plan of previous.latest?.plans ?? []) {
    if (plan.milestones.length === 0) continue;
    const ref = { owner: pr.owner, repo: pr.repo, number: plan.issue };
    const proposal = await readProposal(deps.octokit, ref, deps.botLogin);
    if (proposal === undefined) continue;
    const state = recordDelivery(proposal.state, {
      pr: pr.number,
      milestoneIds: plan.milestones,
      merged: true,
    });
    const { data } = await deps.octokit.rest.issues.getComment({
      owner: ref.owner,
      repo: ref.repo,
      comment_id: proposal.id,
    });
    await deps.octokit.rest.issues.updateComment({
      owner: ref.owner,
      repo: ref.repo,
      comment_id: proposal.id,
      body: tickMilestones(data.body ?? "", state),
    });
    updated.push(plan.issue);
  }
  return updated;
}

/** A later answer to the same question replaces the earlier one. */
function mergeAnswers(
  recorded: readonly ProposalAnswer[],
  added: readonly ProposalAnswer[],
): ProposalAnswer[] {
  return [...recorded.filter((answer) => !added.some((next) => next.n === answer.n)), ...added];
}
