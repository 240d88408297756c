// Prometheus metrics (prom-client), one registry per process: what an operator needs to see that reviews
// happen, how long they take, what they cost, and whether GitHub or the queue is the bottleneck.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { ReviewJobResult } from "../jobs/review-pull-request.js";
import type { QueueStats } from "../queue/job-queue.js";

export interface Metrics {
  registry: Registry;
  /** A review job ended (its result), or threw (`"failed"`), after `seconds`. */
  observeReview(result: ReviewJobResult | "failed", seconds: number): void;
  /** Any job waited `seconds` between its webhook and its start. */
  observeWait(kind: string, seconds: number): void;
  /** The answer to one webhook delivery went out after `seconds`. */
  observeAck(status: number, seconds: number): void;
  /** `x-ratelimit-remaining` of the latest GitHub answer. */
  observeRateLimit(remaining: number): void;
}

/** `queue` is read on every scrape for the depth gauges. */
export function createMetrics(options: { queue?: () => QueueStats; defaults?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaults !== false) collectDefaultMetrics({ register: registry, prefix: "backend_architect_" });
  const reviews = new Counter({
    name: "backend_architect_reviews_total",
    help: "Review jobs by outcome: posted_<verdict>, updated, kept, skipped_<reason>, failed.",
    labelNames: ["outcome"],
    registers: [registry],
  });
  const duration = new Histogram({
    name: "backend_architect_review_duration_seconds",
    help: "Time from a review job's start to its end.",
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    registers: [registry],
  });
  const wait = new Histogram({
    name: "backend_architect_queue_wait_seconds",
    help: "Time a job waited between its webhook and its start.",
    labelNames: ["kind"],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
    registers: [registry],
  });
  const ack = new Histogram({
    name: "backend_architect_webhook_ack_seconds",
    help: "Time to answer a webhook delivery.",
    labelNames: ["status"],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  const tokens = new Counter({
    name: "backend_architect_model_tokens_total",
    help: "Model tokens by kind: input, output, cache_read, cache_write.",
    labelNames: ["kind"],
    registers: [registry],
  });
  const cost = new Counter({
    name: "backend_architect_model_cost_usd_total",
    help: "What the model calls of reviews cost, in US dollars (list prices).",
    registers: [registry],
  });
  const githubCalls = new Counter({
    name: "backend_architect_github_calls_total",
    help: "GitHub API requests made by review jobs (token exchanges excluded).",
    registers: [registry],
  });
  const rateLimit = new Gauge({
    name: "backend_architect_github_rate_limit_remaining",
    help: "x-ratelimit-remaining of the latest GitHub answer.",
    registers: [registry],
  });
  const queue = options.queue;
  new Gauge({
    name: "backend_architect_queue_depth",
    help: "Jobs waiting and running in this process's view of the queue.",
    labelNames: ["state"],
    registers: [registry],
    collect() {
      if (queue === undefined) return;
      const stats = queue();
      this.set({ state: "waiting" }, stats.waiting);
      this.set({ state: "running" }, stats.running);
    },
  });

  return {
    registry,
    observeReview(result, seconds) {
      duration.observe(seconds);
      reviews.inc({ outcome: outcomeLabel(result) });
      if (result === "failed") return;
      githubCalls.inc(result.githubCalls);
      if (result.usage !== undefined) {
        tokens.inc({ kind: "input" }, result.usage.inputTokens);
        tokens.inc({ kind: "output" }, result.usage.outputTokens);
        tokens.inc({ kind: "cache_read" }, result.usage.cacheReadTokens);
        tokens.inc({ kind: "cache_write" }, result.usage.cacheWriteTokens);
        cost.inc(result.usage.costUsd);
      }
    },
    observeWait(kind, seconds) {
      wait.observe({ kind }, seconds);
    },
    observeAck(status, seconds) {
      ack.observe({ status: String(status) }, seconds);
    },
    observeRateLimit(remaining) {
      if (Number.isFinite(remaining)) rateLimit.set(remaining);
    },
  };
}

function outcomeLabel(result: ReviewJobResult | "failed"): string {
  if (result === "failed") return "failed";
  switch (result.status) {
    case "posted":
      return `posted_${result.verdict}`;
    case "skipped":
      return `skipped_${result.reason.replace(/-/g, "_")}`;
    default:
      return result.status;
  }
}
