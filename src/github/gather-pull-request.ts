// The REST half of a review's reads: the PR's changed files (GraphQL has no patches) and file contents on
// demand. The rest comes in one GraphQL request (read-review-context.ts).
import type { ContentSource, FileStatus, PullRequestSnapshot, RawChangedFile } from "../domain/model.js";
import type { GitHubClient, PullRequestRef } from "./github-client.js";

/** GitHub's `pulls.listFiles` returns at most this many files. */
export const listFilesCap = 3000;

export interface GatheredPullRequest {
  snapshot: PullRequestSnapshot;
  rawFiles: RawChangedFile[];
  open: boolean;
  draft: boolean;
  /** Where configuration, agents and guidance are read from. */
  defaultBranch: string;
  /** The PR's label names (the skip label pauses automatic reviews). */
  labels: string[];
}

/** The PR's changed files with their patches: one request per 100 files; GitHub stops at 3,000. */
export async function listChangedFiles(
  octokit: GitHubClient,
  ref: PullRequestRef,
): Promise<RawChangedFile[]> {
  const files = await octokit.paginate(octokit.rest.pulls.listFiles, {
    owner: ref.owner,
    repo: ref.repo,
    pull_number: ref.number,
    per_page: 100,
  });
  return files.map((file): RawChangedFile => {
    const raw: RawChangedFile = {
      path: file.filename,
      status: file.status as FileStatus,
      additions: file.additions,
      deletions: file.deletions,
    };
    if (file.previous_filename !== undefined) raw.previousPath = file.previous_filename;
    if (typeof file.patch === "string") raw.patch = file.patch;
    return raw;
  });
}

/**
 * File contents at the PR's base or head SHA, read raw (works up to 100 MB, unlike the JSON form). Each
 * (side, path) is read once per source: a run that looks at the same file twice pays one request.
 */
export function gitHubContentSource(octokit: GitHubClient, snapshot: PullRequestSnapshot): ContentSource {
  const reads = new Map<string, Promise<string | undefined>>();
  return {
    read(path, side) {
      const key = `${side}\0${path}`;
      let read = reads.get(key);
      if (read === undefined) {
        read = readRaw(octokit, snapshot, path, side);
        reads.set(key, read);
        // A failed read may be retried by a later caller.
        read.catch(() => reads.delete(key));
      }
      return read;
    },
  };
}

async function readRaw(
  octokit: GitHubClient,
  snapshot: PullRequestSnapshot,
  path: string,
  side: "base" | "head",
): Promise<string | undefined> {
  try {
    const response = await octokit.rest.repos.getContent({
      owner: snapshot.owner,
      repo: snapshot.repo,
      path,
      ref: side === "base" ? snapshot.baseSha : snapshot.headSha,
      mediaType: { format: "raw" },
    });
    return typeof response.data === "string" ? response.data : undefined;
  } catch (error) {
    if (isStatus(error, 404)) return undefined;
    throw error;
  }
}

export function isStatus(error: unknown, status: number): boolean {
  return typeof error === "object" && error !== null && "status" in error && error.status === status;
}
