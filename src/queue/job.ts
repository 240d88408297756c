// The unit of work the webhook layer hands to the queue. Validated with zod at the boundary.
import { z } from "zod";

/** What every job has: where it came from and which PR or issue it is about. */
const jobBase = {
  /** `X-GitHub-Delivery`: the idempotency key. */
  deliveryId: z.string().min(1),
  /** When the queue accepted the job (ms since the epoch), for the queue-wait metric; set by the app. */
  queuedAt: z.number().int().nonnegative().optional(),
  installationId: z.number().int().positive(),
  owner: z.string().min(1),
  repo: z.string().min(1),
  /** The PR or issue number. */
  number: z.number().int().positive(),
};

export const ReviewPullRequestJob = z.object({
  kind: z.literal("review-pull-request"),
  ...jobBase,
  headSha: z.string().regex(/^[0-9a-f]{40}$/),
  /** The webhook action that caused the job (`opened`, `synchronize`, …), for logs. */
  trigger: z.string(),
});
export type ReviewPullRequestJob = z.infer<typeof ReviewPullRequestJob>;

/** Where a command was written: a PR's or issue's conversation, or an inline review thread. */
export const CommandSource = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("issue-comment"), commentId: z.number().int().positive() }),
  z.object({
    kind: z.literal("review-comment"),
    commentId: z.number().int().positive(),
    /** The first comment of the thread (the one replies hang off). */
    threadId: z.number().int().positive(),
    path: z.string(),
    line: z.number().int().positive().optional(),
  }),
]);
export type CommandSource = z.infer<typeof CommandSource>;

/** `/architect …` commands in one comment, or a reply in the thread of one of the app's HALT questions. */
export const RunCommandJob = z.object({
  kind: z.literal("run-command"),
  ...jobBase,
  isPullRequest: z.boolean(),
  /** Who wrote the comment, and who opened the PR or issue. */
  sender: z.string().min(1),
  author: z.string(),
  source: CommandSource,
  /** The comment's text (commands are parsed again in the job, from this). */
  body: z.string().max(65_536),
  /** Set for a plain reply in a thread: the app's inline comment it answers. */
  replyTo: z.number().int().positive().optional(),
});
export type RunCommandJob = z.infer<typeof RunCommandJob>;

/** An issue opened with (or given) the proposal label: the architect plans it (`propose-design`). */
export const ProposeDesignJob = z.object({
  kind: z.literal("propose-design"),
  ...jobBase,
  /** `opened` or `labeled`, for logs. */
  trigger: z.string(),
});
export type ProposeDesignJob = z.infer<typeof ProposeDesignJob>;

/** A merged PR: the milestones it delivered are ticked on the issues whose plans it implements. */
export const RecordDeliveryJob = z.object({
  kind: z.literal("record-delivery"),
  ...jobBase,
});
export type RecordDeliveryJob = z.infer<typeof RecordDeliveryJob>;

export const Job = z.discriminatedUnion("kind", [
  ReviewPullRequestJob,
  RunCommandJob,
  ProposeDesignJob,
  RecordDeliveryJob,
]);
export type Job = z.infer<typeof Job>;

/** Jobs with the same lock key never run at the same time: one job per PR or issue. */
export function lockKey(job: Job): string {
  return `${job.owner}/${job.repo}#${job.number}`;
}

/**
 * A newer job replaces a waiting one with the same key: a push makes the waiting review of the previous
 * head pointless, but every command someone wrote must run.
 */
export function jobKey(job: Job): string {
  if (job.kind === "run-command") return `${lockKey(job)} command ${job.deliveryId}`;
  // A review of an older head, or a second planning request while one waits: the newer one is enough.
  if (job.kind === "record-delivery") return `${lockKey(job)} delivered`;
  return job.kind === "review-pull-request" ? lockKey(job) : `${lockKey(job)} propose`;
}
