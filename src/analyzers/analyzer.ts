// The contract between the pipeline and each analyzer family (sql/, openapi/, …).
import type { ChangedFile, Finding } from "../domain/model.js";

/** A one-line note for the summary, e.g. a file that could not be parsed. Never fatal. */
export interface AnalyzerNote {
  path: string;
  message: string;
  /**
   * True when the note leaves nothing unchecked (e.g. a cap on how many results are listed). Any other
   * note means the file was not, or not fully, checked, and the summary says the review is incomplete.
   */
  informational?: boolean;
}

export interface AnalysisResult {
  findings: Finding[];
  notes: AnalyzerNote[];
}

export interface Analyzer {
  /** Short family name, e.g. `sql`. */
  id: string;
  /** Whether this analyzer reviews the file; decides which contents the gatherer fetches. */
  appliesTo(file: ChangedFile): boolean;
  /** Which sides' contents the analyzer reads. */
  needs: { base: boolean; head: boolean };
  /**
   * Must not throw on bad input: an unparseable file becomes a note. `context.files` is every changed
   * file of the PR (for rules that look across files, e.g. a schema change without a migration).
   */
  analyze(file: ChangedFile, context: AnalysisContext): Promise<AnalysisResult>;
}

export interface AnalysisContext {
  files: readonly ChangedFile[];
}
