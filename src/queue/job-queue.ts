// The contract between the webhook layer and whatever runs jobs: in-process today, BullMQ on Redis later.
import type { Job } from "./job.js";

/** What happened to a job handed to `enqueue`; the webhook handler logs it and answers 2xx either way. */
export type EnqueueResult =
  /** Accepted; it runs when a slot and its PR are free. */
  | { status: "queued" }
  /** Accepted, and it took the place of the job still waiting for the same PR (newest head wins). */
  | { status: "replaced"; replacedDeliveryId: string }
  /** This delivery id was seen before (a GitHub redelivery): nothing was queued. */
  | { status: "duplicate" }
  /** The queue is draining for shutdown: nothing was queued. */
  | { status: "closed" };

export interface DrainResult {
  /**
   * Jobs that were waiting when the drain began and will never run. An in-process queue loses them
   * (they can be redelivered from GitHub by delivery id); a persistent queue keeps them and reports none.
   */
  dropped: readonly Job[];
}

export interface QueueStats {
  /** Jobs whose handler is running now. */
  running: number;
  /** Jobs accepted and not yet started. */
  waiting: number;
  /** Jobs whose handler has settled, failed or not. */
  processed: number;
  /** The part of `processed` whose handler threw or rejected. */
  failed: number;
}

export interface JobQueue {
  /**
   * Accepts a job and returns at once (in-process) or once Redis holds it (BullMQ). Never runs the job
   * before returning, so the webhook's HTTP response goes out before any job work starts (GitHub allows
   * 10 s). The in-process queue never throws; a persistent queue rejects only when its store cannot take
   * the job, so the webhook answers 5xx and GitHub records the delivery as failed (redeliverable).
   */
  enqueue(job: Job): EnqueueResult | Promise<EnqueueResult>;
  /**
   * For shutdown (SIGTERM): stops accepting jobs, lets running jobs finish and starts no waiting job,
   * because a termination grace period is too short for a new review. Resolves once nothing runs.
   * Calling it again returns the same promise.
   */
  drain(): Promise<DrainResult>;
  /**
   * True when a newer job waits to take this one's place (a review of a newer head of the same PR): a
   * running review checks it before posting, so it never posts for a head that is already stale.
   */
  isSuperseded(job: Job): boolean | Promise<boolean>;
  /** Resolves when nothing runs or waits (at once if the queue is idle). Meant for tests. */
  onIdle(): Promise<void>;
  stats(): QueueStats;
}
