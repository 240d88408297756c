import nock from "nock";
import { describe, expect, it } from "vitest";
import { compareHeads } from "../../src/github/compare-heads.js";
import { api } from "../helpers/github-mock.js";
import { TestOctokit } from "../helpers/test-probot.js";

const repo = { owner: "acme", repo: "shop" };
const from = "1".repeat(40);
const to = "2".repeat(40);
const path = `/repos/acme/shop/compare/${from}...${to}`;
const octokit = () => new TestOctokit({ auth: "t" });

function answer(status: string, files: unknown[]) {
  nock(api).get(path).query({ per_page: "1" }).reply(200, { status, commits: [], files });
}

describe("compareHeads", () => {
  it("gives the files a push added on top of the last reviewed head", async () => {
    answer("ahead", [
      {
        filename: "db/002.sql",
        status: "added",
        additions: 1,
        deletions: 0,
        patch: "@@ -0,0 +1 @@\n+SELECT 1;",
      },
      { filename: "b.sql", previous_filename: "a.sql", status: "renamed", additions: 0, deletions: 0 },
    ]);
    expect(await compareHeads(octokit(), repo, from, to)).toEqual({
      kind: "ahead",
      files: [
        {
          path: "db/002.sql",
          status: "added",
          additions: 1,
          deletions: 0,
          patch: "@@ -0,0 +1 @@\n+SELECT 1;",
        },
        { path: "b.sql", previousPath: "a.sql", status: "renamed", additions: 0, deletions: 0 },
      ],
    });
  });

  it("calls a rebase, a force-push to an older commit, a vanished head and a huge push rewritten", async () => {
    answer("diverged", []);
    expect(await compareHeads(octokit(), repo, from, to)).toEqual({ kind: "rewritten", reason: "diverged" });
    answer("behind", []);
    expect(await compareHeads(octokit(), repo, from, to)).toEqual({ kind: "rewritten", reason: "behind" });
    nock(api).get(path).query(true).reply(404, { message: "Not Found" });
    expect(await compareHeads(octokit(), repo, from, to)).toEqual({ kind: "rewritten", reason: "gone" });
    answer(
      "ahead",
      Array.from({ length: 300 }, (_, i) => ({
        filename: `f${i}`,
        status: "added",
        additions: 1,
        deletions: 0,
      })),
    );
    expect(await compareHeads(octokit(), repo, from, to)).toEqual({ kind: "rewritten", reason: "too-large" });
  });

  it("asks nothing for the same head, and lets a server error through", async () => {
    expect(await compareHeads(octokit(), repo, from, from)).toEqual({ kind: "same" });
    nock(api).get(path).query(true).reply(502, { message: "Bad Gateway" });
    await expect(compareHeads(octokit(), repo, from, to)).rejects.toMatchObject({ status: 502 });
  });
});
