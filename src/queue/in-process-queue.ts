// The queue used without Redis: jobs live in this process's memory and are lost if it stops.
import { type Logger, pino } from "pino";
import { type Job, jobKey, lockKey } from "./job.js";
import type { DrainResult, EnqueueResult, JobQueue, QueueStats } from "./job-queue.js";

export type QueueLogger = Pick<Logger, "debug" | "info" | "warn" | "error">;

export interface InProcessQueueOptions {
  /** How many jobs may run at once, across all PRs. */
  concurrency: number;
  /** Runs one job. A throw or rejection is logged and counted; it never stops the queue. */
  handler: (job: Job) => Promise<void>;
  log?: QueueLogger;
  /**
   * How many delivery ids to remember for ignoring redeliveries (default 10 000). Bounded so a
   * long-running process does not grow without limit; the oldest id is forgotten first.
   */
  deliveryMemory?: number;
}

/** The in-process queue answers at once: nothing to wait for. */
export interface InProcessQueue extends JobQueue {
  enqueue(job: Job): EnqueueResult;
  isSuperseded(job: Job): boolean;
}

export function createInProcessQueue(options: InProcessQueueOptions): InProcessQueue {
  const { concurrency, handler } = options;
  const deliveryMemory = options.deliveryMemory ?? 10_000;
  const log = options.log ?? pino({ level: "silent" });
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  }
  if (!Number.isInteger(deliveryMemory) || deliveryMemory < 1) {
    throw new RangeError(`deliveryMemory must be a positive integer, got ${deliveryMemory}`);
  }

  // At most one waiting job per key. A Map iterates in insertion order and `set` on an existing key keeps
  // its place, so a replacement keeps the replaced job's turn: constant pushes cannot starve a PR, and a
  // PR with a waiting job cannot jump ahead of others.
  const waiting = new Map<string, Job>();
  /** Lock keys (PRs) with a running job: one job per PR at a time. */
  const runningKeys = new Set<string>();
  // A Set also iterates in insertion order, which makes it a bounded FIFO of recent delivery ids.
  const seenDeliveries = new Set<string>();
  const idleWaiters: Array<() => void> = [];
  let processed = 0;
  let failed = 0;
  let pumpScheduled = false;
  let drainPromise: Promise<DrainResult> | undefined;

  function remember(deliveryId: string): void {
    seenDeliveries.add(deliveryId);
    if (seenDeliveries.size > deliveryMemory) {
      const oldest = seenDeliveries.values().next();
      if (!oldest.done) seenDeliveries.delete(oldest.value);
    }
  }

  function isIdle(): boolean {
    return runningKeys.size === 0 && waiting.size === 0;
  }

  function settleIdleWaiters(): void {
    if (!isIdle()) return;
    for (const resolve of idleWaiters.splice(0)) resolve();
  }

  // setImmediate rather than a microtask: the webhook middleware writes its response in promise
  // continuations, which all run before the check phase, so no handler code runs ahead of the 2xx.
  function schedulePump(): void {
    if (pumpScheduled) return;
    pumpScheduled = true;
    setImmediate(() => {
      pumpScheduled = false;
      pump();
    });
  }

  function pump(): void {
    if (drainPromise) return;
    for (const [key, job] of waiting) {
      if (runningKeys.size >= concurrency) return;
      const lock = lockKey(job);
      if (runningKeys.has(lock)) continue;
      waiting.delete(key);
      runningKeys.add(lock);
      void run(lock, job);
    }
  }

  async function run(key: string, job: Job): Promise<void> {
    const fields = { jobKey: key, deliveryId: job.deliveryId, kind: job.kind };
    try {
      log.debug(fields, "job started");
      await handler(job);
      log.debug(fields, "job finished");
    } catch (err) {
      failed += 1;
      // Forget the delivery: a manual redelivery from GitHub (same id) is how a user retries a failed run.
      seenDeliveries.delete(job.deliveryId);
      log.error({ ...fields, err }, "job failed");
    } finally {
      processed += 1;
      runningKeys.delete(key);
      pump();
      settleIdleWaiters();
    }
  }

  return {
    enqueue(job): EnqueueResult {
      if (drainPromise) return { status: "closed" };
      if (seenDeliveries.has(job.deliveryId)) return { status: "duplicate" };
      remember(job.deliveryId);
      const key = jobKey(job);
      const replaced = waiting.get(key);
      waiting.set(key, job);
      schedulePump();
      if (replaced) {
        log.info(
          { jobKey: key, deliveryId: job.deliveryId, replacedDeliveryId: replaced.deliveryId },
          "newer job replaced the waiting job for this PR",
        );
        return { status: "replaced", replacedDeliveryId: replaced.deliveryId };
      }
      return { status: "queued" };
    },

    drain(): Promise<DrainResult> {
      if (drainPromise) return drainPromise;
      const dropped = [...waiting.values()];
      waiting.clear();
      if (dropped.length > 0) {
        log.warn(
          { dropped: dropped.map((job) => ({ jobKey: jobKey(job), deliveryId: job.deliveryId })) },
          `draining: ${dropped.length} waiting job(s) dropped; an in-process queue cannot keep them, ` +
            "redeliver them from the GitHub App's advanced settings",
        );
      }
      log.info({ running: runningKeys.size }, "draining: waiting for running jobs");
      const idle = new Promise<void>((resolve) => idleWaiters.push(resolve));
      drainPromise = idle.then(() => ({ dropped }));
      settleIdleWaiters();
      return drainPromise;
    },

    isSuperseded(job): boolean {
      const next = waiting.get(jobKey(job));
      return next !== undefined && next.deliveryId !== job.deliveryId;
    },

    onIdle() {
      const idle = new Promise<void>((resolve) => idleWaiters.push(resolve));
      settleIdleWaiters();
      return idle;
    },

    stats(): QueueStats {
      return { running: runningKeys.size, waiting: waiting.size, processed, failed };
    },
  };
}
