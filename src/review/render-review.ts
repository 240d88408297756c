// Turns a review outcome into the exact request GitHub's `pulls.createReview` receives. Pure.
import type { ChangedFile, Finding, Question, ReviewOutcome } from "../domain/model.js";
import { type Anchor, anchorOf } from "./anchor.js";
import { withCommentMarker } from "./comment-marker.js";
import { renderUsage } from "./render-usage.js";
import {
  askedQuestionIds,
  type HaltAnswer,
  type IgnoredRule,
  numberQuestions,
  type ReviewState,
  renderStateMarker,
} from "./review-state.js";

export interface ReviewComment {
  path: string;
  body: string;
  line: number;
  side: "LEFT" | "RIGHT";
  start_line?: number;
  start_side?: "LEFT" | "RIGHT";
}

export interface ReviewRequest {
  commit_id: string;
  event: "REQUEST_CHANGES" | "COMMENT" | "APPROVE";
  body: string;
  comments: ReviewComment[];
}

export interface RenderOptions {
  headSha: string;
  /** False moves every inline comment into the body (the retry after GitHub answers 422). */
  inline: boolean;
  /** The state of the app's previous review on this PR: findings it posted are not posted again. */
  previous?: ReviewState;
  /** At most this many inline comments; the rest are listed in the body. */
  maxInlineComments?: number;
  /** False posts HALT questions as a non-blocking COMMENT (repository setting `review.requestChanges`). */
  requestChanges?: boolean;
  /**
   * The repository opted in to approvals (`review.approve`) and the run was complete. Even then only a
   * review with nothing found approves; any finding (a detected prompt injection is one) keeps COMMENT.
   */
  approve?: boolean;
  /** Answers to HALT questions and rules ignored on this PR: listed in the body and kept in the state. */
  answers?: readonly HaltAnswer[];
  /** Extra sections after the questions (the "Against the plan" check), already Markdown. */
  sections?: readonly string[];
  /** The plans this PR implements and the milestones it delivers, kept in the state. */
  plans?: ReadonlyArray<{ issue: number; milestones: string[] }>;
  ignored?: readonly IgnoredRule[];
  /**
   * The body replaces the previous review's own (a quiet push updates the summary in place): findings it
   * already reported are "still present" rather than "still open from the previous review".
   */
  inPlace?: boolean;
  /** What the previous review reported and this run no longer finds, as Markdown list items. */
  resolved?: readonly string[];
  /**
   * `local`: printed by the CLI for a git range, not posted on a PR — questions are answered in a commit
   * message, and the hidden state marker (only the app reads it back) is left out. Default `pull-request`.
   */
  audience?: "pull-request" | "local";
}

/** GitHub rejects bodies over 65,536 characters; stay well below. */
export const maxBodyLength = 60_000;
const defaultMaxInline = 15;
/** A rule firing more often than this is commented once and located elsewhere in the body. */
const repeatThreshold = 3;
const maxListedPlaces = 60;
const maxStateFindings = 1500;
/** Question texts in the state are cut here: enough to judge an answer against, small enough for the marker. */
const maxStateQuestionChars = 500;
/** Answers and ignore reasons in the state are cut too: two long answers must not push the body past the limit. */
const maxStateAnswerChars = 2_000;
const maxStateReasonChars = 500;

export function renderReview(
  outcome: ReviewOutcome,
  files: ChangedFile[],
  options: RenderOptions,
): ReviewRequest {
  const filesByPath = new Map(files.map((file) => [file.path, file]));
  const maxInline = options.inline ? (options.maxInlineComments ?? defaultMaxInline) : 0;
  const seen = new Set(options.previous?.findings ?? []);
  const askedBefore = new Set(options.previous?.questions ?? []);
  const comments: ReviewComment[] = [];

  const { numbers, numbered } = numberQuestions(outcome.questions, options.previous?.numbered);
  const byNumber = outcome.questions
    .map((question, index) => ({ question, n: numbers[index] ?? index + 1 }))
    .sort((a, b) => a.n - b.n);
  const questionLines = byNumber.map(({ question, n }) => {
    const anchor = askedBefore.has(question.id) ? undefined : anchorOf(siteOf(question), filesByPath);
    if (anchor !== undefined && comments.length < maxInline) {
      const body = renderQuestionComment(question, n);
      comments.push(
        toComment(anchor, withCommentMarker(fitComment(body), { kind: "question", id: question.id })),
      );
    }
    return renderQuestionItem(question, n);
  });

  const bodyFindings: string[] = [];
  const hygiene: string[] = [];
  const stillOpen: string[] = [];
  const repeats = repeatedFindings(outcome.findings, seen);
  const elsewhere: string[] = [];
  for (const finding of outcome.findings) {
    if (seen.has(finding.fingerprint)) {
      stillOpen.push(`- ${renderFindingLine(finding)}`);
    } else if (finding.severity === "info") {
      // Hygiene notes never take an inline comment: fewer, sharper comments.
      hygiene.push(`- ${renderFindingLine(finding)}\n  ${closeFences(neutralise(finding.message))}`);
    } else if (repeats.get(finding.ruleId)?.[0] !== finding && repeats.has(finding.ruleId)) {
      // Said once, inline, for the first occurrence; the others are only located in the body.
    } else {
      const more = (repeats.get(finding.ruleId)?.length ?? 1) - 1;
      const anchor = anchorOf(finding, filesByPath);
      if (anchor !== undefined && comments.length < maxInline) {
        const note =
          more > 0 ? `\n\n_The same applies in ${more} more places of this PR, listed in the summary._` : "";
        const body = withCommentMarker(fitComment(renderFindingComment(finding) + note), {
          kind: "finding",
          id: finding.fingerprint,
        });
        comments.push(toComment(anchor, body));
      } else {
        bodyFindings.push(`- ${renderFindingLine(finding)}\n  ${closeFences(neutralise(finding.message))}`);
      }
    }
  }
  for (const [ruleId, group] of repeats) {
    const places = group.slice(1).map((finding) => location(finding.path, finding.line));
    const shown = places.slice(0, maxListedPlaces).join(", ");
    const rest = places.length > maxListedPlaces ? `, and ${places.length - maxListedPlaces} more` : "";
    elsewhere.push(`- ${code(ruleId)} — ${places.length} more: ${shown}${rest}`);
  }

  const sections = [`### Backend Architect — ${headline(outcome)}`, closeFences(neutralise(outcome.summary))];
  if (questionLines.length > 0) {
    sections.push(
      `#### Questions — the architect cannot judge this change without your answers\n\n${questionLines.join("\n")}`,
      options.audience === "local"
        ? `To go on, change the code or state your intent in a commit message of the range (for example \`${ackExample(byNumber[0]?.question)}\` followed by your reason).`
        : `To lift this block, answer with \`/architect answer ${byNumber[0]?.n ?? 1}: <your answer>\` in a comment (or reply in the question's thread), state it in the PR description (for example \`${ackExample(byNumber[0]?.question)}\` followed by your reason), or change the code.`,
    );
  }
  sections.push(...(options.sections ?? []));
  const answers = options.answers ?? [];
  if (answers.length > 0) {
    const lines = answers.map(
      (answer) =>
        `- Question ${answer.n}, answered by ${oneLine(`@${answer.by}`)}: ${quoteInline(answer.text)}`,
    );
    sections.push(`#### Answers\n\n${lines.join("\n")}`);
  }
  const ignored = options.ignored ?? [];
  if (ignored.length > 0) {
    const lines = ignored.map(
      (rule) =>
        `- ${code(rule.ruleId)} by ${oneLine(`@${rule.by}`)}${rule.reason === undefined ? "" : `: ${quoteInline(rule.reason)}`}`,
    );
    sections.push(`#### Ignored on this PR (\`/architect ignore\`)\n\n${lines.join("\n")}`);
  }
  if (bodyFindings.length > 0) {
    const heading = options.inline ? "Findings not commented inline" : "Findings";
    sections.push(`#### ${heading}\n\n${bodyFindings.join("\n")}`);
  }
  if (hygiene.length > 0) sections.push(`#### Hygiene\n\n${hygiene.join("\n")}`);
  if (elsewhere.length > 0) {
    sections.push(`#### The same finding in more places\n\n${elsewhere.join("\n")}`);
  }
  if (stillOpen.length > 0) {
    const heading = options.inPlace === true ? "Still present" : "Still open from the previous review";
    sections.push(`#### ${heading}\n\n${stillOpen.join("\n")}`);
  }
  if (options.resolved !== undefined && options.resolved.length > 0)
    sections.push(`#### Resolved since the last review\n\n${options.resolved.join("\n")}`);
  if (outcome.omitted.length > 0) {
    const lines = outcome.omitted.map((file) => `- ${code(file.path)} — ${neutralise(file.reason)}`);
    sections.push(`#### Not reviewed\n\n${lines.join("\n")}`);
  }
  if (outcome.notes.length > 0) {
    sections.push(
      `#### Notes\n\n${outcome.notes.map((note) => `- ${closeFences(neutralise(note))}`).join("\n")}`,
    );
  }
  const usage = renderUsage(outcome);
  sections.push(`<sub>${footer(outcome, options.headSha)}${usage === undefined ? "" : `<br>${usage}`}</sub>`);

  const state: ReviewState = {
    v: 1,
    headSha: options.headSha,
    verdict: outcome.verdict,
    questions: askedQuestionIds(outcome.questions),
    // Bounded so the marker always fits in the body; past this, de-duplication is best effort.
    findings: outcome.findings.slice(0, maxStateFindings).map((finding) => finding.fingerprint),
  };
  if (numbered.length > 0) state.numbered = numbered;
  if (outcome.questions.length > 0) {
    state.texts = Object.fromEntries(
      outcome.questions.map((question) => [question.id, question.question.slice(0, maxStateQuestionChars)]),
    );
  }
  if (answers.length > 0)
    state.answers = answers.map((answer) => ({ ...answer, text: cut(answer.text, maxStateAnswerChars) }));
  if (ignored.length > 0)
    state.ignored = ignored.map((rule) =>
      rule.reason === undefined ? rule : { ...rule, reason: cut(rule.reason, maxStateReasonChars) },
    );
  if (options.plans !== undefined && options.plans.length > 0) state.plans = [...options.plans];
  return {
    commit_id: options.headSha,
    event: eventOf(outcome, options),
    body: fitBody(sections.join("\n\n"), options.audience === "local" ? "" : renderStateMarker(state)),
    comments,
  };
}

/**
 * Rules that fire more than `repeatThreshold` times among the new, non-info findings: one comment says it
 * once (a principal engineer does not write the same sentence 51 times), the rest are located in the body.
 */
function repeatedFindings(findings: readonly Finding[], seen: ReadonlySet<string>): Map<string, Finding[]> {
  const byRule = new Map<string, Finding[]>();
  for (const finding of findings) {
    if (seen.has(finding.fingerprint) || finding.severity === "info") continue;
    const group = byRule.get(finding.ruleId) ?? [];
    group.push(finding);
    byRule.set(finding.ruleId, group);
  }
  for (const [ruleId, group] of byRule) if (group.length <= repeatThreshold) byRule.delete(ruleId);
  return byRule;
}

/** An acknowledgement the stated-intent check accepts for this question. */
function ackExample(question: Question | undefined): string {
  if (question?.ruleId === undefined) return "architect-ack: <rule-id> <subject>";
  const subject =
    question.subject !== undefined && !/\s/.test(question.subject) ? ` ${question.subject}` : "";
  return neutralise(`architect-ack: ${question.ruleId}${subject}`);
}

function eventOf(outcome: ReviewOutcome, options: RenderOptions): ReviewRequest["event"] {
  if (outcome.verdict === "halt") return options.requestChanges === false ? "COMMENT" : "REQUEST_CHANGES";
  const nothingFound =
    outcome.verdict === "clear" && outcome.findings.length === 0 && outcome.questions.length === 0;
  return options.approve === true && nothingFound ? "APPROVE" : "COMMENT";
}

function headline(outcome: ReviewOutcome): string {
  const n = outcome.questions.length;
  const f = outcome.findings.length;
  if (outcome.verdict === "halt") return `changes requested: ${n} question${n === 1 ? "" : "s"} to answer`;
  if (outcome.verdict === "concerns") return `${f} finding${f === 1 ? "" : "s"}`;
  return "no issues found";
}

function footer(outcome: ReviewOutcome, headSha: string): string {
  const who =
    outcome.model === "offline"
      ? "the offline architect (deterministic rules, no model)"
      : code(outcome.model);
  return `Reviewed ${headSha.slice(0, 7)} by ${who}. Every finding names its rule id.`;
}

function siteOf(question: Question): { path: string; side: "LEFT" | "RIGHT"; line?: number } {
  const site: { path: string; side: "LEFT" | "RIGHT"; line?: number } = {
    path: question.path ?? "",
    side: question.side ?? "RIGHT",
  };
  if (question.line !== undefined) site.line = question.line;
  return site;
}

function toComment(anchor: Anchor, body: string): ReviewComment {
  const comment: ReviewComment = { path: anchor.path, body, line: anchor.line, side: anchor.side };
  if (anchor.startLine !== undefined) {
    comment.start_line = anchor.startLine;
    comment.start_side = anchor.side;
  }
  return comment;
}

function location(path: string | undefined, line: number | undefined): string {
  if (path === undefined || path === "") return "";
  return code(line === undefined ? path : `${path}:${line}`);
}

function renderQuestionItem(question: Question, n: number): string {
  const where = location(question.path, question.line);
  const rule = question.ruleId === undefined ? "" : ` ${code(question.ruleId)}`;
  const lead = where === "" ? "" : `${where}${rule} — `;
  return closeFences(
    `${n}. ${lead}${closeFences(neutralise(question.question))}\n   _Why it blocks:_ ${neutralise(question.why)}${notAcceptedLine(question, "\n   ")}`,
  );
}

/** The architect's reason for keeping a question its answer did not settle. */
function notAcceptedLine(question: Question, separator: string): string {
  return question.notAccepted === undefined
    ? ""
    : `${separator}_The answer given did not settle it:_ ${neutralise(question.notAccepted)}`;
}

function renderQuestionComment(question: Question, n: number): string {
  const rule = question.ruleId === undefined ? "" : ` · ${code(question.ruleId)}`;
  return closeFences(
    `**HALT — question ${n}**${rule}\n\n${neutralise(question.question)}\n\n_Why it blocks:_ ${neutralise(question.why)}${notAcceptedLine(question, "\n\n")}`,
  );
}

function renderFindingLine(finding: Finding): string {
  const where = location(finding.path, finding.line);
  return `**${finding.severity}** ${code(finding.ruleId)} ${where} — ${oneLine(finding.title)}${acknowledgedNote(finding)}`;
}

/** A finding the author confirmed as intended still stands, marked so nobody reads it as a blocker. */
function acknowledgedNote(finding: Finding): string {
  return finding.acknowledged === undefined
    ? ""
    : ` _(confirmed as intended: ${oneLine(finding.acknowledged)})_`;
}

function renderFindingComment(finding: Finding): string {
  const parts = [
    `**${finding.severity}** · ${code(finding.ruleId)} · ${oneLine(finding.title)}${acknowledgedNote(finding)}`,
    neutralise(finding.message),
  ];
  const text = closeFences(parts.join("\n\n"));
  if (finding.suggestion === undefined) return text;
  // The fence is longer than any backtick run in the suggestion, so code holding ``` cannot end it early.
  const fence = "`".repeat(Math.max(3, longestBacktickRun(finding.suggestion) + 1));
  return `${text}\n\n${fence}suggestion\n${finding.suggestion}\n${fence}`;
}

/**
 * Text that came from the PR (identifiers, paths) must not ping people or hide content: `@mentions`
 * get a zero-width joiner and HTML comments are shown, not hidden.
 */
export function neutralise(text: string): string {
  return text.replace(/@(?=[A-Za-z0-9-])/g, "@\u200d").replace(/<!--/g, "&lt;!--");
}

/** A title or a login: text that must stay on its line (a line break there could open a code block). */
function oneLine(text: string): string {
  return neutralise(text.replace(/\s*[\r\n\u2028\u2029]+\s*/g, " "));
}

/** Someone's text on one line, neutralised and cut: it is quoted, never rendered as Markdown blocks. */
export function quoteInline(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const cut = flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
  return `“${neutralise(cut)}”`;
}

function fitBody(body: string, marker: string): string {
  const room = maxBodyLength - marker.length - 200;
  const fitted =
    body.length <= room
      ? closeFences(body)
      : `${closeFences(body.slice(0, room))}\n\n_…the rest of this review was cut to stay under GitHub's size limit._`;
  return marker === "" ? fitted : `${fitted}\n${marker}`;
}

/**
 * Text from the PR or the model as a code span: the delimiter is longer than any backtick run inside (a path
 * holding a backtick cannot end the span and let `<!--` after it hide the rest of the review), on one line.
 */
/** An inline comment has the same limit as the body. */
function fitComment(body: string): string {
  if (body.length <= maxBodyLength) return body;
  return `${closeFences(body.slice(0, maxBodyLength))}\n\n_…the rest of this comment was cut to stay under GitHub's size limit._`;
}

function code(text: string): string {
  const flat = text.replace(/[\r\n\u2028\u2029]+/g, " ");
  // An empty span would be a bare backtick run that pairs with the next span's delimiter.
  if (flat.trim() === "") return "";
  const ticks = "`".repeat(longestBacktickRun(flat) + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

function longestBacktickRun(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}

/**
 * Closes a code fence that `markdown` leaves open (a message holding one line of ```, a body cut inside a
 * block), so what follows — the next finding, the state marker — is not swallowed into the block.
 */
function closeFences(markdown: string): string {
  let open = 0;
  for (const line of markdown.split("\n")) {
    const fence = /^\s*(`{3,})([^`]*)$/.exec(line);
    if (fence === null) continue;
    const length = fence[1]?.length ?? 0;
    if (open === 0) open = length;
    else if (length >= open && fence[2]?.trim() === "") open = 0;
  }
  return open === 0 ? markdown : `${markdown}\n${"`".repeat(open)}`;
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
