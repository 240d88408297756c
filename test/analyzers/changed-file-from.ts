// Builds the ChangedFile a pull request would produce for `base` → `head`: a real unified diff (LCS over
// lines, 3 lines of context) through the diff stage, so added and commentable lines are what GitHub sends.
import { toChangedFile } from "../../src/diff/to-changed-file.js";
import type { ChangedFile } from "../../src/domain/model.js";

type Edit = { kind: "context" | "del" | "add"; text: string };

export function changedFileFrom(path: string, base: string | undefined, head: string): ChangedFile {
  const oldLines = base === undefined ? [] : splitLines(base);
  const newLines = splitLines(head);
  const edits = lineDiff(oldLines, newLines);
  const patch = unifiedHunks(edits);
  const file = toChangedFile({
    path,
    status: base === undefined ? "added" : "modified",
    additions: edits.filter((edit) => edit.kind === "add").length,
    deletions: edits.filter((edit) => edit.kind === "del").length,
    patch,
  });
  file.headContent = head;
  if (base !== undefined) file.baseContent = base;
  return file;
}

function splitLines(text: string): string[] {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/** Common prefix and suffix first (large generated files differ in a few lines), LCS on the middle. */
function lineDiff(a: string[], b: string[]): Edit[] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  ) {
    suffix++;
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
