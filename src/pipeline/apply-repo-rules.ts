// What a repository decided about the rules: per-rule settings from its configuration, and
// `architect-ignore: <rule-id> <reason>` markers on the flagged line (or the line above it).

import type { RepoConfig } from "../config/repo-config.schema.js";
import type { ChangedFile, Finding } from "../domain/model.js";

export interface SilencedFinding {
  finding: Finding;
  reason: string;
}

/** Drops findings of rules turned off and applies severity overrides. */
export function applyRuleSettings(findings: readonly Finding[], rules: RepoConfig["rules"]): Finding[] {
  const kept: Finding[] = [];
  for (const finding of findings) {
    const setting = rules[finding.ruleId];
    if (setting === undefined) {
      kept.push(finding);
    } else if (setting === "off" || (typeof setting === "object" && setting.enabled === false)) {
      // turned off by the repository
    } else {
      const severity = typeof setting === "string" ? setting : setting.severity;
      kept.push(severity === undefined ? finding : { ...finding, severity });
    }
  }
  return kept;
}

const markerPattern = /architect-ignore:\s*([a-z]+\/[a-z0-9-]+)(?:[ \t]+([^\n]*?))?\s*(?:\*\/|-->|$)/gi;

/** Splits findings into those kept and those an `architect-ignore` marker silences. */
export function silenceMarkedFindings(
  findings: readonly Finding[],
  filesByPath: ReadonlyMap<string, ChangedFile>,
): { kept: Finding[]; silenced: SilencedFinding[] } {
  const kept: Finding[] = [];
  const silenced: SilencedFinding[] = [];
  for (const finding of findings) {
    const file = filesByPath.get(finding.path);
    const reason =
      file === undefined || finding.side !== "RIGHT" || finding.line === undefined
        ? undefined
        : markerReason(file, finding);
    if (reason === undefined) kept.push(finding);
    else silenced.push({ finding, reason });
  }
  return { kept, silenced };
}

function markerReason(file: ChangedFile, finding: Finding): string | undefined {
  const first = Math.max(1, (finding.line ?? 1) - 1);
  const last = finding.endLine ?? finding.line ?? first;
  const lines = headLines(file);
  for (let line = first; line <= last; line++) {
    const text = lines.get(line);
    if (text === undefined) continue;
    for (const match of text.matchAll(markerPattern)) {
      if (match[1]?.toLowerCase() === finding.ruleId) return match[2]?.trim() || "no reason given";
    }
  }
  return undefined;
}

/** New-file lines by number: the head content when loaded, else the lines the diff shows. */
function headLines(file: ChangedFile): Map<number, string> {
  const lines = new Map<number, string>();
  if (file.headContent !== undefined) {
    file.headContent.split("\n").forEach((text, index) => {
      lines.set(index + 1, text);
    });
    return lines;
  }
  for (const hunk of file.hunks) {
    for (const line of hunk.lines) if (line.newLine !== undefined) lines.set(line.newLine, line.content);
  }
  return lines;
}
