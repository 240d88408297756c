import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { splitGitDiff } from "../../src/diff/split-git-diff.js";

const mixed = readFileSync(new URL("../fixtures/diff/mixed.diff", import.meta.url), "utf8");

describe("splitGitDiff", () => {
  it("turns every file of a git diff into a listFiles-shaped entry", () => {
    expect(splitGitDiff(mixed)).toEqual([
      { path: "café.txt", status: "modified", additions: 1, deletions: 1, patch: "@@ -1 +1 @@\n-x\n+y" },
      {
        path: "db/001_legacy.sql",
        previousPath: "legacy.sql",
        status: "renamed",
        additions: 1,
        deletions: 1,
        patch: "@@ -2,4 +2,4 @@ r1\n r2\n r3\n r4\n-r5\n+R5",
      },
      {
        path: "docs/dir b/c.txt",
        status: "modified",
        additions: 1,
        deletions: 1,
        patch: "@@ -1 +1 @@\n-p\n+P",
      },
      { path: "docs/dir b/e b.txt", status: "added", additions: 0, deletions: 0, patch: "" },
      {
        path: "gone.txt",
        status: "removed",
        additions: 0,
        deletions: 2,
        patch: "@@ -1,2 +0,0 @@\n-keep\n-old",
      },
      { path: "logo.png", status: "modified", additions: 0, deletions: 0 },
      {
        path: "new name.txt",
        previousPath: "old name.txt",
        status: "renamed",
        additions: 0,
        deletions: 0,
        patch: "",
      },
      {
        path: "nonl.txt",
        status: "modified",
        additions: 1,
        deletions: 1,
        patch: "@@ -1,2 +1,2 @@\n x\n-y\n\\ No newline at end of file\n+z",
      },
      { path: "run.sh", status: "modified", additions: 0, deletions: 0, patch: "" },
      { path: 'say "hi".txt', status: "modified", additions: 1, deletions: 1, patch: "@@ -1 +1 @@\n-q\n+Q" },
      {
        path: "src/multi.txt",
        status: "modified",
        additions: 3,
        deletions: 2,
        patch: readFileSync(new URL("../fixtures/diff/multi-hunk.patch", import.meta.url), "utf8"),
      },
      { path: "font.woff", status: "added", additions: 0, deletions: 0 },
    ]);
  });

  it("reads CRLF diffs", () => {
    const files = splitGitDiff(mixed.replaceAll("\n", "\r\n"));
    expect(files.map((file) => [file.path, file.status, file.additions, file.deletions])).toEqual(
      splitGitDiff(mixed).map((file) => [file.path, file.status, file.additions, file.deletions]),
    );
  });

  it("ignores what surrounds the diffs in `git log -p` and format-patch output", () => {
    const log = [
      "commit 0123456789abcdef",
      "Author: A <a@example.com>",
      "",
      "    Change things",
      "",
      "diff --git a/a.txt b/a.txt",
      "index 1..2 100644",
      "--- a/a.txt",
      "+++ b/a.txt",
      "@@ -1 +1 @@",
      "-a",
      "+b",
      "-- ",
      "2.45.0",
      "",
    ].join("\n");
    expect(splitGitDiff(log)).toEqual([
      { path: "a.txt", status: "modified", additions: 1, deletions: 1, patch: "@@ -1 +1 @@\n-a\n+b" },
    ]);
  });

  it("names a new file with spaces and ` b/` in its path from the diff --git line", () => {
    const diff = "diff --git a/x b/y b/z.txt b/x b/y b/z.txt\nnew file mode 100644\nindex 0000000..e69de29\n";
    expect(splitGitDiff(diff)).toEqual([
      { path: "x b/y b/z.txt", status: "added", additions: 0, deletions: 0, patch: "" },
    ]);
  });

  it("names a binary with spaces in its path", () => {
    const diff =
      "diff --git a/my logo.png b/my logo.png\nindex 1..2 100644\nBinary files a/my logo.png and b/my logo.png differ\n";
    expect(splitGitDiff(diff)).toEqual([
      { path: "my logo.png", status: "modified", additions: 0, deletions: 0 },
    ]);
  });

  it("decodes quoted renames and copies", () => {
    const diff = [
      'diff --git "a/old\\tname.txt" "b/new\\303\\251.txt"',
      "similarity index 100%",
      'rename from "old\\tname.txt"',
      'rename to "new\\303\\251.txt"',
      "diff --git a/a.sql b/b.sql",
      "similarity index 100%",
      "copy from a.sql",
      "copy to b.sql",
    ].join("\n");
    expect(splitGitDiff(diff)).toEqual([
      {
        path: "newé.txt",
        previousPath: "old\tname.txt",
        status: "renamed",
        additions: 0,
        deletions: 0,
        patch: "",
      },
      { path: "b.sql", previousPath: "a.sql", status: "copied", additions: 0, deletions: 0, patch: "" },
    ]);
  });

  it("never throws on garbage", () => {
    const pieces = mixed
      .split("\n")
      .concat(['diff --git "a/unterminated', "diff --git ", "@@ -1,999 +1 @@", '"', "\\"]);
    let seed = 7;
    for (let round = 0; round < 500; round++) {
      const lines = Array.from({ length: 30 }, () => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return pieces[seed % pieces.length];
      });
      expect(() => splitGitDiff(lines.join("\n"))).not.toThrow();
    }
  });

  it("gives nothing for an empty diff or text without diff headers", () => {
    expect(splitGitDiff("")).toEqual([]);
    expect(splitGitDiff("@@ -1 +1 @@\n-a\n+b")).toEqual([]);
  });
});
