// nock scopes for the GitHub calls a review makes, so a test states only the PR and asserts the review.
import nock from "nock";

export interface MockFile {
  filename: string;
  status?: "added" | "removed" | "modified" | "renamed";
  patch?: string;
  /** Head contents served by `repos.getContent` (raw). */
  head?: string;
  base?: string;
  previous_filename?: string;
}

export interface MockPullRequest {
  owner: string;
  repo: string;
  number: number;
  headSha: string;
  baseSha?: string;
  title?: string;
  body?: string;
  files: MockFile[];
  /** The app's earlier reviews on the PR (`pulls.listReviews`). */
  reviews?: Array<{ id: number; body: string; state: string; login?: string }>;
  state?: "open" | "closed";
  draft?: boolean;
  /** What GitHub reports as `changed_files` (defaults to the number of listed files). */
  changedFiles?: number;
  /** `.github/backend-architect.yml` on the default branch (absent, as is the org fallback). */
  config?: string;
  /**
   * The PR's review threads (GraphQL `reviewThreads`), each started by `login` (default: the app) with
   * `body`; `resolved` receives the ids the app resolves.
   */
  threads?: {
    nodes: Array<{ id: string; path: string; line: number | null; body: string; login?: string }>;
    resolved: string[];
  };
  /** The installation token GitHub hands out (default `test-token`). */
  token?: string;
  /** The PR's labels. */
  labels?: string[];
  /** Receives the check-run requests (they are mocked, optionally, either way). */
  checkRuns?: CheckRunLog;
  /**
   * The compare of the last reviewed head with this head (`repos.compareCommitsWithBasehead`): what the
   * push did. `gone`: GitHub answers 404 (the old head was force-pushed away).
   */
  compare?:
    | { from: string; status: "ahead" | "diverged" | "behind" | "identical"; files: MockFile[] }
    | {
        from: string;
        gone: true;
      };
}

/** The bodies of the check-run requests GitHub received, in order: the create, then each update. */
export interface CheckRunLog {
  created: Array<Record<string, unknown>>;
  updated: Array<Record<string, unknown>>;
}

export function checkRunLog(): CheckRunLog {
  return { created: [], updated: [] };
}

/** The check run's id in the mocks. */
export const mockCheckRunId = 77;

export const api = "https://api.github.com";

/**
 * Mocks installation auth, the app's identity, the review's GraphQL read (the PR, its reviews, the config),
 * the PR's files and contents, and its check run.
 */
export function mockGitHub(pr: MockPullRequest): nock.Scope {
  const repoPath = `/repos/${pr.owner}/${pr.repo}`;
  const baseSha = pr.baseSha ?? "b".repeat(40);
  const scope = nock(api)
    .post("/app/installations/1/access_tokens")
    .reply(201, {
      token: pr.token ?? "test-token",
      permissions: { pull_requests: "write", contents: "read" },
    })
    .get("/app")
    .optionally()
    .reply(200, { slug: "backend-architect" })
    // The review's one GraphQL read: the PR, the app's reviews, the default-branch files.
    .post("/graphql", (body: { query?: unknown }) =>
      String(body.query).includes("pullRequest(number: $number)"),
    )
    .optionally()
    .reply(200, (_uri, body) => ({
      data: reviewContextData(pr, baseSha, (body as { variables?: Record<string, unknown> }).variables ?? {}),
    }))
    .get(`${repoPath}/pulls/${pr.number}/files`)
    .query({ per_page: "100" })
    .reply(200, pr.files.map(listedFile));
  for (const file of pr.files) {
    if (file.head !== undefined) {
      scope
        .get(`${repoPath}/contents/${encodeURIComponent(file.filename)}`)
        .query({ ref: pr.headSha })
        .optionally()
        .reply(200, file.head);
    }
    if (file.base !== undefined) {
      scope
        .get(`${repoPath}/contents/${encodeURIComponent(file.previous_filename ?? file.filename)}`)
        .query({ ref: baseSha })
        .optionally()
        .reply(200, file.base);
    }
  }
  if (pr.compare !== undefined) {
    const path = `${repoPath}/compare/${pr.compare.from}...${pr.headSha}`;
    if ("gone" in pr.compare) {
      scope.get(path).query({ per_page: "1" }).reply(404, { message: "Not Found" });
    } else {
      scope
        .get(path)
        .query({ per_page: "1" })
        .reply(200, {
          status: pr.compare.status,
          ahead_by: 1,
          behind_by: pr.compare.status === "ahead" ? 0 : 1,
          total_commits: 1,
          commits: [],
          files: pr.compare.files.map(listedFile),
        });
    }
  }
  const log = pr.checkRuns ?? checkRunLog();
  scope
    .post(`${repoPath}/check-runs`, (body: Record<string, unknown>) => {
      log.created.push(body);
      return true;
    })
    .optionally()
    .reply(201, { id: mockCheckRunId })
    .patch(`${repoPath}/check-runs/${mockCheckRunId}`, (body: Record<string, unknown>) => {
      log.updated.push(body);
      return true;
    })
    .times(20)
    .optionally()
    .reply(200, { id: mockCheckRunId });
  const threads = pr.threads;
  if (threads !== undefined) {
    scope
      .post("/graphql", (body: { query?: unknown }) => String(body.query).includes("reviewThreads"))
      .optionally()
      .reply(200, {
        data: {
          repository: {
            pullRequest: {
              reviewThreads: {
                pageInfo: { hasNextPage: false, endCursor: null },
                nodes: threads.nodes.map((thread) => {
                  const login = thread.login ?? "backend-architect[bot]";
                  const bot = login.endsWith("[bot]");
                  return {
                    id: thread.id,
                    isResolved: false,
                    isOutdated: false,
                    path: thread.path,
                    line: thread.line,
                    comments: {
                      nodes: [
                        {
                          author: {
                            __typename: bot ? "Bot" : "User",
                            login: bot ? login.slice(0, -5) : login,
                          },
                          body: thread.body,
                        },
                      ],
                    },
                  };
                }),
              },
            },
          },
        },
      })
      .post("/graphql", (body: { query?: unknown }) => String(body.query).includes("resolveReviewThread"))
      .optionally()
      .reply(200, (_uri, body) => {
        const variables = (body as { variables: Record<string, string> }).variables;
        threads.resolved.push(...Object.values(variables));
        return {
          data: Object.fromEntries(
            Object.entries(variables).map(([alias, id]) => [alias, { thread: { id, isResolved: true } }]),
          ),
        };
      });
  }
  // Commands read the config and the app's reviews over REST before they run a review.
  const configPath = `/contents/${encodeURIComponent(".github/backend-architect.yml")}`;
  if (pr.config === undefined) {
    scope.get(`${repoPath}${configPath}`).optionally().reply(404, { message: "Not Found" });
    scope.get(`/repos/${pr.owner}/.github${configPath}`).optionally().reply(404, { message: "Not Found" });
  } else {
    scope.get(`${repoPath}${configPath}`).optionally().reply(200, pr.config);
  }
  scope
    .get(`${repoPath}/pulls/${pr.number}/reviews`)
    .query({ per_page: "100" })
    .optionally()
    .reply(
      200,
      (pr.reviews ?? []).map((review) => ({
        id: review.id,
        body: review.body,
        state: review.state,
        user: { login: review.login ?? "backend-architect[bot]", type: "Bot" },
      })),
    );
  return scope;
}

/** What GitHub's GraphQL API answers to the review's context query, for the variables it was sent. */
export function reviewContextData(
  pr: MockPullRequest,
  baseSha: string,
  variables: Record<string, unknown>,
): Record<string, unknown> {
  const repository: Record<string, unknown> = {
    pullRequest: {
      number: pr.number,
      title: pr.title ?? "Add user age",
      body: pr.body ?? "",
      state: pr.state === "closed" ? "CLOSED" : "OPEN",
      isDraft: pr.draft ?? false,
      author: { __typename: "User", login: "octocat" },
      baseRefOid: baseSha,
      headRefOid: pr.headSha,
      changedFiles: pr.changedFiles ?? pr.files.length,
      baseRepository: { defaultBranchRef: { name: "main" } },
      labels: { nodes: (pr.labels ?? []).map((name) => ({ name })) },
      reviews: {
        nodes: (pr.reviews ?? []).map((review) => {
          const login = review.login ?? "backend-architect[bot]";
          // GraphQL names an app by its slug, without REST's `[bot]`.
          const bot = login.endsWith("[bot]");
          return {
            fullDatabaseId: String(review.id),
            body: review.body,
            state: review.state,
            author: { __typename: bot ? "Bot" : "User", login: bot ? login.slice(0, -5) : login },
          };
        }),
      },
    },
  };
  // The default-branch part is asked for only when it is not cached.
  if ("adrs" in variables) {
    repository.defaultBranchRef = { name: "main", target: { oid: "d".repeat(40) } };
    repository.adrs = null;
    repository.agents = null;
    for (const [name, value] of Object.entries(variables)) {
      if (!/^f\d+$/.test(name)) continue;
      const path = String(value).replace(/^HEAD:/, "");
      repository[name] =
        path === ".github/backend-architect.yml" && pr.config !== undefined
          ? { text: pr.config, isBinary: false }
          : null;
    }
  }
  return { repository, fallback: null };
}

/** A file as GitHub lists it (`pulls.listFiles`, compare). */
function listedFile(file: MockFile): Record<string, unknown> {
  return {
    filename: file.filename,
    status: file.status ?? "added",
    additions: (file.patch?.match(/^\+/gm) ?? []).length,
    deletions: (file.patch?.match(/^-/gm) ?? []).length,
    patch: file.patch,
    previous_filename: file.previous_filename,
  };
}

/** Captures the review GitHub receives; answers with `status` (201 by default). */
export function captureReview(
  pr: { owner: string; repo: string; number: number },
  status = 200,
): { scope: nock.Scope; requests: Array<Record<string, unknown>> } {
  const requests: Array<Record<string, unknown>> = [];
  const scope = nock(api)
    .post(`/repos/${pr.owner}/${pr.repo}/pulls/${pr.number}/reviews`, (body: Record<string, unknown>) => {
      requests.push(body);
      return true;
    })
    .reply(status, status === 200 ? { id: 4242 } : { message: "Unprocessable Entity" });
  return { scope, requests };
}
