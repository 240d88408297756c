// Builds the ChangedFile an infrastructure analyzer sees from base/head fixtures, through the real diff
// stage: the patch GitHub would send is computed here with a line-level LCS diff (3 lines of context).
import { readFileSync } from "node:fs";
import { toChangedFile } from "../../../src/diff/to-changed-file.js";
import type { ChangedFile, FileStatus } from "../../../src/domain/model.js";

export const infraFixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/infra/${name}`, import.meta.url), "utf8");

export interface InfraChangeInput {
  path: string;
  base?: string;
  head?: string;
  previousPath?: string;
}

/** A PR's view of one file: added when there is no base, removed when there is no head. */
export function infraChange(input: InfraChangeInput): ChangedFile {
  const status: FileStatus =
    input.base === undefined
      ? "added"
      : input.head === undefined
        ? "removed"
        : input.previousPath
          ? "renamed"
          : "modified";
  const oldLines = splitLines(input.base ?? "");
  const newLines = splitLines(input.head ?? "");
  const patch = unifiedPatch(oldLines, newLines);
  const file = toChangedFile(
    {
      path: input.path,
      status,
      additions: patch.additions,
      deletions: patch.deletions,
      patch: patch.text,
      ...(input.previousPath === undefined ? {} : { previousPath: input.previousPath }),
    },
    input.head,
  );
  if (input.base !== undefined) file.baseContent = input.base;
  return file;
}

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (text.endsWith("\n")) lines.pop();
  return lines;
}

type Edit = { kind: " " | "-" | "+"; text: string; oldLine: number; newLine: number };

function unifiedPatch(a: string[], b: string[]): { text: string; additions: number; deletions: number } {
  // Longest common subsequence table, from the end so the walk below goes forwards.
  const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const row = table[i] as number[];
      row[j] =
        a[i] === b[j] ? (table[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(table[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const edits: Edit[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      edits.push({ kind: " ", text: a[i] ?? "", oldLine: ++i, newLine: ++j });
    } else if (j < b.length && (i >= a.length || (table[i]?.[j + 1] ?? 0) >= (table[i + 1]?.[j] ?? 0))) {
      edits.push({ kind: "+", text: b[j] ?? "", oldLine: i, newLine: ++j });
    } else {
      edits.push({ kind: "-", text: a[i] ?? "", oldLine: ++i, newLine: j });
    }
  }
  const context = 3;
  const changed = edits.map((edit, index) => (edit.kind === " " ? -1 : index)).filter((index) => index >= 0);
  const hunks: Array<[number, number]> = [];
  for (const index of changed) {
    const last = hunks.at(-1);
    if (last !== undefined && index - last[1] <= 2 * context) last[1] = index;
    else hunks.push([index, index]);
  }
  const out: string[] = [];
  for (const [first, lastChanged] of hunks) {
    const start = Math.max(0, first - context);
    const end = Math.min(edits.length - 1, lastChanged + context);
    const slice = edits.slice(start, end + 1);
    const oldCount = slice.filter((edit) => edit.kind !== "+").length;
    const newCount = slice.filter((edit) => edit.kind !== "-").length;
    const head = slice[0] as Edit;
    const oldStart = oldCount === 0 ? head.oldLine : head.kind === "+" ? head.oldLine + 1 : head.oldLine;
    const newStart = newCount === 0 ? head.newLine : head.kind === "-" ? head.newLine + 1 : head.newLine;
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`);
    for (const edit of slice) out.push(`${edit.kind}${edit.text}`);
  }
  return {
    text: out.join("\n"),
    additions: edits.filter((edit) => edit.kind === "+").length,
    deletions: edits.filter((edit) => edit.kind === "-").length,
  };
}
