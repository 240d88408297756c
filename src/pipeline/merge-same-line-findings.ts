// Findings of one rule on one line (two columns retyped by one ALTER TABLE) become one finding naming
// every subject: the author reads one comment and answers one question, not copies of the same one.
import { fingerprintOf } from "../analyzers/make-finding.js";
import { type Finding, severityRank } from "../domain/model.js";

/**
 * Merges findings that share rule, file, side and anchor line, in the order they came; the merged finding
 * takes the place of the first. File-level findings (no line) are left alone.
 */
export function mergeSameLineFindings(findings: readonly Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  const order: Array<Finding | string> = [];
  for (const finding of findings) {
    if (finding.line === undefined) {
      order.push(finding);
      continue;
    }
    const key = [finding.ruleId, finding.path, finding.side, finding.line].join("\0");
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, [finding]);
      order.push(key);
    } else {
      group.push(finding);
    }
  }
  return order.map((entry) => {
    if (typeof entry !== "string") return entry;
    const group = groups.get(entry) ?? [];
    return group.length === 1 && group[0] !== undefined ? group[0] : mergeGroup(group);
  });
}

function mergeGroup(group: readonly Finding[]): Finding {
  const [first] = group;
  if (first === undefined) throw new Error("mergeGroup needs at least one finding");
  const subjects = [...new Set(group.map((finding) => finding.subject ?? `line ${finding.line}`))];
  const subject = subjects.join(", ");
  const severity = group.reduce(
    (worst, finding) => (severityRank[finding.severity] < severityRank[worst] ? finding.severity : worst),
    first.severity,
  );
  const merged: Finding = {
    ...first,
    fingerprint: fingerprintOf(first.ruleId, first.path, subject),
    severity,
    subject,
    subjects,
    message: mergeTexts(
      group.map((finding) => finding.message),
      subjects,
    ),
  };
  const endLine = Math.max(...group.map((finding) => finding.endLine ?? finding.line ?? 0));
  if (endLine > (first.line ?? 0)) merged.endLine = endLine;
  else delete merged.endLine;
  // Two replacements of the same lines cannot both apply; the same one can.
  const suggestions = new Set(group.map((finding) => finding.suggestion));
  if (suggestions.size !== 1) delete merged.suggestion;
  const questions = group.flatMap((finding) =>
    finding.haltQuestion === undefined ? [] : [finding.haltQuestion],
  );
  if (questions.length > 0) merged.haltQuestion = mergeTexts(questions, subjects);
  return merged;
}

/**
 * One text from several written from the same template: the words that differ are listed in order
 * (`auth.users.phone` / `auth.users.phone_change`), the rest said once. Texts that do not line up word
 * for word are kept whole, numbered, after the subjects they are about.
 */
function mergeTexts(texts: readonly string[], subjects: readonly string[]): string {
  const distinct = [...new Set(texts)];
  const named = (text: string) =>
    subjects.every((subject) => text.includes(subject.split(".").at(-1) ?? subject));
  if (distinct.length === 1 && distinct[0] !== undefined) {
    return named(distinct[0]) ? distinct[0] : `${listSubjects(subjects)}: ${distinct[0]}`;
  }
  const aligned = alignWords(distinct);
  if (aligned !== undefined && named(aligned)) return aligned;
  return `${listSubjects(subjects)}: ${distinct.map((text, index) => `(${index + 1}) ${text}`).join(" ")}`;
}

/** The texts merged word by word, or undefined when they differ in length or in more than a few places. */
function alignWords(texts: readonly string[]): string | undefined {
  const split = texts.map((text) => text.split(" "));
  const length = split[0]?.length ?? 0;
  if (split.some((words) => words.length !== length)) return undefined;
  const words: string[] = [];
  let differing = 0;
  for (let index = 0; index < length; index++) {
    const column = split.map((words) => words[index] ?? "");
    const unique = [...new Set(column)];
    if (unique.length === 1) {
      words.push(unique[0] ?? "");
      continue;
    }
    differing++;
    // Punctuation every variant ends with (`…phone`:) is written once, after the list.
    const tail = commonPunctuationTail(column);
    words.push(`${column.map((word) => word.slice(0, word.length - tail.length)).join(" / ")}${tail}`);
  }
  return differing <= Math.max(2, Math.floor(length / 8)) ? words.join(" ") : undefined;
}

function commonPunctuationTail(words: readonly string[]): string {
  let tail = "";
  for (;;) {
    const next = words[0]?.at(-1 - tail.length);
    if (next === undefined || !/[.,:;!?)]/.test(next)) return tail;
    if (!words.every((word) => word.length > tail.length + 1 && word.at(-1 - tail.length) === next))
      return tail;
    tail = next + tail;
  }
}

function listSubjects(subjects: readonly string[]): string {
  const names = subjects.map((subject) => `\`${subject}\``);
  return names.length <= 2
    ? names.join(" and ")
    : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}
