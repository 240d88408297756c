// The outcome of scoring one conformance case, and how the conformance report prints it.
import type { ConformanceKind } from "./conformance-case.schema.js";

export interface CaseScore {
  id: string;
  kind: ConformanceKind;
  /** What the case expects, in our vocabulary: `adding-required-field fires → db/add-required-column`. */
  expectation: string;
  agree: boolean;
  /** Why it disagrees (what fired instead, a parse note, a missing input). */
  detail?: string;
}

/** Reads a case input, given as a path relative to the corpus folder. */
export type ReadCaseInput = (relativePath: string) => Promise<string>;

/** `sq-01 sql-migration adding-required-field fires → db/add-required-column ✓` */
export function formatCaseScore(score: CaseScore): string {
  const detail = score.detail === undefined ? "" : ` (${score.detail})`;
  return `${score.id} ${score.kind} ${score.expectation} ${score.agree ? "✓" : "✗"}${detail}`;
}
