// The architect agent's read-only view of a PR's repository on GitHub: files at the PR's head or base SHA,
// directory listings, commit messages, and guidance documents from the default branch. Every request is
// pinned to the snapshot's owner/repo and SHAs; the model only ever supplies a (checked) path.
import {
  cutForModel,
  type DirectoryEntry,
  type GuidanceDocument,
  type RepositoryReader,
  type RepositorySide,
  readGuidance,
} from "../agent/claude/repository-reader.js";
import type { PullRequestSnapshot } from "../domain/model.js";
import { isStatus } from "./gather-pull-request.js";
import type { GitHubClient } from "./github-client.js";

/** Commit messages offered to the model (first page of `pulls.listCommits`). */
const maxCommits = 100;

export function gitHubRepositoryReader(
  octokit: GitHubClient,
  snapshot: PullRequestSnapshot,
  defaultBranch: string,
  /** The guidance documents when the caller read them already (one GraphQL request with the rest). */
  guidance?: readonly GuidanceDocument[],
): RepositoryReader {
  const repo = { owner: snapshot.owner, repo: snapshot.repo };
  const refOf = (side: RepositorySide) => (side === "head" ? snapshot.headSha : snapshot.baseSha);

  async function readRaw(path: string, ref: string): Promise<string | undefined> {
    try {
      const response = await octokit.rest.repos.getContent({
        ...repo,
        path,
        ref,
        mediaType: { format: "raw" },
      });
      // With the raw media type the body is the file's text (Octokit's types describe the JSON form).
      const data: unknown = response.data;
      return typeof data === "string" ? cutForModel(data) : undefined;
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async function listAt(dir: string, ref: string): Promise<DirectoryEntry[] | undefined> {
    try {
      const response = await octokit.rest.repos.getContent({ ...repo, path: dir, ref });
      // A file path answers with one object, a directory with an array.
      if (!Array.isArray(response.data)) return undefined;
      return response.data.map((item) => {
        const entry: DirectoryEntry = {
          name: item.name,
          type: item.type === "file" ? "file" : item.type === "dir" ? "dir" : "other",
        };
        if (item.type === "file") entry.size = item.size;
        return entry;
      });
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  return {
    read: (path, side) => readRaw(path, refOf(side)),
    list: (dir, side) => listAt(dir, refOf(side)),

    // Guidance comes from the default branch only: a PR must not rewrite the rules it is reviewed by.
    guidance: (): Promise<GuidanceDocument[]> =>
      guidance !== undefined
        ? Promise.resolve([...guidance])
        : readGuidance(
            (dir) => listAt(dir, defaultBranch),
            (path) => readRaw(path, defaultBranch),
          ),

    async commitMessages(): Promise<string[]> {
      const response = await octokit.rest.pulls.listCommits({
        ...repo,
        pull_number: snapshot.number,
        per_page: maxCommits,
      });
      return response.data.map((commit) => commit.commit.message);
    },
  };
}
