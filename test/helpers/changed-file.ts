// Builds the ChangedFile a pull request would produce for `base` → `head`: a real unified diff (LCS over
// lines, 3 lines of context) through the diff stage, so hunks, added and commentable lines are what GitHub
// sends. Shared by every analyzer family's tests.
import { toChangedFile } from "../../src/diff/to-changed-file.js";
import type { ChangedFile, RawChangedFile } from "../../src/domain/model.js";

type Edit = { kind: "context" | "del" | "add"; text: string };

/** A file the PR adds: every line is an added line. */
export function addedFile(path: string, head: string): ChangedFile {
  return changedFile(path, undefined, head);
}

/** GitHub's `pulls.listFiles` entry for `base` → `head` (`base` undefined: added; `head` undefined: removed). */
export function rawChangedFile(
  path: string,
  base: string | undefined,
  head: string | undefined,
): RawChangedFile {
  const edits = lineDiff(splitLines(base ?? ""), splitLines(head ?? ""));
  return {
    path,
    status: base === undefined ? "added" : head === undefined ? "removed" : "modified",
    additions: edits.filter((edit) => edit.kind === "add").length,
    deletions: edits.filter((edit) => edit.kind === "del").length,
    patch: unifiedHunks(edits),
  };
}

/** A file the PR changes from `base` to `head` (`base` undefined: added; `head` undefined: removed). */
export function changedFile(path: string, base: string | undefined, head: string | undefined): ChangedFile {
  const file = toChangedFile(rawChangedFile(path, base, head));
  // Contents come after the diff stage, as in the pipeline: the category is decided from path and patch.
  if (head !== undefined) file.headContent = head;
  if (base !== undefined) file.baseContent = base;
  return file;
}

function splitLines(text: string): string[] {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/** Above this many LCS cells the common suffix is trimmed too: a 5 MB generated spec would not fit in memory. */
const maxTableCells = 1_000_000;

/**
 * The common prefix first (the LCS walk would match it the same way), LCS on the rest. The common suffix only
 * for large files: aligning from the end can pair a block appended after a similar one differently from git.
 */
function lineDiff(a: string[], b: string[]): Edit[] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  if ((a.length - prefix + 1) * (b.length - prefix + 1) > maxTableCells) {
    while (
      suffix < a.length - prefix &&
      suffix < b.length - prefix &&
      a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
    ) {
      suffix++;
    }
  }
  const context = (lines: string[]): Edit[] => lines.map((text) => ({ kind: "context", text }));
  return [
    ...context(a.slice(0, prefix)),
    ...middleDiff(a.slice(prefix, a.length - suffix), b.slice(prefix, b.length - suffix)),
    ...context(a.slice(a.length - suffix)),
  ];
}

function middleDiff(a: string[], b: string[]): Edit[] {
  // lengths[i][j] = LCS length of a[i..] and b[j..]
  const lengths = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const row = lengths[i] as number[];
      row[j] =
        a[i] === b[j]
          ? ((lengths[i + 1] as number[])[j + 1] as number) + 1
          : Math.max((lengths[i + 1] as number[])[j] as number, row[j + 1] as number);
    }
  }
  const edits: Edit[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      edits.push({ kind: "context", text: a[i] as string });
      i++;
      j++;
    } else if (
      j < b.length &&
      (i === a.length ||
        ((lengths[i] as number[])[j + 1] as number) >= ((lengths[i + 1] as number[])[j] as number))
    ) {
      edits.push({ kind: "add", text: b[j] as string });
      j++;
    } else {
      edits.push({ kind: "del", text: a[i] as string });
      i++;
    }
  }
  return edits;
}

function unifiedHunks(edits: Edit[], context = 3): string {
  const changed = edits.flatMap((edit, index) => (edit.kind === "context" ? [] : [index]));
  if (changed.length === 0) return "";
  // Group changes whose context windows touch into one hunk.
  const groups: Array<[number, number]> = [];
  for (const index of changed) {
    const last = groups.at(-1);
    if (last !== undefined && index - last[1] <= 2 * context) last[1] = index;
    else groups.push([index, index]);
  }
  const hunks: string[] = [];
  for (const [first, last] of groups) {
    const start = Math.max(0, first - context);
    const end = Math.min(edits.length - 1, last + context);
    let oldStart = 1;
    let newStart = 1;
    for (const edit of edits.slice(0, start)) {
      if (edit.kind !== "add") oldStart++;
      if (edit.kind !== "del") newStart++;
    }
    const body = edits.slice(start, end + 1);
    const oldCount = body.filter((edit) => edit.kind !== "add").length;
    const newCount = body.filter((edit) => edit.kind !== "del").length;
    const prefix = { context: " ", del: "-", add: "+" } as const;
    hunks.push(
      `@@ -${oldCount === 0 ? oldStart - 1 : oldStart},${oldCount} +${newCount === 0 ? newStart - 1 : newStart},${newCount} @@`,
      ...body.map((edit) => `${prefix[edit.kind]}${edit.text}`),
    );
  }
  return hunks.join("\n");
}
