// The Probot application: wires webhook handlers to the queue and the queue to the jobs. No work here.
import type { ApplicationFunction, Probot } from "probot";
import { createTokenCalibration } from "./agent/claude/estimate-tokens.js";
import type { Analyzer } from "./analyzers/analyzer.js";
import { defaultAnalyzers } from "./analyzers/registry.js";
import { createRateLimiter, type RateLimiter } from "./commands/command-policy.js";
import { createPermissionReader, type PermissionReader } from "./github/conversation.js";
import { createDefaultBranchCache, type DefaultBranchCache } from "./github/read-default-branch-files.js";
import { proposeForLabel, recordMergedDelivery } from "./jobs/propose-design.js";
import { type ClaudeSettings, reviewPullRequest } from "./jobs/review-pull-request.js";
import { runCommand } from "./jobs/run-command.js";
import type { Metrics } from "./observability/metrics.js";
import { createBullmqQueue, type QueueRole } from "./queue/bullmq-queue.js";
import { createInProcessQueue } from "./queue/in-process-queue.js";
import type { Job } from "./queue/job.js";
import type { JobQueue } from "./queue/job-queue.js";
import { onCheck } from "./webhooks/on-check.js";
import { onComment } from "./webhooks/on-comment.js";
import { onIssue } from "./webhooks/on-issue.js";
import { onPullRequest } from "./webhooks/on-pull-request.js";

export interface BackendArchitectOptions {
  /** Reviews running at once across all PRs. */
  concurrency: number;
  analyzers?: readonly Analyzer[];
  /** With an Anthropic API key the architect agent on Claude reviews; without, the offline architect. */
  anthropic?: { apiKey: string; baseURL?: string; model: string };
  /** Where review outcomes, durations, queue waits and GitHub rate limits are counted (`/metrics`). */
  metrics?: Metrics;
  /** Redis for the queue (BullMQ) and what this process does with it; absent: the in-process queue. */
  redis?: { url: string; role: QueueRole; prefix: string };
  /** Replaces the job runner (tests use it to hold a job until released). */
  runJob?: (job: Job, app: Probot) => Promise<void>;
}

export interface BackendArchitect {
  appFn: ApplicationFunction;
  /** The queue, once Probot has loaded the app. */
  queue(): JobQueue;
}

export function createBackendArchitect(options: BackendArchitectOptions): BackendArchitect {
  let queue: JobQueue | undefined;
  const analyzers = options.analyzers ?? defaultAnalyzers;
  const claude: ClaudeSettings | undefined =
    options.anthropic === undefined
      ? undefined
      : { ...options.anthropic, calibration: createTokenCalibration() };
  // One per app (one per process): a person's permission is asked once every few minutes, and the command
  // rate limit counts every command of a PR or issue.
  const permissions = createPermissionReader();
  const rateLimiter = createRateLimiter();
  // Config, agents and guidance of each repository's default branch, kept a few minutes (one per process).
  const defaultBranchCache = createDefaultBranchCache();
  const appFn: ApplicationFunction = (app) => {
    const botLogin = appLogin(app);
    const runJob =
      options.runJob ??
      ((job: Job) =>
        runJobWithMetrics(app, job, options.metrics, {
          analyzers,
          botLogin,
          claude,
          permissions,
          rateLimiter,
          superseded: async () => (await queue?.isSuperseded(job)) === true,
          defaultBranchCache,
        }));
    const handler = (job: Job) => runJob(job, app);
    const log = app.log.child({ name: "queue" });
    // With Redis, BullMQ: jobs survive restarts and are shared by worker processes. Without, in memory.
    const base: JobQueue =
      options.redis === undefined
        ? createInProcessQueue({ concurrency: options.concurrency, handler, log })
        : createBullmqQueue({
            connection: options.redis.url,
            role: options.redis.role,
            prefix: options.redis.prefix,
            concurrency: options.concurrency,
            handler,
            log,
          });
    // Every job carries when it was accepted, for the queue-wait metric (across processes with BullMQ).
    queue = { ...base, enqueue: (job) => base.enqueue({ ...job, queuedAt: Date.now() }) };
    onPullRequest(app, queue);
    onComment(app, queue);
    onIssue(app, queue);
    onCheck(app, queue);
  };
  return {
    appFn,
    queue() {
      if (queue === undefined) throw new Error("the app is not loaded yet: call probot.load(appFn) first");
      return queue;
    },
  };
}

/** Runs one job, timing its wait and (for reviews) its outcome and duration. */
async function runJobWithMetrics(
  app: Probot,
  job: Job,
  metrics: Metrics | undefined,
  deps: Parameters<typeof runReviewJob>[2],
): Promise<void> {
  if (metrics !== undefined && job.queuedAt !== undefined)
    metrics.observeWait(job.kind, Math.max(0, Date.now() - job.queuedAt) / 1000);
  await runReviewJob(app, job, deps, metrics);
}

async function runReviewJob(
  app: Probot,
  job: Job,
  deps: {
    analyzers: readonly Analyzer[];
    botLogin: () => Promise<string>;
    claude: ClaudeSettings | undefined;
    permissions: PermissionReader;
    rateLimiter: RateLimiter;
    superseded: () => Promise<boolean>;
    defaultBranchCache: DefaultBranchCache;
  },
  metrics?: Metrics,
): Promise<void> {
  const octokit = await app.auth(job.installationId);
  if (metrics !== undefined) {
    octokit.hook.after("request", (response) => {
      const remaining = response.headers["x-ratelimit-remaining"];
      if (remaining !== undefined) metrics.observeRateLimit(Number(remaining));
    });
  }
  const log = app.log.child({ delivery: job.deliveryId, pr: `${job.owner}/${job.repo}#${job.number}` });
  const reviewDeps = {
    octokit,
    botLogin: await deps.botLogin(),
    analyzers: deps.analyzers,
    log,
    ...(deps.claude === undefined ? {} : { claude: deps.claude }),
  };
  if (job.kind === "run-command") {
    await runCommand(job, { ...reviewDeps, permissions: deps.permissions, rateLimiter: deps.rateLimiter });
  } else if (job.kind === "record-delivery") {
    const issues = await recordMergedDelivery(
      { owner: job.owner, repo: job.repo, number: job.number },
      reviewDeps,
    );
    log.info({ issues }, "milestones ticked on the plans this PR implements");
  } else if (job.kind === "propose-design") {
    const ref = { owner: job.owner, repo: job.repo, number: job.number };
    const result = await proposeForLabel(ref, reviewDeps);
    log.info({ status: result.status, trigger: job.trigger }, "propose-design job done");
  } else {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const result = await reviewPullRequest(job, {
        ...reviewDeps,
        superseded: deps.superseded,
        defaultBranchCache: { store: deps.defaultBranchCache, installationId: job.installationId },
      });
      metrics?.observeReview(result, seconds());
    } catch (error) {
      metrics?.observeReview("failed", seconds());
      throw error;
    }
  }
}

/** The app's own login (`<slug>[bot]`), asked once per process with the app's JWT. */
function appLogin(app: Probot): () => Promise<string> {
  let login: Promise<string> | undefined;
  return () => {
    login ??= app
      .auth()
      .then((octokit) => octokit.rest.apps.getAuthenticated())
      .then(({ data }) => `${data?.slug ?? "backend-architect"}[bot]`)
      .catch((error: unknown) => {
        login = undefined; // ask again next time rather than caching a failure
        throw error;
      });
    return login;
  };
}
