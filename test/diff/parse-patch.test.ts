import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePatch } from "../../src/diff/parse-patch.js";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/diff/${name}`, import.meta.url), "utf8");

describe("parsePatch", () => {
  it("numbers each side of a multi-hunk patch as GitHub does", () => {
    const hunks = parsePatch(fixture("multi-hunk.patch"));
    expect(
      hunks.map(({ oldStart, oldLines, newStart, newLines }) => [oldStart, oldLines, newStart, newLines]),
    ).toEqual([
      [1, 5, 1, 5],
      [9, 6, 9, 7],
    ]);
    expect(hunks[1]?.lines).toEqual([
      { kind: "context", oldLine: 9, newLine: 9, content: "i" },
      { kind: "context", oldLine: 10, newLine: 10, content: "j" },
      { kind: "context", oldLine: 11, newLine: 11, content: "k" },
      { kind: "del", oldLine: 12, content: "l" },
      { kind: "add", newLine: 12, content: "L" },
      { kind: "add", newLine: 13, content: "L2" },
      { kind: "context", oldLine: 13, newLine: 14, content: "m" },
      { kind: "context", oldLine: 14, newLine: 15, content: "n" },
    ]);
  });

  it("drops `\\ No newline at end of file` markers instead of recording them as lines", () => {
    const [hunk] = parsePatch(fixture("no-newline.patch"));
    expect(hunk?.lines).toEqual([
      { kind: "context", oldLine: 1, newLine: 1, content: "x" },
      { kind: "context", oldLine: 2, newLine: 2, content: "y" },
      { kind: "del", oldLine: 3, content: "z" },
      { kind: "add", newLine: 3, content: "Z" },
    ]);
  });

  it("does not throw when a hunk starts with a no-newline marker", () => {
    expect(parsePatch("@@ -1 +1 @@\n\\ No newline at end of file\n-a\n+b")[0]?.lines).toEqual([
      { kind: "del", oldLine: 1, content: "a" },
      { kind: "add", newLine: 1, content: "b" },
    ]);
  });

  it("numbers CRLF patches like LF ones and strips the carriage returns from content", () => {
    const crlf = fixture("no-newline.patch").replaceAll("\n", "\r\n");
    expect(parsePatch(`${crlf}\r\n`)).toEqual(parsePatch(fixture("no-newline.patch")));
  });

  it("keeps a context line that is empty because its leading space was stripped", () => {
    expect(parsePatch("@@ -1,3 +1,3 @@\n a\n\n-b\n+c")[0]?.lines).toEqual([
      { kind: "context", oldLine: 1, newLine: 1, content: "a" },
      { kind: "context", oldLine: 2, newLine: 2, content: "" },
      { kind: "del", oldLine: 3, content: "b" },
      { kind: "add", newLine: 3, content: "c" },
    ]);
  });

  it("reads a hunk header with omitted counts as one line", () => {
    expect(parsePatch("@@ -7 +7 @@\n-a\n+b")[0]).toMatchObject({
      oldStart: 7,
      oldLines: 1,
      newStart: 7,
      newLines: 1,
    });
  });

  it("gives no hunks for an empty or blank patch", () => {
    expect(parsePatch("")).toEqual([]);
    expect(parsePatch("  \n")).toEqual([]);
  });

  it("keeps lines that look like file headers inside a hunk", () => {
    expect(parsePatch("@@ -1,2 +1,2 @@\n--- a\n+++ b\n diff --git x")[0]?.lines).toEqual([
      { kind: "del", oldLine: 1, content: "-- a" },
      { kind: "add", newLine: 1, content: "++ b" },
      { kind: "context", oldLine: 2, newLine: 2, content: "diff --git x" },
    ]);
  });
});
