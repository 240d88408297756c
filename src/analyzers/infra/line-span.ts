// Which elements of a file the PR touched, and where a finding about one of them is anchored.

/** Lines of one element of a file (an instruction, a container, a resource block), 1-based, inclusive. */
export interface LineSpan {
  start: number;
  end: number;
}

/** True when any line of `span` is a line the PR added or changed. */
export function spanTouches(span: LineSpan, addedLines: ReadonlySet<number>): boolean {
  // Stages and resource blocks can be long while a diff is short: walk whichever is smaller.
  if (span.end - span.start + 1 > addedLines.size) {
    for (const line of addedLines) if (line >= span.start && line <= span.end) return true;
    return false;
  }
  for (let line = span.start; line <= span.end; line++) if (addedLines.has(line)) return true;
  return false;
}

/**
 * True when the PR changed a line of `span` outside `except`. A version bump of an image reference is the
 * most frequent edit to a container or a build stage; on its own it does not make the rest of that
 * element's (legacy) configuration part of the change.
 */
export function spanTouchesExcept(
  span: LineSpan,
  except: LineSpan | undefined,
  addedLines: ReadonlySet<number>,
): boolean {
  for (const line of addedLines) {
    if (line < span.start || line > span.end) continue;
    if (except === undefined || line < except.start || line > except.end) return true;
  }
  return false;
}

/**
 * The line a finding about `span` is posted on: its first line when the PR changed it, else the first
 * changed line inside it, so a comment about a container or a stage lands on the diff instead of the body.
 */
export function anchorLine(span: LineSpan, addedLines: ReadonlySet<number>): number {
  if (addedLines.has(span.start)) return span.start;
  let first: number | undefined;
  for (const line of addedLines) {
    if (line >= span.start && line <= span.end && (first === undefined || line < first)) first = line;
  }
  return first ?? span.start;
}
