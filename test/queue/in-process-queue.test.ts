import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createInProcessQueue } from "../../src/queue/in-process-queue.js";
import type { Job } from "../../src/queue/job.js";

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (reason: unknown) => void;
}

function deferred(): Deferred {
  let resolve: () => void = () => {};
  let reject: (reason: unknown) => void = () => {};
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A job for PR `number` of acme/api; the delivery id doubles as the name the tests use for it. */
function job(deliveryId: string, number: number): Job {
  return {
    kind: "review-pull-request",
    deliveryId,
    installationId: 1,
    owner: "acme",
    repo: "api",
    number,
    headSha: "0123456789abcdef0123456789abcdef01234567",
    trigger: "synchronize",
  };
}

/**
 * A handler whose jobs run until the test finishes or fails them, so every interleaving is chosen by
 * the test rather than by timing.
 */
function controlledHandler() {
  const started: string[] = [];
  const gates = new Map<string, Deferred>();
  const gate = (deliveryId: string): Deferred => {
    const existing = gates.get(deliveryId);
    if (existing) return existing;
    const created = deferred();
    gates.set(deliveryId, created);
    return created;
  };
  return {
    started,
    handler: (startedJob: Job): Promise<void> => {
      started.push(startedJob.deliveryId);
      return gate(startedJob.deliveryId).promise;
    },
    finish: (deliveryId: string) => gate(deliveryId).resolve(),
    fail: (deliveryId: string, reason: unknown) => gate(deliveryId).reject(reason),
  };
}

/**
 * Lets every job the queue can start, start: the queue starts jobs on a setImmediate scheduled before
 * this one, and a finished job starts the next in promise continuations, which all run first.
 */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function capturedLog() {
  const records: Array<{ level: number; msg: string; [field: string]: unknown }> = [];
  const log = pino({ level: "debug" }, { write: (line: string) => records.push(JSON.parse(line)) });
  return { log, records };
}

describe("createInProcessQueue", () => {
  it("tells a running review that a newer push for its PR waits, and no other", async () => {
    const jobs = controlledHandler();
    const queue = createInProcessQueue({ concurrency: 2, handler: jobs.handler });
    const running = job("d1", 1);
    queue.enqueue(running);
    queue.enqueue(job("other-pr", 2));
    await nextTurn();
    expect(jobs.started).toEqual(["d1", "other-pr"]);
    expect(queue.isSuperseded(running)).toBe(false);
    queue.enqueue(job("d2", 1));
    expect(queue.isSuperseded(running)).toBe(true);
    expect(queue.isSuperseded(job("other-pr", 2))).toBe(false);
    jobs.finish("d1");
    jobs.finish("other-pr");
    await nextTurn();
    expect(jobs.started).toEqual(["d1", "other-pr", "d2"]);
    expect(queue.isSuperseded(job("d2", 1))).toBe(false);
    jobs.finish("d2");
    await queue.onIdle();
  });

  it("returns from enqueue before the handler runs, and starts no job ahead of pending continuations", async () => {
    const jobs = controlledHandler();
    const queue = createInProcessQueue({ concurrency: 1, handler: jobs.handler });

    expect(queue.enqueue(job("d1", 1))).toEqual({ status: "queued" });
    expect(jobs.started).toEqual([]);
    // The webhook middleware answers GitHub in promise continuations; those must all run first.
    await Promise.resolve();
    await Promise.resolve();
    expect(jobs.started).toEqual([]);
    expect(queue.stats()).toEqual({ running: 0, waiting: 1, processed: 0, failed: 0 });

    await nextTurn();
    expect(jobs.started).toEqual(["d1"]);
    expect(queue.stats()).toEqual({ running: 1, waiting: 0, processed: 0, failed: 0 });

    jobs.finish("d1");
    await queue.onIdle();
    expect(queue.stats()).toEqual({ running: 0, waiting: 0, processed: 1, failed: 0 });
  });

  it("resolves onIdle at once when nothing runs or waits", async () => {
    const queue = createInProcessQueue({ concurrency: 1, handler: async () => {} });
    await expect(queue.onIdle()).resolves.toBeUndefined();
  });

  it("runs at most `concurrency` jobs at once: 3 PRs with concurrency 2 run 2, then the third", async () => {
    const jobs = controlledHandler();
    const queue = createInProcessQueue({ concurrency: 2, handler: jobs.handler });

    queue.enqueue(job("a", 1));
    queue.enqueue(job("b", 2));
    queue.enqueue(job("c", 3));
    await nextTurn();
    expect(jobs.started).toEqual(["a", "b"]);
    expect(queue.stats()).toMatchObject({ running: 2, waiting: 1 });

    jobs.finish("a");
    await nextTurn();
    expect(jobs.started).toEqual(["a", "b", "c"]);
    expect(queue.stats()).toMatchObject({ running: 2, waiting: 0, processed: 1 });

    jobs.finish("b");
    jobs.finish("c");
    await queue.onIdle();
    expect(queue.stats()).toEqual({ running: 0, waiting: 0, processed: 3, failed: 0 });
  });

  it("runs one job per PR at a time while other PRs proceed", async () => {
    const jobs = controlledHandler();
    const queue = createInProcessQueue({ concurrency: 5, handler: jobs.handler });

    queue.enqueue(job("pr1-s1", 1));
    await nextTurn();
    queue.enqueue(job("pr1-s2", 1));
    queue.enqueue(job("pr2-s1", 2));
    await nextTurn();
    // pr1-s2 arrived before pr2-s1 but must wait for pr1-s1; it does not hold pr2 back.
    expect(jobs.started).toEqual(["pr1-s1", "pr2-s1"]);
    expect(queue.stats()).toMatchObject({ running: 2, waiting: 1 });

    jobs.finish("pr2-s1");
    await nextTurn();
    expect(jobs.started).toEqual(["pr1-s1", "pr2-s1"]);

    jobs.finish("pr1-s1");
    await nextTurn();
    expect(jobs.started).toEqual(["pr1-s1", "pr2-s1", "pr1-s2"]);

    jobs.finish("pr1-s2");
    await queue.onIdle();
  });

  it("lets a newer head replace the waiting job for the same PR, never the running one", async () => {
    const jobs = controlledHandler();
    const queue = createInProcessQueue({ concurrency: 2, handler: jobs.handler });

    expect(queue.enqueue(job("s1", 7))).toEqual({ status: "queued" });
    await nextTurn();
    expect(queue.enqueue(job("s2", 7))).toEqual({ status: "queued" });
    expect(queue.enqueue(job("s3", 7))).toEqual({ status: "replaced", replacedDeliveryId: "s2" });
    expect(queue.stats()).toMatchObject({ running: 1, waiting: 1 });

    jobs.finish("s1");
    await nextTurn();
    jobs.finish("s3");
    await queue.onIdle();
    expect(jobs.started).toEqual(["s1", "s3"]);
    expect(queue.stats()).toEqual({ running: 0, waiting: 0, processed: 2, failed: 0 });
  });

  it("serves PRs in arrival order, and a replacement keeps the turn of the job it replaced", async () => {
    const jobs = controlledHandler();
    const queue = createInProcessQueue({ concurrency: 1, handler: jobs.handler });

    queue.enqueue(job("pr1-s1", 1));
    await nextTurn();
    queue.enqueue(job("pr1-s2", 1));
    queue.enqueue(job("pr2-s1", 2));
    queue.enqueue(job("pr1-s3", 1)); // replaces pr1-s2, which arrived before pr2-s1

    jobs.finish("pr1-s1");
    await nextTurn();
    expect(jobs.started).toEqual(["pr1-s1", "pr1-s3"]);

    // A push that arrives while its PR runs goes to the back: a busy PR cannot starve the others.
    queue.enqueue(job("pr1-s4", 1));
    jobs.finish("pr1-s3");
    await nextTurn();
    expect(jobs.started).toEqual(["pr1-s1", "pr1-s3", "pr2-s1"]);

    jobs.finish("pr2-s1");
    await nextTurn();
    jobs.finish("pr1-s4");
    await queue.onIdle();
    expect(jobs.started).toEqual(["pr1-s1", "pr1-s3", "pr2-s1", "pr1-s4"]);
  });

  it("ignores a repeated delivery id while the job waits, runs, and after it finished", async () => {
    const jobs = controlledHandler();
    const queue = createInProcessQueue({ concurrency: 1, handler: jobs.handler });

    expect(queue.enqueue(job("d1", 1))).toEqual({ status: "queued" });
    expect(queue.enqueue(job("d1", 1))).toEqual({ status: "duplicate" });
    await nextTurn();
    expect(queue.enqueue(job("d1", 1))).toEqual({ status: "duplicate" });

    jobs.finish("d1");
    await queue.onIdle();
    expect(queue.enqueue(job("d1", 1))).toEqual({ status: "duplicate" });
    await queue.onIdle();
    expect(jobs.started).toEqual(["d1"]);
    expect(queue.stats()).toEqual({ running: 0, waiting: 0, processed: 1, failed: 0 });
  });

  it("forgets the oldest delivery id once it remembers `deliveryMemory` of them", async () => {
    const queue = createInProcessQueue({ concurrency: 1, handler: async () => {}, deliveryMemory: 2 });

    queue.enqueue(job("d1", 1));
    queue.enqueue(job("d2", 2));
    queue.enqueue(job("d3", 3));
    await queue.onIdle();

    expect(queue.enqueue(job("d3", 3))).toEqual({ status: "duplicate" });
    expect(queue.enqueue(job("d2", 2))).toEqual({ status: "duplicate" });
    expect(queue.enqueue(job("d1", 1))).toEqual({ status: "queued" });
    await queue.onIdle();
    expect(queue.stats().processed).toBe(4);
  });

  it("counts and logs a failing handler with the job's key and delivery id, then runs the next job", async () => {
    const { log, records } = capturedLog();
    const jobs = controlledHandler();
    const queue = createInProcessQueue({ concurrency: 1, handler: jobs.handler, log });

    queue.enqueue(job("bad", 1));
    queue.enqueue(job("good", 2));
    await nextTurn();
    jobs.fail("bad", new Error("GitHub said 502"));
    await nextTurn();
    expect(jobs.started).toEqual(["bad", "good"]);

    jobs.finish("good");
    await queue.onIdle();
    expect(queue.stats()).toEqual({ running: 0, waiting: 0, processed: 2, failed: 1 });
    const errors = records.filter((record) => record.level === 50);
    expect(errors).toEqual([
      expect.objectContaining({
        msg: "job failed",
        jobKey: "acme/api#1",
        deliveryId: "bad",
        err: expect.objectContaining({ message: "GitHub said 502" }),
      }),
    ]);
  });

  it("accepts a redelivery of a failed job, so a failed run can be retried from GitHub", async () => {
    let attempts = 0;
    const queue = createInProcessQueue({
      concurrency: 1,
      handler: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error("GitHub said 502");
      },
    });
    queue.enqueue(job("retry-me", 1));
    await queue.onIdle();
    expect(queue.enqueue(job("retry-me", 1))).toEqual({ status: "queued" });
    await queue.onIdle();
    expect(queue.stats()).toMatchObject({ processed: 2, failed: 1 });
    // Once it succeeded, the same delivery is a duplicate again.
    expect(queue.enqueue(job("retry-me", 1))).toEqual({ status: "duplicate" });
  });

  it("survives a handler that throws synchronously instead of rejecting", async () => {
    let calls = 0;
    const queue = createInProcessQueue({
      concurrency: 1,
      handler: (queued) => {
        calls += 1;
        if (queued.number === 1) throw new Error("bug");
        return Promise.resolve();
      },
    });

    queue.enqueue(job("throws", 1));
    queue.enqueue(job("fine", 2));
    await queue.onIdle();
    expect(calls).toBe(2);
    expect(queue.stats()).toEqual({ running: 0, waiting: 0, processed: 2, failed: 1 });
  });

  it("drains by letting the running job finish, refusing new work, and reporting the dropped waiting jobs", async () => {
    const { log, records } = capturedLog();
    const jobs = controlledHandler();
    const queue = createInProcessQueue({ concurrency: 1, handler: jobs.handler, log });

    queue.enqueue(job("running", 1));
    await nextTurn();
    queue.enqueue(job("waiting-same-pr", 1));
    queue.enqueue(job("waiting-other-pr", 2));

    let drained = false;
    const drain = queue.drain();
    void drain.then(() => {
      drained = true;
    });
    expect(queue.drain()).toBe(drain);
    expect(queue.enqueue(job("late", 3))).toEqual({ status: "closed" });
    await nextTurn();
    expect(drained).toBe(false);
    expect(queue.stats()).toEqual({ running: 1, waiting: 0, processed: 0, failed: 0 });

    jobs.finish("running");
    const result = await drain;
    expect(result.dropped.map((dropped) => dropped.deliveryId)).toEqual([
      "waiting-same-pr",
      "waiting-other-pr",
    ]);
    expect(jobs.started).toEqual(["running"]);
    expect(queue.stats()).toEqual({ running: 0, waiting: 0, processed: 1, failed: 0 });

    const warnings = records.filter((record) => record.level === 40);
    expect(warnings).toEqual([
      expect.objectContaining({
        msg: expect.stringContaining("2 waiting job(s) dropped"),
        dropped: [
          { jobKey: "acme/api#1", deliveryId: "waiting-same-pr" },
          { jobKey: "acme/api#2", deliveryId: "waiting-other-pr" },
        ],
      }),
    ]);
  });

  it("drains an idle queue at once with nothing dropped", async () => {
    const queue = createInProcessQueue({ concurrency: 1, handler: async () => {} });
    await expect(queue.drain()).resolves.toEqual({ dropped: [] });
    expect(queue.enqueue(job("late", 1))).toEqual({ status: "closed" });
  });

  it("refuses a concurrency that is not a positive integer", () => {
    expect(() => createInProcessQueue({ concurrency: 0, handler: async () => {} })).toThrow(RangeError);
    expect(() => createInProcessQueue({ concurrency: 1.5, handler: async () => {} })).toThrow(RangeError);
  });
});
