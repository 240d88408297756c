// issue_comment and pull_request_review_comment webhooks: a comment with `/architect …` commands, or a
// reply in an inline thread (maybe an answer to one of our HALT questions), becomes a run-command job.
// Filter and enqueue only; who may run what is decided in the job, where GitHub can be asked.
import type { Context, Probot } from "probot";
import { parseCommands } from "../commands/parse-commands.js";
import { type Job, RunCommandJob } from "../queue/job.js";
import type { JobQueue } from "../queue/job-queue.js";

/** Only new comments run: an edited or deleted comment never runs its commands again. */
export const commandTriggers = ["issue_comment.created", "pull_request_review_comment.created"] as const;

type CommentContext = Context<(typeof commandTriggers)[number]>;
type IssueCommentPayload = Context<"issue_comment.created">["payload"];
type ReviewCommentPayload = Context<"pull_request_review_comment.created">["payload"];
type CommentPayload = IssueCommentPayload | ReviewCommentPayload;

const isReviewComment = (payload: CommentPayload): payload is ReviewCommentPayload =>
  "pull_request" in payload;

export type CommandDecision = { run: true; job: Job } | { run: false; reason: string };

/** Pure: whether this comment should produce a run-command job, and the job. */
export function decideCommand(deliveryId: string, payload: CommentPayload): CommandDecision {
  const { comment } = payload;
  // Bots never command the app: no loops with our own replies, no other bot driving the model budget.
  if (comment.user?.type === "Bot" || payload.sender.type === "Bot") {
    return { run: false, reason: `comment by the bot ${comment.user?.login ?? payload.sender.login}` };
  }
  if (payload.installation === undefined) return { run: false, reason: "delivery has no installation" };
  const body = comment.body ?? "";
  const hasCommands = parseCommands(body).length > 0;
  const base = {
    kind: "run-command",
    deliveryId,
    installationId: payload.installation.id,
    owner: payload.repository.owner.login,
    repo: payload.repository.name,
    sender: comment.user?.login ?? payload.sender.login,
    body,
  };
  let candidate: unknown;
  if (!isReviewComment(payload)) {
    if (!hasCommands) return { run: false, reason: "no /architect command" };
    candidate = {
      ...base,
      number: payload.issue.number,
      isPullRequest: payload.issue.pull_request !== undefined,
      author: payload.issue.user?.login ?? "",
      source: { kind: "issue-comment", commentId: comment.id },
    };
  } else {
    const comment = payload.comment;
    const inReplyTo = comment.in_reply_to_id;
    // A plain reply in a thread may answer one of our HALT questions; the job checks whose thread it is.
    if (!hasCommands && inReplyTo === undefined) return { run: false, reason: "no /architect command" };
    const line = comment.line ?? comment.original_line ?? undefined;
    candidate = {
      ...base,
      number: payload.pull_request.number,
      isPullRequest: true,
      author: payload.pull_request.user?.login ?? "",
      source: {
        kind: "review-comment",
        commentId: comment.id,
        threadId: inReplyTo ?? comment.id,
        path: comment.path,
        ...(typeof line === "number" && line > 0 ? { line } : {}),
      },
      ...(hasCommands || inReplyTo === undefined ? {} : { replyTo: inReplyTo }),
    };
  }
  const parsed = RunCommandJob.safeParse(candidate);
  if (!parsed.success)
    return { run: false, reason: `unexpected payload: ${parsed.error.issues[0]?.message}` };
  return { run: true, job: parsed.data };
}

export function onComment(app: Probot, queue: JobQueue): void {
  app.on([...commandTriggers], async (context: CommentContext) => {
    const decision = decideCommand(context.id, context.payload);
    if (!decision.run) {
      context.log.debug({ reason: decision.reason }, "no command in this comment");
      return;
    }
    const result = await queue.enqueue(decision.job);
    context.log.info({ delivery: context.id, ...result }, "command job");
  });
}
