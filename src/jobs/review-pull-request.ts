// The review job: gather from GitHub → pipeline → one review posted (or none when nothing is backend).
import type { Logger } from "pino";
import type { Architect } from "../agent/architect.js";
import { createClaudeArchitect } from "../agent/claude/claude-architect.js";
import type { TokenCalibration } from "../agent/claude/estimate-tokens.js";
import type { Analyzer } from "../analyzers/analyzer.js";
import { knownRuleIds } from "../analyzers/registry.js";
import { errorMessage } from "../domain/error-message.js";
import type { Question, Verdict } from "../domain/model.js";
import { gatherPullRequest, gitHubContentSource } from "../github/gather-pull-request.js";
import type { GitHubClient, PullRequestRef } from "../github/github-client.js";
import { loadRepoConfig } from "../github/load-repo-config.js";
import { loadRepositoryAgent } from "../github/load-repository-agent.js";
import { dismissOwnBlocks, publishReview, readPreviousReviews } from "../github/publish-review.js";
import { gitHubRepositoryReader } from "../github/repository-reader.js";
import { reviewChanges } from "../pipeline/review-changes.js";
import type { ReviewPullRequestJob } from "../queue/job.js";
import { neutralise, type ReviewRequest, renderReview } from "../review/render-review.js";
import { askedQuestionIds, type ReviewState } from "../review/review-state.js";

/** Set when the app has an Anthropic API key: the architect agent on Claude writes the review. */
export interface ClaudeSettings {
  apiKey: string;
  baseURL?: string;
  /** The process default (`ANTHROPIC_MODEL`); a repository may choose another. */
  model: string;
  /** One per process, so every review's token estimate learns from the ones before it. */
  calibration: TokenCalibration;
}

export interface ReviewJobDeps {
  octokit: GitHubClient;
  /** The app's own login (`<slug>[bot]`): its previous reviews carry the state. */
  botLogin: string;
  analyzers: readonly Analyzer[];
  claude?: ClaudeSettings;
  log: Pick<Logger, "info" | "warn">;
}

export type ReviewJobResult = (
  | { status: "skipped"; reason: "closed" | "draft" | "not-backend" | "unchanged" }
  | {
      status: "posted";
      reviewId: number;
      verdict: Verdict;
      event: ReviewRequest["event"];
      inlineComments: number;
      dismissed: number[];
    }
) & {
  /** GitHub API requests the job made (installation token exchange excluded). */
  githubCalls: number;
};

/**
 * Reviews the PR. When the run fails before anything was posted, the PR gets a short COMMENT saying the
 * review did not happen and why (never a silent no-op); the error is rethrown for the queue's log.
 */
export async function reviewPullRequest(
  job: ReviewPullRequestJob,
  deps: ReviewJobDeps,
): Promise<ReviewJobResult> {
  const progress = { posting: false };
  try {
    return await runReview(job, deps, progress);
  } catch (error) {
    if (!progress.posting) await postFailureNotice(job, deps, error);
    throw error;
  }
}

async function postFailureNotice(
  job: ReviewPullRequestJob,
  deps: ReviewJobDeps,
  error: unknown,
): Promise<void> {
  const reason = neutralise(errorMessage(error).split("\n")[0] ?? "").slice(0, 300);
  try {
    await deps.octokit.rest.pulls.createReview({
      owner: job.owner,
      repo: job.repo,
      pull_number: job.number,
      commit_id: job.headSha,
      event: "COMMENT",
      body: [
        "### Backend Architect — review failed",
        "",
        `The review of ${job.headSha.slice(0, 7)} could not be completed: ${reason}. Nothing was judged, and no earlier block was lifted. Push again (or redeliver the webhook from the app's settings) to retry.`,
      ].join("\n"),
    });
  } catch (noticeError) {
    deps.log.warn({ err: noticeError }, "could not post the failure notice either");
  }
}

async function runReview(
  job: ReviewPullRequestJob,
  deps: ReviewJobDeps,
  progress: { posting: boolean },
): Promise<ReviewJobResult> {
  const { octokit, log } = deps;
  const ref: PullRequestRef = { owner: job.owner, repo: job.repo, number: job.number };
  let githubCalls = 0;
  octokit.hook.before("request", () => {
    githubCalls++;
  });

  const gathered = await gatherPullRequest(octokit, ref);
  if (!gathered.open) return finish({ status: "skipped", reason: "closed" });
  if (gathered.draft) return finish({ status: "skipped", reason: "draft" });
  const { snapshot } = gathered;
  if (snapshot.headSha !== job.headSha) {
    log.info(
      { jobSha: job.headSha, headSha: snapshot.headSha },
      "PR moved on since the event; reviewing its head",
    );
  }

  const { config, problems } = await loadRepoConfig(octokit, ref, knownRuleIds);
  const claude = deps.claude;
  const architect: Architect | undefined =
    claude === undefined
      ? undefined
      : async (input) => {
          // Loaded only when the PR is backend-relevant: the pipeline never calls the model otherwise.
          const loaded = await loadRepositoryAgent(octokit, ref, config.agent.name);
          input.notes.unshift(...loaded.problems);
          return createClaudeArchitect({
            apiKey: claude.apiKey,
            ...(claude.baseURL === undefined ? {} : { baseURL: claude.baseURL }),
            model: config.agent.model ?? claude.model,
            agent: loaded.agent,
            reader: gitHubRepositoryReader(octokit, snapshot, gathered.defaultBranch),
            maxInlineComments: config.review.maxInlineComments,
            costCeilingUsd: config.agent.costCeilingUsd,
            tokenBudget: config.agent.tokenBudget,
            calibration: claude.calibration,
            log,
          })(input);
        };
  const result = await reviewChanges({
    snapshot,
    rawFiles: gathered.rawFiles,
    contents: gitHubContentSource(octokit, snapshot),
    analyzers: deps.analyzers,
    config,
    configProblems: problems,
    ...(architect === undefined ? {} : { architect }),
  });
  if (!result.relevant) return finish({ status: "skipped", reason: "not-backend" });

  const previous = await readPreviousReviews(octokit, ref, deps.botLogin);
  const { outcome } = result;
  if (previous.latest !== undefined && sameConclusion(previous.latest, outcome)) {
    // Nothing new to say: a second identical review on every push is exactly the noise users hate.
    return finish({ status: "skipped", reason: "unchanged" });
  }

  progress.posting = true;
  const published = await publishReview(octokit, ref, (inline) =>
    renderReview(outcome, result.files, {
      headSha: snapshot.headSha,
      inline,
      maxInlineComments: config.review.maxInlineComments,
      requestChanges: config.review.requestChanges,
      approve: config.review.approve && result.unchecked.length === 0,
      ...prev(previous.latest),
    }),
  );
  if (published.inlineMovedToBody)
    log.warn({ ...ref }, "GitHub refused the inline comments; posted them in the body");

  // Only a complete, non-blocking review lifts the app's earlier blocks; a failed or partial run never does.
  let dismissed: number[] = [];
  if (outcome.verdict !== "halt" && result.unchecked.length === 0 && previous.blockingReviewIds.length > 0) {
    const dismissal = await dismissOwnBlocks(octokit, ref, previous.blockingReviewIds, snapshot.headSha);
    dismissed = dismissal.dismissed;
    if (dismissal.refused.length > 0) {
      log.warn(
        { refused: dismissal.refused },
        "branch protection refused to dismiss the app's earlier review",
      );
    }
  }
  return finish({
    status: "posted",
    reviewId: published.reviewId,
    verdict: outcome.verdict,
    event: published.event,
    inlineComments: published.inlineComments,
    dismissed,
  });

  function finish(outcome: DistributiveOmit<ReviewJobResult, "githubCalls">): ReviewJobResult {
    const jobResult = { ...outcome, githubCalls } as ReviewJobResult;
    log.info({ ...ref, headSha: job.headSha, ...jobResult }, "review job finished");
    return jobResult;
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function prev(latest: ReviewState | undefined): { previous?: ReviewState } {
  return latest === undefined ? {} : { previous: latest };
}

function sameConclusion(
  state: ReviewState,
  outcome: { verdict: Verdict; questions: Question[]; findings: { fingerprint: string }[] },
): boolean {
  const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((item) => b.includes(item));
  return (
    state.verdict === outcome.verdict &&
    sameSet(state.questions, askedQuestionIds(outcome.questions)) &&
    sameSet(
      state.findings,
      outcome.findings.map((finding) => finding.fingerprint),
    )
  );
}
