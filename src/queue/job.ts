// The unit of work the webhook layer hands to the queue. Validated with zod at the boundary.
import { z } from "zod";

export const ReviewPullRequestJob = z.object({
  kind: z.literal("review-pull-request"),
  /** `X-GitHub-Delivery`: the idempotency key. */
  deliveryId: z.string().min(1),
  installationId: z.number().int().positive(),
  owner: z.string().min(1),
  repo: z.string().min(1),
  number: z.number().int().positive(),
  headSha: z.string().regex(/^[0-9a-f]{40}$/),
  /** The webhook action that caused the job (`opened`, `synchronize`, …), for logs. */
  trigger: z.string(),
});
export type ReviewPullRequestJob = z.infer<typeof ReviewPullRequestJob>;

export const Job = z.discriminatedUnion("kind", [ReviewPullRequestJob]);
export type Job = z.infer<typeof Job>;

/** Jobs with the same key never run at the same time; a newer one replaces a waiting one. */
export function jobKey(job: Job): string {
  return `${job.owner}/${job.repo}#${job.number}`;
}
