// Validates the process environment into the typed AppConfig the rest of the app receives.
import { readFileSync } from "node:fs";
import {
  type Env,
  envSchema,
  type logFormats,
  type logLevels,
  type nodeEnvs,
  normalizePrivateKey,
  privateKeyExpectation,
} from "./env.schema.js";

export interface AppConfig {
  nodeEnv: (typeof nodeEnvs)[number];
  /** Absent outside production: Probot runs its manifest set-up flow. */
  appId?: number;
  /** PEM text from PRIVATE_KEY or the file PRIVATE_KEY_PATH names. Pass it to Probot explicitly: without
   * one, Probot picks up any lone `*.pem` in the working directory. */
  privateKey?: string;
  /** Absent only outside production (Probot then uses "development"). */
  webhookSecret?: string;
  webhookPath: string;
  anthropicApiKey?: string;
  anthropicModel: string;
  anthropicBaseUrl?: string;
  /** No Anthropic API key: the offline architect (analyzers only) reviews. */
  offline: boolean;
  logLevel: (typeof logLevels)[number];
  logFormat: (typeof logFormats)[number];
  host: string;
  port: number;
  /** Reviews running at once in this process. */
  concurrency: number;
  /** `both`: server and worker; `web`: server only; `worker`: jobs only. */
  role: "both" | "web" | "worker";
  /** Prefix of the queue's Redis keys. */
  queuePrefix: string;
  /** How long SIGTERM waits for running jobs before the process exits anyway. */
  shutdownGraceMs: number;
  /** Octokit's throttling of GitHub requests (on unless GITHUB_THROTTLE=off). */
  githubThrottle: boolean;
  gheHost?: string;
  gheProtocol: "http" | "https";
  /** REST API root: `https://api.github.com`, or `<GHE_PROTOCOL>://<GHE_HOST>/api/v3`. */
  githubBaseUrl: string;
  redisUrl?: string;
}

export type LoadEnvResult = { ok: true; config: AppConfig } | { ok: false; errors: string[] };

/**
 * Validates `env` (usually `process.env`). Pure apart from reading the file PRIVATE_KEY_PATH names.
 * On failure, `errors` holds one line per problem, each naming the variable and what is expected.
 */
export function loadEnv(env: Record<string, string | undefined>): LoadEnvResult {
  const parsed = envSchema.safeParse(env);
  const errors = parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);

  let privateKey: string | undefined;
  const keyPath = env.PRIVATE_KEY_PATH?.trim();
  if (keyPath && !env.PRIVATE_KEY?.trim()) {
    const read = readPrivateKeyFile(keyPath);
    if (read.ok) privateKey = read.pem;
    else errors.push(read.error);
  }

  if (!parsed.success || errors.length > 0) return { ok: false, errors };
  return { ok: true, config: toAppConfig(parsed.data, privateKey ?? parsed.data.PRIVATE_KEY) };
}

function readPrivateKeyFile(path: string): { ok: true; pem: string } | { ok: false; error: string } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
    return {
      ok: false,
      error: `PRIVATE_KEY_PATH must name a readable file (cannot read "${path}": ${code})`,
    };
  }
  const pem = normalizePrivateKey(text);
  if (pem === undefined) {
    return {
      ok: false,
      error: `PRIVATE_KEY_PATH names "${path}", which does not hold ${privateKeyExpectation}`,
    };
  }
  return { ok: true, pem };
}

function toAppConfig(env: Env, privateKey: string | undefined): AppConfig {
  const production = env.NODE_ENV === "production";
  const config: AppConfig = {
    nodeEnv: env.NODE_ENV,
    webhookPath: env.WEBHOOK_PATH,
    anthropicModel: env.ANTHROPIC_MODEL,
    offline: env.ANTHROPIC_API_KEY === undefined,
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT ?? (production ? "json" : "pretty"),
    host: env.HOST,
    port: env.PORT,
    concurrency: env.CONCURRENCY,
    role: env.ROLE,
    queuePrefix: env.QUEUE_PREFIX,
    shutdownGraceMs: env.SHUTDOWN_GRACE_SECONDS * 1000,
    githubThrottle: env.GITHUB_THROTTLE === "on",
    gheProtocol: env.GHE_PROTOCOL,
    githubBaseUrl:
      env.GHE_HOST === undefined ? "https://api.github.com" : `${env.GHE_PROTOCOL}://${env.GHE_HOST}/api/v3`,
  };
  if (env.APP_ID !== undefined) config.appId = env.APP_ID;
  if (privateKey !== undefined) config.privateKey = privateKey;
  if (env.WEBHOOK_SECRET !== undefined) config.webhookSecret = env.WEBHOOK_SECRET;
  if (env.ANTHROPIC_API_KEY !== undefined) config.anthropicApiKey = env.ANTHROPIC_API_KEY;
  if (env.ANTHROPIC_BASE_URL !== undefined) config.anthropicBaseUrl = env.ANTHROPIC_BASE_URL;
  if (env.GHE_HOST !== undefined) config.gheHost = env.GHE_HOST;
  if (env.REDIS_URL !== undefined) config.redisUrl = env.REDIS_URL;
  return config;
}
