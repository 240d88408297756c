// Go/Helm/Jinja templates in SQL (`{{ index .Options "Namespace" }}.users`): blanked to identifiers so the
// file parses, then put back into whatever the review says, so no message names a made-up identifier.
import type { Finding } from "../../domain/model.js";
import type { AnalysisResult } from "../analyzer.js";
import { fingerprintOf } from "../make-finding.js";

export interface BlankedSql {
  /** The SQL with each `{{…}}` replaced by an identifier of the same length, on the same line. */
  sql: string;
  /** Puts the template text back where a placeholder appears in `text`. */
  restore: (text: string) => string;
}

/** Postgres truncates longer identifiers (NAMEDATALEN - 1), so a message may quote a shortened placeholder. */
const identifierLimit = 63;

/**
 * Each distinct template gets its own placeholder, `t<n>` in base 36 padded with `_` to the template's
 * length (`{{ .Ns }}` → `t0_______`), so lines and columns stay exact and two templates are never confused.
 */
export function blankTemplatePlaceholders(sql: string): BlankedSql {
  const placeholders = new Map<string, string>();
  const originals = new Map<string, string>();
  const blanked = sql.replace(/\{\{[^\n]*?\}\}/g, (template) => {
    const known = placeholders.get(template);
    if (known !== undefined) return known;
    const id = `t${placeholders.size.toString(36)}`;
    // A template too short for its id stays anonymous: it parses, but cannot be named back.
    const placeholder = (id.length <= template.length ? id : "t").padEnd(template.length, "_");
    placeholders.set(template, placeholder);
    if (id.length <= template.length) {
      originals.set(placeholder, template);
      if (placeholder.length > identifierLimit)
        originals.set(placeholder.slice(0, identifierLimit), template);
    }
    return placeholder;
  });
  if (originals.size === 0) return { sql: blanked, restore: (text) => text };
  // Longest first: a truncated placeholder is a prefix of the full one.
  const ordered = [...originals.keys()].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(ordered.join("|"), "g");
  return { sql: blanked, restore: (text) => text.replace(pattern, (match) => originals.get(match) ?? match) };
}

/** The analysis with every message, subject, HALT question, suggestion and note in the author's own text. */
export function restoreTemplates(result: AnalysisResult, restore: (text: string) => string): AnalysisResult {
  return {
    findings: result.findings.map((finding) => restoreFinding(finding, restore)),
    notes: result.notes.map((note) => ({ ...note, message: restore(note.message) })),
  };
}

function restoreFinding(finding: Finding, restore: (text: string) => string): Finding {
  const restored: Finding = { ...finding, message: restore(finding.message) };
  if (finding.subject !== undefined) {
    restored.subject = restore(finding.subject);
    // The fingerprint follows the subject the author sees, not the placeholder's numbering in this file.
    restored.fingerprint = fingerprintOf(finding.ruleId, finding.path, restored.subject);
  }
  if (finding.haltQuestion !== undefined) restored.haltQuestion = restore(finding.haltQuestion);
  if (finding.suggestion !== undefined) restored.suggestion = restore(finding.suggestion);
  return restored;
}
