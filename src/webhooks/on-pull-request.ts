// pull_request webhooks: filter and enqueue a review job, nothing else (GitHub allows 10 s to answer).
import type { Context, Probot } from "probot";
import { type Job, RecordDeliveryJob, ReviewPullRequestJob } from "../queue/job.js";
import type { JobQueue } from "../queue/job-queue.js";

export const reviewTriggers = [
  "pull_request.opened",
  "pull_request.reopened",
  "pull_request.synchronize",
  "pull_request.ready_for_review",
  "pull_request.edited",
] as const;

type PullRequestContext = Context<(typeof reviewTriggers)[number]>;

export type TriggerDecision = { review: true; job: Job } | { review: false; reason: string };

/** Pure: whether this delivery should produce a review job, and the job. */
export function decideReview(deliveryId: string, payload: PullRequestContext["payload"]): TriggerDecision {
  const pr = payload.pull_request;
  if (
    payload.action === "edited" &&
    payload.changes.body === undefined &&
    payload.changes.title === undefined
  ) {
    return { review: false, reason: "edit did not touch the title or description" };
  }
  if (pr.state !== "open") return { review: false, reason: "pull request is closed" };
  if (pr.draft === true) return { review: false, reason: "pull request is a draft" };
  if (pr.user?.type === "Bot") return { review: false, reason: `author ${pr.user.login} is a bot` };
  if (payload.installation === undefined) return { review: false, reason: "delivery has no installation" };
  const parsed = ReviewPullRequestJob.safeParse({
    kind: "review-pull-request",
    deliveryId,
    installationId: payload.installation.id,
    owner: payload.repository.owner.login,
    repo: payload.repository.name,
    number: pr.number,
    headSha: pr.head.sha,
    trigger: payload.action,
  });
  if (!parsed.success)
    return { review: false, reason: `unexpected payload: ${parsed.error.issues[0]?.message}` };
  return { review: true, job: parsed.data };
}

type ClosedContext = Context<"pull_request.closed">;

/** Pure: a merged PR becomes a record-delivery job (milestones ticked on the plans it implements). */
export function decideDelivery(deliveryId: string, payload: ClosedContext["payload"]): Job | undefined {
  if (payload.pull_request.merged !== true || payload.installation === undefined) return undefined;
  const parsed = RecordDeliveryJob.safeParse({
    kind: "record-delivery",
    deliveryId,
    installationId: payload.installation.id,
    owner: payload.repository.owner.login,
    repo: payload.repository.name,
    number: payload.pull_request.number,
  });
  return parsed.success ? parsed.data : undefined;
}

export function onPullRequest(app: Probot, queue: JobQueue): void {
  app.on("pull_request.closed", async (context: ClosedContext) => {
    const job = decideDelivery(context.id, context.payload);
    if (job !== undefined) await queue.enqueue(job);
  });
  app.on([...reviewTriggers], async (context: PullRequestContext) => {
    const decision = decideReview(context.id, context.payload);
    if (!decision.review) {
      context.log.debug({ reason: decision.reason }, "no review for this delivery");
      return;
    }
    const result = await queue.enqueue(decision.job);
    context.log.info(
      { delivery: context.id, pr: context.payload.pull_request.number, ...result },
      "review job",
    );
  });
}
