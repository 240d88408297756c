// Turns a header-less unified diff (GitHub's `patch` from `pulls.listFiles`) into hunks with per-side line numbers.
import parseDiff from "parse-diff";
import type { DiffLine, Hunk } from "../domain/model.js";

/**
 * Parses `patch` into hunks; line numbers are the ones GitHub uses for review-comment anchors
 * (`oldLine` = LEFT, `newLine` = RIGHT). Never throws: unusable input gives fewer or no hunks.
 */
export function parsePatch(patch: string): Hunk[] {
  if (patch.trim() === "") return [];
  let files: parseDiff.File[];
  try {
    files = parseDiff(normalise(patch));
  } catch {
    // parse-diff has no error channel; a throw means malformed input, which has no anchorable lines.
    return [];
  }
  const hunks: Hunk[] = [];
  // A header-less patch is one file, but a stray `diff `/`---` line makes parse-diff open another:
  // the hunks after it still belong to this patch.
  for (const file of files) {
    for (const chunk of file.chunks) {
      hunks.push({
        oldStart: chunk.oldStart,
        oldLines: chunk.oldLines,
        newStart: chunk.newStart,
        newLines: chunk.newLines,
        lines: chunk.changes.map(toDiffLine),
      });
    }
  }
  return hunks;
}

/**
 * Works around three parse-diff 0.12 behaviours that break line numbers:
 * - CRLF: `\r` defeats its `\ No newline` regex, so the marker is counted as a context line and shifts
 *   every later line; the trailing empty line also becomes a phantom context line.
 * - `\ No newline at end of file` is recorded as a duplicate of the previous change (same line number),
 *   and throws when it is the first line of a hunk.
 * The marker carries no line, so dropping it (any line starting with `\`; context lines start with a
 * space) loses nothing.
 */
function normalise(patch: string): string {
  return patch
    .split("\n")
    .map((line) => (line.endsWith("\r") ? line.slice(0, -1) : line))
    .filter((line) => !line.startsWith("\\"))
    .join("\n");
}

function toDiffLine(change: parseDiff.Change): DiffLine {
  // parse-diff keeps the `+`/`-`/` ` marker in `content`.
  const content = change.content.slice(1);
  switch (change.type) {
    case "add":
      return { kind: "add", newLine: change.ln, content };
    case "del":
      return { kind: "del", oldLine: change.ln, content };
    default:
      return { kind: "context", oldLine: change.ln1, newLine: change.ln2, content };
  }
}
