// The GitHub Actions analyzer family: `.github/workflows/*.yml`, the repository's own CI supply chain.
import type { Analyzer } from "../analyzer.js";
import { infraSource, unparseableNote } from "../infra/infra-source.js";
import { parseYamlDocuments } from "../infra/parse-yaml-documents.js";
import { analyzeWorkflow } from "./analyze-workflow.js";

/** GitHub only runs workflows directly in this folder. */
const workflowPath = /^\.github\/workflows\/[^/]+\.ya?ml$/i;

export const workflowAnalyzer: Analyzer = {
  id: "workflow",
  appliesTo: (file) =>
    file.skipped === undefined && file.category === "infra" && workflowPath.test(file.path),
  needs: { base: false, head: true },
  async analyze(file) {
    const source = infraSource(file, "workflow");
    if (!source.ok) return source.result;
    const parsed = parseYamlDocuments(source.text);
    if (!parsed.ok) return unparseableNote(file.path, "YAML", parsed.message, parsed.line);
    const document = parsed.documents[0];
    if (document === undefined) return { findings: [], notes: [] };
    const lines = source.text.split("\n");
    return {
      findings: analyzeWorkflow(document, { path: file.path, addedLines: file.addedLines, lines }),
      notes: [],
    };
  },
};
