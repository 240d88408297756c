// The diff stage for one file: hunks, commentable lines, category and skip reason from a listFiles entry.
import type { ChangedFile, FileStatus, Hunk, RawChangedFile } from "../domain/model.js";
import { classifyFile } from "./classify-file.js";
import { commentableLines } from "./commentable-lines.js";
import { parsePatch } from "./parse-patch.js";
import { skipReason } from "./skip-reason.js";

/** Statuses that can legitimately carry no content change (a pure rename or copy, a mode change). */
const mayHaveNoDiff: ReadonlySet<FileStatus> = new Set(["renamed", "copied", "changed", "unchanged"]);

/**
 * Never throws: a file whose patch is absent (binary, too large) or unusable gets `patchMissing`, no hunks
 * and empty line sets, so it is named in the summary instead of taking inline comments.
 */
export function toChangedFile(raw: RawChangedFile, headContent?: string): ChangedFile {
  const hunks = raw.patch === undefined ? [] : parsePatch(raw.patch);
  const { commentable, addedLines } = commentableLines(hunks);

  // GitHub sends no patch for a pure rename either; that file has nothing to comment on but is not missing.
  const noContentChange = raw.additions === 0 && raw.deletions === 0;
  const patchMissing =
    hunks.length === 0 &&
    (raw.patch === undefined ? !(noContentChange && mayHaveNoDiff.has(raw.status)) : raw.patch.trim() !== "");

  const sniff = headContent ?? diffText(hunks);
  const skipped = skipReason(raw.path, raw.patch);

  const file: ChangedFile = {
    path: raw.path,
    status: raw.status,
    category: classifyFile(raw.path, sniff),
    patchMissing,
    additions: raw.additions,
    deletions: raw.deletions,
    hunks,
    commentable,
    addedLines,
  };
  if (raw.previousPath !== undefined) file.previousPath = raw.previousPath;
  if (skipped !== undefined) file.skipped = skipped;
  if (headContent !== undefined) file.headContent = headContent;
  return file;
}

/**
 * Every line the diff shows: added ones say what the file is now, deleted ones what it was (a removed route
 * file is all deletions), context lines what surrounds the change.
 */
function diffText(hunks: readonly Hunk[]): string {
  return hunks.flatMap((hunk) => hunk.lines.map((line) => line.content)).join("\n");
}
