// Decides where a finding or question may be posted inline: only on lines GitHub accepts.
import type { ChangedFile, Side } from "../domain/model.js";

export interface Anchor {
  path: string;
  side: Side;
  line: number;
  /** Set for multi-line comments: first line, same hunk, strictly before `line`. */
  startLine?: number;
}

interface Site {
  path: string;
  side: Side;
  line?: number;
  endLine?: number;
}

/**
 * A valid anchor for `site`, or `undefined` when it must go into the review body. GitHub rejects the
 * whole review if one comment is off the diff, so this is checked here, never left to the API.
 */
export function anchorOf(site: Site, filesByPath: ReadonlyMap<string, ChangedFile>): Anchor | undefined {
  const file = filesByPath.get(site.path);
  if (file === undefined || file.patchMissing || site.line === undefined) return undefined;
  const commentable = file.commentable[site.side];
  const end = Math.max(site.endLine ?? site.line, site.line);
  // The first commentable line of the range carries the comment (a statement may start above a hunk).
  let first: number | undefined;
  for (let line = site.line; line <= end; line++) {
    if (commentable.has(line)) {
      first = line;
      break;
    }
  }
  if (first === undefined) return undefined;
  let last = first;
  while (last + 1 <= end && commentable.has(last + 1) && sameHunk(file, site.side, first, last + 1)) last++;
  const anchor: Anchor = { path: site.path, side: site.side, line: last };
  if (last > first) anchor.startLine = first;
  return anchor;
}

function sameHunk(file: ChangedFile, side: Side, a: number, b: number): boolean {
  return file.hunks.some((hunk) => {
    const start = side === "RIGHT" ? hunk.newStart : hunk.oldStart;
    const length = side === "RIGHT" ? hunk.newLines : hunk.oldLines;
    return a >= start && b < start + length;
  });
}
