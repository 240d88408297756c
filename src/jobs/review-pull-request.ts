// The review job: gather from GitHub → pipeline → one review posted (or none when nothing is backend).
import type { Logger } from "pino";
import type { AgentDefinition } from "../agent/agent-definition.schema.js";
import type { Architect, ArchitectInput } from "../agent/architect.js";
import { createClaudeArchitect } from "../agent/claude/claude-architect.js";
import type { TokenCalibration } from "../agent/claude/estimate-tokens.js";
import { offlineArchitect } from "../agent/offline-architect.js";
import type { Analyzer } from "../analyzers/analyzer.js";
import { knownRuleIds } from "../analyzers/registry.js";
import type { ParsedRepoConfig } from "../config/parse-repo-config.js";
import { errorMessage } from "../domain/error-message.js";
import type { HaltAnswer, Question, ReviewOutcome, Usage, Verdict } from "../domain/model.js";
import { agentFromContext } from "../github/agent-from-files.js";
import { type CheckAnnotation, checkConclusion, toAnnotations } from "../github/check-run.js";
import { compareHeads, type HeadChange } from "../github/compare-heads.js";
import { gitHubContentSource, listChangedFiles } from "../github/gather-pull-request.js";
import type { GitHubClient, PullRequestRef } from "../github/github-client.js";
import {
  deletePendingReviews,
  dismissOwnBlocks,
  type PreviousReviews,
  publishReview,
  updateReviewBody,
} from "../github/publish-review.js";
import { type DefaultBranchCache, guidanceDocuments } from "../github/read-default-branch-files.js";
import { readReviewContext } from "../github/read-review-context.js";
import { loadConfigFromContext } from "../github/repo-config-from-files.js";
import { gitHubRepositoryReader } from "../github/repository-reader.js";
import {
  listOwnThreads,
  type OwnThread,
  resolveThreads,
  threadsToResolve,
} from "../github/review-threads.js";
import { reviewChanges } from "../pipeline/review-changes.js";
import { type CheckOutcome, renderCheckNotice, renderCheckOutput } from "../review/render-check.js";
import { neutralise, type ReviewRequest, renderReview } from "../review/render-review.js";
import {
  askedQuestionIds,
  type IgnoredRule,
  numberQuestions,
  parseStateMarker,
  questionNumber,
  type ReviewState,
  replaceStateMarker,
  withoutStateMarker,
} from "../review/review-state.js";
import { checkAgainstPlans } from "./plan-check.js";
import { noCheck, openReviewCheck, type ReviewCheck, reviewUrl } from "./review-check-run.js";

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
  /** True once a newer job for this PR waits (a push arrived while this run worked): post nothing then. */
  superseded?: () => boolean | Promise<boolean>;
  /** The process's cache of default-branch reads, and the installation they are read for. */
  defaultBranchCache?: { store: DefaultBranchCache; installationId: number };
}

/** What a command adds to an automatic review (`/architect review`, `answer`, `ignore`). */
export interface ReviewRunOptions {
  /** Post even when nothing changed since the last review, and even on a PR with the skip label. */
  force?: boolean;
  /** New answers to HALT questions, on top of those recorded in the previous review's state. */
  answers?: HaltAnswer[];
  /** Rules newly ignored on this PR, on top of those recorded before. */
  ignored?: IgnoredRule[];
  /**
   * An answer that leaves the PR blocked changes nothing on GitHub but the recorded answers: the blocking
   * review is updated in place instead of posting another one.
   */
  keepBlockInPlace?: boolean;
  /** Analyse and return the outcome; post nothing (`/architect ask` without a model). */
  dryRun?: boolean;
  /** What the caller already read from GitHub for this PR: not asked for again. */
  known?: { config?: ParsedRepoConfig; previous?: PreviousReviews };
}

/** A question still open after a run, with the number it has on this PR. */
export interface OpenQuestion {
  n: number;
  question: string;
  ruleId?: string;
  /** The architect's reason the answer given did not settle it. */
  notAccepted?: string;
}

export type ReviewJobResult = (
  | {
      status: "skipped";
      reason:
        | "closed"
        | "draft"
        | "not-backend"
        | "unchanged"
        | "no-backend-change"
        | "paused"
        | "superseded";
    }
  | {
      status: "analysed";
      outcome: ReviewOutcome;
      /** What the architect was given (dry runs use the offline architect; `ask` hands this to the model). */
      input: ArchitectInput;
      /** The repository's agent persona and model, for a model call on the same input. */
      agent: { definition: AgentDefinition; model: string } | undefined;
    }
  /**
   * Nothing new since the last review, but some of what it reported went away: its body (the summary) was
   * rewritten in place, and no review was posted.
   */
  | { status: "updated"; reviewId: number; openQuestions: OpenQuestion[]; resolvedFindings: number }
  /** The blocking review stays; only the state in its body changed (answers, ignores). */
  | { status: "kept"; reviewId: number; openQuestions: OpenQuestion[] }
  | {
      status: "posted";
      reviewId: number;
      verdict: Verdict;
      event: ReviewRequest["event"];
      inlineComments: number;
      dismissed: number[];
      openQuestions: OpenQuestion[];
    }
) & {
  /** GitHub API requests the job made (installation token exchange excluded). */
  githubCalls: number;
  /** What the model cost, when the architect on Claude ran. */
  usage?: Usage;
};

/**
 * Reviews the PR. When the run fails before anything was posted, the PR gets a short COMMENT saying the
 * review did not happen and why (never a silent no-op); the error is rethrown for the queue's log.
 */
export async function reviewPullRequest(
  job: ReviewTarget,
  deps: ReviewJobDeps,
  options: ReviewRunOptions = {},
): Promise<ReviewJobResult> {
  const progress: RunProgress = { posting: false, check: noCheck };
  try {
    return await runReview(job, deps, options, progress);
  } catch (error) {
    if (!progress.posting) await postFailureNotice(job, deps, error);
    await progress.check.complete({
      conclusion: "failure",
      ...renderCheckNotice(
        "failed",
        `The review could not be completed: ${errorMessage(error).split("\n")[0] ?? ""}. Re-run this check (or push again) to retry.`,
      ),
      annotations: [],
    });
    throw error;
  }
}

interface RunProgress {
  /** Set once the review request goes out: a failure after it posts no failure notice. */
  posting: boolean;
  /** The run's check run, once started. */
  check: ReviewCheck;
}

async function postFailureNotice(job: ReviewTarget, deps: ReviewJobDeps, error: unknown): Promise<void> {
  const reason = neutralise(errorMessage(error).split("\n")[0] ?? "").slice(0, 300);
  try {
    await deps.octokit.rest.pulls.createReview({
      owner: job.owner,
      repo: job.repo,
      pull_number: job.number,
      ...(job.headSha === undefined ? {} : { commit_id: job.headSha }),
      event: "COMMENT",
      body: [
        "### Backend Architect — review failed",
        "",
        `The review of ${job.headSha === undefined ? "this PR" : job.headSha.slice(0, 7)} could not be completed: ${reason}. Nothing was judged, and no earlier block was lifted. Push again (or redeliver the webhook from the app's settings) to retry.`,
      ].join("\n"),
    });
  } catch (noticeError) {
    deps.log.warn({ err: noticeError }, "could not post the failure notice either");
  }
}

async function runReview(
  job: ReviewTarget,
  deps: ReviewJobDeps,
  options: ReviewRunOptions,
  progress: RunProgress,
): Promise<ReviewJobResult> {
  const { octokit, log } = deps;
  const ref: PullRequestRef = { owner: job.owner, repo: job.repo, number: job.number };
  let githubCalls = 0;
  let usage: Usage | undefined;
  octokit.hook.before("request", () => {
    githubCalls++;
  });

  // One GraphQL request: the PR, the app's earlier reviews, the config, agents and guidance files.
  const context = await readReviewContext(octokit, ref, {
    botLogin: deps.botLogin,
    ...(deps.defaultBranchCache === undefined ? {} : { cache: deps.defaultBranchCache }),
  });
  const pull = context.pullRequest;
  if (!pull.open) return finish({ status: "skipped", reason: "closed" });
  if (pull.draft) return finish({ status: "skipped", reason: "draft" });
  const gathered = { ...pull, rawFiles: await listChangedFiles(octokit, ref) };
  const { snapshot } = gathered;
  if (job.headSha !== undefined && snapshot.headSha !== job.headSha) {
    log.info(
      { jobSha: job.headSha, headSha: snapshot.headSha },
      "PR moved on since the event; reviewing its head",
    );
  }

  // Every head gets a check run (a required check must never wait forever), except in a dry run.
  if (options.dryRun !== true) progress.check = await openReviewCheck(octokit, ref, snapshot.headSha, log);
  const { check } = progress;
  const { config, problems } =
    options.known?.config ?? (await loadConfigFromContext(octokit, ref, context, knownRuleIds));
  const previous = options.known?.previous ?? context.previousReviews;
  if (options.force !== true && gathered.labels.includes(config.review.skipLabel)) {
    const label = config.review.skipLabel;
    await check.complete({
      conclusion: "skipped",
      ...renderCheckNotice(
        "paused",
        `The label \`${label}\` pauses automatic reviews of this pull request; \`/architect resume\` removes it, \`/architect review\` reviews once.`,
      ),
      annotations: [],
    });
    // Said once on the PR: the standing summary gets one line (and its state remembers it was said).
    const latest = previous.latest;
    const standing = previous.latestReview;
    if (latest !== undefined && standing !== undefined && latest.paused !== label) {
      const note = `> **Paused:** the label \`${neutralise(label)}\` stops automatic reviews of this pull request from ${snapshot.headSha.slice(0, 7)} on; this summary is of ${latest.headSha.slice(0, 7)}. \`/architect resume\` resumes them.`;
      await updateReviewBody(
        octokit,
        ref,
        standing.id,
        replaceStateMarker(`${note}\n\n${withoutPausedNote(standing.body)}`, { ...latest, paused: label }),
      );
    }
    return finish({ status: "skipped", reason: "paused" });
  }
  const answers = mergeAnswers(previous.latest?.answers ?? [], options.answers ?? []);
  const ignored = mergeIgnored(previous.latest?.ignored ?? [], options.ignored ?? []);
  const contents = gitHubContentSource(octokit, snapshot);
  // What the push did since the last reviewed head: added commits are the increment the architect looks at
  // first; a rewritten branch is reviewed whole, and the review says so.
  const since = previous.latest?.headSha;
  const change = since === undefined ? undefined : await compareHeads(octokit, ref, since, snapshot.headSha);
  const automatic =
    options.force !== true &&
    options.dryRun !== true &&
    options.keepBlockInPlace !== true &&
    (options.answers ?? []).length === 0 &&
    (options.ignored ?? []).length === 0;
  let increment: { since: string; paths: string[] } | undefined;
  const headNotes: string[] = [];
  if (since !== undefined && change?.kind === "ahead") {
    increment = { since, paths: change.files.map((file) => file.path) };
    const latest = previous.latest;
    if (automatic && latest !== undefined && previous.latestReview !== undefined) {
      // The same relevance test as a whole PR's (a secret in application code counts), over the push alone.
      const pushed = await reviewChanges({
        snapshot,
        rawFiles: change.files,
        contents,
        analyzers: deps.analyzers,
        config,
      });
      if (!pushed.relevant) {
        await completeCheckFromState(check, latest, {
          haltConclusion: config.review.haltConclusion,
          summary: `No backend file changed since the last review (${since.slice(0, 7)}): its conclusion stands.`,
          reviewUrl: reviewUrl(ref, previous.latestReview.id),
        });
        return finish({ status: "skipped", reason: "no-backend-change" });
      }
    }
  } else if (since !== undefined && change?.kind === "rewritten") {
    headNotes.push(rewrittenNote(change.reason, since));
  }
  const rewritten = change?.kind === "rewritten";
  const claude = deps.claude;
  let analysed: ArchitectInput | undefined;
  let agent: { definition: AgentDefinition; model: string } | undefined;
  const architect: Architect | undefined =
    options.dryRun === true
      ? // A dry run never calls the model for a review: it keeps what the architect would be given.
        async (input) => {
          analysed = input;
          if (claude !== undefined) {
            const loaded = await agentFromContext(context.files, config.agent.name);
            agent = { definition: loaded.agent, model: config.agent.model ?? claude.model };
          }
          return offlineArchitect(input);
        }
      : claude === undefined
        ? undefined
        : async (input) => {
            // Loaded only when the PR is backend-relevant: the pipeline never calls the model otherwise.
            const loaded = await agentFromContext(context.files, config.agent.name);
            input.notes.unshift(...loaded.problems);
            return createClaudeArchitect({
              apiKey: claude.apiKey,
              ...(claude.baseURL === undefined ? {} : { baseURL: claude.baseURL }),
              model: config.agent.model ?? claude.model,
              agent: loaded.agent,
              reader: gitHubRepositoryReader(
                octokit,
                snapshot,
                gathered.defaultBranch,
                guidanceDocuments(context.files),
              ),
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
    contents,
    analyzers: deps.analyzers,
    config,
    configProblems: problems,
    answers,
    ignoredRules: ignored.map((rule) => rule.ruleId),
    ...(architect === undefined ? {} : { architect }),
    ...(increment === undefined ? {} : { increment }),
  });
  if (!result.relevant) {
    await check.complete({
      conclusion: "skipped",
      ...renderCheckNotice(
        "not-backend",
        "No API contract, database schema or migration, or infrastructure file changed: nothing for the backend architect to judge.",
      ),
      annotations: [],
    });
    return finish({ status: "skipped", reason: "not-backend" });
  }

  const { outcome } = result;
  outcome.notes.unshift(...headNotes);
  usage = outcome.usage;
  if (options.dryRun === true) {
    // A dry run never posts, even if the pipeline had not called the architect.
    const input = analysed ?? {
      pr: snapshot,
      files: result.files,
      findings: [],
      omitted: [],
      notes: [],
      unchecked: [],
    };
    return finish({ status: "analysed", outcome, input, agent });
  }
  // The plans of the issues this PR references: "Against the plan" sections, deviations as HALT questions.
  const plan = await checkAgainstPlans(
    octokit,
    { ...ref, body: snapshot.body },
    deps.botLogin,
    result.files,
    result.apiSurface,
    answers,
  );
  if (plan.questions.length > 0) {
    outcome.questions.push(...plan.questions);
    if (outcome.verdict !== "halt") {
      outcome.verdict = "halt";
      outcome.summary += ` It deviates from the plan it implements: ${plan.questions.length === 1 ? "one question" : `${plan.questions.length} questions`} below.`;
    }
  }
  // What the last review reported that this run no longer finds.
  const currentFindings = new Set(outcome.findings.map((finding) => finding.fingerprint));
  const resolvedFindings = (previous.latest?.findings ?? []).filter((fp) => !currentFindings.has(fp));
  const currentQuestions = new Set(askedQuestionIds(outcome.questions));
  const resolvedQuestions = (previous.latest?.questions ?? []).filter((id) => !currentQuestions.has(id));
  const resolved = [
    ...resolvedQuestionLines(resolvedQuestions, previous.latest),
    ...resolvedFindingLines(resolvedFindings, []),
  ];
  const render = (inline: boolean, inPlace = false) =>
    renderReview(outcome, result.files, {
      ...(resolved.length === 0 ? {} : { resolved }),
      inPlace,
      sections: plan.sections,
      plans: plan.plans,
      headSha: snapshot.headSha,
      inline,
      maxInlineComments: config.review.maxInlineComments,
      requestChanges: config.review.requestChanges,
      approve: config.review.approve && result.unchecked.length === 0,
      answers,
      ignored,
      // After a rewrite the old comments sit on commits the branch no longer has: everything is said again,
      // anchored to the new head (question numbers stay).
      ...prev(rewritten ? reanchored(previous.latest) : previous.latest),
    });
  const completeCheck = (
    questions: readonly OpenQuestion[],
    review: { id: number; body: string; htmlUrl?: string },
  ) =>
    completeReviewCheck(check, config.review.haltConclusion, {
      verdict: outcome.verdict,
      summary: outcome.summary,
      questions,
      findings: outcome.findings.length,
      blockers: outcome.findings.filter((finding) => finding.severity === "blocker").length,
      incomplete: result.unchecked.length > 0,
      reviewUrl: reviewUrl(ref, review.id, review.htmlUrl),
      details: withoutStateMarker(review.body),
      annotations: toAnnotations(outcome.findings, {
        pathsAtHead: new Set(
          result.files.filter((file) => file.status !== "removed").map((file) => file.path),
        ),
      }),
    });
  const latestReview = previous.latestReview;
  const stillBlocked = outcome.verdict === "halt" && previous.latest?.verdict === "halt";
  // A push arrived while this run worked: its review (already queued) will speak for the new head.
  if ((await deps.superseded?.()) === true) {
    await check.complete({
      conclusion: "skipped",
      ...renderCheckNotice(
        "superseded",
        `A newer commit was pushed while ${snapshot.headSha.slice(0, 7)} was being reviewed; the newer one is reviewed instead.`,
      ),
      annotations: [],
    });
    return finish({ status: "skipped", reason: "superseded" });
  }
  // Our threads whose finding or question went away are resolved (only on a complete run: a file that
  // could not be read is not a fixed one), and the summary names them.
  if (result.unchecked.length === 0 && (resolvedFindings.length > 0 || resolvedQuestions.length > 0)) {
    const threads = await resolveGoneThreads(octokit, ref, deps.botLogin, {
      findings: currentFindings,
      questions: currentQuestions,
    });
    if (threads.failed.length > 0) log.warn({ failed: threads.failed }, "could not resolve some threads");
    resolved.splice(
      0,
      resolved.length,
      ...resolvedQuestionLines(resolvedQuestions, previous.latest),
      ...resolvedFindingLines(resolvedFindings, threads.resolved),
    );
  }
  const nothingNew = !rewritten && previous.latest !== undefined && nothingNewSince(previous.latest, outcome);
  if (
    latestReview !== undefined &&
    ((nothingNew && options.force !== true) || (stillBlocked && options.keepBlockInPlace === true))
  ) {
    // Nothing new to say: a second review on every push is exactly the noise users hate. When findings or
    // questions went away, the summary that stands is rewritten in place to say so; what a command recorded
    // (answers, ignores) still goes into its state.
    const rendered = render(true, true);
    const state = parseStateMarker(rendered.body);
    const somethingWentAway =
      nothingNew && previous.latest !== undefined && !sameConclusion(previous.latest, outcome);
    // A summary that still says "paused" is rewritten too, now that reviews run again.
    if (somethingWentAway || previous.latest?.paused !== undefined) {
      await updateReviewBody(octokit, ref, latestReview.id, rendered.body);
    } else if (state !== undefined && stateChanged(previous.latest, state)) {
      await updateReviewBody(
        octokit,
        ref,
        latestReview.id,
        replaceStateMarker(latestReview.body, {
          ...(previous.latest ?? state),
          ...pick(state, ["numbered", "answers", "ignored"]),
        }),
      );
    }
    const openQuestions = openQuestionsOf(outcome.questions, state);
    await completeCheck(
      openQuestions,
      somethingWentAway ? { id: latestReview.id, body: rendered.body } : latestReview,
    );
    if (stillBlocked && options.keepBlockInPlace === true) {
      return finish({ status: "kept", reviewId: latestReview.id, openQuestions });
    }
    if (somethingWentAway) {
      return finish({
        status: "updated",
        reviewId: latestReview.id,
        openQuestions,
        resolvedFindings: resolvedFindings.length,
      });
    }
    return finish({ status: "skipped", reason: "unchanged" });
  }

  if (previous.pendingReviewIds !== undefined && previous.pendingReviewIds.length > 0) {
    const deleted = await deletePendingReviews(octokit, ref, previous.pendingReviewIds);
    log.info({ deleted }, "deleted the app's leftover pending reviews");
  }
  progress.posting = true;
  const published = await publishReview(octokit, ref, render);
  if (published.inlineMovedToBody)
    log.warn({ ...ref }, "GitHub refused the inline comments; posted them in the body");

  // Only a complete, non-blocking review lifts the app's earlier blocks; a failed or partial run never does.
  let dismissed: number[] = [];
  if (outcome.verdict !== "halt" && result.unchecked.length === 0 && previous.blockingReviewIds.length > 0) {
    const dismissal = await dismissOwnBlocks(
      octokit,
      ref,
      previous.blockingReviewIds,
      snapshot.headSha,
      dismissalReason(answers, snapshot.headSha),
    );
    dismissed = dismissal.dismissed;
    if (dismissal.refused.length > 0) {
      log.warn(
        { refused: dismissal.refused },
        "branch protection refused to dismiss the app's earlier review",
      );
    }
  }
  const openQuestions = openQuestionsOf(outcome.questions, parseStateMarker(published.body));
  await completeCheck(openQuestions, {
    id: published.reviewId,
    body: published.body,
    ...(published.htmlUrl === undefined ? {} : { htmlUrl: published.htmlUrl }),
  });
  return finish({
    status: "posted",
    reviewId: published.reviewId,
    verdict: outcome.verdict,
    event: published.event,
    inlineComments: published.inlineComments,
    dismissed,
    openQuestions,
  });

  function finish(outcome: DistributiveOmit<ReviewJobResult, "githubCalls">): ReviewJobResult {
    const jobResult = {
      ...outcome,
      githubCalls,
      ...(usage === undefined ? {} : { usage }),
    } as ReviewJobResult;
    log.info({ ...ref, headSha: job.headSha, ...jobResult }, "review job finished");
    return jobResult;
  }
}

/** The PR a run reviews: its head as the event saw it, when an event said (a command does not). */
export interface ReviewTarget {
  owner: string;
  repo: string;
  number: number;
  headSha?: string;
}

/** A later answer to the same question replaces the earlier one. */
function mergeAnswers(recorded: readonly HaltAnswer[], added: readonly HaltAnswer[]): HaltAnswer[] {
  const merged = recorded.filter(
    (answer) => !added.some((next) => next.questions.some((id) => answer.questions.includes(id))),
  );
  return [...merged, ...added];
}

function mergeIgnored(recorded: readonly IgnoredRule[], added: readonly IgnoredRule[]): IgnoredRule[] {
  return [...recorded.filter((rule) => !added.some((next) => next.ruleId === rule.ruleId)), ...added];
}

function stateChanged(before: ReviewState | undefined, after: ReviewState): boolean {
  const keys = ["numbered", "answers", "ignored"] as const;
  return keys.some((key) => JSON.stringify(before?.[key] ?? []) !== JSON.stringify(after[key] ?? []));
}

function pick<T extends object, K extends keyof T>(object: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) if (object[key] !== undefined) picked[key] = object[key];
  return picked;
}

function openQuestionsOf(questions: readonly Question[], state: ReviewState | undefined): OpenQuestion[] {
  const { numbers } = numberQuestions(questions, state?.numbered);
  return questions
    .map((question, index) => {
      const open: OpenQuestion = { n: numbers[index] ?? index + 1, question: question.question };
      if (question.ruleId !== undefined) open.ruleId = question.ruleId;
      if (question.notAccepted !== undefined) open.notAccepted = question.notAccepted;
      return open;
    })
    .sort((a, b) => a.n - b.n);
}

function dismissalReason(answers: readonly HaltAnswer[], headSha: string): string | undefined {
  if (answers.length === 0) return undefined;
  const named = answers.map((answer) => `question ${answer.n} by @${answer.by}`).join(", ");
  return `Backend Architect: answered (${named}); nothing blocks ${headSha.slice(0, 7)} any more.`;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function reanchored(latest: ReviewState | undefined): ReviewState | undefined {
  return latest === undefined ? undefined : { ...latest, findings: [], questions: [] };
}

function prev(latest: ReviewState | undefined): { previous?: ReviewState } {
  return latest === undefined ? {} : { previous: latest };
}

/** Same verdict, and every finding and question of this run was reported by the last review. */
function nothingNewSince(
  state: ReviewState,
  outcome: { verdict: Verdict; questions: Question[]; findings: { fingerprint: string }[] },
): boolean {
  const asked = new Set(state.questions);
  const reported = new Set(state.findings);
  return (
    state.verdict === outcome.verdict &&
    askedQuestionIds(outcome.questions).every((id) => asked.has(id)) &&
    outcome.findings.every((finding) => reported.has(finding.fingerprint))
  );
}

/** Questions of the last review that this run no longer asks, by their number on the PR. */
function resolvedQuestionLines(ids: readonly string[], state: ReviewState | undefined): string[] {
  return ids.map((id) => {
    const n = questionNumber(state, id) ?? 0;
    const text = state?.texts?.[id];
    const what = text === undefined ? "" : `: ${neutralise(text.split("\n")[0] ?? "").slice(0, 200)}`;
    return `- Question ${n > 0 ? n : "?"} no longer applies${what}`;
  });
}

/**
 * The findings of the last review this run no longer finds: those that had a thread of ours by name (the
 * thread is resolved), the rest counted.
 */
function resolvedFindingLines(fingerprints: readonly string[], threads: readonly OwnThread[]): string[] {
  const gone = new Set(fingerprints);
  const named = threads.filter((thread) => thread.marker.kind === "finding" && gone.has(thread.marker.id));
  const lines = named.map((thread) => {
    const where = thread.line === null ? thread.path : `${thread.path}:${thread.line}`;
    return `- ${neutralise(thread.heading)} at \`${neutralise(where)}\` — thread resolved`;
  });
  const rest = gone.size - new Set(named.map((thread) => thread.marker.id)).size;
  if (rest > 0) {
    const what = rest === 1 ? "finding" : "findings";
    lines.push(
      `- ${rest} ${named.length > 0 ? "more " : ""}${what} of the last review no longer found at this head.`,
    );
  }
  return lines;
}

/** Lists the app's threads and resolves those whose finding or question is gone; never fails the run. */
async function resolveGoneThreads(
  octokit: GitHubClient,
  ref: PullRequestRef,
  botLogin: string,
  present: { findings: ReadonlySet<string>; questions: ReadonlySet<string> },
): Promise<{ resolved: OwnThread[]; failed: string[] }> {
  try {
    const stale = threadsToResolve(await listOwnThreads(octokit, ref, botLogin), present);
    if (stale.length === 0) return { resolved: [], failed: [] };
    const outcome = await resolveThreads(
      octokit,
      stale.map((thread) => thread.id),
    );
    const done = new Set(outcome.resolved);
    return { resolved: stale.filter((thread) => done.has(thread.id)), failed: outcome.failed };
  } catch (error) {
    // The review matters more than tidy threads: they are tried again on the next run.
    return { resolved: [], failed: [errorMessage(error)] };
  }
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

/** A summary without the "Paused" line an earlier run put on top. */
function withoutPausedNote(body: string): string {
  return body.replace(/^> \*\*Paused:\*\*[^\n]*\n\n/, "");
}

/** One line for the summary: why this run reviewed everything although the PR was reviewed before. */
function rewrittenNote(reason: Extract<HeadChange, { kind: "rewritten" }>["reason"], since: string): string {
  const old = since.slice(0, 7);
  switch (reason) {
    case "too-large":
      return `More than 300 files changed since the last review (${old}): the whole pull request was reviewed again.`;
    case "gone":
      return `The last reviewed commit (${old}) is gone from the branch (force-push): the whole pull request was reviewed again.`;
    default:
      return `The branch was rewritten since the last review (${old} is no longer its ancestor: force-push or rebase): the whole pull request was reviewed again.`;
  }
}

/** The check of a head whose review stands unchanged: the last review's conclusion and open questions. */
function completeCheckFromState(
  check: ReviewCheck,
  state: ReviewState,
  options: { haltConclusion: "action_required" | "failure"; summary: string; reviewUrl: string },
): Promise<void> {
  const questions = state.questions.map((id, position) => ({
    n: questionNumber(state, id) ?? position + 1,
    question: state.texts?.[id] ?? id,
  }));
  return completeReviewCheck(check, options.haltConclusion, {
    verdict: state.verdict,
    summary: options.summary,
    questions: questions.sort((a, b) => a.n - b.n),
    findings: state.findings.length,
    blockers: 0,
    incomplete: false,
    reviewUrl: options.reviewUrl,
    annotations: [],
  });
}

/** Completes the run's check with the verdict's conclusion, linking the review that states it. */
function completeReviewCheck(
  check: ReviewCheck,
  haltConclusion: "action_required" | "failure",
  facts: CheckOutcome & { reviewUrl: string; annotations: CheckAnnotation[] },
): Promise<void> {
  const conclusion = checkConclusion(facts.verdict, { haltConclusion, incomplete: facts.incomplete });
  return check.complete({
    ...renderCheckOutput(facts),
    conclusion,
    annotations: facts.annotations,
    detailsUrl: facts.reviewUrl,
  });
}
