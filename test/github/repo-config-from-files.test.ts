import nock from "nock";
import { describe, expect, it } from "vitest";
import { defaultRepoConfig } from "../../src/config/repo-config.schema.js";
import type { DefaultBranchFiles, OrgConfigRead } from "../../src/github/read-default-branch-files.js";
import { loadConfigFromContext, repoConfigFromFiles } from "../../src/github/repo-config-from-files.js";
import { TestOctokit } from "../helpers/test-probot.js";

const api = "https://api.github.com";
const known = new Set(["db/drop-column"]);

function read(own: string | null, orgConfig?: OrgConfigRead): DefaultBranchFiles {
  return {
    branch: "main",
    sha: "d".repeat(40),
    files: new Map([[".github/backend-architect.yml", own]]),
    agents: new Map(),
    adrs: [],
    ...(orgConfig === undefined ? {} : { orgConfig }),
  };
}

describe("repoConfigFromFiles", () => {
  it("parses the repository's own file and ignores the org's", () => {
    const result = repoConfigFromFiles(
      read("rules:\n  db/drop-column: off\n", { state: "found", text: "rules:\n  db/drop-column: major\n" }),
      known,
    );
    expect(result).toEqual({
      kind: "parsed",
      parsed: { config: { ...defaultRepoConfig, rules: { "db/drop-column": "off" } }, problems: [] },
    });
  });

  it("falls back to the owner's `.github` repository when the repository has no file", () => {
    const result = repoConfigFromFiles(
      read(null, { state: "found", text: "rules:\n  db/nope: off\n" }),
      known,
    );
    expect(result).toEqual({
      kind: "parsed",
      parsed: {
        config: { ...defaultRepoConfig, rules: { "db/nope": "off" } },
        problems: [
          "`.github/backend-architect.yml`: unknown rule id `db/nope` (see docs/rules.md); ignored.",
        ],
      },
    });
  });

  it("applies the defaults silently when neither has a file, and for an empty file", () => {
    expect(repoConfigFromFiles(read(null, { state: "absent" }), known)).toEqual({
      kind: "parsed",
      parsed: { config: defaultRepoConfig, problems: [] },
    });
    expect(repoConfigFromFiles(read("", { state: "absent" }), known)).toEqual({
      kind: "parsed",
      parsed: { config: defaultRepoConfig, problems: [] },
    });
  });

  it("turns invalid YAML into one problem line naming the place, and reviews with the defaults", () => {
    expect(repoConfigFromFiles(read("a: 1\n b: 2\n", { state: "absent" }), known)).toEqual({
      kind: "parsed",
      parsed: {
        config: defaultRepoConfig,
        problems: [
          "`.github/backend-architect.yml` could not be read (invalid YAML: Nested mappings are not allowed in compact mappings at line 1, column 4); defaults apply.",
        ],
      },
    });
    expect(repoConfigFromFiles(read(null, { state: "found", text: "just words" }), known)).toEqual({
      kind: "parsed",
      parsed: {
        config: defaultRepoConfig,
        problems: [
          "`.github/backend-architect.yml` of the owner's `.github` repository could not be read (YAML is not an object); defaults apply.",
        ],
      },
    });
    expect(
      repoConfigFromFiles(
        read(null, { state: "unreadable", message: "Resource not accessible by integration" }),
        known,
      ),
    ).toEqual({
      kind: "parsed",
      parsed: {
        config: defaultRepoConfig,
        problems: [
          "`.github/backend-architect.yml` of the owner's `.github` repository could not be read (Resource not accessible by integration); defaults apply.",
        ],
      },
    });
  });

  it("reports the schema's problems as loadRepoConfig does", () => {
    expect(repoConfigFromFiles(read("- a\n- b\n", { state: "absent" }), known)).toEqual({
      kind: "parsed",
      parsed: {
        config: defaultRepoConfig,
        problems: ["`.github/backend-architect.yml`: the file has unknown fields `0`, `1`; defaults apply."],
      },
    });
  });

  it("needs the config plugin for `_extends`, or when the org config was not read", () => {
    expect(repoConfigFromFiles(read("_extends: .github\n", { state: "absent" }), known)).toEqual({
      kind: "needs-config-plugin",
      reason: "extends",
    });
    expect(repoConfigFromFiles(read(null, { state: "found", text: "_extends: acme/base\n" }), known)).toEqual(
      {
        kind: "needs-config-plugin",
        reason: "extends",
      },
    );
    expect(repoConfigFromFiles(read(null), known)).toEqual({
      kind: "needs-config-plugin",
      reason: "not-read",
    });
    expect(repoConfigFromFiles({ ...read(null), files: new Map() }, known)).toEqual({
      kind: "needs-config-plugin",
      reason: "not-read",
    });
  });
});

describe("loadConfigFromContext", () => {
  const repository = { owner: "acme", repo: "shop" };

  it("makes no request when the read decides", async () => {
    // No interceptor: any request would fail the test (net connect is disabled).
    const parsed = await loadConfigFromContext(
      new TestOctokit({ auth: "t" }),
      repository,
      { files: read("review:\n  approve: true\n", { state: "absent" }) },
      known,
    );
    expect(parsed).toEqual({
      config: { ...defaultRepoConfig, review: { ...defaultRepoConfig.review, approve: true } },
      problems: [],
    });
  });

  it("follows `_extends` with Probot's config plugin", async () => {
    const raw = { "content-type": "text/plain; charset=utf-8" };
    const scope = nock(api)
      .get(`/repos/acme/shop/contents/${encodeURIComponent(".github/backend-architect.yml")}`)
      .reply(200, "_extends: .github\nrules:\n  db/drop-column: off\n", raw)
      .get(`/repos/acme/.github/contents/${encodeURIComponent(".github/backend-architect.yml")}`)
      .reply(200, "review:\n  approve: true\n", raw);
    const parsed = await loadConfigFromContext(
      new TestOctokit({ auth: "t" }),
      repository,
      { files: read("_extends: .github\nrules:\n  db/drop-column: off\n", { state: "absent" }) },
      known,
    );
    expect(scope.isDone()).toBe(true);
    expect(parsed).toEqual({
      config: {
        ...defaultRepoConfig,
        rules: { "db/drop-column": "off" },
        review: { ...defaultRepoConfig.review, approve: true },
      },
      problems: [],
    });
  });
});
