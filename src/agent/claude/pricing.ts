// USD prices per million tokens, and the cost of one API response's usage (shared/reference/anthropic-sdk.md §7).

export interface ModelPrice {
  input: number;
  output: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  cacheRead: number;
  /** Prompts above this many input tokens are billed at `longPromptMultiplier` × every rate (Haiku 5.5). */
  longPromptThreshold?: number;
  longPromptMultiplier?: number;
}

/** Cache rates relative to input on most models: 5-minute write 1.25×, 1-hour write 2×, read 0.1×. */
function standard(input: number, output: number): ModelPrice {
  return { input, output, cacheWrite5m: input * 1.25, cacheWrite1h: input * 2, cacheRead: input * 0.1 };
}

export const modelPrices: Readonly<Record<string, ModelPrice>> = {
  "claude-opus-5-5": { input: 4, output: 20, cacheWrite5m: 5, cacheWrite1h: 8, cacheRead: 0.2 },
  // Some third-party pages say the cache read is $0.10 since 2026-10-07; the official $0.20 is kept until
  // Anthropic's pricing page says otherwise (over-estimating is the safe side for a cost ceiling).
  "claude-sonnet-5-5": { input: 2, output: 10, cacheWrite5m: 2.5, cacheWrite1h: 4, cacheRead: 0.2 },
  "claude-haiku-5-5": {
    input: 0.1,
    output: 0.5,
    cacheWrite5m: 0.125,
    cacheWrite1h: 0.2,
    cacheRead: 0.01,
    longPromptThreshold: 100_000,
    longPromptMultiplier: 5,
  },
  "claude-opus-5": standard(5, 25),
  "claude-sonnet-5": standard(2, 10),
  "claude-opus-4-8": standard(5, 25),
  "claude-opus-4-7": standard(5, 25),
  "claude-opus-4-6": standard(5, 25),
  "claude-opus-4-5": standard(5, 25),
  "claude-sonnet-4-6": standard(3, 15),
  "claude-sonnet-4-5": standard(3, 15),
  "claude-haiku-4-5": standard(1, 5),
};

/** The most expensive known rates: what an unknown model is charged at, so a cost ceiling still holds. */
const unknownModelPrice: ModelPrice = standard(5, 25);

export interface PriceLookup {
  price: ModelPrice;
  /** False when the model is not in the table and the conservative fallback was used. */
  known: boolean;
}

/** Looks a model up by id, ignoring a date suffix (`claude-haiku-4-5-20251001`). */
export function priceOf(model: string): PriceLookup {
  const id = model.replace(/-\d{8}$/, "");
  const price = modelPrices[id];
  return price === undefined ? { price: unknownModelPrice, known: false } : { price, known: true };
}

/** The usage fields of one Messages API response that cost money. */
export interface ResponseUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation?: { ephemeral_5m_input_tokens?: number; ephemeral_1h_input_tokens?: number } | null;
}

/** USD cost of one response. Tiered prices apply per request, so sum this over the calls of a review. */
export function costOfUsage(model: string, usage: ResponseUsage): number {
  const { price } = priceOf(model);
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  const write1h = usage.cache_creation?.ephemeral_1h_input_tokens ?? 0;
  // Without the TTL breakdown every write is taken as a 5-minute one (the default TTL we request).
  const write5m = Math.max(0, cacheWrite - write1h);
  const promptTokens = usage.input_tokens + cacheRead + cacheWrite;
  const multiplier =
    price.longPromptThreshold !== undefined && promptTokens > price.longPromptThreshold
      ? (price.longPromptMultiplier ?? 1)
      : 1;
  const micro =
    usage.input_tokens * price.input +
    usage.output_tokens * price.output +
    write5m * price.cacheWrite5m +
    write1h * price.cacheWrite1h +
    cacheRead * price.cacheRead;
  return (micro * multiplier) / 1_000_000;
}

/** Upper bound for a request not yet sent: every input token at the full input rate. */
export function projectedCost(model: string, inputTokens: number, outputTokens: number): number {
  return costOfUsage(model, { input_tokens: inputTokens, output_tokens: outputTokens });
}
