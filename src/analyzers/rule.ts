// A rule of the offline architect: what it detects, why it matters, and what to do instead.
import type { Category, Severity } from "../domain/model.js";

export interface RuleDefinition {
  /** Catalogue id, e.g. `db/drop-column` (see shared analyzers reference). */
  id: string;
  category: Category;
  severity: Severity;
  /** True when the rule asks the author (HALT) unless the PR states its intent. */
  halts: boolean;
  /** One line, used as the finding title. */
  title: string;
  /** Why this is risky, one paragraph. */
  why: string;
  /** The safe pattern. */
  doInstead: string;
}
