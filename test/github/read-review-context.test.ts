import nock from "nock";
import { describe, expect, it } from "vitest";
import {
  createDefaultBranchCache,
  invalidateDefaultBranch,
} from "../../src/github/read-default-branch-files.js";
import { ReviewContextReadError, readReviewContext } from "../../src/github/read-review-context.js";
import { TestOctokit } from "../helpers/test-probot.js";

const api = "https://api.github.com";
const ref = { owner: "acme", repo: "shop", number: 7 };
const base = "b".repeat(40);
const head = "c".repeat(40);
const mainSha = "d".repeat(40);
const botLogin = "backend-architect[bot]";
const marker = (headSha: string, verdict: string) =>
  `<!-- backend-architect:state {"v":1,"headSha":"${headSha}","verdict":"${verdict}","questions":[],"findings":[]} -->`;

const pullRequestQuery = [
  "    pullRequest(number: $number) {",
  "      number title body state isDraft author { __typename login }",
  "      baseRefOid headRefOid headRefName changedFiles baseRepository { defaultBranchRef { name } }",
  "      labels(first: 100) { nodes { name } }",
  "      reviews(last: 100) { nodes { fullDatabaseId body state author { __typename login } } }",
  "    }",
];
const blob = "... on Blob { text isBinary }";
const tree = `... on Tree { entries { name type object { ${blob} } } }`;
const fullQuery = [
  "query($owner: String!, $name: String!, $number: Int!, $adrs: String!, $agents: String!, $f0: String!, $f1: String!, $f2: String!, $f3: String!) {",
  "  repository(owner: $owner, name: $name) {",
  ...pullRequestQuery,
  "    defaultBranchRef { name target { oid } }",
  `    f0: object(expression: $f0) { ${blob} }`,
  `    f1: object(expression: $f1) { ${blob} }`,
  `    f2: object(expression: $f2) { ${blob} }`,
  `    f3: object(expression: $f3) { ${blob} }`,
  `    adrs: object(expression: $adrs) { ${tree} }`,
  `    agents: object(expression: $agents) { ${tree} }`,
  "  }",
  '  fallback: repository(owner: $owner, name: ".github") {',
  `    config: object(expression: "HEAD:.github/backend-architect.yml") { ${blob} }`,
  "  }",
  "}",
].join("\n");
const fullVariables = {
  owner: "acme",
  name: "shop",
  number: 7,
  adrs: "HEAD:docs/adr",
  agents: "HEAD:.github/agents",
  f0: "HEAD:.github/backend-architect.yml",
  f1: "HEAD:ARCHITECTURE.md",
  f2: "HEAD:AGENTS.md",
  f3: "HEAD:CLAUDE.md",
};
const pullRequestOnlyQuery = [
  "query($owner: String!, $name: String!, $number: Int!) {",
  "  repository(owner: $owner, name: $name) {",
  ...pullRequestQuery,
  "  }",
  "}",
].join("\n");

type Review = { fullDatabaseId: string | null; body: string; state: string; author: unknown };
const app = { __typename: "Bot", login: "backend-architect" };

function pullRequest(reviews: Review[] = []) {
  return {
    number: 7,
    title: "Add orders",
    body: "Adds the orders table.",
    state: "OPEN",
    isDraft: false,
    author: { __typename: "User", login: "octocat" },
    baseRefOid: base,
    headRefOid: head,
    changedFiles: 3,
    baseRepository: { defaultBranchRef: { name: "main" } },
    labels: { nodes: [{ name: "backend" }, { name: "db" }] },
    reviews: { nodes: reviews },
  };
}

const defaultBranch = {
  defaultBranchRef: { name: "main", target: { oid: mainSha } },
  f0: null,
  f1: null,
  f2: null,
  f3: { text: "Use Postgres.", isBinary: false },
  adrs: null,
  agents: {
    entries: [{ name: "strict.md", type: "blob", object: { text: "Be strict.", isBinary: false } }],
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

const octokit = () => new TestOctokit({ auth: "t" });

describe("readReviewContext", () => {
  it("reads the pull request, the app's reviews, the default-branch files and the org config in one request", async () => {
    const bodies = mockGraphQL({
      data: {
        repository: {
          pullRequest: pullRequest([
            {
              fullDatabaseId: "3000000001",
              body: `Old.\n${marker("a", "halt")}`,
              state: "CHANGES_REQUESTED",
              author: app,
            },
            {
              fullDatabaseId: "3000000002",
              body: `Newer.\n${marker(base, "concerns")}`,
              state: "COMMENTED",
              author: app,
            },
            {
              fullDatabaseId: "3000000003",
              body: "LGTM",
              state: "APPROVED",
              author: { __typename: "User", login: "octocat" },
            },
          ]),
          ...defaultBranch,
        },
        fallback: { config: { text: "review:\n  approve: true\n", isBinary: false } },
      },
    });
    const context = await readReviewContext(octokit(), ref, { botLogin });
    expect(bodies).toEqual([{ query: fullQuery, variables: fullVariables }]);
    expect(context).toEqual({
      pullRequest: {
        snapshot: {
          owner: "acme",
          repo: "shop",
          number: 7,
          title: "Add orders",
          body: "Adds the orders table.",
          author: "octocat",
          baseSha: base,
          headSha: head,
          changedFilesCount: 3,
        },
        open: true,
        draft: false,
        defaultBranch: "main",
        labels: ["backend", "db"],
      },
      previousReviews: {
        latest: { v: 1, headSha: base, verdict: "concerns", questions: [], findings: [] },
        latestReview: { id: 3000000002, body: `Newer.\n${marker(base, "concerns")}` },
        blockingReviewIds: [3000000001],
        pendingReviewIds: [],
      },
      files: {
        branch: "main",
        sha: mainSha,
        files: new Map([
          [".github/backend-architect.yml", null],
          ["ARCHITECTURE.md", null],
          ["AGENTS.md", null],
          ["CLAUDE.md", "Use Postgres."],
        ]),
        agents: new Map([[".github/agents/strict.md", "Be strict."]]),
        adrs: [],
        orgConfig: { state: "found", text: "review:\n  approve: true\n" },
      },
      filesFromCache: false,
    });
  });

  it("ignores a state marker pasted into someone else's review, also by a user named like the app", async () => {
    mockGraphQL({
      data: {
        repository: {
          pullRequest: pullRequest([
            { fullDatabaseId: "11", body: marker(base, "concerns"), state: "COMMENTED", author: app },
            {
              fullDatabaseId: "12",
              body: marker(head, "clear"),
              state: "COMMENTED",
              author: { __typename: "User", login: "mallory" },
            },
            {
              fullDatabaseId: "13",
              body: marker(head, "clear"),
              state: "CHANGES_REQUESTED",
              author: { __typename: "User", login: "backend-architect" },
            },
            { fullDatabaseId: "14", body: marker(head, "clear"), state: "COMMENTED", author: null },
          ]),
          ...defaultBranch,
        },
        fallback: null,
      },
    });
    const context = await readReviewContext(octokit(), ref, { botLogin });
    expect(context.previousReviews).toEqual({
      latest: { v: 1, headSha: base, verdict: "concerns", questions: [], findings: [] },
      latestReview: { id: 11, body: marker(base, "concerns") },
      blockingReviewIds: [],
      pendingReviewIds: [],
    });
  });

  it.each([
    ["the slug, GraphQL's form", "backend-architect", { __typename: "Bot", login: "backend-architect" }],
    ["the slug, REST's form", "backend-architect", { __typename: "Bot", login: "backend-architect[bot]" }],
    [
      "<slug>[bot], GraphQL's form",
      "backend-architect[bot]",
      { __typename: "Bot", login: "backend-architect" },
    ],
    ["<slug>[bot], REST's form", "backend-architect[bot]", { login: "backend-architect[bot]" }],
  ])("knows the app's reviews when the bot login is %s", async (_, login, author) => {
    mockGraphQL({
      data: {
        repository: {
          pullRequest: pullRequest([
            { fullDatabaseId: "21", body: marker(base, "halt"), state: "CHANGES_REQUESTED", author },
          ]),
          ...defaultBranch,
        },
        fallback: null,
      },
    });
    const context = await readReviewContext(octokit(), ref, { botLogin: login });
    expect(context.previousReviews).toEqual({
      latest: { v: 1, headSha: base, verdict: "halt", questions: [], findings: [] },
      latestReview: { id: 21, body: marker(base, "halt") },
      blockingReviewIds: [21],
      pendingReviewIds: [],
    });
  });

  it("lists the app's pending reviews for deletion and never takes state from them", async () => {
    mockGraphQL({
      data: {
        repository: {
          pullRequest: pullRequest([
            { fullDatabaseId: "31", body: marker(base, "concerns"), state: "COMMENTED", author: app },
            { fullDatabaseId: "32", body: marker(head, "halt"), state: "PENDING", author: app },
            {
              fullDatabaseId: "33",
              body: "",
              state: "PENDING",
              author: { __typename: "User", login: "octocat" },
            },
          ]),
          ...defaultBranch,
        },
        fallback: null,
      },
    });
    const context = await readReviewContext(octokit(), ref, { botLogin });
    expect(context.previousReviews).toEqual({
      latest: { v: 1, headSha: base, verdict: "concerns", questions: [], findings: [] },
      latestReview: { id: 31, body: marker(base, "concerns") },
      blockingReviewIds: [],
      pendingReviewIds: [32],
    });
  });

  it("maps a closed draft, a deleted author and a repository without a default branch", async () => {
    mockGraphQL({
      data: {
        repository: {
          pullRequest: {
            ...pullRequest(),
            state: "MERGED",
            isDraft: true,
            body: "",
            author: null,
            baseRepository: { defaultBranchRef: null },
            labels: { nodes: [] },
          },
          ...defaultBranch,
        },
        fallback: null,
      },
    });
    const context = await readReviewContext(octokit(), ref, { botLogin });
    expect(context.pullRequest).toMatchObject({
      open: false,
      draft: true,
      defaultBranch: "main",
      labels: [],
    });
    expect(context.pullRequest.snapshot.author).toBe("ghost");
    expect(context.pullRequest.snapshot.body).toBe("");
  });

  it("asks only for the pull request while the cache holds the default-branch files, and again after invalidation", async () => {
    let now = 1_000;
    const store = createDefaultBranchCache(60_000, () => now);
    const cache = { store, installationId: 42 };
    const bodies = mockGraphQL({
      data: { repository: { pullRequest: pullRequest(), ...defaultBranch }, fallback: null },
    });
    const first = await readReviewContext(octokit(), ref, { botLogin, cache });
    expect(first.files.orgConfig).toEqual({ state: "absent" });

    const pullRequestOnly = mockGraphQL({
      data: { repository: { pullRequest: { ...pullRequest(), title: "Renamed" } } },
    });
    now += 59_999;
    const second = await readReviewContext(octokit(), ref, { botLogin, cache });
    expect(pullRequestOnly).toEqual([
      { query: pullRequestOnlyQuery, variables: { owner: "acme", name: "shop", number: 7 } },
    ]);
    expect(second.files).toBe(first.files);
    expect(second.filesFromCache).toBe(true);
    expect(second.pullRequest.snapshot.title).toBe("Renamed");

    // Another installation has its own entry.
    const other = mockGraphQL({
      data: { repository: { pullRequest: pullRequest(), ...defaultBranch }, fallback: null },
    });
    await readReviewContext(octokit(), ref, { botLogin, cache: { store, installationId: 43 } });
    expect(other).toEqual([{ query: fullQuery, variables: fullVariables }]);

    invalidateDefaultBranch(store, 42, ref);
    const again = mockGraphQL({
      data: { repository: { pullRequest: pullRequest(), ...defaultBranch }, fallback: null },
    });
    const third = await readReviewContext(octokit(), ref, { botLogin, cache });
    expect(again).toEqual([{ query: fullQuery, variables: fullVariables }]);
    expect(third.filesFromCache).toBe(false);
    expect(bodies).toHaveLength(1);
  });

  it("reads an owner without a `.github` repository as no org config (GraphQL reports it as an error)", async () => {
    mockGraphQL({
      data: { repository: { pullRequest: pullRequest(), ...defaultBranch }, fallback: null },
      errors: [
        {
          type: "NOT_FOUND",
          path: ["fallback"],
          locations: [{ line: 19, column: 3 }],
          message: "Could not resolve to a Repository with the name 'acme/.github'.",
        },
      ],
    });
    const context = await readReviewContext(octokit(), ref, { botLogin });
    expect(context.files.orgConfig).toEqual({ state: "absent" });
    expect(context.pullRequest.snapshot.title).toBe("Add orders");
  });

  it("keeps why the org config could not be read", async () => {
    mockGraphQL({
      data: { repository: { pullRequest: pullRequest(), ...defaultBranch }, fallback: null },
      errors: [{ type: "FORBIDDEN", path: ["fallback"], message: "Resource not accessible by integration" }],
    });
    const context = await readReviewContext(octokit(), ref, { botLogin });
    expect(context.files.orgConfig).toEqual({
      state: "unreadable",
      message: "Resource not accessible by integration",
    });
  });

  it("does not ask the `.github` repository for a fallback to itself", async () => {
    const bodies = mockGraphQL({ data: { repository: { pullRequest: pullRequest(), ...defaultBranch } } });
    const context = await readReviewContext(
      octokit(),
      { owner: "acme", repo: ".github", number: 7 },
      { botLogin },
    );
    expect(bodies[0]?.query).toBe(
      fullQuery.replace(
        `  fallback: repository(owner: $owner, name: ".github") {\n    config: object(expression: "HEAD:.github/backend-architect.yml") { ${blob} }\n  }\n`,
        "",
      ),
    );
    expect(bodies[0]?.variables).toEqual({ ...fullVariables, name: ".github" });
    expect(context.files.orgConfig).toEqual({ state: "absent" });
  });

  it("throws a ReviewContextReadError when the repository is not there", async () => {
    mockGraphQL({
      data: { repository: null, fallback: null },
      errors: [
        {
          type: "NOT_FOUND",
          path: ["repository"],
          message: "Could not resolve to a Repository with the name 'acme/shop'.",
        },
        {
          type: "NOT_FOUND",
          path: ["fallback"],
          message: "Could not resolve to a Repository with the name 'acme/.github'.",
        },
      ],
    });
    const error = await readReviewContext(octokit(), ref, { botLogin }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReviewContextReadError);
    expect((error as ReviewContextReadError).reason).toBe("repository-not-found");
    expect((error as ReviewContextReadError).errors).toEqual([
      { type: "NOT_FOUND", message: "Could not resolve to a Repository with the name 'acme/shop'." },
    ]);
    expect((error as Error).message).toBe(
      "reading acme/shop#7 failed: Could not resolve to a Repository with the name 'acme/shop'.",
    );
  });

  it("throws a ReviewContextReadError when the pull request is not there", async () => {
    mockGraphQL({
      data: { repository: { pullRequest: null, ...defaultBranch }, fallback: null },
      errors: [
        {
          type: "NOT_FOUND",
          path: ["repository", "pullRequest"],
          message: "Could not resolve to a PullRequest with the number of 7.",
        },
      ],
    });
    const error = await readReviewContext(octokit(), ref, { botLogin }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReviewContextReadError);
    expect((error as ReviewContextReadError).reason).toBe("pull-request-not-found");
    expect((error as Error).message).toBe(
      "reading acme/shop#7 failed: Could not resolve to a PullRequest with the number of 7.",
    );
  });

  it("calls any other GraphQL error a failed read", async () => {
    mockGraphQL({
      data: null,
      errors: [{ type: "RATE_LIMITED", message: "API rate limit exceeded for installation ID 42." }],
    });
    const error = await readReviewContext(octokit(), ref, { botLogin }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReviewContextReadError);
    expect((error as ReviewContextReadError).reason).toBe("failed");
    expect((error as ReviewContextReadError).errors).toEqual([
      { type: "RATE_LIMITED", message: "API rate limit exceeded for installation ID 42." },
    ]);
  });
});
