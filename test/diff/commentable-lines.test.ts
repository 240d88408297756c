import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { commentableLines } from "../../src/diff/commentable-lines.js";
import { parsePatch } from "../../src/diff/parse-patch.js";

const linesOf = (name: string) =>
  commentableLines(parsePatch(readFileSync(new URL(`../fixtures/diff/${name}`, import.meta.url), "utf8")));

const sorted = (set: ReadonlySet<number>) => [...set].sort((a, b) => a - b);

describe("commentableLines", () => {
  it("allows RIGHT on + and context lines and LEFT on - and context lines of every hunk", () => {
    const { commentable, addedLines } = linesOf("multi-hunk.patch");
    expect(sorted(commentable.RIGHT)).toEqual([1, 2, 3, 4, 5, 9, 10, 11, 12, 13, 14, 15]);
    expect(sorted(commentable.LEFT)).toEqual([1, 2, 3, 4, 5, 9, 10, 11, 12, 13, 14]);
    expect(sorted(addedLines)).toEqual([2, 12, 13]);
  });

  it("does not count no-newline markers as lines", () => {
    const { commentable, addedLines } = linesOf("no-newline.patch");
    expect(sorted(commentable.RIGHT)).toEqual([1, 2, 3]);
    expect(sorted(commentable.LEFT)).toEqual([1, 2, 3]);
    expect(sorted(addedLines)).toEqual([3]);
  });

  it("leaves RIGHT with only context lines when a hunk just deletes", () => {
    const { commentable, addedLines } = linesOf("deletion-only.patch");
    expect(sorted(commentable.RIGHT)).toEqual([3, 4, 5]);
    expect(sorted(commentable.LEFT)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(sorted(addedLines)).toEqual([]);
  });

  it("gives empty sets without hunks", () => {
    const { commentable, addedLines } = commentableLines([]);
    expect([commentable.LEFT.size, commentable.RIGHT.size, addedLines.size]).toEqual([0, 0, 0]);
  });
});
