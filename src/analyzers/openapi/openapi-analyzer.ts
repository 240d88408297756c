// The OpenAPI analyzer family: contract diff (A1–A8) and OWASP checks (A9) for Swagger 2 / OpenAPI 3 files.
import type { Analyzer } from "../analyzer.js";
import { analyzeBaseHead } from "../base-head-analysis.js";
import { analyzeOpenApi } from "./analyze-openapi.js";

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
  analyze: (file) => analyzeBaseHead(file, "its API contract was not checked", analyzeOpenApi),
};
