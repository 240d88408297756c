// One line for the review summary on what the model review cost: model, tokens, cache share, USD.
import type { ReviewOutcome } from "../domain/model.js";

const count = new Intl.NumberFormat("en-US");

/**
 * `claude-sonnet-5-5 · 12,340 input tokens (62% from cache) · 1,100 output · $0.03`, or `undefined` when no
 * model was called. `usage.inputTokens` counts every input token, cache reads and writes included.
 */
export function renderUsage(outcome: Pick<ReviewOutcome, "model" | "usage">): string | undefined {
  const usage = outcome.usage;
  if (usage === undefined) return undefined;
  // After a fallback the outcome is the offline architect's, but the tokens were spent on Claude.
  const who = outcome.model === "offline" ? "Claude (before the offline fallback)" : outcome.model;
  const share =
    usage.inputTokens > 0 && usage.cacheReadTokens > 0
      ? ` (${Math.round((usage.cacheReadTokens / usage.inputTokens) * 100)}% from cache)`
      : "";
  return `${who} · ${count.format(usage.inputTokens)} input tokens${share} · ${count.format(usage.outputTokens)} output · ${formatUsd(usage.costUsd)}`;
}

function formatUsd(cost: number): string {
  if (cost > 0 && cost < 0.01) return "<$0.01";
  return `$${cost.toFixed(2)}`;
}
