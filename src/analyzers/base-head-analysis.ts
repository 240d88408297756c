// Analyzers that compare a file's base and head (API contracts, GraphQL schemas): the pair they compare,
// built from the ChangedFile, and what they say when there is no head to compare.
import type { ChangedFile } from "../domain/model.js";
import type { AnalysisResult } from "./analyzer.js";
import { deletedLines } from "./deleted-lines.js";

/** One file before and after the PR, with the lines the PR touched on each side. */
export interface BaseHeadRevision {
  path: string;
  /** Absent for a new file: everything is new, nothing breaks. */
  base?: string;
  head: string;
  /** New-file lines the PR added: preferred anchors for what changed. */
  addedLines?: ReadonlySet<number>;
  /** Base lines the PR deleted: preferred anchors for removals (LEFT side). */
  deletedLines?: ReadonlySet<number>;
  /** Today, for announced removal dates (`x-sunset`, a date in `@deprecated(reason:)`). */
  now?: Date;
}

/**
 * Runs `compare` on the file's base and head. A deleted file may have moved or been split: without a head
 * there is nothing to compare with. A head that could not be read is one note, ending in `unchecked`.
 */
export async function analyzeBaseHead(
  file: ChangedFile,
  unchecked: string,
  compare: (revision: BaseHeadRevision) => AnalysisResult | Promise<AnalysisResult>,
): Promise<AnalysisResult> {
  if (file.status === "removed") return { findings: [], notes: [] };
  if (file.headContent === undefined) {
    return {
      findings: [],
      notes: [
        {
          path: file.path,
          message: `\`${file.path}\`: the head version could not be read; ${unchecked}.`,
        },
      ],
    };
  }
  const revision: BaseHeadRevision = {
    path: file.path,
    head: file.headContent,
    addedLines: file.addedLines,
    deletedLines: deletedLines(file),
  };
  if (file.baseContent !== undefined) revision.base = file.baseContent;
  return compare(revision);
}
