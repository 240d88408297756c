// Turns differ changes into findings: catalogue rule and severity per oasdiff check, a line on the side where
// the change is visible, one finding per change site (a shared schema breaks many operations at one line),
// and the HALT question of analyzers.md §4 for contract breaks.
import type { Finding, Severity, Side } from "../../domain/model.js";
import { makeFinding } from "../make-finding.js";
import type { RuleDefinition } from "../rule.js";
import type { ApiChange } from "./diff-openapi.js";
import { locatePointer, type SpecText } from "./locate-pointer.js";
import { oasdiffChecks, writeRestrictedCode } from "./oasdiff-checks.js";
import { openApiRules } from "./openapi-rules.js";

export interface ChangeSites {
  path: string;
  base?: SpecText;
  head?: SpecText;
  /**
   * Lines the PR touched per side (RIGHT: added; LEFT: deleted). When the changed element's own line is not
   * among them (a `$ref` now points elsewhere), the closest touched ancestor carries the finding.
   */
  touched?: { LEFT: ReadonlySet<number>; RIGHT: ReadonlySet<number> };
}

/** Operations named in one message before "and N more". */
const namedOperations = 4;

export function apiChangeFindings(changes: readonly ApiChange[], sites: ChangeSites): Finding[] {
  const groups = new Map<string, { change: ApiChange; operations: string[]; line?: number; side: Side }>();
  for (const change of changes) {
    const { line, side } = lineOf(change, sites);
    // On a line, the same check and site is one change seen from several operations; without a line,
    // nothing proves that, so each operation keeps its own finding.
    const key =
      line === undefined
        ? [change.id, change.operation, change.target ?? "", change.message].join("\0")
        : [change.id, side, line, change.site ?? change.target ?? ""].join("\0");
    const group = groups.get(key);
    if (group === undefined) {
      const entry: { change: ApiChange; operations: string[]; line?: number; side: Side } = {
        change,
        operations: [change.operation],
        side,
      };
      if (line !== undefined) entry.line = line;
      groups.set(key, entry);
    } else if (!group.operations.includes(change.operation)) {
      group.operations.push(change.operation);
    }
  }

  return [...groups.values()].map(({ change, operations, line, side }) => {
    const { rule, severity, halts } = classify(change);
    const subCode = change.id === writeRestrictedCode ? `(${change.id})` : `(oasdiff: ${change.id})`;
    const others = operations.slice(1);
    const alsoIn = others.length === 0 ? "" : ` The same change reaches ${operationList(others)}.`;
    const who =
      others.length === 0
        ? `\`${change.operation}\``
        : `\`${change.operation}\` and ${others.length} other operation${others.length === 1 ? "" : "s"}`;
    const finding = makeFinding(rule, {
      path: sites.path,
      ...(line === undefined ? {} : { line }),
      side,
      subject: change.target === undefined ? change.operation : `${change.operation} ${change.target}`,
      message: `\`${change.operation}\`: ${change.message} ${subCode}.${alsoIn}`,
      ...(halts ? { haltQuestion: haltQuestion(rule, who, change.message) } : {}),
    });
    return severity === finding.severity ? finding : { ...finding, severity };
  });
}

function classify(change: ApiChange): { rule: RuleDefinition; severity: Severity; halts: boolean } {
  if (change.id === writeRestrictedCode) {
    return {
      rule: openApiRules.securityWeakened,
      severity: openApiRules.securityWeakened.severity,
      halts: true,
    };
  }
  const check = oasdiffChecks[change.id];
  const rule = openApiRules[check.rule];
  // A removal after the announced sunset is what deprecation is for: worth a note, not a question.
  if (change.sunsetPassed === true) return { rule, severity: "info", halts: false };
  return { rule, severity: check.severity ?? rule.severity, halts: rule.halts };
}

function haltQuestion(rule: RuleDefinition, who: string, message: string): string {
  if (rule.id === openApiRules.securityWeakened.id) {
    return `This removes authentication from ${who} (${message}). Is public access intended? What compensating control applies?`;
  }
  return `${who}: ${message}. Which clients consume this, and is this a deliberate breaking change (new major version, deprecation notice sent)?`;
}

function operationList(operations: readonly string[]): string {
  const named = operations.slice(0, namedOperations).map((operation) => `\`${operation}\``);
  const more = operations.length - named.length;
  return more > 0 ? `${named.join(", ")} and ${more} more` : named.join(", ");
}

/** The change's line on its side; file-level (no line) when that side's text is not available. */
function lineOf(change: ApiChange, sites: ChangeSites): { line?: number; side: Side } {
  const text = change.side === "LEFT" ? sites.base : sites.head;
  if (text === undefined) return { side: "RIGHT" };
  const located = locatePointer(text, change.pointer);
  if (located === undefined) return { side: "RIGHT" };
  const touched = sites.touched?.[change.side];
  if (touched === undefined || touched.has(located.line)) return { line: located.line, side: change.side };
  const ancestor = [...located.trail].reverse().find((line) => touched.has(line));
  return { line: ancestor ?? located.line, side: change.side };
}
