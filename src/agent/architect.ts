// The seam between the deterministic pipeline and whoever writes the review (offline or Claude).
import type { FileSurfaceTable } from "../analyzers/api-surface/surface-table.js";
import type {
  ChangedFile,
  Finding,
  HaltAnswer,
  OmittedFile,
  PullRequestSnapshot,
  ReviewOutcome,
} from "../domain/model.js";

export interface ArchitectInput {
  pr: PullRequestSnapshot;
  /** Every changed file, with hunks and (where an analyzer needed them) base/head contents. */
  files: ChangedFile[];
  /** Analyzer findings: grounded facts about the diff. */
  findings: Finding[];
  omitted: OmittedFile[];
  notes: string[];
  /** Files that could not be checked: the summary must not claim they are fine. */
  unchecked: string[];
  /** Endpoints and request/response shapes that changed in the PR's API code, base → head. */
  apiSurface?: FileSurfaceTable[];
  /** Answers the PR's author or a writer gave to earlier HALT questions: the architect re-judges with them. */
  answers?: HaltAnswer[];
  /**
   * A re-review after a push that added commits: the files changed since the last reviewed head. The model
   * reviews these first; the rest of the PR is context it has reviewed before.
   */
  increment?: { since: string; paths: string[] };
}

/** Writes the review outcome. May be synchronous (offline) or call a model. */
export type Architect = (input: ArchitectInput) => ReviewOutcome | Promise<ReviewOutcome>;
