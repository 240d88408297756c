import { describe, expect, it } from "vitest";
import {
  createTokenCalibration,
  estimateTokens,
  estimateTokensForLength,
} from "../../../src/agent/claude/estimate-tokens.js";
import { costOfUsage, priceOf } from "../../../src/agent/claude/pricing.js";
import { renderUsage } from "../../../src/review/render-usage.js";

describe("costOfUsage", () => {
  it("prices Sonnet 5.5 input, output, cache writes and cache reads", () => {
    expect(
      costOfUsage("claude-sonnet-5-5", {
        input_tokens: 1_000_000,
        output_tokens: 1_000_000,
        cache_creation_input_tokens: 1_000_000,
        cache_read_input_tokens: 1_000_000,
      }),
    ).toBeCloseTo(2 + 10 + 2.5 + 0.2, 10);
  });

  it("uses the 1-hour write price for the part the API reports as 1-hour writes", () => {
    expect(
      costOfUsage("claude-opus-5-5", {
        input_tokens: 0,
        output_tokens: 0,
        cache_creation_input_tokens: 2_000_000,
        cache_creation: { ephemeral_5m_input_tokens: 1_000_000, ephemeral_1h_input_tokens: 1_000_000 },
      }),
    ).toBeCloseTo(5 + 8, 10);
  });

  it("bills Haiku 5.5 prompts above 100K tokens at five times the rate", () => {
    const small = costOfUsage("claude-haiku-5-5", { input_tokens: 100_000, output_tokens: 0 });
    const large = costOfUsage("claude-haiku-5-5", { input_tokens: 100_001, output_tokens: 0 });
    expect(small).toBeCloseTo(0.01, 10);
    expect(large).toBeCloseTo(0.0500005, 10);
  });

  it("ignores a date suffix and charges unknown models at the highest known rates", () => {
    expect(priceOf("claude-haiku-4-5-20251001")).toMatchObject({
      known: true,
      price: { input: 1, output: 5 },
    });
    expect(priceOf("claude-future-9")).toMatchObject({ known: false, price: { input: 5, output: 25 } });
  });
});

describe("estimateTokens", () => {
  it("counts code at 2.5 and prose at 3.5 characters per token, with a 10% margin", () => {
    expect(estimateTokens("x".repeat(250))).toBe(110);
    expect(estimateTokens("x".repeat(350), "prose")).toBe(110);
    expect(estimateTokensForLength(0)).toBe(0);
  });

  it("learns how far the estimates are from the API's counts, within bounds", () => {
    const calibration = createTokenCalibration();
    expect(calibration.factor).toBe(1);
    calibration.observe(1000, 1300);
    expect(calibration.factor).toBeCloseTo(1.3, 10);
    calibration.observe(1000, 10_000);
    expect(calibration.factor).toBeCloseTo((1.3 + 2) / 2, 10);
  });
});

describe("renderUsage", () => {
  const usage = {
    inputTokens: 12_340,
    outputTokens: 1_100,
    cacheReadTokens: 7_650,
    cacheWriteTokens: 0,
    costUsd: 0.031,
  };

  it("shows model, tokens, cache share and cost", () => {
    expect(renderUsage({ model: "claude-sonnet-5-5", usage })).toBe(
      "claude-sonnet-5-5 · 12,340 input tokens (62% from cache) · 1,100 output · $0.03",
    );
  });

  it("says nothing without a model call, and names Claude after a fallback", () => {
    expect(renderUsage({ model: "offline" })).toBeUndefined();
    expect(renderUsage({ model: "offline", usage: { ...usage, cacheReadTokens: 0, costUsd: 0.004 } })).toBe(
      "Claude (before the offline fallback) · 12,340 input tokens · 1,100 output · <$0.01",
    );
  });
});
