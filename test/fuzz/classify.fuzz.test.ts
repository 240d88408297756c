// File classification under generated paths and contents: never throws, always one of the four categories.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultRepoConfig } from "../../src/config/repo-config.schema.js";
import { classifyCode } from "../../src/diff/classify-code.js";
import { classifyFile } from "../../src/diff/classify-file.js";
import type { FileStatus, RawChangedFile } from "../../src/domain/model.js";
import { classifyChangedFiles } from "../../src/pipeline/classify-changed-files.js";
import { fuzz } from "./fuzz-run.js";

const categories = ["api", "schema", "infra", "other"];

const segment = fc.oneof(
  fc.constantFrom(
    "api",
    "db",
    "migrations",
    "migrate",
    "templates",
    "charts",
    ".github",
    "workflows",
    "app",
    "controllers",
    "models",
    "routes",
    "k8s",
    "versions",
    "vendor",
    "test",
    "src",
    "..",
    ".",
    "",
    "**",
    "{a,b}",
    "[x]",
    "é",
  ),
  fc.string({ unit: "grapheme-ascii", maxLength: 10 }).map((text) => text.replace(/\//g, "")),
);
const fileName = fc.tuple(
  fc.oneof(
    fc.constantFrom("openapi", "Dockerfile", "schema", "users", "values", "Chart", "main", "urls"),
    fc.string({ maxLength: 8 }),
  ),
  fc.constantFrom(
    "",
    ".yml",
    ".yaml",
    ".json",
    ".sql",
    ".prisma",
    ".graphql",
    ".proto",
    ".tf",
    ".py",
    ".rb",
    ".ts",
    ".go",
    ".java",
    ".md",
    ".lock",
    ".SQL",
    ".Dockerfile",
    ".",
  ),
);
const repoPath = fc
  .tuple(fc.array(segment, { maxLength: 5 }), fileName)
  .map(([dirs, [name, ext]]) => [...dirs, `${name}${ext}`].join("/"));

const markers = fc.constantFrom(
  "openapi: 3.1.0",
  '{"swagger": "2.0"}',
  "CREATE TABLE users (id int);",
  "down_revision = 'abc'",
  "apiVersion: apps/v1\nkind: Deployment",
  "{{ .Values.image }}",
  "type Query { a: Int }",
  "query { a }",
  "FROM node:20 AS build",
  "ARG X\nFROM --platform=$BUILDPLATFORM alpine",
  "databaseChangeLog:",
  "@app.get('/users')",
  "router.get('/x', h)",
  "class User(models.Model):",
  "\r\n",
  "\u0000",
);
const sniffText = fc
  .array(fc.oneof(markers, fc.string({ unit: "binary", maxLength: 60 })), { maxLength: 12 })
  .map((parts) => parts.join("\n"));

describe("file classification under generated input", () => {
  it("classifyFile and classifyCode never throw and return a category", async () => {
    await fuzz(
      "classifyFile: never throws, returns a category",
      fc.tuple(repoPath, sniffText),
      ([path, sniff]) => {
        expect(categories).toContain(classifyFile(path, sniff));
        const code = classifyCode(path, sniff);
        if (code !== undefined) expect(categories).toContain(code);
      },
    );
  });

  it("classifyChangedFiles never throws and gives every file a category, whatever the reads do", async () => {
    const raw = fc.record({
      path: repoPath,
      status: fc.constantFrom<FileStatus>(
        "added",
        "removed",
        "modified",
        "renamed",
        "copied",
        "changed",
        "unchanged",
      ),
      additions: fc.nat(50),
      deletions: fc.nat(50),
      patch: fc.option(
        sniffText.map((text) => `@@ -1,1 +1,2 @@\n ${text.split("\n").join("\n+")}`),
        { nil: undefined },
      ),
    });
    const input = fc.record({
      files: fc.array(raw, { maxLength: 8 }),
      heads: fc.array(fc.oneof(sniffText, fc.constant(undefined), fc.constant("throw")), {
        minLength: 1,
        maxLength: 8,
      }),
      globs: fc.array(
        fc.oneof(fc.constantFrom("**/*.yml", "api/**", "[", "{", "!x", "**/"), fc.string({ maxLength: 8 })),
        { maxLength: 3 },
      ),
    });
    await fuzz(
      "classifyChangedFiles: never throws, every file categorised",
      input,
      async ({ files, heads, globs }) => {
        let reads = 0;
        const contents = {
          read: async () => {
            const head = heads[reads++ % heads.length];
            if (head === "throw") throw new Error("vanished");
            return head;
          },
        };
        const config = {
          ...defaultRepoConfig,
          // `paths` globs are non-empty (schema); `review.ignore` may hold "".
          paths: { ...defaultRepoConfig.paths, api: globs.filter((glob) => glob !== "") },
          review: { ...defaultRepoConfig.review, ignore: globs },
        };
        const classified = await classifyChangedFiles(files as RawChangedFile[], contents, config);
        expect(classified.files).toHaveLength(files.length);
        for (const file of classified.files) expect(categories).toContain(file.category);
      },
    );
  });
});
