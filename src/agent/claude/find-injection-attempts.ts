// Turns injection signals in the PR's text and added lines into visible `security/prompt-injection` findings.
// Deterministic, independent of the model: an attempt is reported even if the model was fooled by it.
import { fingerprintOf } from "../../analyzers/make-finding.js";
import type { ChangedFile, Finding, PullRequestSnapshot } from "../../domain/model.js";
import { detectInjection } from "./sanitise-untrusted.js";

export const injectionRuleId = "security/prompt-injection";

/** One finding per place is enough to make the point; a flood would bury the rest of the review. */
const maxFindings = 10;

// Cheap pre-filter so the full detector only runs on lines that could match it.
const candidate =
  /ignore|disregard|forget|override|bypass|instruction|prompt|approve|lgtm|INST\]|im_start|im_end|human\s*:|assistant\s*:|report|flag|reveal|secret|api.?key|<\/|[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]|\uDB40/i;

export function findInjectionAttempts(
  pr: PullRequestSnapshot,
  commitMessages: readonly string[],
  files: readonly ChangedFile[],
): Finding[] {
  const findings: Finding[] = [];
  const prText = [
    ["title", pr.title],
    ["description", pr.body],
    ...commitMessages.map((message, index) => [`commit message ${index + 1}`, message] as const),
  ] as const;
  for (const [where, text] of prText) {
    const signals = detectInjection(text);
    if (signals.length > 0) findings.push(prFinding(where, signals));
  }
  // Names are untrusted too: the branch is never shown to the model, file names are.
  if (pr.headRef !== undefined) {
    const signals = detectInjection(asWords(pr.headRef));
    if (signals.length > 0) findings.push(prFinding("branch name", signals));
  }
  for (const file of files) {
    if (findings.length >= maxFindings) break;
    const signals = detectInjection(asWords(file.path));
    if (signals.length > 0) findings.push(fileNameFinding(file.path, signals));
  }
  for (const file of files) {
    if (findings.length >= maxFindings) break;
    if (file.skipped !== undefined) continue;
    const hit = firstAddedLineWithSignals(file);
    if (hit !== undefined) findings.push(lineFinding(file.path, hit.line, hit.signals));
  }
  return findings.slice(0, maxFindings);
}

function firstAddedLineWithSignals(file: ChangedFile): { line: number; signals: string[] } | undefined {
  for (const hunk of file.hunks) {
    for (const line of hunk.lines) {
      if (line.kind !== "add" || line.newLine === undefined || !candidate.test(line.content)) continue;
      const signals = detectInjection(line.content);
      if (signals.length > 0) return { line: line.newLine, signals };
    }
  }
  return undefined;
}

function prFinding(where: string, signals: string[]): Finding {
  return {
    fingerprint: fingerprintOf(injectionRuleId, "", where),
    ruleId: injectionRuleId,
    source: "analyzer",
    severity: "blocker",
    category: "other",
    path: "",
    side: "RIGHT",
    title: `Prompt-injection attempt in the pull request's ${where}`,
    message: `The ${where} ${joinSignals(signals)}. It was treated as data: it cannot approve this pull request or change the review. Remove it; if it is a deliberate test of prompt injection, say so in the description.`,
    subject: where,
  };
}

/** `ignore-previous_instructions` reads as words (a branch cannot hold a space); `/` and `.` end a word already. */
function asWords(name: string): string {
  return name.replace(/[-_]+/g, " ");
}

function fileNameFinding(path: string, signals: string[]): Finding {
  return {
    fingerprint: fingerprintOf(injectionRuleId, path, "file name"),
    ruleId: injectionRuleId,
    source: "analyzer",
    severity: "blocker",
    category: "other",
    path,
    side: "RIGHT",
    title: "Prompt-injection attempt in a file name",
    message: `The name of this file ${joinSignals(signals)}. It was treated as data: it cannot approve this pull request or change the review. Rename the file; if it is test data for prompt-injection handling, say so in the description.`,
    subject: "file name",
  };
}

function lineFinding(path: string, line: number, signals: string[]): Finding {
  return {
    fingerprint: fingerprintOf(injectionRuleId, path, "added lines"),
    ruleId: injectionRuleId,
    source: "analyzer",
    severity: "blocker",
    category: "other",
    path,
    line,
    side: "RIGHT",
    title: "Prompt-injection attempt in the added code",
    message: `This line ${joinSignals(signals)}. It was treated as data: it cannot approve this pull request or change the review. Remove it; if it is test data for prompt-injection handling, say so in the description.`,
    subject: "added lines",
  };
}

function joinSignals(signals: readonly string[]): string {
  if (signals.length <= 1) return signals[0] ?? "";
  return `${signals.slice(0, -1).join(", ")} and ${signals[signals.length - 1]}`;
}
