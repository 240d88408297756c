// Everything a review reads from GitHub except the changed files, in ONE GraphQL request: the pull request,
// the app's earlier reviews, the default-branch files (config, agents, guidance, ADRs) and the owner's
// `.github` config fallback. The default-branch part comes from the cache when it holds it (issue #10).
import { z } from "zod";
import { repoConfigPath } from "../config/parse-repo-config.js";
import { parseStateMarker, type ReviewState } from "../review/review-state.js";
import type { GatheredPullRequest } from "./gather-pull-request.js";
import type { GitHubClient, PullRequestRef } from "./github-client.js";
import type { PreviousReviews } from "./publish-review.js";
import {
  blobSelection,
  blobText,
  type DefaultBranchCache,
  type DefaultBranchFiles,
  defaultBranchCacheKey,
  defaultBranchFilesFrom,
  defaultBranchPaths,
  defaultBranchSelection,
  type OrgConfigRead,
} from "./read-default-branch-files.js";

/** The pull request as a review needs it, without the changed files (REST `pulls.listFiles`). */
export type ReviewPullRequest = Omit<GatheredPullRequest, "rawFiles">;

/** The app's earlier reviews, as `readPreviousReviews` reads them, plus its leftover pending ones. */
export interface ReviewContextReviews extends PreviousReviews {
  /** The app's own PENDING reviews (a run that died before submitting): delete them before posting. */
  pendingReviewIds: number[];
}

export interface ReviewContext {
  pullRequest: ReviewPullRequest;
  previousReviews: ReviewContextReviews;
  /** The default-branch files, with `orgConfig` set. */
  files: DefaultBranchFiles;
  /** True when the files came from the cache and the request asked for the pull request only. */
  filesFromCache: boolean;
}

/** The read failed: the repository or the pull request is not there (or not visible), or GraphQL said why. */
export class ReviewContextReadError extends Error {
  override readonly name = "ReviewContextReadError";
  constructor(
    readonly reason: "repository-not-found" | "pull-request-not-found" | "failed",
    readonly ref: PullRequestRef,
    readonly errors: Array<{ message: string; type?: string }>,
  ) {
    super(
      `reading ${ref.owner}/${ref.repo}#${ref.number} failed: ${errors.map((e) => e.message).join("; ")}`,
    );
  }
}

/** The owner's repository Probot's config plugin falls back to. */
export const orgConfigRepository = ".github";

const actorFields = "author { __typename login }";
const pullRequestFields = [
  "pullRequest(number: $number) {",
  `  number title body state isDraft ${actorFields}`,
  "  baseRefOid headRefOid headRefName changedFiles baseRepository { defaultBranchRef { name } }",
  "  labels(first: 100) { nodes { name } }",
  `  reviews(last: 100) { nodes { fullDatabaseId body state ${actorFields} } }`,
  "}",
];

/**
 * The query and variables: the pull request, plus the default-branch `paths` unless they are `undefined`
 * (cached), plus the org fallback config when `orgFallback` is true.
 */
export function reviewContextQuery(
  ref: PullRequestRef,
  parts: { paths: readonly string[] | undefined; orgFallback: boolean },
): { query: string; variables: Record<string, string | number> } {
  const selection = parts.paths === undefined ? undefined : defaultBranchSelection(parts.paths);
  const variables: Record<string, string | number> = {
    owner: ref.owner,
    name: ref.repo,
    number: ref.number,
    ...selection?.variables,
  };
  const declarations = Object.keys(variables)
    .map((name) => `$${name}: ${name === "number" ? "Int!" : "String!"}`)
    .join(", ");
  const fallback = parts.orgFallback
    ? [
        `  fallback: repository(owner: $owner, name: ${JSON.stringify(orgConfigRepository)}) {`,
        `    config: object(expression: ${JSON.stringify(`HEAD:${repoConfigPath}`)}) { ${blobSelection} }`,
        "  }",
      ]
    : [];
  const query = [
    `query(${declarations}) {`,
    "  repository(owner: $owner, name: $name) {",
    ...pullRequestFields.map((line) => `    ${line}`),
    ...(selection?.fields ?? []).map((field) => `    ${field}`),
    "  }",
    ...fallback,
    "}",
  ].join("\n");
  return { query, variables };
}

const Actor = z.object({ __typename: z.string().optional(), login: z.string() }).nullable();
const PullRequestAnswer = z.object({
  number: z.number(),
  title: z.string(),
  body: z.string().nullable(),
  state: z.string(),
  isDraft: z.boolean(),
  author: Actor,
  baseRefOid: z.string(),
  headRefOid: z.string(),
  headRefName: z.string().nullish(),
  changedFiles: z.number(),
  baseRepository: z.object({ defaultBranchRef: z.object({ name: z.string() }).nullable() }).nullable(),
  labels: z.object({ nodes: z.array(z.object({ name: z.string() }).nullable()) }).nullable(),
  reviews: z
    .object({
      nodes: z.array(
        z
          .object({
            // BigInt: a JSON string (review ids no longer fit the deprecated 32-bit `databaseId`).
            fullDatabaseId: z.union([z.string(), z.number()]).nullable(),
            body: z.string().nullable(),
            state: z.string(),
            author: Actor,
          })
          .nullable(),
      ),
    })
    .nullable(),
});
type PullRequestAnswer = z.infer<typeof PullRequestAnswer>;

interface GraphqlError {
  message: string;
  type?: string;
  path?: Array<string | number>;
}

function graphqlErrorsOf(error: unknown): { errors: GraphqlError[]; data: unknown } | undefined {
  const candidate = error as { name?: unknown; errors?: unknown; data?: unknown } | null;
  if (candidate?.name !== "GraphqlResponseError" || !Array.isArray(candidate.errors)) return undefined;
  const errors = candidate.errors.map((e: { message?: unknown; type?: unknown; path?: unknown }) => ({
    message: String(e.message),
    ...(typeof e.type === "string" ? { type: e.type } : {}),
    ...(Array.isArray(e.path) ? { path: e.path as Array<string | number> } : {}),
  }));
  return { errors, data: candidate.data };
}

const withoutPath = ({ message, type }: GraphqlError) => ({
  message,
  ...(type === undefined ? {} : { type }),
});

/**
 * Reads the pull request, the app's earlier reviews and (unless cached) the default-branch files and the org
 * fallback config in one GraphQL request. `botLogin` is the app's login in either form (`<slug>[bot]` as REST
 * writes it, or `<slug>` as GraphQL does); only reviews by that bot count.
 */
export async function readReviewContext(
  octokit: GitHubClient,
  ref: PullRequestRef,
  options: { botLogin: string; cache?: { store: DefaultBranchCache; installationId: number } },
): Promise<ReviewContext> {
  const repository = { owner: ref.owner, repo: ref.repo };
  const paths = defaultBranchPaths;
  // A separate entry from `readDefaultBranchFiles`' (that one has no org config); invalidated with it.
  const key =
    options.cache === undefined
      ? undefined
      : `${defaultBranchCacheKey(options.cache.installationId, repository, paths)}\n(org fallback)`;
  const store = options.cache?.store;
  let cached: DefaultBranchFiles | undefined;
  if (store !== undefined && key !== undefined) {
    const hit = store.entries.get(key);
    if (hit !== undefined && store.now() - hit.at < store.ttlMs) cached = hit.value;
  }
  // Probot does not fall back from the `.github` repository to itself.
  const orgFallback = cached === undefined && ref.repo.toLowerCase() !== orgConfigRepository;
  const { query, variables } = reviewContextQuery(ref, {
    paths: cached === undefined ? paths : undefined,
    orgFallback,
  });

  let data: unknown;
  let fallbackErrors: GraphqlError[] = [];
  try {
    data = await octokit.graphql(query, variables);
  } catch (error) {
    const answered = graphqlErrorsOf(error);
    if (answered === undefined) throw error;
    // A missing `.github` repository is the usual case, and GraphQL reports it as an error next to the data.
    fallbackErrors = answered.errors.filter((e) => e.path?.[0] === "fallback");
    const others = answered.errors.filter((e) => e.path?.[0] !== "fallback");
    if (others.length > 0) {
      const notFound = (path: string) =>
        others.some((e) => e.type === "NOT_FOUND" && e.path?.join(".") === path);
      const reason = notFound("repository")
        ? "repository-not-found"
        : notFound("repository.pullRequest")
          ? "pull-request-not-found"
          : "failed";
      throw new ReviewContextReadError(reason, ref, others.map(withoutPath));
    }
    data = answered.data;
  }

  const answer = data as { repository?: unknown; fallback?: unknown } | null | undefined;
  const repositoryAnswer = answer?.repository as { pullRequest?: unknown } | null | undefined;
  if (repositoryAnswer === null || repositoryAnswer === undefined)
    throw new ReviewContextReadError("repository-not-found", ref, [
      { message: "the GraphQL answer has no repository" },
    ]);
  const pr = PullRequestAnswer.safeParse(repositoryAnswer.pullRequest ?? null);
  if (!pr.success)
    throw new ReviewContextReadError(
      repositoryAnswer.pullRequest === null || repositoryAnswer.pullRequest === undefined
        ? "pull-request-not-found"
        : "failed",
      ref,
      [{ message: "the GraphQL answer has no pull request of the expected shape" }],
    );

  let files = cached;
  if (files === undefined) {
    const read = defaultBranchFilesFrom(repositoryAnswer, paths);
    if (read === undefined)
      throw new ReviewContextReadError("failed", ref, [
        { message: "the GraphQL answer has no default-branch files of the expected shape" },
      ]);
    files = {
      ...read,
      orgConfig: orgFallback ? orgConfigFrom(answer?.fallback, fallbackErrors) : { state: "absent" },
    };
    if (store !== undefined && key !== undefined) store.entries.set(key, { at: store.now(), value: files });
  }

  return {
    pullRequest: pullRequestFrom(ref, pr.data),
    previousReviews: previousReviewsFrom(pr.data, options.botLogin),
    files,
    filesFromCache: cached !== undefined,
  };
}

function orgConfigFrom(fallback: unknown, errors: GraphqlError[]): OrgConfigRead {
  const unreadable = errors.find((e) => e.type !== "NOT_FOUND");
  if (unreadable !== undefined) return { state: "unreadable", message: unreadable.message };
  const text = blobText((fallback as { config?: unknown } | null | undefined)?.config);
  return text === null ? { state: "absent" } : { state: "found", text };
}

function pullRequestFrom(ref: PullRequestRef, pr: PullRequestAnswer): ReviewPullRequest {
  return {
    snapshot: {
      owner: ref.owner,
      repo: ref.repo,
      number: ref.number,
      title: pr.title,
      body: pr.body ?? "",
      // A deleted account is `null` in GraphQL and `ghost` in REST.
      author: pr.author?.login ?? "ghost",
      baseSha: pr.baseRefOid,
      headSha: pr.headRefOid,
      ...(pr.headRefName ? { headRef: pr.headRefName } : {}),
      changedFilesCount: pr.changedFiles,
    },
    open: pr.state === "OPEN",
    draft: pr.isDraft,
    defaultBranch: pr.baseRepository?.defaultBranchRef?.name ?? "main",
    labels: (pr.labels?.nodes ?? []).flatMap((label) => (label === null ? [] : [label.name])),
  };
}

const botSuffix = "[bot]";
const slugOf = (login: string) => (login.endsWith(botSuffix) ? login.slice(0, -botSuffix.length) : login);

/**
 * True for the app's own account. GraphQL names a bot by its slug, REST by `<slug>[bot]`; a bare slug also
 * needs `__typename: "Bot"`, since a user may register the app's slug as a login and paste a state marker.
 */
function isApp(author: z.infer<typeof Actor>, botLogin: string): boolean {
  if (author === null) return false;
  if (slugOf(author.login).toLowerCase() !== slugOf(botLogin).toLowerCase()) return false;
  return author.login.endsWith(botSuffix) || author.__typename === "Bot";
}

/** `readPreviousReviews` over the GraphQL answer (oldest first); pending reviews are listed, not read. */
function previousReviewsFrom(pr: PullRequestAnswer, botLogin: string): ReviewContextReviews {
  const own = (pr.reviews?.nodes ?? []).flatMap((review) => {
    if (review === null || review.fullDatabaseId === null || !isApp(review.author, botLogin)) return [];
    const id = Number(review.fullDatabaseId);
    return Number.isSafeInteger(id) ? [{ id, body: review.body ?? "", state: review.state }] : [];
  });
  const submitted = own.filter((review) => review.state !== "PENDING");
  let latest: { state: ReviewState; id: number; body: string } | undefined;
  for (const review of submitted) {
    const state = parseStateMarker(review.body);
    if (state !== undefined) latest = { state, id: review.id, body: review.body };
  }
  const previous: ReviewContextReviews = {
    blockingReviewIds: submitted
      .filter((review) => review.state === "CHANGES_REQUESTED")
      .map((review) => review.id),
    pendingReviewIds: own.filter((review) => review.state === "PENDING").map((review) => review.id),
  };
  if (latest !== undefined) {
    previous.latest = latest.state;
    previous.latestReview = { id: latest.id, body: latest.body };
  }
  return previous;
}
