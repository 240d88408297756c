import { describe, expect, it } from "vitest";
import { createMetrics } from "../../src/observability/metrics.js";

describe("createMetrics", () => {
  it("counts reviews by outcome, GitHub calls, model tokens and cost", async () => {
    const metrics = createMetrics({
      defaults: false,
      queue: () => ({ running: 1, waiting: 2, processed: 3, failed: 0 }),
    });
    metrics.observeReview(
      {
        status: "posted",
        reviewId: 1,
        verdict: "halt",
        event: "REQUEST_CHANGES",
        inlineComments: 1,
        dismissed: [],
        openQuestions: [],
        githubCalls: 6,
        usage: {
          inputTokens: 9000,
          outputTokens: 700,
          cacheReadTokens: 6000,
          cacheWriteTokens: 0,
          costUsd: 0.04,
        },
      },
      1.5,
    );
    metrics.observeReview({ status: "skipped", reason: "no-backend-change", githubCalls: 5 }, 0.2);
    metrics.observeReview("failed", 0.1);
    metrics.observeRateLimit(4990);
    const text = await metrics.registry.metrics();
    expect(text).toContain('backend_architect_reviews_total{outcome="posted_halt"} 1');
    expect(text).toContain('backend_architect_reviews_total{outcome="skipped_no_backend_change"} 1');
    expect(text).toContain('backend_architect_reviews_total{outcome="failed"} 1');
    expect(text).toContain("backend_architect_github_calls_total 11");
    expect(text).toContain('backend_architect_model_tokens_total{kind="input"} 9000');
    expect(text).toContain("backend_architect_model_cost_usd_total 0.04");
    expect(text).toContain("backend_architect_review_duration_seconds_count 3");
    expect(text).toContain("backend_architect_github_rate_limit_remaining 4990");
    expect(text).toContain('backend_architect_queue_depth{state="waiting"} 2');
    expect(text).toContain('backend_architect_queue_depth{state="running"} 1');
  });
});
