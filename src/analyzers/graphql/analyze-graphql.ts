// Reviews one GraphQL SDL file: graphql-js's findBreakingChanges (A10) and findDangerousChanges (A11) on the
// base and head schemas, one finding per change, on the line of the element the change is about.
import {
  type BreakingChange,
  type DangerousChange,
  type DocumentNode,
  findBreakingChanges,
  findDangerousChanges,
} from "graphql";
import type { Finding, Side } from "../../domain/model.js";
import type { AnalysisResult, AnalyzerNote } from "../analyzer.js";
import type { BaseHeadRevision } from "../base-head-analysis.js";
import { makeFinding } from "../make-finding.js";
import { graphqlRules } from "./graphql-rules.js";
import { loadGraphqlSchema } from "./load-graphql-schema.js";
import { type SchemaChangeSite, schemaChangeSite } from "./schema-change-site.js";
import { type SdlElement, sdlElements } from "./sdl-elements.js";

/** The SDL before and after; touched lines are preferred anchors inside a changed or removed element. */
export type GraphqlRevision = BaseHeadRevision;

export interface GraphqlComparison {
  breaking: BreakingChange[];
  dangerous: DangerousChange[];
  base?: DocumentNode;
  head?: DocumentNode;
  notes: AnalyzerNote[];
}

/** Builds both schemas and compares them; shared by the analyzer and the conformance scorer. */
export function compareGraphql(revision: GraphqlRevision): GraphqlComparison {
  const { path } = revision;
  const none: GraphqlComparison = { breaking: [], dangerous: [], notes: [] };
  const head = loadGraphqlSchema(revision.head);
  if (head.kind === "not-a-schema") return none;
  if (head.kind === "invalid") {
    return {
      ...none,
      notes: [{ path, message: `\`${path}\`: ${head.reason}; its schema was not compared.` }],
    };
  }
  if (revision.base === undefined) return { ...none, head: head.document };
  const base = loadGraphqlSchema(revision.base);
  if (base.kind === "not-a-schema") return { ...none, head: head.document };
  if (base.kind === "invalid") {
    const message = `\`${path}\`: the base version could not be read (${base.reason}); the schema was not compared.`;
    return { ...none, head: head.document, notes: [{ path, message }] };
  }
  return {
    breaking: findBreakingChanges(base.schema, head.schema),
    dangerous: findDangerousChanges(base.schema, head.schema),
    base: base.document,
    head: head.document,
    notes: [],
  };
}

/** Removals that took out an element whose deprecation reason names a date that has passed. */
const removalTypes = new Set(["TYPE_REMOVED", "FIELD_REMOVED", "VALUE_REMOVED_FROM_ENUM", "ARG_REMOVED"]);

export function analyzeGraphql(revision: GraphqlRevision): AnalysisResult {
  const { path } = revision;
  const comparison = compareGraphql(revision);
  if (comparison.head === undefined || comparison.base === undefined) {
    return { findings: [], notes: comparison.notes };
  }
  const head = sdlElements(comparison.head);
  const base = sdlElements(comparison.base);
  const now = revision.now ?? new Date();

  const findings: Finding[] = [];
  const report = (change: BreakingChange | DangerousChange, breaking: boolean) => {
    const site = schemaChangeSite(change);
    const where = anchorOf(site, { head, base }, revision);
    const sunset = removalTypes.has(change.type) ? passedRemovalDate(base.get(site.element), now) : undefined;
    const rule = breaking ? graphqlRules.breakingChange : graphqlRules.dangerousChange;
    const lead = `\`${site.subject}\`: ${change.description}`;
    const subCode = `(graphql-js: ${change.type})`;
    const finding = makeFinding(rule, {
      path,
      ...where,
      subject: site.subject,
      message:
        sunset === undefined
          ? `${lead.replace(/\.$/, "")} ${subCode}.`
          : `${lead} It was deprecated with the removal date ${sunset}, which has passed ${subCode}.`,
      ...(breaking && sunset === undefined
        ? {
            haltQuestion: `${lead} Which clients consume this, and is this a deliberate breaking change (new major version, deprecation notice sent)?`,
          }
        : {}),
    });
    findings.push(sunset === undefined ? finding : { ...finding, severity: "info" });
  };
  for (const change of comparison.breaking) report(change, true);
  for (const change of comparison.dangerous) report(change, false);
  return { findings, notes: comparison.notes };
}

/**
 * The element on the head side while it exists, else where it was on the base side, else its parent in the
 * head; inside the element, the first line the PR touched (a union spread over lines, a long type).
 */
function anchorOf(
  site: SchemaChangeSite,
  elements: { head: Map<string, SdlElement>; base: Map<string, SdlElement> },
  revision: GraphqlRevision,
): { line?: number; side?: Side } {
  const candidates: Array<[Side, SdlElement | undefined]> = [
    ["RIGHT", elements.head.get(site.element)],
    ["LEFT", elements.base.get(site.element)],
    ["RIGHT", site.parent === undefined ? undefined : elements.head.get(site.parent)],
  ];
  for (const [side, element] of candidates) {
    if (element === undefined) continue;
    const touched = side === "RIGHT" ? revision.addedLines : revision.deletedLines;
    if (touched === undefined || touched.has(element.line)) return { line: element.line, side };
    for (let line = element.startLine; line <= element.endLine; line++) {
      if (touched.has(line)) return { line, side };
    }
    return { line: element.line, side };
  }
  return {};
}

/** A date (`2024-06-30`) in the deprecation reason is read as the announced removal date. */
function passedRemovalDate(element: SdlElement | undefined, now: Date): string | undefined {
  const date = element?.deprecation?.match(/\b\d{4}-\d{2}-\d{2}\b/)?.[0];
  if (date === undefined) return undefined;
  const time = Date.parse(date);
  return !Number.isNaN(time) && time <= now.getTime() ? date : undefined;
}
