// Real webhook payloads from @octokit/webhooks-examples, adjusted per test (cloned, never mutated).
import { createRequire } from "node:module";
import type { Context } from "probot";

type Action = "opened" | "reopened" | "synchronize" | "ready_for_review" | "edited" | "closed";
export type PullRequestPayload<A extends Action = Action> = Context<`pull_request.${A}`>["payload"];

interface ExampleDefinition {
  name: string;
  examples: Array<Record<string, unknown>>;
}

const examples = createRequire(import.meta.url)("@octokit/webhooks-examples") as ExampleDefinition[];

/** A `pull_request` payload for `action`, with an installation (added when the example lacks one). */
export function pullRequestPayload<A extends Action>(action: A): PullRequestPayload<A> {
  const definition = examples.find((d) => d.name === "pull_request");
  const candidates = definition?.examples.filter((e) => e.action === action) ?? [];
  const example = candidates.find((e) => e.installation !== undefined) ?? candidates[0];
  if (example === undefined) throw new Error(`no pull_request.${action} example`);
  const payload = structuredClone(example);
  payload.installation ??= { id: 1, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
  return payload as unknown as PullRequestPayload<A>;
}

export type IssueCommentPayload = Context<"issue_comment.created">["payload"];

/** An `issue_comment.created` payload: `body` by `login` on PR (or issue) `number` opened by `author`. */
export function issueCommentPayload(options: {
  body: string;
  login: string;
  number: number;
  author: string;
  onPullRequest?: boolean;
}): IssueCommentPayload {
  const definition = examples.find((d) => d.name === "issue_comment");
  const example = definition?.examples.find((e) => e.action === "created" && e.installation !== undefined);
  if (example === undefined) throw new Error("no issue_comment.created example");
  const payload = structuredClone(example) as unknown as IssueCommentPayload;
  payload.comment.body = options.body;
  if (payload.comment.user !== null)
    payload.comment.user = { ...payload.comment.user, login: options.login, type: "User" };
  payload.sender = { ...payload.sender, login: options.login, type: "User" };
  payload.issue.number = options.number;
  if (payload.issue.user !== null) payload.issue.user = { ...payload.issue.user, login: options.author };
  if (options.onPullRequest !== false) {
    payload.issue.pull_request = {
      url: "https://api.github.com/repos/Codertocat/Hello-World/pulls/2",
      html_url: "https://github.com/Codertocat/Hello-World/pull/2",
      diff_url: "https://github.com/Codertocat/Hello-World/pull/2.diff",
      patch_url: "https://github.com/Codertocat/Hello-World/pull/2.patch",
    };
  }
  return payload;
}

export type ReviewCommentPayload = Context<"pull_request_review_comment.created">["payload"];

/**
 * A `pull_request_review_comment.created` payload: `body` by `login` in an inline thread of PR 2 (opened by
 * `author`) on `path`/`line`, a reply to comment `inReplyTo` when given.
 */
export function reviewCommentPayload(options: {
  body: string;
  login: string;
  author: string;
  path: string;
  line: number;
  inReplyTo?: number;
  id?: number;
  botUser?: boolean;
}): ReviewCommentPayload {
  const definition = examples.find((d) => d.name === "pull_request_review_comment");
  const example = definition?.examples.find((e) => e.action === "created" && e.installation !== undefined);
  if (example === undefined) throw new Error("no pull_request_review_comment.created example");
  const payload = structuredClone(example) as unknown as ReviewCommentPayload;
  const type = options.botUser === true ? "Bot" : "User";
  payload.comment = {
    ...payload.comment,
    body: options.body,
    path: options.path,
    line: options.line,
    original_line: options.line,
    id: options.id ?? 9001,
  };
  if (payload.comment.user !== null) Object.assign(payload.comment.user, { login: options.login, type });
  if (options.inReplyTo !== undefined) payload.comment.in_reply_to_id = options.inReplyTo;
  payload.sender = { ...payload.sender, login: options.login, type: type === "Bot" ? "Bot" : "User" };
  if (payload.pull_request.user !== null)
    payload.pull_request.user = { ...payload.pull_request.user, login: options.author };
  return payload;
}

export type IssueLabeledPayload = Context<"issues.labeled">["payload"];

/** An `issues.labeled` payload: issue `number` given `label` (an installation is added). */
export function issueLabeledPayload(options: { number: number; label: string }): IssueLabeledPayload {
  const definition = examples.find((d) => d.name === "issues");
  const example = definition?.examples.find((e) => e.action === "labeled");
  if (example === undefined) throw new Error("no issues.labeled example");
  const payload = structuredClone(example) as unknown as IssueLabeledPayload;
  payload.installation = { id: 1, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
  payload.issue.number = options.number;
  payload.issue.state = "open";
  payload.sender = { ...payload.sender, type: "User" };
  if (payload.label !== undefined) payload.label = { ...payload.label, name: options.label };
  return payload;
}
