// The command job: `/architect …` in a comment (or a reply in one of our HALT threads) → who may run it →
// 👀 → run → one reply where it was asked. Never silent: a refusal, a limit or a failure gets a reply too.
import { askArchitect } from "../agent/claude/ask-architect.js";
import { allRules, knownRuleIds } from "../analyzers/registry.js";
import { type Actor, mayRun, type RateLimiter } from "../commands/command-policy.js";
import { type Command, parseCommands } from "../commands/parse-commands.js";
import {
  askOffline,
  explainRule,
  explainWhat,
  helpText,
  renderConfig,
  renderInvalid,
  renderOpenQuestions,
  renderRateLimited,
  renderUnknownQuestions,
  unknownRule,
} from "../commands/render-replies.js";
import { type ParsedRepoConfig, repoConfigPath } from "../config/parse-repo-config.js";
import { errorMessage } from "../domain/error-message.js";
import type { HaltAnswer } from "../domain/model.js";
import {
  acknowledge,
  addLabel,
  type IssueRef,
  type PermissionReader,
  readReviewComment,
  readThread,
  removeLabel,
  reply,
} from "../github/conversation.js";
import { loadRepoConfig } from "../github/load-repo-config.js";
import { readPreviousReviews } from "../github/publish-review.js";
import type { ProposalAnswer } from "../proposals/requirements-gap.js";
import type { RunCommandJob } from "../queue/job.js";
import { neutralise } from "../review/render-review.js";
import { renderUsage } from "../review/render-usage.js";
import { proposeDesign, readProposal } from "./propose-design.js";
import { type ReviewJobDeps, type ReviewJobResult, reviewPullRequest } from "./review-pull-request.js";

export interface CommandJobDeps extends ReviewJobDeps {
  permissions: PermissionReader;
  rateLimiter: RateLimiter;
}

export type CommandJobResult =
  | { status: "ignored"; reason: string }
  | { status: "refused" | "rate-limited"; reply: string }
  | { status: "ran"; commands: Command["name"][]; reply?: string };

/** Commands that only make sense on a pull request. */
const pullRequestOnly = new Set<Command["name"]>(["review", "answer", "ask", "ignore", "pause", "resume"]);

const ruleById = new Map(allRules.map((rule) => [rule.id, rule]));

export async function runCommand(job: RunCommandJob, deps: CommandJobDeps): Promise<CommandJobResult> {
  const { octokit } = deps;
  const ref: IssueRef = { owner: job.owner, repo: job.repo, number: job.number };
  const commands = await commandsOf(job, deps, ref);
  if (commands.length === 0) return { status: "ignored", reason: "no command for the app" };

  const loaded = await loadRepoConfig(octokit, ref, knownRuleIds);
  const { config } = loaded;
  if (!config.commands.enabled)
    return { status: "ignored", reason: "commands are disabled for this repository" };

  const actor: Actor = {
    login: job.sender,
    permission: await deps.permissions(octokit, job.owner, job.repo, job.sender),
    isAuthor: job.author !== "" && job.sender.toLowerCase() === job.author.toLowerCase(),
  };
  const refusals: string[] = [];
  const allowed: Command[] = [];
  for (const command of commands) {
    const decision =
      command.name === "invalid" ? { allowed: true as const } : mayRun(command.name, actor, config.commands);
    if (decision.allowed) allowed.push(command);
    else refusals.push(decision.reason);
  }
  // A plain thread reply from someone who may not answer is conversation, not a command: no reply.
  if (job.replyTo !== undefined && allowed.length === 0)
    return { status: "ignored", reason: refusals[0] ?? "" };
  if (allowed.length === 0) {
    const text = mention(job.sender, [...new Set(refusals)].join("\n\n"));
    await reply(octokit, ref, job.source, text);
    return { status: "refused", reply: text };
  }

  const limit = deps.rateLimiter.take(`${job.owner}/${job.repo}#${job.number}`, config.commands.perHour);
  if (!limit.allowed) {
    const text = renderRateLimited(config.commands.perHour, limit.retryAt);
    await reply(octokit, ref, job.source, text);
    return { status: "rate-limited", reply: text };
  }
  await acknowledge(octokit, ref, job.source);

  const replies = [...new Set(refusals)];
  try {
    const answers = allowed.filter((command) => command.name === "answer");
    if (answers.length > 0) replies.push(...(await runAnswers(job, deps, ref, answers, loaded)));
    for (const command of allowed) {
      if (command.name === "answer") continue;
      const text = await runOne(command, { job, deps, ref, loaded });
      if (text !== undefined) replies.push(text);
    }
  } catch (error) {
    const reason = neutralise(errorMessage(error).split("\n")[0] ?? "")
      .slice(0, 300)
      .replace(/\.+$/, "");
    replies.push(
      `Something went wrong: ${reason}. Nothing more was changed; write the command again to retry.`,
    );
    await reply(octokit, ref, job.source, replies.join("\n\n---\n\n"));
    throw error;
  }
  const names = allowed.map((command) => command.name);
  if (replies.length === 0) return { status: "ran", commands: names };
  const text = replies.join("\n\n---\n\n");
  await reply(octokit, ref, job.source, text);
  return { status: "ran", commands: names, reply: text };
}

/** The comment's commands; a plain reply in one of our HALT threads is an answer to that question. */
async function commandsOf(job: RunCommandJob, deps: CommandJobDeps, ref: IssueRef): Promise<Command[]> {
  if (job.replyTo === undefined) return parseCommands(job.body);
  const parent = await readReviewComment(deps.octokit, ref, job.replyTo);
  if (parent === undefined || parent.login !== deps.botLogin) return [];
  const n = haltQuestionNumber(parent.body);
  const text = job.body.trim();
  return n === undefined || text === "" ? [] : [{ name: "answer", question: n, text }];
}

/** Our inline HALT comments start with `**HALT — question N**` (render-review). */
export function haltQuestionNumber(body: string): number | undefined {
  const match = /^\*\*HALT — question (\d+)\*\*/.exec(body);
  return match === null ? undefined : Number(match[1]);
}

interface CommandContext {
  job: RunCommandJob;
  deps: CommandJobDeps;
  ref: IssueRef;
  /** The repository configuration, read once per command job. */
  loaded: ParsedRepoConfig;
}

async function runOne(command: Command, context: CommandContext): Promise<string | undefined> {
  const { job, deps, ref, loaded } = context;
  const { config } = loaded;
  const known = { config: loaded };
  if (command.name !== "invalid" && pullRequestOnly.has(command.name) && !job.isPullRequest) {
    return `\`/architect ${command.name}\` works on pull requests; on an issue, \`/architect propose\` writes a design proposal.`;
  }
  switch (command.name) {
    case "help":
      return helpText();
    case "invalid":
      return renderInvalid(command.problem);
    case "config":
      return renderConfig(config, loaded.problems, repoConfigPath);
    case "propose": {
      if (job.isPullRequest)
        return "`/architect propose` works on issues: it writes a design proposal for what the issue asks.";
      const result = await proposeDesign(ref, deps, { config });
      if (result.status === "not-an-issue" || result.status === "not-labelled") return undefined;
      const failed =
        result.modelFailure === undefined
          ? ""
          : `The model could not write the proposal (${result.modelFailure}); the comment lists the decisions to make instead. `;
      return failed === "" && result.created
        ? undefined
        : `${failed}The design proposal: ${commentUrl(ref, result.commentId)}`;
    }
    case "explain":
      return explain(command.ruleId, context);
    case "review": {
      const result = await reviewPullRequest(ref, deps, { force: true, known });
      return skippedReason(result);
    }
    case "ignore": {
      const rule = ruleById.get(command.ruleId);
      if (rule === undefined) return unknownRule(command.ruleId, allRules);
      const ignored = {
        ruleId: rule.id,
        by: job.sender,
        ...(command.reason === undefined ? {} : { reason: command.reason }),
      };
      const result = await reviewPullRequest(ref, deps, { ignored: [ignored], known });
      const skipped = skippedReason(result);
      if (skipped !== undefined && result.status === "skipped" && result.reason !== "unchanged")
        return skipped;
      return `\`${rule.id}\` is ignored on this PR from now on; the summary lists it${command.reason === undefined ? "" : " with your reason"}.`;
    }
    case "pause":
      await addLabel(deps.octokit, ref, config.review.skipLabel);
      return `Paused: no automatic reviews of this PR until \`/architect resume\` (label \`${config.review.skipLabel}\`). \`/architect review\` still reviews on demand.`;
    case "resume": {
      await removeLabel(deps.octokit, ref, config.review.skipLabel);
      const result = await reviewPullRequest(ref, deps, { known });
      const skipped = skippedReason(result);
      return `Resumed: pushes are reviewed again.${skipped === undefined ? "" : ` ${skipped}`}`;
    }
    case "ask":
      return ask(command.question, context);
  }
}

/**
 * `ask`: with a model, one Claude request over the same input a review gets (plus the thread); without one,
 * or when the model fails, the findings and rule docs, saying plainly what needed the model.
 */
async function ask(question: string, context: CommandContext): Promise<string | undefined> {
  const { job, deps, ref, loaded } = context;
  const result = await reviewPullRequest(ref, deps, { dryRun: true, known: { config: loaded } });
  if (result.status !== "analysed") return skippedReason(result);
  const where = job.source.kind === "review-comment" ? threadSite(job.source) : undefined;
  const offline = () =>
    askOffline(question, [...result.outcome.findings], allRules, where, result.outcome.questions);
  const claude = deps.claude;
  if (claude === undefined || result.agent === undefined) return offline();
  try {
    const thread =
      job.source.kind === "review-comment" ? await readThread(deps.octokit, ref, job.source.threadId) : [];
    const answer = await askArchitect(
      {
        apiKey: claude.apiKey,
        ...(claude.baseURL === undefined ? {} : { baseURL: claude.baseURL }),
        model: result.agent.model,
        agent: result.agent.definition,
        costCeilingUsd: loaded.config.agent.costCeilingUsd,
      },
      result.input,
      { question, asker: job.sender, thread, ...(where === undefined ? {} : { where }) },
    );
    const usage = renderUsage({ model: answer.model, usage: answer.usage });
    return `${answer.text}${usage === undefined ? "" : `\n\n<sub>${usage}</sub>`}`;
  } catch (error) {
    deps.log.warn({ error: errorMessage(error) }, "ask: the model did not answer; answering offline");
    const reason = neutralise(errorMessage(error).split("\n")[0] ?? "").slice(0, 200);
    return `_The model could not answer (${reason}); this answer comes from the analyzers alone._\n\n${offline()}`;
  }
}

function threadSite(source: Extract<RunCommandJob["source"], { kind: "review-comment" }>): {
  path: string;
  line?: number;
} {
  return source.line === undefined ? { path: source.path } : { path: source.path, line: source.line };
}

async function explain(ruleId: string | undefined, context: CommandContext): Promise<string> {
  let id = ruleId;
  const { source } = context.job;
  if (id === undefined && source.kind === "review-comment") {
    const thread = await readReviewComment(context.deps.octokit, context.ref, source.threadId);
    id = thread?.body.match(/`([a-z]+\/[a-z0-9-]+)`/)?.[1];
  }
  if (id === undefined) return explainWhat();
  const rule = ruleById.get(id);
  return rule === undefined ? unknownRule(id, allRules) : explainRule(rule);
}

/** Records the answers, re-judges the same head, and says what is still open (or that the block is lifted). */
async function runAnswers(
  job: RunCommandJob,
  deps: CommandJobDeps,
  ref: IssueRef,
  commands: Command[],
  config: ParsedRepoConfig,
): Promise<string[]> {
  if (!job.isPullRequest) return [await answerProposal(job, deps, ref, commands, config)];
  const previous = await readPreviousReviews(deps.octokit, ref, deps.botLogin);
  const state = previous.latest;
  const numbered = state?.numbered ?? [];
  const openIds = new Set(state?.verdict === "halt" ? state.questions : []);
  const open = numbered
    .map((ids, index) => ({ n: index + 1, ids }))
    .filter((entry) => entry.ids.some((id) => openIds.has(id)));
  const answers: HaltAnswer[] = [];
  const missing: number[] = [];
  for (const command of commands) {
    if (command.name !== "answer") continue;
    const entry = open.find((candidate) => candidate.n === command.question);
    if (entry === undefined) missing.push(command.question);
    else {
      const answer: HaltAnswer = {
        n: entry.n,
        questions: entry.ids,
        by: job.sender,
        text: command.text.slice(0, 2_000),
      };
      const asked = entry.ids.map((id) => state?.texts?.[id]).find((text) => text !== undefined);
      if (asked !== undefined) answer.question = asked;
      answers.push(answer);
    }
  }
  const replies: string[] = [];
  if (missing.length > 0) replies.push(renderUnknownQuestions(missing, open));
  if (answers.length === 0) return replies;

  const result = await reviewPullRequest(ref, deps, {
    answers,
    keepBlockInPlace: true,
    known: { config, previous },
  });
  if (result.status === "kept" || (result.status === "posted" && result.verdict === "halt")) {
    replies.push(renderOpenQuestions(answers, result.openQuestions));
  } else if (result.status === "posted") {
    const lifted =
      result.dismissed.length > 0
        ? "the earlier “changes requested” review is dismissed"
        : "branch protection did not let the app dismiss its earlier “changes requested” review, so a maintainer has to";
    replies.push(
      `Thank you: with these answers nothing blocks this PR any more — ${lifted}, and the remaining findings are in the new review.`,
    );
  } else {
    replies.push(skippedReason(result) ?? "Recorded.");
  }
  return replies;
}

/** Answers to the numbered questions of an issue's design proposal: recorded, then the planning runs again. */
async function answerProposal(
  job: RunCommandJob,
  deps: CommandJobDeps,
  ref: IssueRef,
  commands: Command[],
  loaded: ParsedRepoConfig,
): Promise<string> {
  const existing = await readProposal(deps.octokit, ref, deps.botLogin);
  if (existing === undefined)
    return "There is no design proposal on this issue to answer: `/architect propose` writes one.";
  const { state } = existing;
  const open = state.numbered
    .map((ids, index) => ({ n: index + 1, ids }))
    .filter((entry) => entry.ids.some((id) => state.questions.includes(id)));
  const answers: ProposalAnswer[] = [];
  const missing: number[] = [];
  for (const command of commands) {
    if (command.name !== "answer") continue;
    const entry = open.find((candidate) => candidate.n === command.question);
    if (entry === undefined) missing.push(command.question);
    else
      answers.push({
        n: entry.n,
        questionIds: entry.ids,
        by: job.sender,
        text: command.text.slice(0, 2_000),
      });
  }
  if (answers.length === 0) return renderUnknownQuestions(missing, open);
  const result = await proposeDesign(ref, deps, { answers, known: existing, config: loaded.config });
  if (result.status === "not-an-issue" || result.status === "not-labelled")
    return "Design proposals are written on issues.";
  const link = commentUrl(ref, result.commentId);
  return result.status === "halt"
    ? renderOpenQuestions(answers, result.open).replace(
        "The block stays until",
        `The design waits (${link}) until`,
      )
    : `Thank you: nothing blocks the design any more. The proposal is updated in place: ${link}`;
}

function commentUrl(ref: IssueRef, commentId: number): string {
  return `https://github.com/${ref.owner}/${ref.repo}/issues/${ref.number}#issuecomment-${commentId}`;
}

/** Why a run posted nothing, for the person who asked; undefined when it posted. */
function skippedReason(result: ReviewJobResult): string | undefined {
  if (result.status !== "skipped") return undefined;
  switch (result.reason) {
    case "closed":
      return "This PR is closed: nothing was reviewed.";
    case "draft":
      return "This PR is a draft: it is reviewed once it is ready for review.";
    case "not-backend":
      return "Nothing in this PR is an API contract, a schema or migration, or infrastructure: there is nothing for the architect to review.";
    case "unchanged":
      return "Nothing changed since the last review: it still stands.";
    case "superseded":
      return "A newer push arrived while this ran: its review follows.";
    case "no-backend-change":
      return "No backend file changed since the last review: it still stands.";
    case "paused":
      return "Automatic reviews of this PR are paused.";
  }
}

function mention(login: string, text: string): string {
  return `@${login} ${text}`;
}
