// The design-proposal job (the architect's PLANNING phase on an issue): read the issue and the app's own
// proposal comment → requirements analysis with every answer so far → HALT questions, or the proposal →
// one comment per issue, created once and then edited in place → the `needs-clarification` label.
// Today the proposal is the deterministic skeleton (the decisions to make and their usual options); the
// model-written proposal plugs in where `renderSkeleton` is called.
import type { Logger } from "pino";
import { knownRuleIds } from "../analyzers/registry.js";
import { addLabel, type IssueRef, removeLabel } from "../github/conversation.js";
import type { GitHubClient } from "../github/github-client.js";
import { loadRepoConfig } from "../github/load-repo-config.js";
import { type ProposalState, parseProposalMarker } from "../proposals/proposal-state.js";
import { renderHalt, renderSkeleton } from "../proposals/render-proposal.js";
import { analyseRequirements, type ProposalAnswer } from "../proposals/requirements-gap.js";

export const clarificationLabel = "needs-clarification";

export interface ProposeDeps {
  octokit: GitHubClient;
  /** The app's own login: only its comments carry a proposal state. */
  botLogin: string;
  log: Pick<Logger, "info" | "warn">;
}

export interface ProposalQuestionRef {
  n: number;
  question: string;
}

export type ProposeResult =
  | { status: "not-an-issue" }
  | { status: "not-labelled" }
  | {
      status: "halt" | "skeleton";
      commentId: number;
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
  return proposeDesign(ref, deps, [], undefined, config.proposals.label);
}

/**
 * Plans the issue again with `added` answers (on top of those recorded) and updates its one comment.
 * `known` is the proposal comment when the caller has read it already (an answer command).
 */
export async function proposeDesign(
  ref: IssueRef,
  deps: ProposeDeps,
  added: readonly ProposalAnswer[] = [],
  known?: { id: number; state: ProposalState },
  /** Only plan when the issue carries this label (the automatic trigger); commands plan any issue. */
  requireLabel?: string,
): Promise<ProposeResult> {
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
  const comment = analysis.halt ? renderHalt(analysis, context) : renderSkeleton(analysis, context);

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
  if (analysis.halt && !labelled) await addLabel(octokit, ref, clarificationLabel);
  if (!analysis.halt && labelled) await removeLabel(octokit, ref, clarificationLabel);
  deps.log.info({ issue: ref.number, kind: comment.state.kind, commentId }, "design proposal updated");

  const open = analysis.halt
    ? comment.state.numbered
        .map((ids, index) => ({ n: index + 1, ids }))
        .filter((entry) => entry.ids.some((id) => comment.state.questions.includes(id)))
        .map((entry) => ({
          n: entry.n,
          question: analysis.questions.find((question) => entry.ids.includes(question.id))?.question ?? "",
        }))
    : [];
  return {
    status: analysis.halt ? "halt" : "skeleton",
    commentId,
    created: existing === undefined,
    open,
  };
}

/** A later answer to the same question replaces the earlier one. */
function mergeAnswers(
  recorded: readonly ProposalAnswer[],
  added: readonly ProposalAnswer[],
): ProposalAnswer[] {
  return [...recorded.filter((answer) => !added.some((next) => next.n === answer.n)), ...added];
}
