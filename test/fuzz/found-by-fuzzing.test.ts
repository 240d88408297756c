// Bugs the fuzz suites found, each kept as one exact example.
import { describe, expect, it } from "vitest";
import { defaultRepoConfig } from "../../src/config/repo-config.schema.js";
import { classifyChangedFiles } from "../../src/pipeline/classify-changed-files.js";

describe("found by fuzzing", () => {
  it('classifies the PR when `review.ignore` holds "" (the schema allows it; picomatch threw on it)', async () => {
    const config = { ...defaultRepoConfig, review: { ...defaultRepoConfig.review, ignore: ["", "docs/**"] } };
    const { files } = await classifyChangedFiles(
      [
        {
          path: "db/001.sql",
          status: "added",
          additions: 1,
          deletions: 0,
          patch: "@@ -0,0 +1 @@\n+SELECT 1;",
        },
        { path: "docs/x.yaml", status: "added", additions: 1, deletions: 0, patch: "@@ -0,0 +1 @@\n+a: 1" },
      ],
      { read: async () => undefined },
      config,
    );
    expect(files.map((file) => [file.path, file.category, file.skipped])).toEqual([
      ["db/001.sql", "schema", undefined],
      ["docs/x.yaml", "other", "ignored by configuration"],
    ]);
  });
});
