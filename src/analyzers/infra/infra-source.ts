// The head text an infrastructure analyzer reviews, or the note that says why a file was not reviewed.
import type { ChangedFile } from "../../domain/model.js";
import type { AnalysisResult, AnalyzerNote } from "../analyzer.js";
import { missingHead } from "../missing-head.js";

/**
 * Generated manifests (rendered charts, CRD bundles) can run to megabytes; parsing 5 MB of YAML costs
 * seconds of worker time for findings nobody acts on, since such files are reviewed at their source.
 */
export const maxInfraFileChars = 1_000_000;

export type InfraSource = { ok: true; text: string } | { ok: false; result: AnalysisResult };

/** `kind` names the checks in notes: "Dockerfile", "manifest", "workflow", "Terraform". */
export function infraSource(file: ChangedFile, kind: string): InfraSource {
  const text = file.headContent;
  if (text === undefined) {
    const message = `\`${file.path}\`: the head version could not be read; its ${kind} checks were not run.`;
    return { ok: false, result: missingHead(file, message) };
  }
  const tooLarge = oversizeNote(file.path, text, kind);
  if (tooLarge !== undefined) return { ok: false, result: { findings: [], notes: [tooLarge] } };
  return { ok: true, text };
}

/** A note for a file over `maxInfraFileChars`, or `undefined` when it is small enough to review. */
export function oversizeNote(path: string, text: string, kind: string): AnalyzerNote | undefined {
  if (text.length <= maxInfraFileChars) return undefined;
  const megabytes = (text.length / 1_000_000).toFixed(1);
  return {
    path,
    message:
      `\`${path}\`: not checked: ${megabytes} MB is over the 1 MB limit for ${kind} files ` +
      "(generated files are best reviewed at their source).",
  };
}

/** The one note for a file that does not parse: what, where, and that nothing in it was checked. */
export function unparseableNote(
  path: string,
  language: string,
  detail: string,
  line?: number,
): AnalysisResult {
  const where = line === undefined ? "" : ` at line ${line}`;
  return note(path, `could not parse ${language}${where} (${firstLine(detail)}); it was not checked`);
}

function note(path: string, message: string): AnalysisResult {
  return { findings: [], notes: [{ path, message: `\`${path}\`: ${message}.` }] };
}

/** Parser messages can carry a code excerpt over several lines; the note is one line. */
function firstLine(text: string): string {
  const line = text.split("\n", 1)[0]?.trim() ?? "";
  return line.length > 200 ? `${line.slice(0, 197)}…` : line;
}
