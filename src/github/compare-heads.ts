// What a push did to a PR since the last reviewed head: added commits (`ahead`), or rewrote the branch
// (force-push, rebase: `diverged`/`behind`, or the old head is gone). One compare request.
import type { RawChangedFile } from "../domain/model.js";
import { isStatus } from "./gather-pull-request.js";
import type { GitHubClient } from "./github-client.js";

/** GitHub's compare lists at most 300 files; beyond, the increment is unknown and everything is reviewed. */
export const compareFilesCap = 300;

export type HeadChange =
  | { kind: "same" }
  /** The new head descends from the old one: `files` changed between them. */
  | { kind: "ahead"; files: RawChangedFile[] }
  /** History was rewritten, the old head is gone, or the increment is too large to list. */
  | { kind: "rewritten"; reason: "diverged" | "behind" | "gone" | "too-large" };

export async function compareHeads(
  octokit: GitHubClient,
  repository: { owner: string; repo: string },
  fromSha: string,
  toSha: string,
): Promise<HeadChange> {
  if (fromSha === toSha) return { kind: "same" };
  let data: Awaited<ReturnType<GitHubClient["rest"]["repos"]["compareCommitsWithBasehead"]>>["data"];
  try {
    ({ data } = await octokit.rest.repos.compareCommitsWithBasehead({
      owner: repository.owner,
      repo: repository.repo,
      basehead: `${fromSha}...${toSha}`,
      // Commits are not needed, only the files (which GitHub does not paginate below 300).
      per_page: 1,
    }));
  } catch (error) {
    // A force-push leaves the old head unreachable; GitHub answers 404 once it is collected.
    if (isStatus(error, 404)) return { kind: "rewritten", reason: "gone" };
    throw error;
  }
  if (data.status === "identical") return { kind: "same" };
  if (data.status === "diverged" || data.status === "behind")
    return { kind: "rewritten", reason: data.status };
  const files = data.files ?? [];
  if (files.length >= compareFilesCap) return { kind: "rewritten", reason: "too-large" };
  return {
    kind: "ahead",
    files: files.map((file) => {
      const raw: RawChangedFile = {
        path: file.filename,
        status: file.status as RawChangedFile["status"],
        additions: file.additions,
        deletions: file.deletions,
      };
      if (file.previous_filename !== undefined) raw.previousPath = file.previous_filename;
      if (typeof file.patch === "string") raw.patch = file.patch;
      return raw;
    }),
  };
}
