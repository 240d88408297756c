// A review outcome as a SARIF 2.1.0 log for GitHub code scanning: one run, the rule catalogue as the driver's
// rules, one result per finding and per HALT question. Pure.
import type { RuleDefinition } from "../analyzers/rule.js";
import type { Finding, Question, ReviewOutcome, Severity, Side } from "../domain/model.js";

export type SarifLevel = "error" | "warning" | "note";

export interface SarifRule {
  id: string;
  shortDescription: { text: string };
  fullDescription?: { text: string };
  help?: { text: string };
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel };
  properties: { category?: string; severity?: Severity; halts?: boolean; tags: string[] };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations?: Array<{
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId: "%SRCROOT%" };
      region?: { startLine: number; endLine: number };
    };
  }>;
  partialFingerprints: Record<string, string>;
  properties: { severity?: Severity; halt?: true; acknowledged?: string };
}

export interface SarifLog {
  $schema: string;
  version: "2.1.0";
  runs: [
    {
      tool: { driver: { name: "backend-architect"; informationUri: string; rules: SarifRule[] } };
      results: SarifResult[];
      properties: { verdict: string; model: string };
    },
  ];
}

export const sarifSchemaUri =
  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
export const projectUri = "https://github.com/backend-architect/backend-architect";
/** docs/rules.md has one `## \`<rule id>\`` section per rule of `allRules` (`npm run generate`). */
export const rulesDocUri = `${projectUri}/blob/main/docs/rules.md`;
/** The rule id of a HALT question that no catalogue rule asked (the model's own question). */
export const haltRuleId = "architect/halt";

export const levelOfSeverity: Record<Severity, SarifLevel> = {
  blocker: "error",
  major: "warning",
  minor: "warning",
  info: "note",
};

export function renderSarif(outcome: ReviewOutcome, catalogue: readonly RuleDefinition[]): SarifLog {
  const rules: SarifRule[] = catalogue.map(ruleOf);
  rules.push({
    id: haltRuleId,
    shortDescription: { text: "The architect cannot judge this change without the author's answer" },
    fullDescription: {
      text: "A HALT question: the change may be intended, but whether it is safe depends on something only the author knows.",
    },
    defaultConfiguration: { level: "error" },
    properties: { halts: true, tags: ["halt"] },
  });
  const indexOf = new Map(rules.map((rule, index) => [rule.id, index]));
  /** The model may report under an id the catalogue does not have: it gets a descriptor of its own. */
  const ruleIndex = (ruleId: string, title: string, severity: Severity | undefined): number => {
    const known = indexOf.get(ruleId);
    if (known !== undefined) return known;
    rules.push({
      id: ruleId,
      shortDescription: { text: title },
      defaultConfiguration: { level: severity === undefined ? "error" : levelOfSeverity[severity] },
      properties: { tags: [] },
    });
    indexOf.set(ruleId, rules.length - 1);
    return rules.length - 1;
  };

  const results: SarifResult[] = [];
  for (const question of outcome.questions) {
    const ruleId = question.ruleId ?? haltRuleId;
    const result: SarifResult = {
      ruleId,
      ruleIndex: ruleIndex(ruleId, "HALT question", undefined),
      level: "error",
      message: { text: questionMessage(question) },
      partialFingerprints: { "backendArchitect/v1": question.id },
      properties: { halt: true },
    };
    const locations = locationsOf(question.path, question.line, question.line, question.side ?? "RIGHT");
    if (locations !== undefined) result.locations = locations;
    results.push(result);
  }
  for (const finding of outcome.findings) {
    const result: SarifResult = {
      ruleId: finding.ruleId,
      ruleIndex: ruleIndex(finding.ruleId, finding.title, finding.severity),
      level: levelOfSeverity[finding.severity],
      message: { text: findingMessage(finding) },
      partialFingerprints: { "backendArchitect/v1": finding.fingerprint },
      properties: { severity: finding.severity },
    };
    if (finding.acknowledged !== undefined) result.properties.acknowledged = finding.acknowledged;
    const locations = locationsOf(finding.path, finding.line, finding.endLine, finding.side);
    if (locations !== undefined) result.locations = locations;
    results.push(result);
  }

  return {
    $schema: sarifSchemaUri,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "backend-architect", informationUri: projectUri, rules } },
        results,
        properties: { verdict: outcome.verdict, model: outcome.model },
      },
    ],
  };
}

/** The anchor docs/rules.md gives a rule's section (as `render-rules-doc` writes it). */
export function ruleAnchor(ruleId: string): string {
  return ruleId.replace(/[^a-z0-9-]/g, "");
}

function ruleOf(rule: RuleDefinition): SarifRule {
  return {
    id: rule.id,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.why },
    help: { text: rule.doInstead },
    helpUri: `${rulesDocUri}#${ruleAnchor(rule.id)}`,
    defaultConfiguration: { level: levelOfSeverity[rule.severity] },
    properties: {
      category: rule.category,
      severity: rule.severity,
      halts: rule.halts,
      tags: [rule.category, ...(rule.halts ? ["halt"] : [])],
    },
  };
}

function findingMessage(finding: Finding): string {
  const base =
    finding.side === "LEFT" && finding.line !== undefined ? ` (line ${finding.line} before the change)` : "";
  const confirmed =
    finding.acknowledged === undefined ? "" : ` Confirmed as intended: ${finding.acknowledged}.`;
  return `${finding.title}${base}: ${finding.message}${confirmed}`;
}

function questionMessage(question: Question): string {
  const base =
    question.side === "LEFT" && question.line !== undefined
      ? ` (line ${question.line} before the change)`
      : "";
  return `HALT${base}: ${question.question} Why it blocks: ${question.why}`;
}

/**
 * Code scanning reads locations on the analysed commit (head) and needs a start line. A line on the LEFT side
 * only exists before the change, and a file-level result has none: both are placed on line 1 of the file (the
 * message names the line before the change).
 */
function locationsOf(
  path: string | undefined,
  line: number | undefined,
  endLine: number | undefined,
  side: Side,
): SarifResult["locations"] {
  if (path === undefined || path === "") return undefined;
  const uri = path.split("/").map(encodeURIComponent).join("/");
  const artifactLocation = { uri, uriBaseId: "%SRCROOT%" as const };
  if (line === undefined || side === "LEFT")
    return [{ physicalLocation: { artifactLocation, region: { startLine: 1, endLine: 1 } } }];
  return [
    {
      physicalLocation: {
        artifactLocation,
        region: { startLine: line, endLine: Math.max(endLine ?? line, line) },
      },
    },
  ];
}
