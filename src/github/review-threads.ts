// The app's own review threads on a PR (GraphQL: REST has no threads), and resolving the ones whose finding or
// HALT question is gone after a push (issue #10, "Review lifecycle").
import { z } from "zod";
import { type CommentMarker, parseCommentMarker } from "../review/comment-marker.js";
import type { GitHubClient, PullRequestRef } from "./github-client.js";

/** A review thread the app started, with the marker of its first comment. */
export interface OwnThread {
  /** The thread's GraphQL node id (what `resolveReviewThread` takes). */
  id: string;
  isResolved: boolean;
  /** GitHub no longer shows it on the current diff (its line changed). */
  isOutdated: boolean;
  path: string;
  /** `null` when the line is no longer in the diff. */
  line: number | null;
  marker: CommentMarker;
  /** The first line of its first comment (`**blocker** · \`rule\` · Title`), for the summary. */
  heading: string;
}

/** The GraphQL API answered with errors (pull request not found, no access, …). */
export class ReviewThreadsReadError extends Error {
  override readonly name = "ReviewThreadsReadError";
  constructor(
    readonly pullRequest: string,
    readonly errors: Array<{ message: string; type?: string }>,
  ) {
    super(`reading the review threads of ${pullRequest} failed: ${errors.map((e) => e.message).join("; ")}`);
  }
}

const pageSize = 100;
/** 5,000 threads: far beyond any PR the app reviews; stops a cursor that never ends. */
const maxPages = 50;
/** Aliased mutations per request: small enough that one request never hits GraphQL's node limits. */
export const resolveChunkSize = 50;

export const reviewThreadsQuery = [
  "query($owner: String!, $name: String!, $number: Int!, $cursor: String) {",
  "  repository(owner: $owner, name: $name) {",
  "    pullRequest(number: $number) {",
  `      reviewThreads(first: ${pageSize}, after: $cursor) {`,
  "        pageInfo { hasNextPage endCursor }",
  "        nodes { id isResolved isOutdated path line comments(first: 1) { nodes { author { __typename login } body } } }",
  "      }",
  "    }",
  "  }",
  "}",
].join("\n");

// The answer's shape, checked at the boundary. A deleted account's comment has `author: null`.
const ThreadNode = z.object({
  id: z.string(),
  isResolved: z.boolean(),
  isOutdated: z.boolean(),
  path: z.string(),
  line: z.number().int().nullable(),
  comments: z.object({
    nodes: z.array(
      z
        .object({
          author: z.object({ __typename: z.string(), login: z.string() }).nullable(),
          body: z.string(),
        })
        .nullable(),
    ),
  }),
});
const ThreadsPage = z.object({
  repository: z
    .object({
      pullRequest: z
        .object({
          reviewThreads: z.object({
            pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
            nodes: z.array(ThreadNode.nullable()),
          }),
        })
        .nullable(),
    })
    .nullable(),
});

/** The app's login without REST's `[bot]` suffix, lower-cased: how GraphQL names the app's `Bot` actor. */
function botName(login: string): string {
  return login.replace(/\[bot\]$/i, "").toLowerCase();
}

/**
 * The author is the app: GraphQL gives a `Bot` its login without `[bot]` (`backend-architect`), REST with it.
 * The type matters: a user account may carry the same name as the app's slug.
 */
function isApp(author: { __typename: string; login: string } | null, botLogin: string): boolean {
  if (author === null) return false;
  const login = author.login.toLowerCase();
  if (login.endsWith("[bot]")) return login === `${botName(botLogin)}[bot]`;
  return author.__typename === "Bot" && login === botName(botLogin);
}

function graphqlErrors(error: unknown): Array<{ message: string; type?: string }> | undefined {
  const { name, errors } = error as { name?: unknown; errors?: unknown };
  if (name !== "GraphqlResponseError" || !Array.isArray(errors)) return undefined;
  return errors.map((e: { message?: unknown; type?: unknown }) => ({
    message: String(e.message),
    ...(typeof e.type === "string" ? { type: e.type } : {}),
  }));
}

/**
 * Every review thread on the PR whose first comment the app wrote and marked (one request per 100 threads).
 * A thread someone else started is never ours, whatever marker its text carries.
 */
export async function listOwnThreads(
  octokit: GitHubClient,
  ref: PullRequestRef,
  botLogin: string,
): Promise<OwnThread[]> {
  const name = `${ref.owner}/${ref.repo}#${ref.number}`;
  const threads: OwnThread[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    let raw: unknown;
    try {
      raw = await octokit.graphql(reviewThreadsQuery, {
        owner: ref.owner,
        name: ref.repo,
        number: ref.number,
        cursor,
      });
    } catch (error) {
      const errors = graphqlErrors(error);
      if (errors !== undefined) throw new ReviewThreadsReadError(name, errors);
      throw error;
    }
    const parsed = ThreadsPage.safeParse(raw);
    const reviewThreads = parsed.success ? parsed.data.repository?.pullRequest?.reviewThreads : undefined;
    if (reviewThreads === undefined)
      throw new ReviewThreadsReadError(name, [{ message: "the GraphQL answer has no pull request threads" }]);
    for (const thread of reviewThreads.nodes) {
      const first = thread?.comments.nodes[0];
      if (thread === null || first === null || first === undefined || !isApp(first.author, botLogin))
        continue;
      const marker = parseCommentMarker(first.body);
      if (marker === undefined) continue;
      threads.push({
        id: thread.id,
        isResolved: thread.isResolved,
        isOutdated: thread.isOutdated,
        path: thread.path,
        line: thread.line,
        marker,
        heading: (first.body.split("\n")[0] ?? "").slice(0, 300),
      });
    }
    const { hasNextPage, endCursor } = reviewThreads.pageInfo;
    if (!hasNextPage || endCursor === null) break;
    cursor = endCursor;
  }
  return threads;
}

/** The mutation and variables resolving `threadIds` (ids travel as variables, one alias each). */
export function resolveThreadsMutation(threadIds: readonly string[]): {
  query: string;
  variables: Record<string, string>;
} {
  const variables: Record<string, string> = {};
  threadIds.forEach((id, index) => {
    variables[`t${index}`] = id;
  });
  const declarations = threadIds.map((_, index) => `$t${index}: ID!`).join(", ");
  const fields = threadIds.map(
    (_, index) =>
      `  t${index}: resolveReviewThread(input: { threadId: $t${index} }) { thread { id isResolved } }`,
  );
  return { query: [`mutation(${declarations}) {`, ...fields, "}"].join("\n"), variables };
}

const ResolvedField = z
  .object({ thread: z.object({ id: z.string(), isResolved: z.boolean() }).nullable() })
  .nullable();

/**
 * Resolves the threads, 50 per request. A thread GitHub refused (an error on its alias, or no resolved thread
 * in the answer) is listed in `failed`; only a failed request (network, 5xx) throws.
 */
export async function resolveThreads(
  octokit: GitHubClient,
  threadIds: readonly string[],
): Promise<{ resolved: string[]; failed: string[] }> {
  const unique = [...new Set(threadIds)];
  const resolved: string[] = [];
  const failed: string[] = [];
  for (let start = 0; start < unique.length; start += resolveChunkSize) {
    const chunk = unique.slice(start, start + resolveChunkSize);
    const { query, variables } = resolveThreadsMutation(chunk);
    let data: unknown;
    try {
      data = await octokit.graphql(query, variables);
    } catch (error) {
      if (graphqlErrors(error) === undefined) throw error;
      // Partial data: the aliases that worked are in it, the others are null (or the whole answer is).
      data = (error as { data?: unknown }).data;
    }
    const fields = data !== null && typeof data === "object" ? (data as Record<string, unknown>) : {};
    chunk.forEach((id, index) => {
      const field = ResolvedField.safeParse(fields[`t${index}`] ?? null);
      const thread = field.success ? field.data?.thread : undefined;
      if (thread?.isResolved === true) resolved.push(id);
      else failed.push(id);
    });
  }
  return { resolved, failed };
}

/** The app's unresolved threads whose finding or question this run no longer reports. Pure. */
export function threadsToResolve(
  threads: readonly OwnThread[],
  stillPresent: { findings: ReadonlySet<string>; questions: ReadonlySet<string> },
): OwnThread[] {
  return threads.filter((thread) => {
    if (thread.isResolved) return false;
    const present = thread.marker.kind === "finding" ? stillPresent.findings : stillPresent.questions;
    return !present.has(thread.marker.id);
  });
}
