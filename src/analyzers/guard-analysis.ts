// Keeps a parser bug from costing the review: the file gets a note instead of the analyzer throwing.
import { errorMessage } from "../domain/error-message.js";
import type { ChangedFile } from "../domain/model.js";
import type { AnalysisResult } from "./analyzer.js";

/**
 * Runs `review`; an exception becomes one note naming `what` (e.g. "the schema"). The parsers are tolerant
 * by design, so anything that still escapes is a bug, not the author's problem.
 */
export async function guardAnalysis(
  file: ChangedFile,
  what: string,
  review: () => AnalysisResult | Promise<AnalysisResult>,
): Promise<AnalysisResult> {
  try {
    return await review();
  } catch (error) {
    const reason = errorMessage(error);
    return {
      findings: [],
      notes: [
        {
          path: file.path,
          message: `\`${file.path}\`: ${what} could not be analysed (${reason}); it was not checked.`,
        },
      ],
    };
  }
}
