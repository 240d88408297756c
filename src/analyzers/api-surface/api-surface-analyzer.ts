// The API surface declared in code (routes, guards, status codes, serializers and schemas), base vs head:
// removed endpoints and response fields, weakened authentication, newly required inputs, changed statuses.
import type { Analyzer } from "../analyzer.js";
import { hasApiSurface, prSurfaces } from "./pr-surfaces.js";
import { surfaceFindings } from "./surface-findings.js";

const graphqlSchema = /\.(?:graphqls?|gql)$/i;

export const apiSurfaceAnalyzer: Analyzer = {
  id: "api-surface",
  appliesTo: hasApiSurface,
  needs: { base: true, head: true },
  async analyze(file, context) {
    // Extraction never throws: a file that could not be parsed comes back as a failure with its reason.
    const surfaces = await prSurfaces(context.files);
    const failure = surfaces.failures.get(file.path);
    if (failure !== undefined) {
      return {
        findings: [],
        notes: [
          {
            path: file.path,
            message: `\`${file.path}\`: its API surface could not be extracted (${failure}); endpoints and fields were not compared.`,
          },
        ],
      };
    }
    const changes = surfaces.changes.filter((change) => change.path === file.path);
    const graphqlSchemaChanged = context.files.some(
      (other) => other.skipped === undefined && other.category === "api" && graphqlSchema.test(other.path),
    );
    return { findings: surfaceFindings(file, changes, { graphqlSchemaChanged }), notes: [] };
  },
};
