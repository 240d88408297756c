import { createHash } from "node:crypto";
import type { Finding, Side } from "../domain/model.js";
import type { RuleDefinition } from "./rule.js";

export interface FindingSite {
  path: string;
  line?: number;
  endLine?: number;
  side?: Side;
  /** What the finding is about (`users.email`); keeps the fingerprint stable when lines move. */
  subject?: string;
  /** Specific message; the rule's `why` is used when absent. */
  message?: string;
  haltQuestion?: string;
  suggestion?: string;
}

/** Stable id for de-duplication across runs: rule + path + subject (lines move, subjects do not). */
export function fingerprintOf(ruleId: string, path: string, subject: string): string {
  return createHash("sha1").update(`${ruleId}\0${path}\0${subject}`).digest("hex").slice(0, 16);
}

/** Builds an analyzer finding for `rule` at `site`. */
export function makeFinding(rule: RuleDefinition, site: FindingSite): Finding {
  const subject = site.subject ?? String(site.line ?? "");
  const finding: Finding = {
    fingerprint: fingerprintOf(rule.id, site.path, subject),
    ruleId: rule.id,
    source: "analyzer",
    severity: rule.severity,
    category: rule.category,
    path: site.path,
    side: site.side ?? "RIGHT",
    title: rule.title,
    message: site.message ?? rule.why,
  };
  if (site.line !== undefined) finding.line = site.line;
  if (site.endLine !== undefined) finding.endLine = site.endLine;
  if (site.subject !== undefined) finding.subject = site.subject;
  if (site.suggestion !== undefined) finding.suggestion = site.suggestion;
  if (rule.halts && site.haltQuestion !== undefined) finding.haltQuestion = site.haltQuestion;
  return finding;
}
