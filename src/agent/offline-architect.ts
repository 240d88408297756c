// The architect without a model: turns analyzer findings into a review outcome, applying the HALT policy.

import { allRules } from "../analyzers/registry.js";
import type { ChangedFile, Finding, HaltAnswer, Question, ReviewOutcome, Verdict } from "../domain/model.js";
import { severityRank } from "../domain/model.js";
import type { ArchitectInput } from "./architect.js";
import { statesIntent } from "./stated-intent.js";

/**
 * Plan: findings are grounded facts from the analyzers. Execute: each HALT-capable finding whose intent
 * the PR does not state becomes a numbered question ("Cannot proceed without …"). Validate: the verdict
 * follows from what is left — never invented, never silent.
 */
export function offlineArchitect(input: ArchitectInput): ReviewOutcome {
  const prText = `${input.pr.title}\n${input.pr.body}`;
  const answers = input.answers ?? [];
  const answered = acceptedAnswers(answers);
  const findings: Finding[] = [];
  const questions: Question[] = [];
  for (const finding of input.findings) {
    const stated = finding.haltQuestion !== undefined && statesIntent(prText, finding);
    const answer = answers.find(
      (candidate) => answered.has(finding.fingerprint) && candidate.questions.includes(finding.fingerprint),
    );
    if (finding.haltQuestion !== undefined && !stated && answer === undefined) {
      const question: Question = {
        id: finding.fingerprint,
        ruleId: finding.ruleId,
        question: finding.haltQuestion,
        why: whyItBlocks(finding, finding.haltQuestion),
        path: finding.path,
        side: finding.side,
      };
      if (finding.line !== undefined) question.line = finding.line;
      if (finding.subject !== undefined) question.subject = finding.subject;
      if (answers.some((candidate) => candidate.questions.includes(finding.fingerprint))) {
        question.notAccepted = declinedReason;
      }
      questions.push(question);
    } else if (answer !== undefined) {
      findings.push({ ...finding, acknowledged: `answered by @${answer.by} (question ${answer.n})` });
    } else if (stated) {
      findings.push({ ...finding, acknowledged: "stated in the PR description" });
    } else {
      findings.push(finding);
    }
  }
  findings.sort(
    (a, b) =>
      severityRank[a.severity] - severityRank[b.severity] ||
      a.path.localeCompare(b.path) ||
      (a.line ?? 0) - (b.line ?? 0),
  );

  const asked = askOncePerFile(questions);
  const verdict: Verdict = asked.length > 0 ? "halt" : findings.length > 0 ? "concerns" : "clear";
  return {
    verdict,
    summary: summarise(verdict, input.files, findings, asked) + uncheckedNote(input.unchecked),
    findings,
    questions: asked,
    omitted: input.omitted,
    notes: input.notes,
    model: "offline",
  };
}

/**
 * Without a model, an answer is taken as the author's stated intent unless it declines or hesitates ("no",
 * "not sure", "I don't know", a bare question back): judging whether the answer is convincing needs the
 * model. Returns the ids of the questions the accepted answers resolve.
 */
export function acceptedAnswers(answers: readonly HaltAnswer[]): Set<string> {
  const ids = new Set<string>();
  for (const answer of answers) {
    if (!isAffirmative(answer.text)) continue;
    for (const id of answer.questions) ids.add(id);
  }
  return ids;
}

const declinedReason =
  "The answer declines or hesitates, so it does not state the intent (without the model, any other answer is taken as the author's stated intent).";

const declines =
  /^\W*(?:no|nope|not (?:sure|yet|really)|unsure|unclear|i (?:do not|don't|dont) know|idk|tbd|maybe|good question|why\b|what\b|how\b)\b/i;

function isAffirmative(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed.length === 0 || declines.test(trimmed)) return false;
  // A bare question back ("is it?") is not an answer.
  return !(trimmed.endsWith("?") && !/[.!]/.test(trimmed.slice(0, -1)));
}

/**
 * The same question about several subjects of one file (three columns dropped by one migration) is asked
 * once, naming the others: the author answers one question, not three copies of it.
 */
function askOncePerFile(questions: Question[]): Question[] {
  const groups = new Map<string, Question[]>();
  for (const question of questions) {
    const key = `${question.ruleId ?? question.id}\0${question.path ?? ""}`;
    groups.set(key, [...(groups.get(key) ?? []), question]);
  }
  return [...groups.values()].map(([first, ...others]) => {
    if (first === undefined || others.length === 0) return first as Question;
    const names = others.map((other) =>
      other.subject !== undefined ? `\`${other.subject}\`` : `line ${other.line ?? "?"}`,
    );
    const listed =
      names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
    return {
      ...first,
      question: `${first.question} The same question applies to ${listed}.`,
      alsoAsks: others.map((other) => other.id),
    };
  });
}

const rulesById = new Map(allRules.map((rule) => [rule.id, rule]));

/**
 * The finding's message, unless the question already says it (API questions quote the change): then the
 * rule's reason, so "why it blocks" adds something instead of repeating the question.
 */
function whyItBlocks(finding: Finding, question: string): string {
  const lead =
    finding.message.replace(/\s*\((oasdiff|owasp|graphql-js)[^)]*\)\.?$/, "").split(/(?<=\.)\s/)[0] ?? "";
  const repeated = lead.length > 0 && question.includes(lead.replace(/\.$/, ""));
  return repeated ? (rulesById.get(finding.ruleId)?.why ?? finding.message) : finding.message;
}

function summarise(
  verdict: Verdict,
  files: ChangedFile[],
  findings: Finding[],
  questions: Question[],
): string {
  const reviewed = files.filter((file) => file.skipped === undefined && file.category !== "other");
  const scope = describeScope(reviewed);
  if (verdict === "halt") {
    const n = questions.length;
    return `Cannot proceed without answers to ${n} question${n === 1 ? "" : "s"} about ${scope}: the change is irreversible or breaks a contract, and the PR does not say it is intended.`;
  }
  if (verdict === "concerns") {
    const blockers = findings.filter(
      (finding) => finding.severity === "blocker" && finding.acknowledged === undefined,
    ).length;
    const acknowledged = findings.filter((finding) => finding.acknowledged !== undefined).length;
    const n = findings.length;
    const lead = `${n} finding${n === 1 ? "" : "s"} in ${scope}`;
    const confirmed =
      acknowledged === 0
        ? ""
        : `; ${acknowledged} ${acknowledged === 1 ? "is" : "are"} confirmed as intended by the author`;
    return blockers > 0
      ? `${lead}${confirmed}; ${blockers} must be fixed before merging.`
      : `${lead}${confirmed}.`;
  }
  return `No issues found in ${scope}.`;
}

function describeScope(files: ChangedFile[]): string {
  const counts = new Map<string, number>();
  for (const file of files) counts.set(file.category, (counts.get(file.category) ?? 0) + 1);
  const label: Record<string, [string, string]> = {
    schema: ["schema/migration file", "schema/migration files"],
    api: ["API contract", "API contracts"],
    infra: ["infrastructure file", "infrastructure files"],
  };
  const parts = (["schema", "api", "infra"] as const)
    .filter((category) => counts.has(category))
    .map((category) => {
      const n = counts.get(category) ?? 0;
      const [one, many] = label[category] ?? [category, category];
      return `${n} ${n === 1 ? one : many}`;
    });
  return parts.length > 0 ? parts.join(", ") : "the changed files";
}

function uncheckedNote(unchecked: string[]): string {
  if (unchecked.length === 0) return "";
  const n = unchecked.length;
  return ` ${n} file${n === 1 ? "" : "s"} could not be fully checked (see Notes): this review is incomplete.`;
}
