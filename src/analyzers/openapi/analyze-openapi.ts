// Reviews one OpenAPI/Swagger file: the contract diff base → head (A1–A8) and the OWASP subset on what the
// PR touched (A9). Malformed input becomes at most one note naming the file, never an exception.
import { errorMessage } from "../../domain/error-message.js";
import type { Finding } from "../../domain/model.js";
import type { AnalysisResult, AnalyzerNote } from "../analyzer.js";
import type { BaseHeadRevision } from "../base-head-analysis.js";
import { apiChangeFindings, type ChangeSites } from "./api-change-findings.js";
import { toApiModel } from "./api-model.js";
import { type ApiChange, diffOpenApi } from "./diff-openapi.js";
import { anchorMaxBytes, type LoadedSpec, loadOpenApi } from "./load-openapi.js";
import { owaspOnChangedOperations } from "./owasp-on-changed-operations.js";

/** The spec before and after. A9 runs only on `addedLines`; without them the whole head counts as added. */
export type OpenApiRevision = BaseHeadRevision;

export interface OpenApiComparison {
  /** Undefined when the head is not a spec (skipped quietly) or could not be read (see `notes`). */
  head?: LoadedSpec;
  base?: LoadedSpec;
  changes: ApiChange[];
  notes: AnalyzerNote[];
}

/** Loads both sides and diffs them; shared by the analyzer and the conformance scorer. */
export async function compareOpenApi(revision: OpenApiRevision): Promise<OpenApiComparison> {
  const { path } = revision;
  const notes: AnalyzerNote[] = [];
  const head = await loadOpenApi(revision.head, path);
  if (head.kind === "not-a-spec") return { changes: [], notes };
  if (head.kind === "invalid") {
    notes.push({ path, message: `\`${path}\`: ${head.reason}; its API contract was not checked.` });
    return { changes: [], notes };
  }
  let base: LoadedSpec | undefined;
  if (revision.base !== undefined) {
    const loaded = await loadOpenApi(revision.base, path);
    if (loaded.kind === "spec") base = loaded.spec;
    else if (loaded.kind === "invalid") {
      notes.push({
        path,
        message: `\`${path}\`: the base version could not be read (${loaded.reason}); the head was checked as a new spec, without a contract diff.`,
      });
    }
  }
  const options = revision.now === undefined ? {} : { now: revision.now };
  const changes = diffOpenApi(base && toApiModel(base.api), toApiModel(head.spec.api), options);
  const comparison: OpenApiComparison = { head: head.spec, changes, notes };
  if (base !== undefined) comparison.base = base;
  return comparison;
}

export async function analyzeOpenApi(revision: OpenApiRevision): Promise<AnalysisResult> {
  const { path } = revision;
  const { head, base, changes, notes } = await compareOpenApi(revision);
  if (head === undefined) return { findings: [], notes };

  const addedLines = revision.addedLines ?? allLines(revision.head);
  const sites: ChangeSites = { path };
  if (head.text !== undefined) sites.head = head.text;
  if (base?.text !== undefined) sites.base = base.text;
  if (revision.deletedLines !== undefined) sites.touched = { LEFT: revision.deletedLines, RIGHT: addedLines };
  const findings: Finding[] = apiChangeFindings(changes, sites);

  if (head.text === undefined) {
    notes.push({
      path,
      message:
        `\`${path}\` is over ${anchorMaxBytes / 1_000_000} MB: its contract changes are reported for the file ` +
        "rather than on lines, and the OWASP checks were skipped.",
    });
  } else {
    try {
      const owasp = await owaspOnChangedOperations(head.raw, head.text, path, addedLines);
      findings.push(...owasp.findings);
      if (owasp.unlisted.size > 0)
        notes.push({ path, message: unlistedMessage(path, owasp.unlisted), informational: true });
    } catch (error) {
      const reason = errorMessage(error);
      notes.push({
        path,
        message: `\`${path}\`: the OWASP checks failed (${reason}); the contract diff still ran.`,
      });
    }
  }
  if (head.externalRefs > 0) {
    const n = head.externalRefs;
    notes.push({
      path,
      message: `\`${path}\`: ${n} \`$ref\`${n === 1 ? "" : "s"} to other files or URLs ${n === 1 ? "was" : "were"} not followed; changes behind ${n === 1 ? "it" : "them"} were not compared.`,
    });
  }
  return { findings, notes };
}

function unlistedMessage(path: string, unlisted: ReadonlyMap<string, number>): string {
  const total = [...unlisted.values()].reduce((sum, count) => sum + count, 0);
  const counts = [...unlisted]
    .sort(([, a], [, b]) => b - a)
    .map(([code, count]) => `${code} ×${count}`)
    .join(", ");
  return `\`${path}\`: ${total} more OWASP results on the lines this PR added are not listed (${counts}).`;
}

function allLines(text: string): Set<number> {
  const count = text.split("\n").length;
  return new Set(Array.from({ length: count }, (_, index) => index + 1));
}
