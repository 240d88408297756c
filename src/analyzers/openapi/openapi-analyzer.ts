// The OpenAPI analyzer family: contract diff (A1–A8) and OWASP checks (A9) for Swagger 2 / OpenAPI 3 files.
import type { ChangedFile } from "../../domain/model.js";
import type { Analyzer } from "../analyzer.js";
import { analyzeOpenApi, type OpenApiRevision } from "./analyze-openapi.js";

const specExtension = /\.(?:ya?ml|json)$/i;
/** Same marker the classifier sniffs for: a top-level `openapi:`/`swagger:` key, in YAML or JSON. */
const specMarker = /^(?:openapi|swagger)\s*:|^\s*\{?\s*"(?:openapi|swagger)"\s*:/m;

export const openapiAnalyzer: Analyzer = {
  id: "openapi",
  // Decided before contents are fetched, so the path must do; content that says otherwise is skipped later.
  appliesTo: (file) =>
    file.skipped === undefined &&
    specExtension.test(file.path) &&
    (file.category === "api" || (file.headContent !== undefined && specMarker.test(file.headContent))),
  needs: { base: true, head: true },
  async analyze(file: ChangedFile) {
    // A deleted spec may have moved or been split; without a head there is no contract to compare with.
    if (file.status === "removed") return { findings: [], notes: [] };
    if (file.headContent === undefined) {
      return {
        findings: [],
        notes: [
          {
            path: file.path,
            message: `\`${file.path}\`: the head version could not be read; its API contract was not checked.`,
          },
        ],
      };
    }
    const revision: OpenApiRevision = {
      path: file.path,
      head: file.headContent,
      addedLines: file.addedLines,
      deletedLines: deletedLines(file),
    };
    if (file.baseContent !== undefined) revision.base = file.baseContent;
    return analyzeOpenApi(revision);
  },
};

/** Base lines the PR deleted (`-` lines): where a removed element is anchored on the LEFT side. */
function deletedLines(file: ChangedFile): Set<number> {
  const lines = new Set<number>();
  for (const hunk of file.hunks) {
    for (const line of hunk.lines)
      if (line.kind === "del" && line.oldLine !== undefined) lines.add(line.oldLine);
  }
  return lines;
}
