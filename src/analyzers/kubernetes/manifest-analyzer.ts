// The manifest analyzer family: Kubernetes objects, docker-compose services and Helm values, all YAML.
import type { ChangedFile, Finding } from "../../domain/model.js";
import type { Analyzer } from "../analyzer.js";
import { infraSource, unparseableNote } from "../infra/infra-source.js";
import { parseYamlDocuments, type YamlDocument } from "../infra/parse-yaml-documents.js";
import { asList, asMap } from "../infra/plain-data.js";
import { isComposeDocument, reviewCompose } from "./review-compose.js";
import { reviewHelmValues } from "./review-helm-values.js";
import { reviewWorkload } from "./review-workload.js";

const yamlFile = /\.ya?ml$/i;
/** Workflows have their own analyzer. */
const workflowFile = /^\.github\/workflows\//;
const helmValuesFile = /(?:^|\/)values[^/]*\.ya?ml$/i;
const helmTemplateFolder = /(?:^|\/)templates\//;

function isManifest(file: ChangedFile): boolean {
  return yamlFile.test(file.path) && !workflowFile.test(file.path);
}

export const manifestAnalyzer: Analyzer = {
  id: "manifest",
  appliesTo: (file) => file.skipped === undefined && file.category === "infra" && isManifest(file),
  needs: { base: false, head: true },
  async analyze(file) {
    const source = infraSource(file, "manifest");
    if (!source.ok) return source.result;
    const text = source.text;
    // Helm templates are Go templates that produce YAML, not YAML (analyzers reference §2).
    if (helmTemplateFolder.test(file.path) && text.includes("{{")) return { findings: [], notes: [] };

    const parsed = parseYamlDocuments(text);
    if (!parsed.ok) {
      // A templated file outside `templates/` (kustomize-less Go templates, Jinja) is not ours to parse.
      if (text.includes("{{")) return { findings: [], notes: [] };
      return unparseableNote(file.path, "YAML", parsed.message, parsed.line);
    }
    const findings: Finding[] = [];
    for (const document of parsed.documents) {
      findings.push(...reviewDocument(document, file));
    }
    return { findings, notes: [] };
  },
};

function reviewDocument(document: YamlDocument, file: ChangedFile): Finding[] {
  const value = asMap(document.value);
  if (value === undefined) return [];
  const scope = { path: file.path, addedLines: file.addedLines, document };
  if (typeof value.kind === "string" && typeof value.apiVersion === "string") {
    if (value.kind !== "List") return reviewWorkload(value, [], scope);
    return asList(value.items).flatMap((item, index) => {
      const object = asMap(item);
      return object === undefined ? [] : reviewWorkload(object, ["items", index], scope);
    });
  }
  if (isComposeDocument(value)) return reviewCompose(value, scope);
  if (helmValuesFile.test(file.path)) return reviewHelmValues(value, scope);
  return [];
}
