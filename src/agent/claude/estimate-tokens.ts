// Offline token estimates for budgeting a prompt before it is sent. The API's `usage` is the truth: the
// architect compares the two after the first call and corrects later estimates by the observed ratio.

/**
 * Characters per token. Code tokenises densely (symbols, indentation, short identifiers); the newer Claude
 * tokenizers produce ~30% more tokens than older ones, which these figures already include.
 */
export const charsPerToken = { code: 2.5, prose: 3.5 } as const;

/** Safety margin on every estimate: over-estimating costs a little context, under-estimating a 400. */
const margin = 1.1;

/** Fixed cost of a request beyond its text (message framing, tool-use scaffolding). */
export const requestOverheadTokens = 400;

export type TextKind = keyof typeof charsPerToken;

export function estimateTokens(text: string, kind: TextKind = "code"): number {
  return estimateTokensForLength(text.length, kind);
}

export function estimateTokensForLength(chars: number, kind: TextKind = "code"): number {
  if (chars === 0) return 0;
  // The epsilon keeps float noise (250 / 2.5 × 1.1 = 110.00000000000001) from adding a token.
  return Math.ceil((chars / charsPerToken[kind]) * margin - 1e-9);
}

/**
 * Tracks how far estimates are from what the API counted, so budgets get tighter (or looser) after each
 * review. The factor is clamped: one odd request must not halve or double every later budget.
 */
export interface TokenCalibration {
  /** Multiply an estimate by this to predict the API's count. */
  readonly factor: number;
  /** Records one request: what we estimated and what `usage` reported (input + cache read + cache write). */
  observe(estimated: number, actual: number): void;
}

export function createTokenCalibration(): TokenCalibration {
  let factor = 1;
  let samples = 0;
  return {
    get factor() {
      return factor;
    },
    observe(estimated, actual) {
      if (estimated <= 0 || actual <= 0) return;
      const ratio = Math.min(2, Math.max(0.5, actual / estimated));
      samples++;
      // A running mean over the first reviews, then an exponential one that follows tokenizer changes.
      const weight = Math.max(1 / samples, 0.2);
      factor = factor * (1 - weight) + ratio * weight;
    },
  };
}
