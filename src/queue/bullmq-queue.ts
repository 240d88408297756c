// The queue used with Redis: jobs live in BullMQ, survive restarts and are shared by every worker process.
//
// Design (open-source BullMQ has no groups, and its deduplication only replaces *delayed* jobs, so the two
// queue keys are kept in a few Redis keys of our own next to BullMQ's, all under `prefix`):
// - Job id = delivery id. `enqueue` first claims a delivery marker (`SET NX`, 7 days): a redelivery finds
//   it and is a `duplicate`, even after BullMQ's bounded retention has removed the finished job. A job that
//   failed for good marks its delivery `failed`, so a manual redelivery from GitHub runs it again (the old
//   failed job is removed first), as with the in-process queue.
// - Newest wins per `jobKey`, with at most one BullMQ job waiting per key: `enqueue` runs one script that
//   claims the delivery, sets `latest:<jobKey>` (the newest delivery) and `pending:<jobKey>` (the newest
//   job not yet started, as JSON), and says whether a BullMQ job for the key is already waiting (`holder:<jobKey>`, its BullMQ id). Only when none is does
//   `enqueue` add one (id = this delivery); otherwise the delivery is folded into the waiting job, which
//   will run the newest pending job when it starts. A storm of pushes to one PR thus costs one Redis round
//   trip per delivery and one BullMQ job per review actually run, not one job per delivery for workers to
//   skip. The delivery of the previous `pending` job is the one the new one replaced. A job not holding its key (a
//   retry, which reruns the job it ran, saved with `updateData`) is skipped as "replaced" when `latest`
//   names another delivery; `isSuperseded` is the same lookup. A command's jobKey holds its delivery id,
//   so commands are never folded. The keys expire a day after the last enqueue for that key.
// - One job per PR (`lockKey`) across processes: before the handler runs, one script takes
//   `lock:<lockKey>` (owner = the worker's BullMQ token, TTL = `lockDurationMs`, renewed every half of it
//   while the handler runs) and, for the holder, takes the pending job and clears `holder` and `pending`.
//   A job that finds the PR locked goes back to BullMQ's delayed set for `lockRetryDelayMs` (`moveToDelayed` + `DelayedError`, which costs no
//   attempt). The lock is released when the handler settles; a dead worker's lock expires on its own.
// - Retries: a handler error that `isTransientError` accepts is rethrown and BullMQ retries it with
//   exponential backoff (`attempts`, `backoffMs`); any other error becomes an `UnrecoverableError`.
// - A worker that dies mid-job: BullMQ's stalled check (every `stalledIntervalMs`) moves a job whose lock
//   (`lockDurationMs`) was not renewed back to wait, and another worker runs it (once: `maxStalledCount` 1).
// - Retention: completed jobs are kept a day (at most 1,000), failed ones a week (at most 1,000).
// - `drain()` closes the worker gracefully (running jobs finish, waiting ones stay in Redis for the next
//   process: `dropped` is always empty), then the Redis connections.
import { randomUUID } from "node:crypto";
import { type Job as BullJob, DelayedError, Queue, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import { pino } from "pino";
import type { QueueLogger } from "./in-process-queue.js";
import { Job, jobKey, lockKey } from "./job.js";
import type { DrainResult, EnqueueResult, JobQueue, QueueStats } from "./job-queue.js";
import { isTransientError } from "./transient-error.js";

export type QueueRole = "both" | "web" | "worker";

export interface BullmqQueueOptions {
  /** The Redis URL (`REDIS_URL`), e.g. `redis://127.0.0.1:6379`. */
  connection: string;
  /** How many jobs this process's worker runs at once, across all PRs. */
  concurrency: number;
  /** Runs one job. Throwing a transient error retries it later; any other error fails it. */
  handler: (job: Job) => Promise<void>;
  log?: QueueLogger;
  /** Prefix of every Redis key (BullMQ's and ours); default `backend-architect`. */
  prefix?: string;
  /** `web` only enqueues, `worker` only runs jobs, `both` does both (one process). */
  role: QueueRole;
  /** BullMQ's job lock and our PR lock, in ms (default 30 000): how soon a dead worker's job is free. */
  lockDurationMs?: number;
  /** How often a worker looks for stalled jobs, in ms (default 30 000). */
  stalledIntervalMs?: number;
  /** Runs of a job whose handler keeps failing with transient errors (default 5). */
  attempts?: number;
  /** First retry delay in ms, doubled each retry (default 2 000: 2, 4, 8, 16 s). */
  backoffMs?: number;
  /** How long a job whose PR is busy waits before it tries again, in ms (default 1 000). */
  lockRetryDelayMs?: number;
}

/** The BullMQ queue name; its keys are `<prefix>:jobs:…`. */
const queueName = "jobs";
const deliveryTtlSeconds = 7 * 24 * 3600;
const jobKeyTtlSeconds = 24 * 3600;

// KEYS: delivery marker, latest, pending, holder. ARGV: delivery id, marker TTL, key TTL, job JSON,
// BullMQ job id. Returns {"duplicate"} | {"queued"|"retry", replaced delivery id or false, "add"|"fold"}.
const enqueueScript = `
local status = "queued"
if redis.call("SET", KEYS[1], "1", "NX", "EX", ARGV[2]) == false then
  if redis.call("GET", KEYS[1]) ~= "failed" then return {"duplicate"} end
  redis.call("SET", KEYS[1], "1", "EX", ARGV[2])
  status = "retry"
end
local previous = false
local pending = redis.call("GET", KEYS[3])
if pending then previous = cjson.decode(pending).deliveryId end
redis.call("SET", KEYS[2], ARGV[1], "EX", ARGV[3])
redis.call("SET", KEYS[3], ARGV[4], "EX", ARGV[3])
if redis.call("SET", KEYS[4], ARGV[5], "NX", "EX", ARGV[3]) == false then
  redis.call("EXPIRE", KEYS[4], ARGV[3])
  return {status, previous, "fold"}
end
return {status, previous, "add"}
`;

// KEYS: latest, pending, holder, PR lock. ARGV: BullMQ job id, the job's delivery id, lock owner,
// lock TTL (ms). Returns {"locked"} | {"replaced"} | {"run", pending job JSON or false}.
const startScript = `
local holder = redis.call("GET", KEYS[4])
if holder and holder ~= ARGV[3] then return {"locked"} end
if redis.call("GET", KEYS[3]) == ARGV[1] then
  local pending = redis.call("GET", KEYS[2])
  redis.call("DEL", KEYS[2], KEYS[3])
  redis.call("SET", KEYS[4], ARGV[3], "PX", ARGV[4])
  return {"run", pending}
end
local latest = redis.call("GET", KEYS[1])
if latest and latest ~= ARGV[2] then return {"replaced"} end
redis.call("SET", KEYS[4], ARGV[3], "PX", ARGV[4])
return {"run", false}
`;

// KEYS: PR lock. ARGV: owner, TTL (ms; 0 releases).
const lockScript = `
if redis.call("GET", KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == "0" then return redis.call("DEL", KEYS[1]) end
return redis.call("PEXPIRE", KEYS[1], ARGV[2])
`;

/**
 * BullMQ refuses ids that are integers or contain `:`. GitHub's delivery ids are GUIDs and pass as they
 * are; anything else is escaped so that it cannot collide with a GUID.
 */
export function bullmqJobId(deliveryId: string): string {
  if (/^\d+$/.test(deliveryId)) return `delivery-${deliveryId}`;
  return deliveryId.includes(":") ? `delivery-${encodeURIComponent(deliveryId)}` : deliveryId;
}

export function createBullmqQueue(options: BullmqQueueOptions): JobQueue {
  const { concurrency, handler, role } = options;
  const log = options.log ?? pino({ level: "silent" });
  const prefix = options.prefix ?? "backend-architect";
  const lockDurationMs = options.lockDurationMs ?? 30_000;
  const stalledIntervalMs = options.stalledIntervalMs ?? 30_000;
  const attempts = options.attempts ?? 5;
  const backoffMs = options.backoffMs ?? 2_000;
  const lockRetryDelayMs = options.lockRetryDelayMs ?? 1_000;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  }
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new RangeError(`attempts must be a positive integer, got ${attempts}`);
  }

  const key = {
    delivery: (job: Job) => `${prefix}:${queueName}:x:delivery:${job.deliveryId}`,
    latest: (job: Job) => `${prefix}:${queueName}:x:latest:${jobKey(job)}`,
    pending: (job: Job) => `${prefix}:${queueName}:x:pending:${jobKey(job)}`,
    holder: (job: Job) => `${prefix}:${queueName}:x:holder:${jobKey(job)}`,
    lock: (job: Job) => `${prefix}:${queueName}:x:lock:${lockKey(job)}`,
  };

  // Commands fail fast when Redis is away (a webhook must answer within 10 s); the worker's connection
  // waits for Redis to come back, as BullMQ requires.
  const client = new Redis(options.connection, { maxRetriesPerRequest: 1 });
  client.on("error", (err) => log.warn({ err }, "redis connection error"));
  const queue = new Queue(queueName, { connection: client, prefix });
  queue.on("error", (err) => log.warn({ err }, "queue error"));

  let running = 0;
  let processed = 0;
  let failed = 0;
  let waitingCount = 0;
  let waitingRefreshedAt = 0;
  let drainPromise: Promise<DrainResult> | undefined;

  /** A job as stored (BullMQ data or a pending job), validated; an invalid one can never run. */
  function parseJob(data: unknown, jobId: string | undefined): Job {
    const parsed = Job.safeParse(data);
    if (!parsed.success) {
      throw new UnrecoverableError(`job ${jobId} is not a valid job: ${parsed.error.issues[0]?.message}`);
    }
    return parsed.data;
  }

  async function processJob(bullJob: BullJob, token: string | undefined): Promise<string> {
    const stored = parseJob(bullJob.data, bullJob.id);
    const owner = token ?? randomUUID();
    const start = await client.eval(
      startScript,
      4,
      key.latest(stored),
      key.pending(stored),
      key.holder(stored),
      key.lock(stored),
      bullJob.id ?? "",
      stored.deliveryId,
      owner,
      String(lockDurationMs),
    );
    const [outcome, pending] = Array.isArray(start) ? start : [];
    if (outcome === "replaced") {
      log.info(
        { jobKey: jobKey(stored), deliveryId: stored.deliveryId, kind: stored.kind },
        "skipped: a newer job for this PR replaced it",
      );
      return "replaced";
    }
    if (outcome === "locked") {
      log.debug({ jobKey: jobKey(stored), deliveryId: stored.deliveryId }, "PR busy: job delayed");
      await bullJob.moveToDelayed(Date.now() + lockRetryDelayMs, token);
      throw new DelayedError();
    }
    // The holder of its key runs the newest delivery folded into it; saved so that a retry reruns it.
    const job = typeof pending === "string" ? parseJob(JSON.parse(pending), bullJob.id) : stored;
    if (job.deliveryId !== stored.deliveryId) await bullJob.updateData(job);
    const fields = { jobKey: jobKey(job), deliveryId: job.deliveryId, kind: job.kind };
    const renewal = setInterval(
      () => {
        client
          .eval(lockScript, 1, key.lock(job), owner, String(lockDurationMs))
          .then((renewed) => {
            if (renewed !== 1) log.warn(fields, "PR lock lost while the job runs");
          })
          .catch((err: unknown) => log.warn({ ...fields, err }, "PR lock renewal failed"));
      },
      Math.max(1, Math.floor(lockDurationMs / 2)),
    );
    running += 1;
    try {
      log.debug(fields, "job started");
      await handler(job);
      log.debug(fields, "job finished");
      return "done";
    } catch (err) {
      failed += 1;
      const transient = isTransientError(err);
      // The attempts the job was enqueued with (a web process may be configured apart from this worker).
      const final = !transient || bullJob.attemptsMade + 1 >= (bullJob.opts.attempts ?? attempts);
      if (final) {
        // A manual redelivery from GitHub (same id) is how a user retries a failed run.
        await client
          .set(key.delivery(job), "failed", "EX", deliveryTtlSeconds)
          .catch((markErr: unknown) =>
            log.warn({ ...fields, err: markErr }, "could not mark the delivery failed"),
          );
      }
      log.error({ ...fields, err, transient, attempt: bullJob.attemptsMade + 1 }, "job failed");
      if (transient) throw err;
      throw new UnrecoverableError(err instanceof Error ? err.message : String(err));
    } finally {
      running -= 1;
      processed += 1;
      clearInterval(renewal);
      await client
        .eval(lockScript, 1, key.lock(job), owner, "0")
        .catch((err: unknown) => log.warn({ ...fields, err }, "PR lock release failed"));
    }
  }

  let workerClient: Redis | undefined;
  let worker: Worker | undefined;
  if (role !== "web") {
    workerClient = new Redis(options.connection, { maxRetriesPerRequest: null });
    workerClient.on("error", (err) => log.warn({ err }, "redis connection error (worker)"));
    worker = new Worker(queueName, processJob, {
      connection: workerClient,
      prefix,
      concurrency,
      lockDuration: lockDurationMs,
      stalledInterval: stalledIntervalMs,
      maxStalledCount: 1,
    });
    worker.on("error", (err) => log.warn({ err }, "worker error"));
    worker.on("stalled", (jobId) => log.warn({ jobId }, "stalled job moved back to wait (its worker died?)"));
  }

  function refreshWaiting(): void {
    if (Date.now() - waitingRefreshedAt < 1_000 || drainPromise) return;
    waitingRefreshedAt = Date.now();
    queue
      .getJobCounts("wait", "delayed", "prioritized")
      .then((counts) => {
        waitingCount = Object.values(counts).reduce((sum, count) => sum + count, 0);
      })
      .catch((err: unknown) => log.debug({ err }, "could not count waiting jobs"));
  }

  return {
    async enqueue(job): Promise<EnqueueResult> {
      if (drainPromise) return { status: "closed" };
      const jobId = bullmqJobId(job.deliveryId);
      const claim = await client.eval(
        enqueueScript,
        4,
        key.delivery(job),
        key.latest(job),
        key.pending(job),
        key.holder(job),
        job.deliveryId,
        String(deliveryTtlSeconds),
        String(jobKeyTtlSeconds),
        JSON.stringify(job),
        jobId,
      );
      const [status, previous, placement] = Array.isArray(claim) ? claim : [];
      if (status === "duplicate") return { status: "duplicate" };
      if (placement === "add") {
        try {
          if (status === "retry") await queue.remove(jobId);
          await queue.add(job.kind, job, {
            jobId,
            attempts,
            backoff: { type: "exponential", delay: backoffMs },
            removeOnComplete: { age: 24 * 3600, count: 1_000 },
            removeOnFail: { age: deliveryTtlSeconds, count: 1_000 },
          });
        } catch (err) {
          // Give the delivery back so that GitHub's redelivery is not taken for a duplicate, and the key,
          // so that the next delivery for this PR adds a job (and runs what was folded in meanwhile).
          await client.del(key.delivery(job), key.holder(job)).catch(() => undefined);
          throw err;
        }
      }
      if (typeof previous === "string" && previous !== job.deliveryId) {
        log.info(
          { jobKey: jobKey(job), deliveryId: job.deliveryId, replacedDeliveryId: previous },
          "newer job replaced the waiting job for this PR",
        );
        return { status: "replaced", replacedDeliveryId: previous };
      }
      return { status: "queued" };
    },

    drain(): Promise<DrainResult> {
      drainPromise ??= (async () => {
        log.info({ running }, "draining: waiting for running jobs; waiting jobs stay in Redis");
        // Each step runs whatever the previous one did: a shutdown must end with the connections closed.
        await worker?.close().catch((err: unknown) => log.warn({ err }, "closing the worker failed"));
        await queue.close().catch((err: unknown) => log.warn({ err }, "closing the queue failed"));
        await Promise.allSettled([client.quit(), workerClient?.quit()]);
        return { dropped: [] };
      })();
      return drainPromise;
    },

    async isSuperseded(job): Promise<boolean> {
      try {
        const latest = await client.get(key.latest(job));
        return latest !== null && latest !== job.deliveryId;
      } catch (err) {
        log.warn({ deliveryId: job.deliveryId, err }, "could not ask Redis whether a newer job waits");
        return false;
      }
    },

    async onIdle(): Promise<void> {
      for (;;) {
        if (running === 0) {
          const counts = await queue.getJobCounts("wait", "delayed", "prioritized", "active");
          if (Object.values(counts).every((count) => count === 0)) return;
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },

    stats(): QueueStats {
      refreshWaiting();
      return { running, waiting: waitingCount, processed, failed };
    },
  };
}
