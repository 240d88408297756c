// The hidden last line of every inline comment the app posts: which finding (fingerprint) or HALT question
// (question id) the comment's thread is about, so a later run can resolve the thread once it is gone.

export type CommentMarkerKind = "finding" | "question";

export interface CommentMarker {
  kind: CommentMarkerKind;
  id: string;
}

/**
 * The id is percent-encoded (`encodeURIComponent`), so no text inside it (`-->`, spaces, `<!--`) can end
 * the comment early or add a second marker: the marker always holds exactly one kind and one id.
 */
export function renderCommentMarker(marker: CommentMarker): string {
  return `<!-- backend-architect:${marker.kind} ${encodeURIComponent(marker.id)} -->`;
}

/** `body` followed by a blank line and the marker, on its own last line. */
export function withCommentMarker(body: string, marker: CommentMarker): string {
  return `${body}\n\n${renderCommentMarker(marker)}`;
}

// Only the body's last line counts: a marker quoted earlier (a ```suggestion block copies the PR's code
// verbatim) is never read. The id holds only what `encodeURIComponent` emits.
const markerPattern = /(?:^|\n)<!-- backend-architect:(finding|question) ([A-Za-z0-9%\-_.!~*'()]+) -->\s*$/;

/** The marker on the last line of an inline comment's body, or `undefined` when there is none. */
export function parseCommentMarker(body: string | null | undefined): CommentMarker | undefined {
  const match = body?.match(markerPattern);
  const kind = match?.[1];
  const encoded = match?.[2];
  if ((kind !== "finding" && kind !== "question") || encoded === undefined) return undefined;
  try {
    const id = decodeURIComponent(encoded);
    return id === "" ? undefined : { kind, id };
  } catch {
    // A malformed escape (`%E0%A4%A`) is not something the app wrote.
    return undefined;
  }
}
