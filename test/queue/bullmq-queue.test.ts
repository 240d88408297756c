// Integration tests against the real Redis at REDIS_URL; each test uses its own key prefix and deletes it.
import { type ChildProcess, spawn } from "node:child_process";
import { type AddressInfo, connect, createServer, type Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type BullmqQueueOptions, bullmqJobId, createBullmqQueue } from "../../src/queue/bullmq-queue.js";
import type { Job } from "../../src/queue/job.js";
import type { JobQueue } from "../../src/queue/job-queue.js";

const redisUrl = process.env.REDIS_URL;
if (redisUrl === undefined || redisUrl === "")
  console.log(
    "bullmq-queue tests skipped: REDIS_URL is not set (CI exports it, e.g. redis://127.0.0.1:6379)",
  );

const fixture = fileURLToPath(new URL("./fixtures/hanging-worker.ts", import.meta.url));

function review(deliveryId: string, number = 1): Job {
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

function command(deliveryId: string, number = 1): Job {
  return {
    kind: "run-command",
    deliveryId,
    installationId: 1,
    owner: "acme",
    repo: "api",
    number,
    isPullRequest: true,
    sender: "octocat",
    author: "octocat",
    source: { kind: "issue-comment", commentId: 7 },
    body: "/architect explain",
  };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((res) => {
    resolve = res;
  });
  return { promise, resolve };
}

/**
 * A handler that records every job it runs and holds the one with delivery `holdId` until `release`
 * resolves (`started` says it began); `then` runs after each job, e.g. to fail one.
 */
function holding(holdId: string, then?: (job: Job) => void) {
  const ran: string[] = [];
  const started = deferred();
  const release = deferred();
  const handler = async (job: Job) => {
    ran.push(job.deliveryId);
    if (job.deliveryId === holdId) {
      started.resolve();
      await release.promise;
    }
    then?.(job);
  };
  return { ran, started, release, handler };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out waiting for a condition");
    await sleep(10);
  }
}

/** An error as Octokit throws it for a GitHub 502. */
function badGateway(): Error {
  return Object.assign(new Error("Bad Gateway"), { name: "HttpError", status: 502 });
}

describe.skipIf(redisUrl === undefined || redisUrl === "")("BullMQ queue (Redis)", () => {
  const url = redisUrl ?? "";
  let redis: Redis;
  let prefix = "";
  let run = 0;
  const queues: JobQueue[] = [];
  const children: ChildProcess[] = [];

  function open(options: Partial<BullmqQueueOptions> & Pick<BullmqQueueOptions, "handler">): JobQueue {
    const queue = createBullmqQueue({
      connection: url,
      prefix,
      role: "both",
      concurrency: 4,
      lockDurationMs: 1_000,
      stalledIntervalMs: 500,
      backoffMs: 20,
      lockRetryDelayMs: 20,
      ...options,
    });
    queues.push(queue);
    return queue;
  }

  beforeAll(() => {
    redis = new Redis(url);
  });

  afterEach(async () => {
    for (const child of children.splice(0)) child.kill("SIGKILL");
    await Promise.all(queues.splice(0).map((queue) => queue.drain()));
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== "0");
  });

  afterAll(async () => {
    await redis.quit();
  });

  // A fresh prefix per test: nothing one test leaves can reach the next.
  function freshPrefix(): void {
    run += 1;
    prefix = `backend-architect-test-${process.pid}-${Date.now()}-${run}`;
  }

  it("runs a redelivered webhook (same delivery id) once", async () => {
    freshPrefix();
    const ran: string[] = [];
    const queue = open({ handler: async (job) => void ran.push(job.deliveryId) });

    expect(await queue.enqueue(review("d-1"))).toEqual({ status: "queued" });
    expect(await queue.enqueue(review("d-1"))).toEqual({ status: "duplicate" });
    await queue.onIdle();
    expect(await queue.enqueue(review("d-1"))).toEqual({ status: "duplicate" });
    await queue.onIdle();

    expect(ran).toEqual(["d-1"]);
    expect(queue.stats()).toMatchObject({ running: 0, processed: 1, failed: 0 });
  });

  it("runs the running review and the newest of ten pushes to one PR, and tells the first it is superseded", async () => {
    freshPrefix();
    const { ran, started: firstStarted, release: releaseFirst, handler } = holding("push-1");
    const queue = open({ handler });

    expect(await queue.enqueue(review("push-1"))).toEqual({ status: "queued" });
    await firstStarted.promise;
    expect(await queue.isSuperseded(review("push-1"))).toBe(false);
    const results = [];
    for (let push = 2; push <= 10; push += 1) results.push(await queue.enqueue(review(`push-${push}`)));
    expect(await queue.isSuperseded(review("push-1"))).toBe(true);
    releaseFirst.resolve();
    await queue.onIdle();

    expect(ran).toEqual(["push-1", "push-10"]);
    expect(results[0]).toEqual({ status: "queued" });
    expect(results.slice(1)).toEqual(
      [2, 3, 4, 5, 6, 7, 8, 9].map((push) => ({ status: "replaced", replacedDeliveryId: `push-${push}` })),
    );
    expect(await queue.isSuperseded(review("push-10"))).toBe(false);
  });

  it("runs at most two reviews (the first and the newest) for ten pushes to one PR in one burst", async () => {
    freshPrefix();
    const ran: string[] = [];
    const queue = open({
      handler: async (job) => {
        ran.push(job.deliveryId);
        await sleep(30);
      },
    });

    const pushes = Array.from({ length: 10 }, (_, index) => review(`burst-${index + 1}`));
    const results = await Promise.all(pushes.map((push) => queue.enqueue(push)));
    await queue.onIdle();

    expect(ran.length).toBeLessThanOrEqual(2);
    expect(ran.at(-1)).toBe("burst-10");
    expect(results.filter((result) => result.status === "replaced").length).toBeGreaterThanOrEqual(8);
  });

  it("folds pushes that arrive while a review runs into one waiting BullMQ job, which runs the newest", async () => {
    freshPrefix();
    const { ran, started: firstStarted, release: releaseFirst, handler } = holding("storm-1");
    const queue = open({ handler });
    const inspect = new Queue("jobs", { connection: redis, prefix });

    await queue.enqueue(review("storm-1"));
    await firstStarted.promise;
    for (let push = 2; push <= 50; push += 1) await queue.enqueue(review(`storm-${push}`));
    // One job running, one waiting (or delayed: a worker found the PR busy): the 48 later pushes cost no
    // job of their own.
    const counts = await inspect.getJobCounts("active", "wait", "delayed");
    releaseFirst.resolve();
    expect(counts.active).toBe(1);
    expect((counts.wait ?? 0) + (counts.delayed ?? 0)).toBe(1);
    await queue.onIdle();

    expect(ran).toEqual(["storm-1", "storm-50"]);
    // The waiting job was the second push's; it ran the fiftieth and kept it as its data.
    const folded = await inspect.getJob(bullmqJobId("storm-2"));
    expect(folded?.data).toMatchObject({ deliveryId: "storm-50" });
    expect(await inspect.getJob(bullmqJobId("storm-3"))).toBeUndefined();
    await inspect.close();
  });

  it("retries the newest push when the job it was folded into fails transiently", async () => {
    freshPrefix();
    let failures = 0;
    const {
      ran,
      started: firstStarted,
      release: releaseFirst,
      handler,
    } = holding("retry-1", (job) => {
      if (job.deliveryId === "retry-3" && failures === 0) {
        failures += 1;
        throw badGateway();
      }
    });
    const queue = open({ attempts: 3, handler });

    await queue.enqueue(review("retry-1"));
    await firstStarted.promise;
    await queue.enqueue(review("retry-2"));
    await queue.enqueue(review("retry-3"));
    releaseFirst.resolve();
    await queue.onIdle();

    expect(ran).toEqual(["retry-1", "retry-3", "retry-3"]);
    expect(queue.stats()).toMatchObject({ processed: 3, failed: 1 });
  });

  it("runs every command for a PR, never at the same time as each other or a review of that PR", async () => {
    freshPrefix();
    const ran: string[] = [];
    let active = 0;
    let mostActive = 0;
    const queue = open({
      concurrency: 4,
      handler: async (job) => {
        active += 1;
        mostActive = Math.max(mostActive, active);
        ran.push(job.deliveryId);
        await sleep(40);
        active -= 1;
      },
    });

    expect(await queue.enqueue(review("review-1"))).toEqual({ status: "queued" });
    for (const id of ["command-1", "command-2", "command-3"]) {
      expect(await queue.enqueue(command(id))).toEqual({ status: "queued" });
    }
    await queue.onIdle();

    expect([...ran].sort()).toEqual(["command-1", "command-2", "command-3", "review-1"]);
    expect(mostActive).toBe(1);
    expect(queue.stats()).toMatchObject({ running: 0, processed: 4, failed: 0 });
  });

  it("retries a transient error (GitHub 502) with backoff until it succeeds", async () => {
    freshPrefix();
    let calls = 0;
    const queue = open({
      attempts: 3,
      handler: async () => {
        calls += 1;
        if (calls === 1) throw badGateway();
      },
    });

    await queue.enqueue(review("flaky"));
    await queue.onIdle();

    expect(calls).toBe(2);
    expect(queue.stats()).toMatchObject({ processed: 2, failed: 1 });
  });

  it("fails a non-transient error at once, and runs it again when GitHub redelivers it", async () => {
    freshPrefix();
    let calls = 0;
    const queue = open({
      attempts: 3,
      handler: async () => {
        calls += 1;
        if (calls === 1) throw new Error("invalid .github/backend-architect.yml");
      },
    });

    await queue.enqueue(review("broken"));
    await queue.onIdle();
    expect(calls).toBe(1);
    expect(queue.stats()).toMatchObject({ processed: 1, failed: 1 });
    const inspect = new Queue("jobs", { connection: redis, prefix });
    expect(await inspect.getJobState(bullmqJobId("broken"))).toBe("failed");

    expect(await queue.enqueue(review("broken"))).toEqual({ status: "queued" });
    await queue.onIdle();
    expect(calls).toBe(2);
    expect(await inspect.getJobState(bullmqJobId("broken"))).toBe("completed");
    await inspect.close();
  });

  it("hands the job of a worker process killed mid-job to another worker, which posts the review once", async () => {
    freshPrefix();
    const web = open({ role: "web", handler: async () => {} });
    await web.enqueue(review("killed"));

    const spawnedAt = Date.now();
    const child = spawn(process.execPath, ["--import", "tsx", fixture], {
      env: { ...process.env, REDIS_URL: url, QUEUE_PREFIX: prefix },
      stdio: ["ignore", "pipe", "inherit"],
    });
    children.push(child);
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    await until(() => output.includes("started killed"));
    const killedAt = Date.now();
    const startMs = killedAt - spawnedAt;
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));

    const posted = `${prefix}:test:posted`;
    const second = open({
      role: "worker",
      handler: async () => {
        await redis.incr(posted);
      },
    });
    await until(async () => (await redis.get(posted)) === "1");
    const recoveredMs = Date.now() - killedAt;
    await second.onIdle();
    await sleep(1_200); // longer than a stall interval and a lock: nothing may run it a third time

    expect(await redis.get(posted)).toBe("1");
    expect(await redis.get(`${prefix}:test:started`)).toBe("1");
    console.log(
      `worker process took the job ${startMs} ms after spawn; a second worker posted it ${recoveredMs} ms after SIGKILL`,
    );
    expect(recoveredMs).toBeLessThan(10_000);
  });

  it("drains: the running job finishes, waiting jobs stay in Redis for the next process", async () => {
    freshPrefix();
    const started = deferred();
    const release = deferred();
    const ran: string[] = [];
    const first = open({
      concurrency: 1,
      handler: async (job) => {
        ran.push(job.deliveryId);
        started.resolve();
        await release.promise;
      },
    });
    await first.enqueue(review("running", 1));
    await started.promise;
    await first.enqueue(review("waiting", 2));

    let drained = false;
    const drain = first.drain().then((result) => {
      drained = true;
      return result;
    });
    expect(await first.enqueue(review("late", 3))).toEqual({ status: "closed" });
    await sleep(100);
    expect(drained).toBe(false);
    release.resolve();
    expect(await drain).toEqual({ dropped: [] });
    expect(ran).toEqual(["running"]);

    const inspect = new Queue("jobs", { connection: redis, prefix });
    expect(await inspect.getJobState(bullmqJobId("running"))).toBe("completed");
    expect(await inspect.getJobState(bullmqJobId("waiting"))).toBe("waiting");
    await inspect.close();

    const next = open({ handler: async (job) => void ran.push(job.deliveryId) });
    await next.onIdle();
    expect(ran).toEqual(["running", "waiting"]);
  });

  it("survives Redis going away and coming back: a job from before runs once, enqueueing during the outage fails loudly, after it works", async () => {
    freshPrefix();
    const target = new URL(url);
    // A TCP proxy in front of Redis: closing it (and every connection through it) is Redis going away.
    const sockets = new Set<Socket>();
    const proxy = createServer((client) => {
      const upstream = connect(Number(target.port || 6379), target.hostname);
      sockets.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      const drop = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on("error", drop).on("close", drop);
      upstream.on("error", drop).on("close", drop);
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const port = (proxy.address() as AddressInfo).port;
    const down = async () => {
      await new Promise<void>((resolve) => {
        proxy.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        sockets.clear();
      });
    };
    const gate = deferred();
    const runs: string[] = [];
    const queue = open({
      connection: `redis://127.0.0.1:${port}`,
      handler: async (job) => {
        runs.push(job.deliveryId);
        if (job.deliveryId === "before") await gate.promise;
      },
    });
    await queue.enqueue(review("before", 1));
    await until(() => runs.includes("before"));
    await down();
    // While Redis is away, a webhook's enqueue rejects (the web process answers 5xx; GitHub can redeliver).
    await expect(Promise.resolve(queue.enqueue(review("during", 2)))).rejects.toThrow();
    gate.resolve();
    await sleep(300);
    // Redis is back on the same address: the connections recover by themselves.
    await new Promise<void>((resolve) => proxy.listen(port, "127.0.0.1", resolve));
    await until(async () => (await queue.enqueue(review("after", 3))).status === "queued", 15_000);
    await until(() => runs.includes("after"), 15_000);
    await sleep(1_500);
    expect(runs.filter((id) => id === "before")).toHaveLength(1);
    expect(runs.filter((id) => id === "after")).toHaveLength(1);
    expect(runs).not.toContain("during");
    await queue.drain();
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
  }, 40_000);
});
