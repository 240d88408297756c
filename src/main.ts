// Process entry: validate the environment, serve webhooks, drain the queue on SIGTERM/SIGINT.

import { createServer } from "node:http";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import { Probot, ProbotOctokit, run, Server } from "probot";
import { loadBundledAgent } from "./agent/load-agent-definition.js";
import { createBackendArchitect } from "./app.js";
import { type AppConfig, loadEnv } from "./config/load-env.js";
import { ackTimer, observabilityHandler } from "./observability/http-handlers.js";
import { createLogger } from "./observability/logger.js";
import { createMetrics } from "./observability/metrics.js";
import type { QueueStats } from "./queue/job-queue.js";

async function main(): Promise<void> {
  const loaded = loadEnv(process.env);
  if (!loaded.ok) {
    for (const error of loaded.errors) console.error(`backend-architect: ${error}`);
    process.exitCode = 1;
    return;
  }
  const config = loaded.config;
  // Every review falls back to the bundled agent: an install or image without it must not start.
  const bundled = await loadBundledAgent();
  if (!bundled.ok) {
    console.error(`backend-architect: the bundled agent is missing or broken: ${bundled.error}`);
    process.exitCode = 1;
    return;
  }
  let queueStats: (() => QueueStats) | undefined;
  const metrics = createMetrics({
    queue: () => queueStats?.() ?? { running: 0, waiting: 0, processed: 0, failed: 0 },
  });
  const architect = createBackendArchitect({
    concurrency: config.concurrency,
    metrics,
    ...(config.redisUrl === undefined
      ? {}
      : { redis: { url: config.redisUrl, role: config.role, prefix: config.queuePrefix } }),
    ...(config.anthropicApiKey === undefined
      ? {}
      : {
          anthropic: {
            apiKey: config.anthropicApiKey,
            model: config.anthropicModel,
            ...(config.anthropicBaseUrl === undefined ? {} : { baseURL: config.anthropicBaseUrl }),
          },
        }),
  });

  if (config.appId === undefined || config.privateKey === undefined) {
    // No credentials yet (refused in production by loadEnv): Probot's manifest flow registers the app
    // from app.yml and writes APP_ID, PRIVATE_KEY and WEBHOOK_SECRET to .env; restart afterwards.
    await run(architect.appFn);
    return;
  }

  const log = loggerFor(config);
  const probotOptions = {
    appId: config.appId,
    privateKey: config.privateKey,
    secret: config.webhookSecret,
    baseUrl: config.githubBaseUrl,
    redisConfig: config.redisUrl,
    log,
    // The callback form: an object is merged shallowly and would leave throttling on.
    ...(config.githubThrottle
      ? {}
      : {
          Octokit: ProbotOctokit.defaults((options: Record<string, unknown>) => ({
            ...options,
            throttle: { ...(options.throttle as object), enabled: false },
          })),
        }),
  };
  const redis = config.redisUrl === undefined ? undefined : readinessRedis(config.redisUrl);
  const observability = observabilityHandler({
    metrics,
    readiness: [
      // loadEnv refused to start without a key that parses; a key GitHub rejects shows on the first webhook.
      { name: "privateKey", check: async () => undefined },
      ...(redis === undefined ? [] : [{ name: "redis", check: redis.check }]),
    ],
  });
  const ready = (role: string) =>
    log.info(
      {
        role,
        github: config.githubBaseUrl,
        concurrency: config.concurrency,
        queue: config.redisUrl === undefined ? "in-process" : "bullmq",
      },
      config.offline
        ? "reviewing with the offline architect (no ANTHROPIC_API_KEY): deterministic analyzers only"
        : `reviewing with ${config.anthropicModel}`,
    );

  if (config.role === "worker") {
    // Jobs only: the app is loaded (its queue runs the jobs), no webhook endpoint; health and metrics stay.
    const probot = new Probot(probotOptions);
    await probot.load(architect.appFn);
    queueStats = () => architect.queue().stats();
    const health = createServer((req, res) => {
      void observability(req, res).then((handled) => {
        if (!handled) res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => health.listen(config.port, config.host, resolve));
    ready("worker");
    onStop(log, config.shutdownGraceMs, async () => {
      await new Promise<void>((resolve) => health.close(() => resolve()));
      const { dropped } = await architect.queue().drain();
      await redis?.close();
      return dropped.length;
    });
    return;
  }

  const server = new Server({
    host: config.host,
    port: config.port,
    webhookPath: config.webhookPath,
    log,
    Probot: Probot.defaults(probotOptions),
  });
  server.addHandler(observability);
  await server.load(architect.appFn);
  queueStats = () => architect.queue().stats();
  const httpServer = await server.start();
  httpServer.on("request", ackTimer(config.webhookPath, metrics));
  ready(config.role);
  onStop(log, config.shutdownGraceMs, async () => {
    await server.stop();
    const { dropped } = await architect.queue().drain();
    await redis?.close();
    return dropped.length;
  });
}

/**
 * SIGTERM/SIGINT: stop taking work, let running jobs finish (waiting ones stay in Redis, or are lost with
 * the in-process queue), close connections, exit. A second signal does not start a second stop.
 */
function onStop(log: Logger, graceMs: number, stop: () => Promise<number>): void {
  let stopping = false;
  const handle = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, graceMs }, "stopping: no new work, waiting for running jobs");
    // A job that never ends or a Redis that does not answer must not keep the process alive forever: with
    // BullMQ an unfinished job goes back to the queue once its lock expires.
    const timer = setTimeout(() => {
      log.error({ graceMs }, "stopping took longer than the grace period: exiting anyway");
      process.exit(1);
    }, graceMs);
    timer.unref();
    const dropped = await stop();
    clearTimeout(timer);
    log.info({ dropped }, "stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void handle("SIGTERM"));
  process.on("SIGINT", () => void handle("SIGINT"));
  // A bug in one review must not take the process (and every other review) down.
  process.on("unhandledRejection", (reason) => log.error({ err: reason }, "unhandled rejection"));
}

/** A Redis connection for `/readyz` only: PING answers within the probe's time, or the check says why not. */
function readinessRedis(url: string): {
  check: () => Promise<string | undefined>;
  close: () => Promise<void>;
} {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  client.on("error", () => {}); // reported by the check, not as an unhandled error event
  return {
    async check() {
      if (client.status === "wait" || client.status === "end") await client.connect();
      const answer = await client.ping();
      return answer === "PONG" ? undefined : `unexpected answer ${answer}`;
    },
    async close() {
      client.disconnect();
    },
  };
}

function loggerFor(config: AppConfig) {
  return createLogger({
    level: config.logLevel,
    format: config.logFormat,
    secrets: [config.webhookSecret, config.anthropicApiKey, config.privateKey].filter(
      (secret): secret is string => secret !== undefined,
    ),
  });
}

main().catch((error: unknown) => {
  console.error("backend-architect: failed to start:", error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
