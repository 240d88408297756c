// decideCommand is pure: which comments become run-command jobs (real-shaped payloads).
import { describe, expect, it } from "vitest";
import { commandTriggers, decideCommand } from "../../src/webhooks/on-comment.js";
import { issueCommentPayload, reviewCommentPayload } from "../helpers/payloads.js";

describe("decideCommand", () => {
  it("runs only new comments: edited and deleted comments are not triggers", () => {
    expect(commandTriggers).toEqual(["issue_comment.created", "pull_request_review_comment.created"]);
  });

  it("turns an /architect comment on a PR into a job with who wrote it and who opened the PR", () => {
    const decision = decideCommand(
      "d-1",
      issueCommentPayload({ body: "/architect review", login: "hubot", number: 2, author: "octocat" }),
    );
    expect(decision).toEqual({
      run: true,
      job: {
        kind: "run-command",
        deliveryId: "d-1",
        installationId: expect.any(Number),
        owner: "Codertocat",
        repo: "Hello-World",
        number: 2,
        isPullRequest: true,
        sender: "hubot",
        author: "octocat",
        body: "/architect review",
        source: { kind: "issue-comment", commentId: expect.any(Number) },
      },
    });
  });

  it("knows a comment on an issue from one on a PR", () => {
    const decision = decideCommand(
      "d-2",
      issueCommentPayload({
        body: "/architect propose",
        login: "octocat",
        number: 7,
        author: "octocat",
        onPullRequest: false,
      }),
    );
    expect(decision.run && decision.job.kind === "run-command" && decision.job.isPullRequest).toBe(false);
  });

  it("ignores comments without a command, and commands inside code blocks, quotes and inline code", () => {
    for (const body of [
      "LGTM",
      "Try:\n\n```\n/architect review\n```",
      "> /architect review\n\nas the bot said",
      "Type `/architect review` to re-run it.",
    ]) {
      expect(decideCommand("d-3", issueCommentPayload({ body, login: "a", number: 2, author: "a" }))).toEqual(
        {
          run: false,
          reason: "no /architect command",
        },
      );
    }
  });

  it("ignores bots, our own replies included", () => {
    const payload = issueCommentPayload({
      body: "/architect review",
      login: "other[bot]",
      number: 2,
      author: "a",
    });
    payload.sender = { ...payload.sender, type: "Bot" };
    expect(decideCommand("d-4", payload)).toEqual({ run: false, reason: "comment by the bot other[bot]" });
    const reply = reviewCommentPayload({
      body: "Recorded the answer.",
      login: "backend-architect[bot]",
      author: "octocat",
      path: "src/routes/orders.ts",
      line: 8,
      inReplyTo: 77,
      botUser: true,
    });
    expect(decideCommand("d-5", reply)).toEqual({
      run: false,
      reason: "comment by the bot backend-architect[bot]",
    });
  });

  it("turns a plain reply in an inline thread into a job that may answer the thread's question", () => {
    const decision = decideCommand(
      "d-6",
      reviewCommentPayload({
        body: "Yes, the app stopped reading `total` in v3.",
        login: "octocat",
        author: "octocat",
        path: "src/presenters/order.ts",
        line: 5,
        inReplyTo: 77,
      }),
    );
    expect(decision.run && decision.job).toMatchObject({
      kind: "run-command",
      number: 2,
      isPullRequest: true,
      sender: "octocat",
      author: "octocat",
      source: {
        kind: "review-comment",
        commentId: 9001,
        threadId: 77,
        path: "src/presenters/order.ts",
        line: 5,
      },
      replyTo: 77,
    });
  });

  it("does not read a new inline comment without a command (it starts a thread, it answers nothing)", () => {
    const decision = decideCommand(
      "d-7",
      reviewCommentPayload({ body: "Nice.", login: "octocat", author: "octocat", path: "a.ts", line: 1 }),
    );
    expect(decision).toEqual({ run: false, reason: "no /architect command" });
  });

  it("runs a command in an inline thread with the thread's file and line", () => {
    const decision = decideCommand(
      "d-8",
      reviewCommentPayload({
        body: "/architect explain",
        login: "octocat",
        author: "octocat",
        path: "db/001.sql",
        line: 3,
        inReplyTo: 50,
      }),
    );
    expect(decision.run && decision.job).toMatchObject({
      source: { kind: "review-comment", threadId: 50, path: "db/001.sql", line: 3 },
    });
    expect(decision.run && decision.job.kind === "run-command" && decision.job.replyTo).toBeUndefined();
  });
});
