import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { Redis } from "ioredis";
import nock from "nock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeGitHub,
  pullRequestDelivery,
  sendPullRequestDelivery,
  startFakeGitHub,
} from "./helpers/fake-github.js";
import { startMain } from "./helpers/main-process.js";
import { testPrivateKey } from "./helpers/test-probot.js";

const redisUrl = process.env.REDIS_URL;
if (redisUrl === undefined) console.log("roles.test.ts skipped: REDIS_URL is not set (CI sets it)");
const secret = "roles-secret";
const prefix = `roles-${randomUUID().slice(0, 8)}`;

function start(github: FakeGitHub, env: Record<string, string>): ReturnType<typeof startMain> {
  return startMain({
    APP_ID: "1",
    PRIVATE_KEY: testPrivateKey,
    WEBHOOK_SECRET: secret,
    HOST: "127.0.0.1",
    GHE_HOST: github.host,
    GHE_PROTOCOL: "http",
    LOG_FORMAT: "json",
    REDIS_URL: redisUrl ?? "",
    QUEUE_PREFIX: prefix,
    ...env,
  });
}

async function until(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function deliver(port: string, number: number): Promise<number> {
  const response = await sendPullRequestDelivery(port, pullRequestDelivery("opened", number), secret);
  return response.status;
}

const healthy = (port: string) =>
  fetch(`http://127.0.0.1:${port}/healthz`).then(
    (response) => response.ok,
    () => false,
  );

describe.skipIf(redisUrl === undefined)("process roles on Redis", () => {
  beforeAll(() => {
    nock.enableNetConnect("127.0.0.1");
  });
  afterAll(async () => {
    const redis = new Redis(redisUrl ?? "");
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it("a web process queues, a worker process reviews; a stopped worker finishes its running review first", async () => {
    const github = await startFakeGitHub({ reviewDelayMs: 1500 });
    const webPort = String(41_000 + Math.floor(Math.random() * 5_000));
    const workerPort = String(46_000 + Math.floor(Math.random() * 5_000));
    const web = start(github, { ROLE: "web", PORT: webPort });
    const worker = start(github, { ROLE: "worker", PORT: workerPort });
    try {
      await until(() => healthy(webPort), 60_000, "the web process");
      await until(() => healthy(workerPort), 60_000, "the worker process");
      expect(await deliver(webPort, 7)).toBe(200);
      // The worker has started the review (its check run is in progress) when SIGTERM arrives.
      await until(
        () => github.requests.includes("POST /api/v3/repos/Codertocat/Hello-World/check-runs"),
        30_000,
        "the review to start",
      );
      worker.child.kill("SIGTERM");
      const [code] = await once(worker.child, "exit");
      expect(code).toBe(0);
      expect(github.reviews.get(7)).toBe(1);
      expect(worker.output()).toContain('"msg":"stopped"');
      // The web process never ran a job.
      expect(web.output()).not.toContain("review job finished");
    } finally {
      web.child.kill("SIGTERM");
      worker.child.kill("SIGKILL");
      await github.close();
    }
  }, 150_000);
});
