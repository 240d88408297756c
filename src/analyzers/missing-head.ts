// What an analyzer that reads the head says when the head content was not gathered.
import type { ChangedFile, FileStatus } from "../domain/model.js";
import type { AnalysisResult } from "./analyzer.js";

/** Statuses where the head revision exists, so missing head content is a gathering gap worth naming. */
export const hasHeadRevision: ReadonlySet<FileStatus> = new Set([
  "added",
  "modified",
  "renamed",
  "copied",
  "changed",
]);

/** Nothing for a file with no head revision (a removed one); otherwise `message` as the file's one note. */
export function missingHead(file: ChangedFile, message: string): AnalysisResult {
  if (!hasHeadRevision.has(file.status)) return { findings: [], notes: [] };
  return { findings: [], notes: [{ path: file.path, message }] };
}
