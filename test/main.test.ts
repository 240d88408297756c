import { once } from "node:events";
import { sign } from "@octokit/webhooks-methods";
import nock from "nock";
import { describe, expect, it } from "vitest";
import { startMain } from "./helpers/main-process.js";
import { testPrivateKey } from "./helpers/test-probot.js";

describe("main", () => {
  it("refuses to start in production without a webhook secret, naming the variable", async () => {
    const { child, output } = startMain({ NODE_ENV: "production", APP_ID: "1", PRIVATE_KEY: testPrivateKey });
    const [code] = await once(child, "exit");
    expect(code).toBe(1);
    expect(output()).toContain(
      'backend-architect: WEBHOOK_SECRET is required when NODE_ENV=production (Probot would otherwise accept payloads signed with "development")',
    );
  });

  it("serves /ping with credentials and drains on SIGTERM", async () => {
    const port = String(30_000 + Math.floor(Math.random() * 20_000));
    const { child, output } = startMain({
      APP_ID: "1",
      PRIVATE_KEY: testPrivateKey,
      WEBHOOK_SECRET: "s",
      PORT: port,
      HOST: "127.0.0.1",
      LOG_FORMAT: "json",
      ...(process.env.REDIS_URL === undefined ? {} : { REDIS_URL: process.env.REDIS_URL }),
    });
    nock.enableNetConnect("127.0.0.1");
    let answer = "";
    for (let attempt = 0; attempt < 450 && answer === ""; attempt++) {
      answer = await fetch(`http://127.0.0.1:${port}/ping`).then(
        (response) => response.text(),
        () => new Promise<string>((resolve) => setTimeout(() => resolve(""), 100)),
      );
    }
    expect(answer).toBe("PONG");
    // Ready: the key is loaded, and Redis (when CI provides one) answers.
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect({ status: ready.status, body: await ready.json() }).toEqual({
      status: 200,
      body: {
        status: "ready",
        checks:
          process.env.REDIS_URL === undefined ? { privateKey: "ok" } : { privateKey: "ok", redis: "ok" },
      },
    });
    expect(output()).toContain("reviewing with the offline architect (no ANTHROPIC_API_KEY)");
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
    expect(output()).toContain('"msg":"stopped"');
  }, 60_000);

  it("answers /healthz, /readyz (Redis down: 503 naming it) and /metrics with the webhook's acknowledgement time", async () => {
    const port = String(30_000 + Math.floor(Math.random() * 20_000));
    const { child, output } = startMain({
      APP_ID: "1",
      PRIVATE_KEY: testPrivateKey,
      WEBHOOK_SECRET: "s",
      PORT: port,
      HOST: "127.0.0.1",
      LOG_FORMAT: "json",
      // Nothing listens on port 1: the process runs, but is not ready.
      REDIS_URL: "redis://127.0.0.1:1",
      SHUTDOWN_GRACE_SECONDS: "2",
    });
    nock.enableNetConnect("127.0.0.1");
    const base = `http://127.0.0.1:${port}`;
    let health: Response | undefined;
    for (let attempt = 0; attempt < 450 && health === undefined; attempt++) {
      health = await fetch(`${base}/healthz`).catch(
        () => new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 100)),
      );
    }
    expect(health?.status).toBe(200);
    expect(await health?.json()).toEqual({ status: "ok" });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    const readiness = (await ready.json()) as { status: string; checks: Record<string, string> };
    expect(readiness.status).toBe("not ready");
    expect(readiness.checks.privateKey).toBe("ok");
    expect(readiness.checks.redis).not.toBe("ok");

    const payload = JSON.stringify({ zen: "Keep it logically awesome.", hook_id: 1 });
    const delivered = await fetch(`${base}/api/github/webhooks`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "ping",
        "x-github-delivery": "d-metrics",
        "x-hub-signature-256": await sign("s", payload),
      },
      body: payload,
    });
    expect(delivered.status).toBe(200);
    const metrics = await fetch(`${base}/metrics`).then((response) => response.text());
    expect(metrics).toContain('backend_architect_webhook_ack_seconds_count{status="200"} 1');
    expect(metrics).toContain("# TYPE backend_architect_reviews_total counter");
    expect(metrics).toContain('backend_architect_queue_depth{state="waiting"} 0');
    // Redis never answers, so the queue cannot close: the grace period ends the process, saying so.
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(1);
    expect(output()).toContain('"msg":"stopping took longer than the grace period: exiting anyway"');
  }, 60_000);
});
