// Builds ChangedFiles the way the diff stage would, from a base and a head text (a line diff, one hunk).
import type { ChangedFile, DiffLine } from "../../../src/domain/model.js";

/** A file the PR adds: every line is an added line. */
export function addedFile(path: string, head: string): ChangedFile {
  return changedFile(path, undefined, head);
}

/** A file the PR changes from `base` to `head` (`base` undefined: added; `head` undefined: removed). */
export function changedFile(path: string, base: string | undefined, head: string | undefined): ChangedFile {
  const lines = diffLines(splitLines(base ?? ""), splitLines(head ?? ""));
  const addedLines = new Set<number>();
  const LEFT = new Set<number>();
  const RIGHT = new Set<number>();
  for (const line of lines) {
    if (line.kind === "add" && line.newLine !== undefined) addedLines.add(line.newLine);
    if (line.kind !== "add" && line.oldLine !== undefined) LEFT.add(line.oldLine);
    if (line.kind !== "del" && line.newLine !== undefined) RIGHT.add(line.newLine);
  }
  const file: ChangedFile = {
    path,
    status: base === undefined ? "added" : head === undefined ? "removed" : "modified",
    category: "schema",
    patchMissing: false,
    additions: addedLines.size,
    deletions: lines.filter((line) => line.kind === "del").length,
    hunks: [
      {
        oldStart: 1,
        oldLines: splitLines(base ?? "").length,
        newStart: 1,
        newLines: splitLines(head ?? "").length,
        lines,
      },
    ],
    commentable: { LEFT, RIGHT },
    addedLines,
  };
  if (base !== undefined) file.baseContent = base;
  if (head !== undefined) file.headContent = head;
  return file;
}

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (text.endsWith("\n")) lines.pop();
  return lines;
}

/** Longest-common-subsequence line diff: plenty for fixtures of a few dozen lines. */
function diffLines(before: readonly string[], after: readonly string[]): DiffLine[] {
  const common: number[][] = Array.from({ length: before.length + 1 }, () =>
    new Array(after.length + 1).fill(0),
  );
  for (let i = before.length - 1; i >= 0; i--) {
    for (let j = after.length - 1; j >= 0; j--) {
      const row = common[i] ?? [];
      row[j] =
        before[i] === after[j]
          ? (common[i + 1]?.[j + 1] ?? 0) + 1
          : Math.max(common[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    if (i < before.length && j < after.length && before[i] === after[j]) {
      lines.push({ kind: "context", oldLine: i + 1, newLine: j + 1, content: before[i] ?? "" });
      i++;
      j++;
    } else if (
      j < after.length &&
      (i >= before.length || (common[i]?.[j + 1] ?? 0) >= (common[i + 1]?.[j] ?? 0))
    ) {
      lines.push({ kind: "add", newLine: j + 1, content: after[j] ?? "" });
      j++;
    } else {
      lines.push({ kind: "del", oldLine: i + 1, content: before[i] ?? "" });
      i++;
    }
  }
  return lines;
}
