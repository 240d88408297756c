// Talking on GitHub where a command was written: the 👀 reaction, replies (in the inline thread when asked
// there), reading a thread's first comment, the skip label, and who may run commands.
import type { Permission } from "../commands/command-policy.js";
import type { CommandSource } from "../queue/job.js";
import { isStatus } from "./gather-pull-request.js";
import type { GitHubClient } from "./github-client.js";

export interface IssueRef {
  owner: string;
  repo: string;
  /** PR or issue number. */
  number: number;
}

/** 👀 on the comment: the command was accepted and runs now. */
export async function acknowledge(
  octokit: GitHubClient,
  ref: IssueRef,
  source: CommandSource,
): Promise<void> {
  const params = { owner: ref.owner, repo: ref.repo, comment_id: source.commentId, content: "eyes" as const };
  if (source.kind === "issue-comment") await octokit.rest.reactions.createForIssueComment(params);
  else await octokit.rest.reactions.createForPullRequestReviewComment(params);
}

/** Replies where the command was written: the conversation, or the inline thread. */
export async function reply(
  octokit: GitHubClient,
  ref: IssueRef,
  source: CommandSource,
  body: string,
): Promise<void> {
  if (source.kind === "issue-comment") {
    await octokit.rest.issues.createComment({
      owner: ref.owner,
      repo: ref.repo,
      issue_number: ref.number,
      body,
    });
  } else {
    await octokit.rest.pulls.createReplyForReviewComment({
      owner: ref.owner,
      repo: ref.repo,
      pull_number: ref.number,
      comment_id: source.threadId,
      body,
    });
  }
}

export interface ThreadComment {
  login: string;
  body: string;
}

/** One inline comment (a thread's first comment); undefined when it was deleted. */
export async function readReviewComment(
  octokit: GitHubClient,
  ref: IssueRef,
  commentId: number,
): Promise<ThreadComment | undefined> {
  try {
    const { data } = await octokit.rest.pulls.getReviewComment({
      owner: ref.owner,
      repo: ref.repo,
      comment_id: commentId,
    });
    return { login: data.user?.login ?? "", body: data.body };
  } catch (error) {
    if (isStatus(error, 404)) return undefined;
    throw error;
  }
}

/**
 * The comments of one inline thread, oldest first, as `login: text` (one page: the first 100 review comments
 * of the PR are enough for the context of a question; a longer PR gives a shorter thread, never an error).
 */
export async function readThread(octokit: GitHubClient, ref: IssueRef, threadId: number): Promise<string[]> {
  const { data } = await octokit.rest.pulls.listReviewComments({
    owner: ref.owner,
    repo: ref.repo,
    pull_number: ref.number,
    per_page: 100,
  });
  return data
    .filter((comment) => comment.id === threadId || comment.in_reply_to_id === threadId)
    .map((comment) => `${comment.user?.login ?? "someone"}: ${comment.body}`);
}

export async function addLabel(octokit: GitHubClient, ref: IssueRef, label: string): Promise<void> {
  await octokit.rest.issues.addLabels({
    owner: ref.owner,
    repo: ref.repo,
    issue_number: ref.number,
    labels: [label],
  });
}

/** Removes the label; a label that is not there is not an error. */
export async function removeLabel(octokit: GitHubClient, ref: IssueRef, label: string): Promise<void> {
  try {
    await octokit.rest.issues.removeLabel({
      owner: ref.owner,
      repo: ref.repo,
      issue_number: ref.number,
      name: label,
    });
  } catch (error) {
    if (!isStatus(error, 404)) throw error;
  }
}

export type PermissionReader = (
  octokit: GitHubClient,
  owner: string,
  repo: string,
  login: string,
) => Promise<Permission>;

/**
 * A person's permission on a repository, remembered for `ttlMs` (a thread of commands costs one call). The
 * role name tells `maintain` and `triage` apart, which `permission` folds into `write` and `read`.
 */
export function createPermissionReader(ttlMs = 5 * 60_000, now: () => number = Date.now): PermissionReader {
  const cache = new Map<string, { permission: Permission; until: number }>();
  return async (octokit, owner, repo, login) => {
    const key = `${owner}/${repo}\0${login}`.toLowerCase();
    const hit = cache.get(key);
    if (hit !== undefined && hit.until > now()) return hit.permission;
    let permission: Permission;
    try {
      const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
        owner,
        repo,
        username: login,
      });
      permission = toPermission(data.role_name, data.permission);
    } catch (error) {
      // Not a collaborator (or not a user): no permission at all.
      if (!isStatus(error, 404)) throw error;
      permission = "none";
    }
    if (cache.size > 10_000) cache.clear();
    cache.set(key, { permission, until: now() + ttlMs });
    return permission;
  };
}

function toPermission(roleName: string | undefined, permission: string): Permission {
  for (const candidate of [roleName, permission]) {
    if (
      candidate === "admin" ||
      candidate === "maintain" ||
      candidate === "write" ||
      candidate === "triage" ||
      candidate === "read"
    )
      return candidate;
  }
  return "none";
}
