// Runs the infrastructure analyzers over every infra file of the shared corpus of real changes, when it is
// checked out: nothing may throw, and every finding must point at a real line of its side.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { workflowAnalyzer } from "../../../src/analyzers/actions/workflow-analyzer.js";
import type { Analyzer } from "../../../src/analyzers/analyzer.js";
import { dockerfileAnalyzer } from "../../../src/analyzers/docker/dockerfile-analyzer.js";
import { manifestAnalyzer } from "../../../src/analyzers/kubernetes/manifest-analyzer.js";
import { terraformAnalyzer } from "../../../src/analyzers/terraform/terraform-analyzer.js";
import { toChangedFile } from "../../../src/diff/to-changed-file.js";
import type { ChangedFile } from "../../../src/domain/model.js";
import { readLocalCase } from "../../../src/local/read-local-case.js";

// Relative to the repository root, where vitest runs.
const corpus = "../shared/corpus/real";
const infraAnalyzers: readonly Analyzer[] = [
  dockerfileAnalyzer,
  manifestAnalyzer,
  terraformAnalyzer,
  workflowAnalyzer,
];
const cases = existsSync(corpus)
  ? readdirSync(corpus).filter((name) => existsSync(path.join(corpus, name, "pr.json")))
  : [];

describe.skipIf(!existsSync(corpus))("infrastructure analyzers on the real corpus", () => {
  it.each(cases)("%s: reviews every infra file without throwing, on real lines", async (name) => {
    const local = await readLocalCase(path.join(corpus, name));
    const files: ChangedFile[] = [];
    for (const raw of local.rawFiles) {
      const head = raw.status === "removed" ? undefined : await local.contents.read(raw.path, "head");
      const file = toChangedFile(raw, head);
      if (raw.status !== "added") {
        const base = await local.contents.read(raw.previousPath ?? raw.path, "base");
        if (base !== undefined) file.baseContent = base;
      }
      files.push(file);
    }
    for (const file of files.filter((candidate) => candidate.category === "infra")) {
      for (const analyzer of infraAnalyzers.filter((candidate) => candidate.appliesTo(file))) {
        const result = await analyzer.analyze(file, { files });
        for (const finding of result.findings) {
          const text = finding.side === "LEFT" ? file.baseContent : file.headContent;
          const lines = text?.split("\n").length ?? 0;
          expect(finding.line, `${finding.ruleId} ${file.path}`).toBeGreaterThanOrEqual(1);
          expect(finding.line, `${finding.ruleId} ${file.path}`).toBeLessThanOrEqual(lines);
        }
        if (process.env.INFRA_CORPUS_REPORT) {
          for (const finding of result.findings) {
            console.log(
              `${name}\t${file.path}:${finding.line}\t${finding.ruleId}\t${finding.severity}\t${finding.subject}`,
            );
          }
          for (const note of result.notes) console.log(`${name}\tNOTE\t${note.message}`);
        }
      }
    }
  });
});
