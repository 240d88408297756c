import nock from "nock";
import { describe, expect, it } from "vitest";
import {
  createDefaultBranchCache,
  DefaultBranchReadError,
  defaultBranchQuery,
  guidanceDocuments,
  readDefaultBranchFiles,
} from "../../src/github/read-default-branch-files.js";
import { TestOctokit } from "../helpers/test-probot.js";

const api = "https://api.github.com";
const repository = { owner: "acme", repo: "shop" };
const sha = "d".repeat(40);

const answer = {
  data: {
    repository: {
      defaultBranchRef: { name: "main", target: { oid: sha } },
      f0: { text: "review:\n  approve: false\n", isBinary: false },
      f1: null,
      f2: { text: null, isBinary: true },
      f3: { text: "Use Postgres.", isBinary: false },
      adrs: {
        entries: [
          { name: "0001-postgres.md", type: "blob", object: { text: "ADR 1", isBinary: false } },
          { name: "0002-events.md", type: "blob", object: { text: "ADR 2", isBinary: false } },
          { name: "img.png", type: "blob", object: { text: null, isBinary: true } },
          { name: "old", type: "tree", object: {} },
        ],
      },
      agents: {
        entries: [
          {
            name: "strict.md",
            type: "blob",
            object: { text: "---\nname: strict\n---\nBe strict.", isBinary: false },
          },
        ],
      },
    },
  },
};

function mockGraphQL(reply: unknown, times = 1): Array<Record<string, unknown>> {
  const bodies: Array<Record<string, unknown>> = [];
  nock(api)
    .post("/graphql", (body: Record<string, unknown>) => {
      bodies.push(body);
      return true;
    })
    .times(times)
    .reply(200, reply as Record<string, unknown>);
  return bodies;
}

describe("readDefaultBranchFiles", () => {
  it("reads the config, guidance files, agents and ADRs in one GraphQL request", async () => {
    const bodies = mockGraphQL(answer);
    const read = await readDefaultBranchFiles(new TestOctokit({ auth: "t" }), repository);
    expect(bodies).toEqual([
      defaultBranchQuery(repository, [
        ".github/backend-architect.yml",
        "ARCHITECTURE.md",
        "AGENTS.md",
        "CLAUDE.md",
      ]),
    ]);
    expect(bodies[0]?.variables).toEqual({
      owner: "acme",
      name: "shop",
      adrs: "HEAD:docs/adr",
      agents: "HEAD:.github/agents",
      f0: "HEAD:.github/backend-architect.yml",
      f1: "HEAD:ARCHITECTURE.md",
      f2: "HEAD:AGENTS.md",
      f3: "HEAD:CLAUDE.md",
    });
    expect(bodies[0]?.query).toBe(
      [
        "query($owner: String!, $name: String!, $adrs: String!, $agents: String!, $f0: String!, $f1: String!, $f2: String!, $f3: String!) {",
        "  repository(owner: $owner, name: $name) {",
        "    defaultBranchRef { name target { oid } }",
        "    f0: object(expression: $f0) { ... on Blob { text isBinary } }",
        "    f1: object(expression: $f1) { ... on Blob { text isBinary } }",
        "    f2: object(expression: $f2) { ... on Blob { text isBinary } }",
        "    f3: object(expression: $f3) { ... on Blob { text isBinary } }",
        "    adrs: object(expression: $adrs) { ... on Tree { entries { name type object { ... on Blob { text isBinary } } } } }",
        "    agents: object(expression: $agents) { ... on Tree { entries { name type object { ... on Blob { text isBinary } } } } }",
        "  }",
        "}",
      ].join("\n"),
    );
    expect(read).toEqual({
      branch: "main",
      sha,
      files: new Map([
        [".github/backend-architect.yml", "review:\n  approve: false\n"],
        ["ARCHITECTURE.md", null],
        ["AGENTS.md", null],
        ["CLAUDE.md", "Use Postgres."],
      ]),
      agents: new Map([[".github/agents/strict.md", "---\nname: strict\n---\nBe strict."]]),
      adrs: [
        { path: "docs/adr/0002-events.md", text: "ADR 2" },
        { path: "docs/adr/0001-postgres.md", text: "ADR 1" },
      ],
    });
    expect(guidanceDocuments(read)).toEqual([
      { path: "CLAUDE.md", text: "Use Postgres." },
      { path: "docs/adr/0002-events.md", text: "ADR 2" },
      { path: "docs/adr/0001-postgres.md", text: "ADR 1" },
    ]);
  });

  it("answers an empty repository with no branch and every file null", async () => {
    mockGraphQL({ data: { repository: { defaultBranchRef: null, f0: null, adrs: null, agents: null } } });
    const read = await readDefaultBranchFiles(new TestOctokit({ auth: "t" }), repository, {
      paths: ["x.md"],
    });
    expect(read).toEqual({
      branch: null,
      sha: null,
      files: new Map([["x.md", null]]),
      agents: new Map(),
      adrs: [],
    });
  });

  it("turns GraphQL errors into a DefaultBranchReadError naming them", async () => {
    mockGraphQL({
      data: { repository: null },
      errors: [
        { type: "NOT_FOUND", message: "Could not resolve to a Repository with the name 'acme/shop'." },
      ],
    });
    const error = await readDefaultBranchFiles(new TestOctokit({ auth: "t" }), repository).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DefaultBranchReadError);
    expect((error as DefaultBranchReadError).errors).toEqual([
      { type: "NOT_FOUND", message: "Could not resolve to a Repository with the name 'acme/shop'." },
    ]);
    expect((error as Error).message).toBe(
      "reading the default branch of acme/shop failed: Could not resolve to a Repository with the name 'acme/shop'.",
    );
  });

  it("serves a second read from the cache within the TTL and asks again after it", async () => {
    let now = 1_000;
    const store = createDefaultBranchCache(60_000, () => now);
    const bodies = mockGraphQL(answer, 2);
    const octokit = new TestOctokit({ auth: "t" });
    const first = await readDefaultBranchFiles(octokit, repository, { cache: { store, installationId: 1 } });
    now += 59_999;
    const second = await readDefaultBranchFiles(octokit, repository, { cache: { store, installationId: 1 } });
    expect(second).toBe(first);
    expect(bodies).toHaveLength(1);
    now += 1;
    await readDefaultBranchFiles(octokit, repository, { cache: { store, installationId: 1 } });
    expect(bodies).toHaveLength(2);
  });
});
