// Surface changes of one file as findings: the catalogue rule, a line the PR touched where one exists
// (removals on the old side), a message that names the endpoint or shape, and the HALT question.
import type { ChangedFile, Finding, Side } from "../../domain/model.js";
import { deletedLines } from "../deleted-lines.js";
import { makeFinding } from "../make-finding.js";
import { openApiRules } from "../openapi/openapi-rules.js";
import type { Endpoint, Guard, ShapeField } from "./api-surface.js";
import { apiSurfaceRules } from "./api-surface-rules.js";
import type { SurfaceChange } from "./compare-api-surfaces.js";

interface Anchor {
  line?: number;
  side: Side;
}

/** A candidate line on a side; the first one the PR touched wins, else the first GitHub accepts. */
type Candidate = [Side, number];

/**
 * Keys clients call by name. Views, controller actions, handler functions and security rules are named by
 * the code: removing one is a refactor unless its route goes too (and the route is what gets reported).
 */
const clientVisible = /^(?:[A-Z]+ \/|graphql |rpc |trpc )/;

export interface SurfaceFindingOptions {
  /**
   * The PR changes a GraphQL SDL file too: the schema analyzer reports removed fields from it (with
   * graphql-js's own words), so the same removal seen in resolver code is not reported twice.
   */
  graphqlSchemaChanged?: boolean;
}

export function surfaceFindings(
  file: ChangedFile,
  changes: readonly SurfaceChange[],
  options: SurfaceFindingOptions = {},
): Finding[] {
  const deleted = deletedLines(file);
  const anchor = (candidates: readonly Candidate[]): Anchor => anchorOf(file, deleted, candidates);
  const findings: Finding[] = [];
  for (const change of changes) {
    switch (change.kind) {
      case "endpoint-removed": {
        const { endpoint } = change;
        if (!clientVisible.test(endpoint.key)) break;
        if (options.graphqlSchemaChanged === true && endpoint.key.startsWith("graphql ")) break;
        const where = anchor(span("LEFT", endpoint));
        findings.push(
          makeFinding(openApiRules.endpointRemoved, {
            path: file.path,
            ...where,
            subject: endpoint.label,
            message: `Removes \`${endpoint.label}\`${handlerOf(endpoint)}: every client that still calls it gets a 404 (or 405) as soon as this deploys.`,
            haltQuestion: `\`${endpoint.label}\` is removed. Which clients still call it, and is this a deliberate breaking change (new major version, deprecation notice sent)?`,
          }),
        );
        break;
      }
      case "auth-weakened": {
        const { head, removed, allowsAll } = change;
        // The new line where the PR changed the endpoint itself; the removed guard's old line where the
        // guard went elsewhere (a deleted `router.use(requireAuth)`).
        const where = anchor([
          ...allowsAll.map((guard): Candidate => ["RIGHT", guard.line]),
          ...span("RIGHT", head),
          ...removed.map((guard): Candidate => ["LEFT", guard.line]),
        ]);
        findings.push(
          makeFinding(apiSurfaceRules.authWeakened, {
            path: file.path,
            ...where,
            subject: head.label,
            message: `\`${head.label}\` ${weakening(removed, allowsAll)}: callers it refused before are let in as soon as this deploys.`,
            haltQuestion: `This removes authentication or authorization from \`${head.label}\` (${weakening(removed, allowsAll)}). Is public access intended? What compensating control applies?`,
          }),
        );
        break;
      }
      case "status-changed": {
        const { head, removed, added } = change;
        findings.push(
          makeFinding(apiSurfaceRules.statusCodeChanged, {
            path: file.path,
            ...anchor(span("RIGHT", head)),
            subject: head.label,
            message: `\`${head.label}\` now answers ${codes(added.length > 0 ? added : head.statusCodes)} where it answered ${codes(removed)}: clients that check for ${codes(removed)} treat a success as a failure.`,
          }),
        );
        break;
      }
      case "fields-removed": {
        const { base, fields } = change;
        const where = anchor(fields.map((field): Candidate => ["LEFT", field.line]));
        const names = fieldList(fields);
        if (base.role === "request") {
          findings.push(
            makeFinding(openApiRules.requestPropertyRemoved, {
              path: file.path,
              ...where,
              subject: base.name,
              message: `\`${base.name}\` no longer accepts ${names}: clients that still send ${fields.length === 1 ? "it" : "them"} have ${fields.length === 1 ? "it" : "them"} ignored, or rejected where unknown fields are refused.`,
            }),
          );
          break;
        }
        findings.push(
          makeFinding(openApiRules.responseFieldRemoved, {
            path: file.path,
            ...where,
            subject: base.name,
            message: `${names} ${fields.length === 1 ? "is" : "are"} removed from \`${base.name}\`: clients that read ${fields.length === 1 ? "it" : "them"} get nothing where the contract promised a value.`,
            haltQuestion: `\`${base.name}\` no longer ${base.role === "both" || base.role === "unknown" ? "has" : "returns"} ${names}. Which clients read ${fields.length === 1 ? "it" : "them"}, and is this a deliberate breaking change (new major version, deprecation period)?`,
          }),
        );
        break;
      }
      case "fields-newly-required": {
        const { head, fields } = change;
        findings.push(
          makeFinding(openApiRules.requestNewlyRequired, {
            path: file.path,
            ...anchor(fields.map((field): Candidate => ["RIGHT", field.line])),
            subject: head.name,
            message: `\`${head.name}\` now requires ${fieldList(fields)}: clients built against the previous contract do not send ${fields.length === 1 ? "it" : "them"}, so their requests start failing validation.`,
            haltQuestion: `\`${head.name}\` now requires ${fieldList(fields)}. Which clients send this request, and can they all send ${fields.length === 1 ? "it" : "them"} from the day this deploys?`,
          }),
        );
        break;
      }
    }
  }
  return findings;
}

function anchorOf(file: ChangedFile, deleted: ReadonlySet<number>, candidates: readonly Candidate[]): Anchor {
  const touched = candidates.find(([side, line]) =>
    side === "RIGHT" ? file.addedLines.has(line) : deleted.has(line),
  );
  const commentable = touched ?? candidates.find(([side, line]) => file.commentable[side].has(line));
  if (commentable !== undefined) return { side: commentable[0], line: commentable[1] };
  // Nothing of the declaration is in the diff (a prefix changed elsewhere): a file-level finding.
  return { side: candidates[0]?.[0] ?? "RIGHT" };
}

/** Every line of an endpoint's declaration, on one side. */
function span(side: Side, endpoint: Endpoint): Candidate[] {
  const lines: Candidate[] = [];
  for (let line = endpoint.line; line <= endpoint.endLine; line++) lines.push([side, line]);
  return lines;
}

function handlerOf(endpoint: Endpoint): string {
  return endpoint.handler === undefined || endpoint.label.includes(endpoint.handler)
    ? ""
    : ` (handler \`${endpoint.handler}\`)`;
}

function weakening(removed: readonly Guard[], allowsAll: readonly Guard[]): string {
  const parts: string[] = [];
  if (allowsAll.length > 0) parts.push(`now allows anonymous callers through ${guardList(allowsAll)}`);
  if (removed.length > 0) parts.push(`no longer requires ${guardList(removed)}`);
  return parts.join(" and ");
}

function guardList(guards: readonly Guard[]): string {
  return listOf(guards.map((guard) => `\`${guard.name}\``));
}

function fieldList(fields: readonly ShapeField[]): string {
  return listOf(fields.map((field) => `\`${field.name}\``));
}

function codes(statuses: readonly number[]): string {
  return listOf(statuses.map(String), "or");
}

function listOf(items: readonly string[], conjunction = "and"): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} ${conjunction} ${items[items.length - 1]}`;
}
