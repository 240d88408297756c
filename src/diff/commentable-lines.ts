// The lines of a file's diff a review comment may anchor on, per side, and the lines the PR added.
import type { Hunk } from "../domain/model.js";

export interface CommentableLines {
  /** GitHub's rule: RIGHT = new-file numbers of `+` and context lines, LEFT = old-file numbers of `-` and context lines. */
  commentable: { LEFT: Set<number>; RIGHT: Set<number> };
  /** New-file numbers of `+` lines. */
  addedLines: Set<number>;
}

export function commentableLines(hunks: readonly Hunk[]): CommentableLines {
  const LEFT = new Set<number>();
  const RIGHT = new Set<number>();
  const addedLines = new Set<number>();
  for (const hunk of hunks) {
    for (const line of hunk.lines) {
      if (line.oldLine !== undefined && line.kind !== "add") LEFT.add(line.oldLine);
      if (line.newLine !== undefined && line.kind !== "del") RIGHT.add(line.newLine);
      if (line.kind === "add" && line.newLine !== undefined) addedLines.add(line.newLine);
    }
  }
  return { commentable: { LEFT, RIGHT }, addedLines };
}
