// check_run / check_suite "Re-run" on GitHub: the PRs of that head are reviewed again (a new check run is
// completed either way; a review is posted only when the conclusion changed, like any push).
import type { Context, Probot } from "probot";
import { checkRunName } from "../github/check-run.js";
import { type Job, ReviewPullRequestJob } from "../queue/job.js";
import type { JobQueue } from "../queue/job-queue.js";

type CheckRunContext = Context<"check_run.rerequested">;
type CheckSuiteContext = Context<"check_suite.rerequested">;

export type RerunDecision = { jobs: Job[] } | { jobs: []; reason: string };

interface RerunSource {
  deliveryId: string;
  installationId: number | undefined;
  owner: string;
  repo: string;
  /** The check's head commit and the PRs GitHub associates with it (empty for a PR from a fork). */
  headSha: string;
  pullRequests: ReadonlyArray<{ number: number; head: { sha: string } }>;
}

/** Pure: one review job per PR of the re-run head. */
export function decideRerun(source: RerunSource): RerunDecision {
  if (source.installationId === undefined) return { jobs: [], reason: "delivery has no installation" };
  if (source.pullRequests.length === 0)
    return {
      jobs: [],
      reason:
        "GitHub names no pull request for this head (a PR from a fork): push again or comment `/architect review`",
    };
  const jobs: Job[] = [];
  for (const pr of source.pullRequests) {
    const parsed = ReviewPullRequestJob.safeParse({
      kind: "review-pull-request",
      // One delivery may name several PRs: each job needs its own idempotency key.
      deliveryId: source.pullRequests.length === 1 ? source.deliveryId : `${source.deliveryId}#${pr.number}`,
      installationId: source.installationId,
      owner: source.owner,
      repo: source.repo,
      number: pr.number,
      headSha: pr.head.sha === "" ? source.headSha : pr.head.sha,
      trigger: "rerequested",
    });
    if (parsed.success) jobs.push(parsed.data);
  }
  return jobs.length === 0 ? { jobs: [], reason: "unexpected payload" } : { jobs };
}

export function onCheck(app: Probot, queue: JobQueue): void {
  app.on("check_run.rerequested", async (context: CheckRunContext) => {
    const { check_run: run, repository, installation } = context.payload;
    // GitHub sends `rerequested` only to the app that created the run; the name guards a renamed check.
    if (run.name !== checkRunName) return;
    await enqueueAll(context, queue, {
      deliveryId: context.id,
      installationId: installation?.id,
      owner: repository.owner.login,
      repo: repository.name,
      headSha: run.head_sha,
      pullRequests: run.pull_requests,
    });
  });
  app.on("check_suite.rerequested", async (context: CheckSuiteContext) => {
    const { check_suite: suite, repository, installation } = context.payload;
    await enqueueAll(context, queue, {
      deliveryId: context.id,
      installationId: installation?.id,
      owner: repository.owner.login,
      repo: repository.name,
      headSha: suite.head_sha,
      pullRequests: suite.pull_requests,
    });
  });
}

async function enqueueAll(
  context: CheckRunContext | CheckSuiteContext,
  queue: JobQueue,
  source: RerunSource,
): Promise<void> {
  const decision = decideRerun(source);
  if ("reason" in decision) {
    context.log.info({ delivery: context.id, reason: decision.reason }, "no review for this re-run");
    return;
  }
  for (const job of decision.jobs) {
    const result = await queue.enqueue(job);
    context.log.info({ delivery: context.id, pr: job.number, ...result }, "review job (re-run)");
  }
}
