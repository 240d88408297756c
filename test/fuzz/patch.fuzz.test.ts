// The diff stage under generated input: arbitrary text never throws, and for valid unified diffs every
// commentable line and every anchor is what an independent recount of the hunks allows.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { commentableLines } from "../../src/diff/commentable-lines.js";
import { parsePatch } from "../../src/diff/parse-patch.js";
import { toChangedFile } from "../../src/diff/to-changed-file.js";
import type { Side } from "../../src/domain/model.js";
import { anchorOf } from "../../src/review/anchor.js";
import { fuzz } from "./fuzz-run.js";

type Op = "context" | "del" | "add";

/** A hunk as generated, with the line numbers each side really has (the independent model). */
interface ModelHunk {
  oldStart: number;
  newStart: number;
  lines: Array<{ op: Op; text: string; oldLine?: number; newLine?: number }>;
}

interface ModelPatch {
  patch: string;
  hunks: ModelHunk[];
}

/** Line contents that look like diff syntax once prefixed (`-- comment` becomes `--- comment`). */
const trickyLine = fc.constantFrom(
  "",
  " ",
  "-- a SQL comment",
  "++ counter",
  "-",
  "+",
  "@@ -1,2 +1,2 @@",
  "diff --git a/x b/x",
  "index 0000000..1111111 100644",
  "--- a/file",
  "+++ b/file",
  "\\ No newline at end of file",
  "new file mode 100644",
  "\t",
  "```",
  "<!-- hidden -->",
  "\u2028",
  "\uFEFFBOM",
  "\u0000",
);
const lineText = fc
  .oneof(
    { weight: 3, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
    { weight: 2, arbitrary: trickyLine },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
  )
  .map((text) => text.replace(/[\r\n]/g, ""));

const hunkOps = fc.array(fc.record({ op: fc.constantFrom<Op>("context", "del", "add"), text: lineText }), {
  minLength: 1,
  maxLength: 25,
});

/** A valid GitHub-style patch: hunks in order, gaps of unchanged lines between them, git's header counts. */
const validPatch: fc.Arbitrary<ModelPatch> = fc
  .record({
    hunks: fc.array(fc.record({ gap: fc.nat(40), ops: hunkOps, section: fc.constantFrom("", " def f():") }), {
      minLength: 1,
      maxLength: 6,
    }),
    noNewlineAtEnd: fc.boolean(),
    crlf: fc.boolean(),
  })
  .map(({ hunks, noNewlineAtEnd, crlf }) => {
    let oldPos = 1;
    let newPos = 1;
    const model: ModelHunk[] = [];
    const text: string[] = [];
    for (const [index, hunk] of hunks.entries()) {
      // Hunks are separated by unchanged lines on both sides (at least one, else git would merge them).
      const gap = index === 0 ? hunk.gap : hunk.gap + 1;
      oldPos += gap;
      newPos += gap;
      const oldStart = oldPos;
      const newStart = newPos;
      const lines: ModelHunk["lines"] = hunk.ops.map(({ op, text: content }) => {
        if (op === "context") return { op, text: content, oldLine: oldPos++, newLine: newPos++ };
        if (op === "del") return { op, text: content, oldLine: oldPos++ };
        return { op, text: content, newLine: newPos++ };
      });
      const oldCount = lines.filter((line) => line.op !== "add").length;
      const newCount = lines.filter((line) => line.op !== "del").length;
      text.push(
        `@@ -${oldCount === 0 ? oldStart - 1 : oldStart},${oldCount} +${newCount === 0 ? newStart - 1 : newStart},${newCount} @@${hunk.section}`,
        ...lines.map((line) => `${{ context: " ", del: "-", add: "+" }[line.op]}${line.text}`),
      );
      model.push({ oldStart, newStart, lines });
    }
    if (noNewlineAtEnd) text.push("\\ No newline at end of file");
    return { patch: text.join(crlf ? "\r\n" : "\n"), hunks: model };
  });

/** The recount: RIGHT = new-file numbers of added and context lines, LEFT = old-file numbers of removed and context lines. */
function expectedLines(model: ModelPatch) {
  const sides: Record<Side, Set<number>> = { LEFT: new Set(), RIGHT: new Set() };
  const added = new Set<number>();
  for (const hunk of model.hunks) {
    for (const line of hunk.lines) {
      if (line.op !== "add" && line.oldLine !== undefined) sides.LEFT.add(line.oldLine);
      if (line.op !== "del" && line.newLine !== undefined) sides.RIGHT.add(line.newLine);
      if (line.op === "add" && line.newLine !== undefined) added.add(line.newLine);
    }
  }
  return { sides, added };
}

/** The lines of one side of one hunk, in the model: a multi-line comment must stay inside one of these. */
function hunkRanges(model: ModelPatch, side: Side): Array<Set<number>> {
  return model.hunks.map(
    (hunk) =>
      new Set(
        hunk.lines.flatMap((line) => {
          const n =
            side === "RIGHT"
              ? line.op === "del"
                ? undefined
                : line.newLine
              : line.op === "add"
                ? undefined
                : line.oldLine;
          return n === undefined ? [] : [n];
        }),
      ),
  );
}

const sorted = (set: ReadonlySet<number>) => [...set].sort((a, b) => a - b);

describe("patch parsing and commentable lines under generated input", () => {
  it("never throws on arbitrary text, and every line it reports is a finite number", async () => {
    const anyText = fc.oneof(
      fc.string({ unit: "binary", maxLength: 400 }),
      fc
        .array(fc.oneof(trickyLine, fc.string({ maxLength: 12 })), { maxLength: 40 })
        .map((lines) => lines.join("\n")),
      validPatch.chain(({ patch }) => fc.nat(patch.length).map((cut) => patch.slice(0, cut))),
    );
    await fuzz("parsePatch: arbitrary text never throws", anyText, (text) => {
      const hunks = parsePatch(text);
      const { commentable, addedLines } = commentableLines(hunks);
      for (const n of [...commentable.LEFT, ...commentable.RIGHT, ...addedLines])
        expect(Number.isFinite(n)).toBe(true);
      toChangedFile({ path: "x.sql", status: "modified", additions: 1, deletions: 1, patch: text });
    });
  });

  it("computes exactly the commentable and added lines a recount of a valid patch gives", async () => {
    await fuzz("parsePatch + commentableLines: valid patch matches the recount", validPatch, (model) => {
      const { commentable, addedLines } = commentableLines(parsePatch(model.patch));
      const expected = expectedLines(model);
      expect(sorted(commentable.RIGHT)).toEqual(sorted(expected.sides.RIGHT));
      expect(sorted(commentable.LEFT)).toEqual(sorted(expected.sides.LEFT));
      expect(sorted(addedLines)).toEqual(sorted(expected.added));
    });
  });

  it("anchors only on lines the recount accepts, a multi-line range inside one hunk", async () => {
    const sites = fc.array(
      fc.record({
        side: fc.constantFrom<Side>("LEFT", "RIGHT"),
        line: fc.integer({ min: -2, max: 400 }),
        span: fc.option(fc.integer({ min: -3, max: 30 }), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 20 },
    );
    await fuzz(
      "anchorOf: every anchor is accepted by the recount",
      fc.tuple(validPatch, sites),
      ([model, siteList]) => {
        const file = toChangedFile({
          path: "db/m.sql",
          status: "modified",
          additions: 1,
          deletions: 1,
          patch: model.patch,
        });
        const files = new Map([[file.path, file]]);
        const expected = expectedLines(model);
        for (const site of siteList) {
          const endLine = site.span === undefined ? undefined : site.line + site.span;
          const anchor = anchorOf(
            {
              path: file.path,
              side: site.side,
              line: site.line,
              ...(endLine === undefined ? {} : { endLine }),
            },
            files,
          );
          if (anchor === undefined) continue;
          expect(anchor.side).toBe(site.side);
          expect(expected.sides[site.side].has(anchor.line)).toBe(true);
          if (anchor.startLine !== undefined) {
            expect(anchor.startLine).toBeLessThan(anchor.line);
            const start = anchor.startLine;
            const hunk = hunkRanges(model, site.side).find(
              (lines) => lines.has(start) && lines.has(anchor.line),
            );
            expect(hunk, `lines ${start}–${anchor.line} in one hunk`).toBeDefined();
            for (let n = start; n <= anchor.line; n++) expect(hunk?.has(n)).toBe(true);
          }
        }
      },
    );
  });
});
