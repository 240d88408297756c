import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { toChangedFile } from "../../src/diff/to-changed-file.js";
import type { FileStatus, RawChangedFile } from "../../src/domain/model.js";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/diff/${name}`, import.meta.url), "utf8");
const sorted = (set: ReadonlySet<number>) => [...set].sort((a, b) => a - b);

describe("toChangedFile", () => {
  it("combines hunks, anchors, category and skip reason", () => {
    const file = toChangedFile({
      path: "db/migrations/002_add_email.sql",
      status: "added",
      additions: 2,
      deletions: 0,
      patch: "@@ -0,0 +1,2 @@\n+ALTER TABLE users ADD COLUMN email text;\n+CREATE INDEX ON users (email);",
    });
    expect(file).toMatchObject({ category: "schema", patchMissing: false, status: "added", additions: 2 });
    expect(file.skipped).toBeUndefined();
    expect(sorted(file.commentable.RIGHT)).toEqual([1, 2]);
    expect(sorted(file.commentable.LEFT)).toEqual([]);
    expect(sorted(file.addedLines)).toEqual([1, 2]);
  });

  it("marks a file without a patch (binary or too large) as missing, with nothing to anchor on", () => {
    const file = toChangedFile({ path: "assets/logo.png", status: "modified", additions: 0, deletions: 0 });
    expect(file).toMatchObject({ patchMissing: true, hunks: [], category: "other" });
    expect([file.commentable.LEFT.size, file.commentable.RIGHT.size, file.addedLines.size]).toEqual([
      0, 0, 0,
    ]);

    const tooLarge = toChangedFile({
      path: "schema.graphql",
      status: "modified",
      additions: 9000,
      deletions: 12,
    });
    expect(tooLarge).toMatchObject({ patchMissing: true, category: "api" });
  });

  it("treats a rename without changes as reviewed-and-empty, not missing", () => {
    const file = toChangedFile({
      path: "db/migrations/002_users.sql",
      previousPath: "db/002_users.sql",
      status: "renamed",
      additions: 0,
      deletions: 0,
    });
    expect(file).toMatchObject({ patchMissing: false, previousPath: "db/002_users.sql", category: "schema" });
    expect([file.commentable.LEFT.size, file.commentable.RIGHT.size, file.addedLines.size]).toEqual([
      0, 0, 0,
    ]);
  });

  it("sniffs the head content when given, else the added lines", () => {
    const raw: RawChangedFile = {
      path: "deploy/api.yaml",
      status: "modified",
      additions: 1,
      deletions: 1,
      patch: "@@ -5,3 +5,3 @@ spec:\n   template:\n-    replicas: 2\n+    replicas: 3",
    };
    expect(toChangedFile(raw).category).toBe("other");
    const head = "apiVersion: apps/v1\nkind: Deployment\nspec:\n  x: 1\n  template:\n    replicas: 3\n";
    expect(toChangedFile(raw, head)).toMatchObject({ category: "infra", headContent: head });
  });

  it("keeps the skip reason alongside the category", () => {
    const file = toChangedFile({ path: "gen/users.pb.go", status: "modified", additions: 1, deletions: 1 });
    expect(file).toMatchObject({ skipped: "generated", category: "other" });
  });

  it("uses the fixture patches end to end", () => {
    const file = toChangedFile({
      path: "src/multi.txt",
      status: "modified",
      additions: 3,
      deletions: 2,
      patch: fixture("multi-hunk.patch"),
    });
    expect(file.hunks).toHaveLength(2);
    expect(sorted(file.addedLines)).toEqual([2, 12, 13]);
  });

  it("never throws on garbage patches", () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pieces = [
      "@@ -1,2 +1,2 @@",
      "@@ -0,0 +0,0 @@",
      "@@ -99999999999999999999,1 +-3 @@",
      "@@ -1 +1 @@ trailing",
      "@@",
      "\\ No newline at end of file",
      "+added",
      "-deleted",
      " context",
      "",
      "\r",
      "diff --git a/x b/y",
      "--- a/x",
      "+++ b/y",
      "Binary files a/x and b/y differ",
      "\u0000\uFFFF\uD800",
      "@@ -1,3 +1,3 @@ FROM node:20",
      "+CREATE TABLE t (id int);",
    ];
    const statuses: FileStatus[] = [
      "added",
      "removed",
      "modified",
      "renamed",
      "copied",
      "changed",
      "unchanged",
    ];
    for (let round = 0; round < 2000; round++) {
      const length = Math.floor(random() * 20);
      const patch = Array.from({ length }, () => pieces[Math.floor(random() * pieces.length)]).join(
        random() < 0.2 ? "\r\n" : "\n",
      );
      const raw: RawChangedFile = {
        path: round % 7 === 0 ? "" : `dir/${round}.${["sql", "yaml", "graphql", "md", "go"][round % 5]}`,
        status: statuses[round % statuses.length] ?? "modified",
        additions: Math.floor(random() * 5),
        deletions: Math.floor(random() * 5),
        patch,
      };
      const file = toChangedFile(raw, round % 3 === 0 ? patch : undefined);
      for (const line of file.commentable.RIGHT) expect(Number.isFinite(line)).toBe(true);
    }
  });
});
