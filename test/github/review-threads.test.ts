import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import {
  listOwnThreads,
  type OwnThread,
  ReviewThreadsReadError,
  resolveThreads,
  resolveThreadsMutation,
  reviewThreadsQuery,
  threadsToResolve,
} from "../../src/github/review-threads.js";
import { TestOctokit } from "../helpers/test-probot.js";

const api = "https://api.github.com";
const ref = { owner: "acme", repo: "shop", number: 7 };
const bot = { __typename: "Bot", login: "backend-architect" };

function octokit() {
  return new TestOctokit({ auth: "t" });
}

function mockGraphQL(...replies: Array<{ status?: number; body: unknown }>): Array<Record<string, unknown>> {
  const bodies: Array<Record<string, unknown>> = [];
  for (const reply of replies) {
    nock(api)
      .post("/graphql", (body: Record<string, unknown>) => {
        bodies.push(body);
        return true;
      })
      .reply(reply.status ?? 200, reply.body as Record<string, unknown>);
  }
  return bodies;
}

function thread(
  id: string,
  first: { author: { __typename: string; login: string } | null; body: string } | null,
  overrides: Record<string, unknown> = {},
) {
  return {
    id,
    isResolved: false,
    isOutdated: false,
    path: "db/001.sql",
    line: 11,
    comments: { nodes: first === null ? [] : [first] },
    ...overrides,
  };
}

function page(nodes: unknown[], endCursor: string | null, hasNextPage: boolean) {
  return {
    data: {
      repository: {
        pullRequest: { reviewThreads: { pageInfo: { hasNextPage, endCursor }, nodes } },
      },
    },
  };
}

const findingBody = (id: string) => `**blocker** · x\n\n<!-- backend-architect:finding ${id} -->`;

afterEach(() => {
  // Every mocked answer was asked for: no request more, no request less.
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

describe("listOwnThreads", () => {
  it("sends one query per 100 threads and follows the cursor", async () => {
    const bodies = mockGraphQL(
      { body: page([thread("T1", { author: bot, body: findingBody("fp1") })], "c1", true) },
      {
        body: page(
          [
            thread(
              "T2",
              { author: bot, body: "**HALT — question 1**\n\n<!-- backend-architect:question q1 -->" },
              {
                isResolved: true,
                isOutdated: true,
                line: null,
              },
            ),
          ],
          "c2",
          false,
        ),
      },
    );
    const threads = await listOwnThreads(octokit(), ref, "backend-architect[bot]");
    expect(bodies).toEqual([
      { query: reviewThreadsQuery, variables: { owner: "acme", name: "shop", number: 7, cursor: null } },
      { query: reviewThreadsQuery, variables: { owner: "acme", name: "shop", number: 7, cursor: "c1" } },
    ]);
    expect(reviewThreadsQuery).toBe(
      [
        "query($owner: String!, $name: String!, $number: Int!, $cursor: String) {",
        "  repository(owner: $owner, name: $name) {",
        "    pullRequest(number: $number) {",
        "      reviewThreads(first: 100, after: $cursor) {",
        "        pageInfo { hasNextPage endCursor }",
        "        nodes { id isResolved isOutdated path line comments(first: 1) { nodes { author { __typename login } body } } }",
        "      }",
        "    }",
        "  }",
        "}",
      ].join("\n"),
    );
    expect(threads).toEqual([
      {
        id: "T1",
        isResolved: false,
        isOutdated: false,
        path: "db/001.sql",
        line: 11,
        marker: { kind: "finding", id: "fp1" },
        heading: "**blocker** · x",
      },
      {
        id: "T2",
        isResolved: true,
        isOutdated: true,
        path: "db/001.sql",
        line: null,
        marker: { kind: "question", id: "q1" },
        heading: "**HALT — question 1**",
      },
    ]);
  });

  it("keeps only threads the app started with a marker, whichever form of its login it is given", async () => {
    const nodes = [
      thread("ours", { author: bot, body: findingBody("fp1") }),
      thread("ours-rest-login", {
        author: { __typename: "Bot", login: "backend-architect[bot]" },
        body: findingBody("fp2"),
      }),
      thread("no-marker", { author: bot, body: "An old comment without a marker." }),
      // Someone pasted the app's marker into their own thread: never ours.
      thread("forged", { author: { __typename: "User", login: "mallory" }, body: findingBody("fp1") }),
      // A user account named like the app's slug is not the app.
      thread("same-name-user", {
        author: { __typename: "User", login: "backend-architect" },
        body: findingBody("fp1"),
      }),
      thread("other-bot", { author: { __typename: "Bot", login: "dependabot" }, body: findingBody("fp1") }),
      thread("ghost", { author: null, body: findingBody("fp1") }),
      thread("empty", null),
      null,
    ];
    for (const login of ["backend-architect[bot]", "backend-architect", "Backend-Architect[bot]"]) {
      mockGraphQL({ body: page(nodes, null, false) });
      const threads = await listOwnThreads(octokit(), ref, login);
      expect(threads.map((t) => t.id)).toEqual(["ours", "ours-rest-login"]);
    }
  });

  it("stops when GitHub gives no cursor even if it says there is a next page", async () => {
    const bodies = mockGraphQL({ body: page([], null, true) });
    expect(await listOwnThreads(octokit(), ref, "backend-architect[bot]")).toEqual([]);
    expect(bodies).toHaveLength(1);
  });

  it("throws ReviewThreadsReadError when GitHub answers with errors or without the pull request", async () => {
    mockGraphQL({
      body: {
        data: { repository: null },
        errors: [
          { type: "NOT_FOUND", message: "Could not resolve to a Repository with the name 'acme/shop'." },
        ],
      },
    });
    const error = await listOwnThreads(octokit(), ref, "backend-architect[bot]").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReviewThreadsReadError);
    expect(error).toMatchObject({
      pullRequest: "acme/shop#7",
      errors: [
        { type: "NOT_FOUND", message: "Could not resolve to a Repository with the name 'acme/shop'." },
      ],
    });

    mockGraphQL({ body: { data: { repository: { pullRequest: null } } } });
    await expect(listOwnThreads(octokit(), ref, "backend-architect[bot]")).rejects.toThrow(
      "reading the review threads of acme/shop#7 failed: the GraphQL answer has no pull request threads",
    );
  });

  it("lets a server error through", async () => {
    mockGraphQL({ status: 502, body: { message: "Bad Gateway" } });
    await expect(listOwnThreads(octokit(), ref, "backend-architect[bot]")).rejects.toMatchObject({
      status: 502,
    });
  });
});

describe("resolveThreads", () => {
  it("resolves every thread in one aliased mutation, ids as variables", async () => {
    const bodies = mockGraphQL({
      body: {
        data: {
          t0: { thread: { id: "T1", isResolved: true } },
          t1: { thread: { id: "T2", isResolved: true } },
        },
      },
    });
    expect(await resolveThreads(octokit(), ["T1", "T2", "T1"])).toEqual({
      resolved: ["T1", "T2"],
      failed: [],
    });
    expect(bodies).toEqual([
      {
        query: [
          "mutation($t0: ID!, $t1: ID!) {",
          "  t0: resolveReviewThread(input: { threadId: $t0 }) { thread { id isResolved } }",
          "  t1: resolveReviewThread(input: { threadId: $t1 }) { thread { id isResolved } }",
          "}",
        ].join("\n"),
        variables: { t0: "T1", t1: "T2" },
      },
    ]);
  });

  it("sends nothing for no threads", async () => {
    expect(await resolveThreads(octokit(), [])).toEqual({ resolved: [], failed: [] });
  });

  it("lists a thread GitHub refused as failed and keeps the others (partial data)", async () => {
    mockGraphQL({
      body: {
        data: {
          t0: { thread: { id: "T1", isResolved: true } },
          t1: null,
          t2: { thread: { id: "T3", isResolved: false } },
        },
        errors: [
          {
            type: "FORBIDDEN",
            path: ["t1"],
            message: "Resource not accessible by integration",
          },
        ],
      },
    });
    expect(await resolveThreads(octokit(), ["T1", "T2", "T3"])).toEqual({
      resolved: ["T1"],
      failed: ["T2", "T3"],
    });
  });

  it("lists every thread as failed when GitHub rejects the whole mutation", async () => {
    mockGraphQL({ body: { errors: [{ message: "Something went wrong while executing your query." }] } });
    expect(await resolveThreads(octokit(), ["T1", "T2"])).toEqual({ resolved: [], failed: ["T1", "T2"] });
  });

  it("sends 50 threads per request", async () => {
    const ids = Array.from({ length: 120 }, (_, i) => `T${i}`);
    const answer = (n: number) => ({
      data: Object.fromEntries(
        Array.from({ length: n }, (_, i) => [`t${i}`, { thread: { id: "x", isResolved: true } }]),
      ),
    });
    const bodies = mockGraphQL({ body: answer(50) }, { body: answer(50) }, { body: answer(20) });
    const result = await resolveThreads(octokit(), ids);
    expect(result).toEqual({ resolved: ids, failed: [] });
    expect(bodies.map((body) => body.variables)).toEqual([
      resolveThreadsMutation(ids.slice(0, 50)).variables,
      resolveThreadsMutation(ids.slice(50, 100)).variables,
      resolveThreadsMutation(ids.slice(100)).variables,
    ]);
    expect(bodies[1]?.variables).toMatchObject({ t0: "T50", t49: "T99" });
  });

  it("lets a network or server error through", async () => {
    mockGraphQL({ status: 500, body: { message: "Server Error" } });
    await expect(resolveThreads(octokit(), ["T1"])).rejects.toMatchObject({ status: 500 });
    nock(api).post("/graphql").replyWithError("socket hang up");
    await expect(resolveThreads(octokit(), ["T1"])).rejects.toThrow("socket hang up");
  });
});

describe("threadsToResolve", () => {
  const own = (
    id: string,
    kind: "finding" | "question",
    markerId: string,
    isResolved = false,
  ): OwnThread => ({
    id,
    isResolved,
    isOutdated: false,
    path: "db/001.sql",
    line: 11,
    marker: { kind, id: markerId },
    heading: "",
  });

  it("picks the unresolved threads whose finding or question is gone", () => {
    const threads = [
      own("gone-finding", "finding", "fp1"),
      own("kept-finding", "finding", "fp2"),
      own("gone-question", "question", "q1"),
      own("kept-question", "question", "q2"),
      own("already-resolved", "finding", "fp3", true),
      // A question id that is also a finding fingerprint: the kinds are not mixed.
      own("question-named-like-finding", "question", "fp2"),
    ];
    const stillPresent = { findings: new Set(["fp2"]), questions: new Set(["q2"]) };
    expect(threadsToResolve(threads, stillPresent).map((t) => t.id)).toEqual([
      "gone-finding",
      "gone-question",
      "question-named-like-finding",
    ]);
  });
});
