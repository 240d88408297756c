// Validates the model's parsed review and merges it with the analyzers' grounded findings into the outcome
// the renderer posts. Pure. Nothing the model wrote is posted before passing through here.
import { fingerprintOf } from "../../analyzers/make-finding.js";
import type {
  ChangedFile,
  Finding,
  OmittedFile,
  Question,
  ReviewOutcome,
  Side,
  Usage,
  Verdict,
} from "../../domain/model.js";
import { severityRank } from "../../domain/model.js";
import { anchorOf } from "../../review/anchor.js";
import type { ArchitectInput } from "../architect.js";
import { neutraliseModelText, redactModelCode } from "./neutralise-model-text.js";
import type { AgentAnswerDecision, AgentFinding, AgentQuestion, AgentReview } from "./review-schema.js";

export interface MergeAgentReviewOptions {
  review: AgentReview;
  input: ArchitectInput;
  /** The offline architect's outcome for the same input: the analyzer baseline and its HALT questions. */
  offline: ReviewOutcome;
  /**
   * The analyzers' HALT questions before any answer was taken into account: a question whose answer the
   * agent does not accept comes back from here. Defaults to `offline.questions`.
   */
  unanswered?: readonly Question[];
  /** Deterministic `security/prompt-injection` findings. */
  injectionFindings: readonly Finding[];
  /** Files the prompt left out (budget) and notes about what the model did not see. */
  promptOmitted: readonly OmittedFile[];
  promptNotes: readonly string[];
  model: string;
  usage: Usage;
  /** At most this many inline comments (questions first, then findings by severity); the rest go to the body. */
  maxInlineComments: number;
  /** Secret values redacted from the prompt, never to be posted. */
  secrets: ReadonlySet<string>;
  /** Extra hosts links may point to (a GitHub Enterprise host). */
  allowedLinkHosts?: readonly string[];
}

const maxAgentFindings = 50;
const maxAgentQuestions = 10;
const limits = { title: 200, message: 2_000, summary: 4_000, question: 1_000, why: 1_000, suggestion: 5_000 };
const ruleIdPattern = /^[a-z0-9][a-z0-9-]*(?:\/[a-z0-9][a-z0-9.-]*)+$/;

export function mergeAgentReview(options: MergeAgentReviewOptions): ReviewOutcome {
  const { review, input, offline } = options;
  const filesByPath = new Map<string, ChangedFile>(input.files.map((file) => [file.path, file]));
  const text = (value: string, max: number) =>
    neutraliseModelText(value, {
      secrets: options.secrets,
      maxLength: max,
      ...(options.allowedLinkHosts === undefined ? {} : { allowedHosts: options.allowedLinkHosts }),
    });

  // The baseline: analyzer findings (the offline architect's, i.e. without those asked as questions) and
  // the injection findings. Agent findings join them unless they say the same thing at the same place.
  const findings: Finding[] = [];
  const byKey = new Map<string, Finding>();
  for (const baseline of [...offline.findings, ...options.injectionFindings]) {
    // Baseline findings are all kept (two analyzer findings may share a line and rule, with other subjects);
    // an agent finding merges into the first one at its place.
    const finding = { ...baseline };
    const key = keyOf(finding.path, finding.line, finding.ruleId);
    if (!byKey.has(key)) byKey.set(key, finding);
    findings.push(finding);
  }
  const questionKeys = new Set(
    offline.questions.map((question) => keyOf(question.path ?? "", question.line, question.ruleId ?? "")),
  );

  const agentFindings = [...review.findings]
    .sort((a, b) => severityRank[a.severity] - severityRank[b.severity])
    .slice(0, maxAgentFindings);
  for (const raw of agentFindings) {
    const finding = toFinding(raw, filesByPath, text, options.secrets);
    const key = keyOf(finding.path, finding.line, finding.ruleId);
    if (questionKeys.has(key)) continue;
    const existing = byKey.get(key);
    if (existing !== undefined) {
      mergeInto(existing, finding);
      continue;
    }
    byKey.set(key, finding);
    findings.push(finding);
  }

  const questions: Question[] = offline.questions.map((question) => ({ ...question }));
  const notes = [...input.notes, ...options.promptNotes];
  const agentQuestions = review.questions
    .slice(0, maxAgentQuestions)
    .map((raw) => toQuestion(raw, filesByPath, text));
  if (review.verdict === "halt") {
    const asked = new Set(questions.map((question) => normaliseWords(question.question)));
    for (const question of agentQuestions) {
      if (!asked.has(normaliseWords(question.question))) questions.push(question);
    }
  } else if (agentQuestions.length > 0) {
    // Questions only block with a HALT; anything else the model asked is still shown, not lost.
    for (const question of agentQuestions)
      notes.push(`Question from the architect (not blocking): ${question.question}`);
  }

  applyAnswerDecisions(
    review.answers,
    input,
    options.unanswered ?? offline.questions,
    questions,
    findings,
    text,
  );

  findings.sort(
    (a, b) =>
      severityRank[a.severity] - severityRank[b.severity] ||
      sourceRank(a) - sourceRank(b) ||
      a.path.localeCompare(b.path) ||
      (a.line ?? 0) - (b.line ?? 0),
  );
  capInline(questions, findings, filesByPath, options.maxInlineComments);

  const injection = options.injectionFindings.length > 0;
  let verdict: Verdict;
  if (questions.length > 0) verdict = "halt";
  else if (findings.length > 0 || injection || review.verdict !== "clear") verdict = "concerns";
  else verdict = "clear";

  // An empty summary would leave the review without its opening line: the analyzers' one stands in.
  let summary = text(review.summary, limits.summary) || offline.summary;
  if (review.verdict === "halt" && agentQuestions.length === 0 && offline.questions.length === 0) {
    notes.push("The architect wanted to HALT but asked no question, so this review only reports concerns.");
  }
  if (offline.questions.length > 0 && review.verdict !== "halt") {
    summary += ` The analyzers' HALT question${offline.questions.length === 1 ? "" : "s"} below still need${offline.questions.length === 1 ? "s" : ""} an answer.`;
  }
  if (injection) {
    summary +=
      " A prompt-injection attempt was found in this pull request (see findings): it was treated as data and cannot make this review approve.";
  }
  if (input.unchecked.length > 0) {
    const n = input.unchecked.length;
    summary += ` ${n} file${n === 1 ? "" : "s"} could not be fully checked (see Notes): this review is incomplete.`;
  }

  return {
    verdict,
    summary: summary.trim(),
    findings,
    questions,
    omitted: mergeOmitted(input.omitted, options.promptOmitted),
    notes,
    usage: options.usage,
    model: options.model,
  };
}

type TextCleaner = (value: string, max: number) => string;

/**
 * The agent re-judges each answered question: accept lifts it (its finding stays, confirmed as intended),
 * follow_up replaces it with a narrower question under the same id (so it keeps its number), keep puts it
 * back with the agent's reason. A question the agent says nothing about keeps the offline judgement.
 */
function applyAnswerDecisions(
  decisions: readonly AgentAnswerDecision[],
  input: ArchitectInput,
  unanswered: readonly Question[],
  questions: Question[],
  findings: Finding[],
  text: TextCleaner,
): void {
  const answers = input.answers ?? [];
  const idsOf = (question: Question) => [question.id, ...(question.alsoAsks ?? [])];
  for (const answer of answers) {
    const decision = [...decisions].reverse().find((candidate) => candidate.question === answer.n);
    if (decision === undefined) continue;
    const addresses = (question: Question) => idsOf(question).some((id) => answer.questions.includes(id));
    const reason = text(decision.reason, limits.why);
    const openIndex = questions.findIndex(addresses);
    if (decision.decision === "accept") {
      if (openIndex < 0) continue;
      const [lifted] = questions.splice(openIndex, 1);
      for (const finding of input.findings) {
        if (lifted === undefined || !idsOf(lifted).includes(finding.fingerprint)) continue;
        if (findings.some((kept) => kept.fingerprint === finding.fingerprint)) continue;
        findings.push({ ...finding, acknowledged: `answered by @${answer.by} (question ${answer.n})` });
      }
      continue;
    }
    const original: Question = questions[openIndex] ??
      unanswered.find(addresses) ?? {
        id: answer.questions[0] ?? `answer-${answer.n}`,
        question: text(answer.question ?? `Question ${answer.n} of the earlier review`, limits.question),
        why: "The architect did not accept the answer given.",
      };
    const reopened: Question = { ...original, notAccepted: reason || "The answer does not settle it." };
    if (decision.decision === "follow_up" && decision.followUp !== null && decision.followUp.trim() !== "") {
      reopened.question = text(decision.followUp, limits.question);
    }
    if (openIndex >= 0) questions[openIndex] = reopened;
    else questions.push(reopened);
    // Its finding goes back under the question (the offline architect took the answer as intent).
    const ids = new Set(idsOf(reopened));
    for (let index = findings.length - 1; index >= 0; index--) {
      const finding = findings[index];
      if (finding !== undefined && ids.has(finding.fingerprint) && finding.acknowledged !== undefined)
        findings.splice(index, 1);
    }
  }
}

function toFinding(
  raw: AgentFinding,
  filesByPath: ReadonlyMap<string, ChangedFile>,
  text: TextCleaner,
  secrets: ReadonlySet<string>,
): Finding {
  // The path is the model's text too (it may name a file outside the diff): secrets in it are redacted.
  const path = redactModelCode(raw.path.trim().replace(/^\.?\//, ""), secrets);
  const side: Side = raw.side;
  const line = anchoredLine(path, side, raw.line, filesByPath);
  const ruleId = cleanRuleId(raw.ruleId, raw.category);
  const title = text(raw.title, limits.title) || "Architect finding";
  let message = text(raw.message, limits.message);
  if (line === undefined && raw.line !== null && Number.isInteger(raw.line) && raw.line > 0) {
    // The line is not one GitHub accepts a comment on: say where it was meant to be, in the body.
    message = `${side === "LEFT" ? "Old line" : "Line"} ${raw.line} (not in the diff): ${message}`;
  }
  const finding: Finding = {
    fingerprint: fingerprintOf(ruleId, path, normaliseWords(raw.title)),
    ruleId,
    source: "agent",
    severity: raw.severity,
    category: raw.category,
    path,
    side,
    title,
    message,
    subject: normaliseWords(raw.title),
  };
  if (line !== undefined) finding.line = line;
  // A suggestion replaces the anchored line literally; without an anchor it cannot be applied.
  if (line !== undefined && raw.suggestion !== null && raw.suggestion.trim() !== "") {
    finding.suggestion = redactModelCode(raw.suggestion.slice(0, limits.suggestion), secrets);
  }
  return finding;
}

function toQuestion(
  raw: AgentQuestion,
  filesByPath: ReadonlyMap<string, ChangedFile>,
  text: TextCleaner,
): Question {
  const questionText = text(raw.question, limits.question);
  const path = raw.path?.trim().replace(/^\.?\//, "") ?? "";
  const side: Side = raw.side ?? "RIGHT";
  const question: Question = {
    id: fingerprintOf("architect/question", path, normaliseWords(raw.question)),
    question: questionText,
    why: text(raw.why, limits.why),
  };
  if (path !== "" && filesByPath.has(path)) {
    question.path = path;
    question.side = side;
    const line = anchoredLine(path, side, raw.line, filesByPath);
    if (line !== undefined) question.line = line;
  }
  return question;
}

/** The line when GitHub accepts a comment there (a commentable line of the analysed diff), else undefined. */
function anchoredLine(
  path: string,
  side: Side,
  line: number | null,
  filesByPath: ReadonlyMap<string, ChangedFile>,
): number | undefined {
  if (line === null || !Number.isInteger(line) || line <= 0) return undefined;
  return anchorOf({ path, side, line }, filesByPath)?.line;
}

function cleanRuleId(ruleId: string | null, category: AgentFinding["category"]): string {
  const candidate = ruleId?.trim().toLowerCase() ?? "";
  return candidate.length <= 60 && ruleIdPattern.test(candidate) ? candidate : `architect/${category}`;
}

/** Same place, same rule: one finding. The analyzer's stays (it is grounded); the agent may add to it. */
function mergeInto(existing: Finding, agent: Finding): void {
  if (severityRank[agent.severity] < severityRank[existing.severity]) existing.severity = agent.severity;
  if (normaliseWords(agent.message) !== normaliseWords(existing.message) && agent.message !== "") {
    existing.message = `${existing.message}\n\nArchitect: ${agent.message}`;
  }
  if (existing.suggestion === undefined && agent.suggestion !== undefined)
    existing.suggestion = agent.suggestion;
}

/**
 * At most `max` inline comments, the most important first: questions, then findings by severity (info
 * findings never go inline). The rest keep their location in the text and lose the anchor, so the renderer
 * lists them in the body.
 */
function capInline(
  questions: Question[],
  findings: Finding[],
  filesByPath: ReadonlyMap<string, ChangedFile>,
  max: number,
): void {
  let used = 0;
  for (const question of questions) {
    if (question.line === undefined || question.path === undefined) continue;
    const anchored = anchorOf(
      { path: question.path, side: question.side ?? "RIGHT", line: question.line },
      filesByPath,
    );
    if (anchored === undefined) continue;
    if (used < max) used++;
    else {
      question.question = `${question.side === "LEFT" ? "Old line" : "Line"} ${question.line}: ${question.question}`;
      delete question.line;
    }
  }
  for (const finding of findings) {
    if (finding.line === undefined || finding.severity === "info") continue;
    if (anchorOf(finding, filesByPath) === undefined) continue;
    if (used < max) used++;
    else {
      finding.message = `${finding.side === "LEFT" ? "Old line" : "Line"} ${finding.line}: ${finding.message}`;
      delete finding.line;
      delete finding.endLine;
      delete finding.suggestion;
    }
  }
}

function mergeOmitted(a: readonly OmittedFile[], b: readonly OmittedFile[]): OmittedFile[] {
  const seen = new Set<string>();
  const out: OmittedFile[] = [];
  for (const file of [...a, ...b]) {
    if (seen.has(file.path)) continue;
    seen.add(file.path);
    out.push(file);
  }
  return out;
}

function keyOf(path: string, line: number | undefined, ruleId: string): string {
  return `${path}\0${line ?? "file"}\0${ruleId}`;
}

function sourceRank(finding: Finding): number {
  return finding.source === "analyzer" ? 0 : 1;
}

function normaliseWords(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}
