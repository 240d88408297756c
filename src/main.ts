// Process entry: validate the environment, serve webhooks, drain the queue on SIGTERM/SIGINT.
import { pino } from "pino";
import { Probot, run, Server } from "probot";
import { createBackendArchitect } from "./app.js";
import { type AppConfig, loadEnv } from "./config/load-env.js";

async function main(): Promise<void> {
  const loaded = loadEnv(process.env);
  if (!loaded.ok) {
    for (const error of loaded.errors) console.error(`backend-architect: ${error}`);
    process.exitCode = 1;
    return;
  }
  const config = loaded.config;
  const architect = createBackendArchitect({
    concurrency: config.concurrency,
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

  const log = createLogger(config);
  const server = new Server({
    host: config.host,
    port: config.port,
    webhookPath: config.webhookPath,
    log,
    Probot: Probot.defaults({
      appId: config.appId,
      privateKey: config.privateKey,
      secret: config.webhookSecret,
      baseUrl: config.githubBaseUrl,
      redisConfig: config.redisUrl,
      log,
    }),
  });
  await server.load(architect.appFn);
  await server.start();
  log.info(
    { github: config.githubBaseUrl, concurrency: config.concurrency },
    config.offline
      ? "reviewing with the offline architect (no ANTHROPIC_API_KEY): deterministic analyzers only"
      : `reviewing with ${config.anthropicModel}`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping: no new webhooks, waiting for running reviews");
    await server.stop();
    const { dropped } = await architect.queue().drain();
    log.info({ dropped: dropped.length }, "stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
  // A bug in one review must not take the process (and every other review) down.
  process.on("unhandledRejection", (reason) => log.error({ err: reason }, "unhandled rejection"));
}

function createLogger(config: AppConfig) {
  const options = { level: config.logLevel, name: "backend-architect" };
  return config.logFormat === "pretty"
    ? pino({ ...options, transport: { target: "pino-pretty" } })
    : pino(options);
}

main().catch((error: unknown) => {
  console.error("backend-architect: failed to start:", error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
