// Runs one property with a fixed seed and a bounded number of inputs, times every input, and records the
// figures (`npm run fuzz` prints them): inputs tried, failures, the slowest input.
import { appendFileSync } from "node:fs";
import fc from "fast-check";
import { expect } from "vitest";

/** Inputs per property: 200 in `npm test`, FUZZ_RUNS (10,000 under `npm run fuzz`) when set. */
export const fuzzRuns = Number(process.env.FUZZ_RUNS ?? 200);

/**
 * Inputs for a property whose inputs are slow (an analyzer loading Spectral or a WASM parser): a share of the
 * 200 in `npm test`, so the suite stays fast; FUZZ_RUNS in full when set.
 */
export function fuzzRunsFor(testShare: number): number {
  return process.env.FUZZ_RUNS === undefined ? Math.ceil(200 * testShare) : fuzzRuns;
}
/** One seed for the whole suite, so a failure replays exactly (FUZZ_SEED overrides it). */
export const fuzzSeed = Number(process.env.FUZZ_SEED ?? 20_261_206);

export interface FuzzFigures {
  property: string;
  runs: number;
  failures: number;
  slowestMs: number;
}

/** Checks `predicate` over `arbitrary`; the test fails with fast-check's counterexample and seed. */
export async function fuzz<T>(
  property: string,
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => void | Promise<void>,
  runs = fuzzRuns,
): Promise<void> {
  let slowestMs = 0;
  const timed = async (value: T): Promise<void> => {
    const started = performance.now();
    try {
      await predicate(value);
    } finally {
      slowestMs = Math.max(slowestMs, performance.now() - started);
    }
  };
  const details = await fc.check(fc.asyncProperty(arbitrary, timed), { seed: fuzzSeed, numRuns: runs });
  record({ property, runs: details.numRuns, failures: details.failed ? 1 : 0, slowestMs });
  if (details.failed) {
    const cause =
      details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    // Counterexamples can hold megabytes of text: the report keeps their start.
    const report = (fc.defaultReportMessage(details) ?? "failed").slice(0, 3_000);
    throw new Error(`${property}: ${report}\n${cause.slice(0, 1_000)}`);
  }
}

/** A fixed pathological input: runs once, must finish within `boundMs`. Returns what `run` returned. */
export async function timeBounded<T>(
  property: string,
  boundMs: number,
  run: () => T | Promise<T>,
): Promise<T> {
  const started = performance.now();
  let failed = true;
  try {
    const result = await run();
    failed = false;
    return result;
  } finally {
    const elapsed = performance.now() - started;
    record({ property, runs: 1, failures: failed || elapsed > boundMs ? 1 : 0, slowestMs: elapsed });
    if (!failed) expect(elapsed, `${property} took ${Math.round(elapsed)} ms`).toBeLessThan(boundMs);
  }
}

function record(figures: FuzzFigures): void {
  const file = process.env.FUZZ_REPORT;
  if (file !== undefined && file !== "") appendFileSync(file, `${JSON.stringify(figures)}\n`);
}
