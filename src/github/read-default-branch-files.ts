// Everything a review reads from the default branch — the repository config, the agent files, the guidance
// files and the ADRs — in ONE GraphQL request (aliased `object(expression: "HEAD:<path>")` fields), with a
// short per-installation cache. Replaces 5+ `repos.getContent` calls (see issue #10, "Fewer GitHub calls").
import { z } from "zod";
import {
  adrDirectory,
  type GuidanceDocument,
  guidanceFiles,
  maxAdrFiles,
  maxGuidanceChars,
} from "../agent/claude/repository-reader.js";
import { repoConfigPath } from "../config/parse-repo-config.js";
import type { GitHubClient } from "./github-client.js";

/** Where repository agents live (`.github/agents/<name>.md`). */
export const agentDirectory = ".github/agents";
/** The single files read every time: the config, then the guidance files. */
export const defaultBranchPaths: readonly string[] = [repoConfigPath, ...guidanceFiles];

export interface DefaultBranchFiles {
  /** The default branch and the commit read; `null` for an empty repository. */
  branch: string | null;
  sha: string | null;
  /** Each path asked for: its text, or `null` when it is absent, binary, or not a file. */
  files: Map<string, string | null>;
  /** `.github/agents/*.md` text files, by path. */
  agents: Map<string, string>;
  /** `docs/adr/*.md` text files, newest (by name) first. */
  adrs: Array<{ path: string; text: string }>;
  /**
   * The owner's `.github` repository's `.github/backend-architect.yml` (Probot's fallback when the repository
   * has none). Only `readReviewContext` reads it; `undefined` when it was not asked for.
   */
  orgConfig?: OrgConfigRead;
}

/** The org fallback config as read: absent (or no such repository), its text, or why it could not be read. */
export type OrgConfigRead =
  | { state: "absent" }
  | { state: "found"; text: string }
  | { state: "unreadable"; message: string };

/** The GraphQL API answered with errors (repository not found, no access, …). */
export class DefaultBranchReadError extends Error {
  override readonly name = "DefaultBranchReadError";
  constructor(
    readonly repository: string,
    readonly errors: Array<{ message: string; type?: string }>,
  ) {
    super(`reading the default branch of ${repository} failed: ${errors.map((e) => e.message).join("; ")}`);
  }
}

const blobFields = "... on Blob { text isBinary }";
const treeFields = `... on Tree { entries { name type object { ${blobFields} } } }`;
/** The selection of a blob's text (`text` is null for a binary blob; a tree or nothing gives `{}` or null). */
export const blobSelection = blobFields;

/**
 * The fields under `repository` that read the default branch, and their variables (`adrs`, `agents`, `f<i>`);
 * shared with `readReviewContext`, which asks for them next to the pull request.
 */
export function defaultBranchSelection(paths: readonly string[]): {
  variables: Record<string, string>;
  fields: string[];
} {
  const variables: Record<string, string> = {
    adrs: `HEAD:${adrDirectory}`,
    agents: `HEAD:${agentDirectory}`,
  };
  paths.forEach((path, index) => {
    variables[`f${index}`] = `HEAD:${path}`;
  });
  const fields = [
    "defaultBranchRef { name target { oid } }",
    ...paths.map((_, index) => `f${index}: object(expression: $f${index}) { ${blobFields} }`),
    `adrs: object(expression: $adrs) { ${treeFields} }`,
    `agents: object(expression: $agents) { ${treeFields} }`,
  ];
  return { variables, fields };
}

/** The query and variables for `paths` (paths travel as variables: no escaping of names into the query). */
export function defaultBranchQuery(
  repository: { owner: string; repo: string },
  paths: readonly string[],
): { query: string; variables: Record<string, string> } {
  const selection = defaultBranchSelection(paths);
  const variables: Record<string, string> = {
    owner: repository.owner,
    name: repository.repo,
    ...selection.variables,
  };
  const declarations = Object.keys(variables)
    .map((name) => `$${name}: String!`)
    .join(", ");
  const query = [
    `query(${declarations}) {`,
    "  repository(owner: $owner, name: $name) {",
    ...selection.fields.map((field) => `    ${field}`),
    "  }",
    "}",
  ].join("\n");
  return { query, variables };
}

// The answer's shape, checked at the boundary. `... on Blob` on a tree (or on nothing) gives `{}` or null.
const Blob = z.object({
  text: z.string().nullable().optional(),
  isBinary: z.boolean().nullable().optional(),
});
const Tree = z.object({
  entries: z
    .array(z.object({ name: z.string(), type: z.string(), object: Blob.nullable().optional() }))
    .optional(),
});
const RepositoryAnswer = z.looseObject({
  defaultBranchRef: z.object({ name: z.string(), target: z.object({ oid: z.string() }) }).nullable(),
  adrs: Tree.nullable(),
  agents: Tree.nullable(),
});

/**
 * The files read by `defaultBranchSelection(paths)` from the answer's `repository` object; `undefined` when
 * it is null or not of that shape.
 */
export function defaultBranchFilesFrom(
  repository: unknown,
  paths: readonly string[],
): DefaultBranchFiles | undefined {
  const parsed = RepositoryAnswer.safeParse(repository);
  if (!parsed.success) return undefined;
  const repo = parsed.data as Record<string, unknown> & z.infer<typeof RepositoryAnswer>;
  const files = new Map<string, string | null>();
  paths.forEach((path, index) => {
    files.set(path, blobText(repo[`f${index}`]));
  });
  return {
    branch: repo.defaultBranchRef?.name ?? null,
    sha: repo.defaultBranchRef?.target.oid ?? null,
    files,
    agents: new Map(markdownFiles(agentDirectory, repo.agents).map((file) => [file.path, file.text])),
    adrs: markdownFiles(adrDirectory, repo.adrs),
  };
}

/** The text of a blob as answered (`null` when absent, binary, or not a file). */
export function blobText(raw: unknown): string | null {
  const blob = Blob.safeParse(raw ?? null);
  return blob.success ? textOf(blob.data) : null;
}

function textOf(blob: z.infer<typeof Blob> | null | undefined): string | null {
  if (blob === null || blob === undefined || blob.isBinary === true) return null;
  return typeof blob.text === "string" ? blob.text : null;
}

function markdownFiles(
  directory: string,
  tree: z.infer<typeof Tree> | null,
): Array<{ path: string; text: string }> {
  return (tree?.entries ?? [])
    .filter((entry) => entry.type === "blob" && /\.md$/i.test(entry.name))
    .flatMap((entry) => {
      const text = textOf(entry.object);
      return text === null ? [] : [{ path: `${directory}/${entry.name}`, text }];
    })
    .sort((a, b) => (a.path < b.path ? 1 : a.path > b.path ? -1 : 0));
}

/** Cache of default-branch reads, one per process; entries are per installation and repository. */
export interface DefaultBranchCache {
  entries: Map<string, { at: number; value: DefaultBranchFiles }>;
  ttlMs: number;
  now: () => number;
}

/**
 * The SHA of the default branch is only known after a request, so an entry is keyed by installation,
 * repository and paths, and stores the SHA it read: a push to the default branch shows up at most `ttlMs`
 * later (a config change applies within minutes), in exchange for no request at all on a burst of pushes.
 * `invalidateDefaultBranch` drops an entry at once (e.g. on a `push` webhook to the default branch).
 */
export function createDefaultBranchCache(
  ttlMs = 5 * 60_000,
  now: () => number = Date.now,
): DefaultBranchCache {
  return { entries: new Map(), ttlMs, now };
}

function cacheKey(installationId: number, repository: { owner: string; repo: string }): string {
  return `${installationId}/${repository.owner}/${repository.repo}`.toLowerCase();
}

/** The key of a `readDefaultBranchFiles` entry; `invalidateDefaultBranch` drops every key it starts. */
export function defaultBranchCacheKey(
  installationId: number,
  repository: { owner: string; repo: string },
  paths: readonly string[],
): string {
  return `${cacheKey(installationId, repository)}\n${[...paths].sort().join("\n")}`;
}

export function invalidateDefaultBranch(
  cache: DefaultBranchCache,
  installationId: number,
  repository: { owner: string; repo: string },
): void {
  for (const key of cache.entries.keys())
    if (key.startsWith(`${cacheKey(installationId, repository)}\n`)) cache.entries.delete(key);
}

/** Reads `paths` (by default the config and guidance files), the agents and the ADRs of the default branch. */
export async function readDefaultBranchFiles(
  octokit: GitHubClient,
  repository: { owner: string; repo: string },
  options: { paths?: readonly string[]; cache?: { store: DefaultBranchCache; installationId: number } } = {},
): Promise<DefaultBranchFiles> {
  const paths = options.paths ?? defaultBranchPaths;
  const key =
    options.cache === undefined
      ? undefined
      : defaultBranchCacheKey(options.cache.installationId, repository, paths);
  const store = options.cache?.store;
  if (store !== undefined && key !== undefined) {
    const hit = store.entries.get(key);
    if (hit !== undefined && store.now() - hit.at < store.ttlMs) return hit.value;
  }
  const { query, variables } = defaultBranchQuery(repository, paths);
  let raw: unknown;
  try {
    raw = await octokit.graphql(query, variables);
  } catch (error) {
    const errors = (error as { name?: string; errors?: unknown }).errors;
    if ((error as { name?: string }).name === "GraphqlResponseError" && Array.isArray(errors))
      throw new DefaultBranchReadError(
        `${repository.owner}/${repository.repo}`,
        errors.map((e: { message?: unknown; type?: unknown }) => ({
          message: String(e.message),
          ...(typeof e.type === "string" ? { type: e.type } : {}),
        })),
      );
    throw error;
  }
  const value = defaultBranchFilesFrom(
    (raw as { repository?: unknown } | null | undefined)?.repository ?? null,
    paths,
  );
  if (value === undefined)
    throw new DefaultBranchReadError(`${repository.owner}/${repository.repo}`, [
      { message: "the GraphQL answer has no repository" },
    ]);
  if (store !== undefined && key !== undefined) store.entries.set(key, { at: store.now(), value });
  return value;
}

/**
 * The guidance documents exactly as `readGuidance` builds them today: the guidance files, then the newest
 * `maxAdrFiles` ADRs; empty ones left out, each cut at `maxGuidanceChars`.
 */
export function guidanceDocuments(read: DefaultBranchFiles): GuidanceDocument[] {
  const candidates = [
    ...guidanceFiles.map((path) => ({ path, text: read.files.get(path) ?? null })),
    ...read.adrs.slice(0, maxAdrFiles),
  ];
  return candidates.flatMap(({ path, text }) =>
    text === null || text.trim() === "" ? [] : [{ path, text: text.slice(0, maxGuidanceChars) }],
  );
}
