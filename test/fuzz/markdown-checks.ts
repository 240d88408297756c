// Independent Markdown checks for the rendering properties (a CommonMark reading of fences and code spans,
// written here rather than taken from the renderer).

/** The backtick fence still open at the end of `markdown` (its length), or 0 when every fence is closed. */
export function openFenceAtEnd(markdown: string): number {
  let open = 0;
  for (const line of markdown.split("\n")) {
    if (open === 0) {
      // An opening fence: three or more backticks, an info string without backticks (else it is inline code).
      const opener = /^\s*(`{3,})[^`]*$/.exec(line);
      if (opener !== null) open = opener[1]?.length ?? 0;
    } else {
      const closer = /^\s*(`{3,})\s*$/.exec(line);
      if (closer !== null && (closer[1]?.length ?? 0) >= open) open = 0;
    }
  }
  return open;
}

/** `markdown` without fenced code blocks and code spans: what GitHub would read as HTML and prose. */
export function outsideCode(markdown: string): string {
  const prose: string[] = [];
  let open = 0;
  for (const line of markdown.split("\n")) {
    if (open === 0) {
      const opener = /^\s*(`{3,})[^`]*$/.exec(line);
      if (opener !== null) open = opener[1]?.length ?? 0;
      else prose.push(line);
    } else {
      const closer = /^\s*(`{3,})\s*$/.exec(line);
      if (closer !== null && (closer[1]?.length ?? 0) >= open) open = 0;
    }
  }
  // A code span never crosses a block: a blank line, a new list item or a heading ends it.
  return prose
    .join("\n")
    .split(/\n[ \t]*\n|\n(?=[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)|#{1,6}[ \t])/)
    .map(withoutCodeSpans)
    .join("\n\n");
}

/** A run of n backticks opens a code span closed by the next run of exactly n; an unmatched run is literal. */
function withoutCodeSpans(text: string): string {
  let out = "";
  let index = 0;
  while (index < text.length) {
    const tick = text.indexOf("`", index);
    if (tick < 0) {
      out += text.slice(index);
      break;
    }
    out += text.slice(index, tick);
    let end = tick;
    while (text[end] === "`") end++;
    const run = end - tick;
    let search = end;
    let close = -1;
    while (search < text.length) {
      const next = text.indexOf("`", search);
      if (next < 0) break;
      let after = next;
      while (text[after] === "`") after++;
      if (after - next === run) {
        close = next;
        break;
      }
      search = after;
    }
    if (close < 0) {
      out += text.slice(tick, end);
      index = end;
    } else {
      out += " ";
      index = close + run;
    }
  }
  return out;
}

/** HTML comments GitHub would hide, other than the app's own markers. */
export function foreignHtmlComments(markdown: string): number {
  const prose = outsideCode(markdown).replace(
    /<!-- backend-architect:(?:state|finding|question|proposal) /g,
    "",
  );
  return prose.split("<!--").length - 1;
}
