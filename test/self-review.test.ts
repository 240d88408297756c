// The project reviews its own shipping files: the Dockerfile, docker-compose.yml, action.yml and the
// workflows (the documented example included, at the path a repository would give it) pass the project's
// own analyzers as newly added files, with nothing at severity major or blocker and every file checked.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultAnalyzers } from "../src/analyzers/registry.js";
import type { ChangedFile, Finding } from "../src/domain/model.js";
import { addedFile } from "./helpers/changed-file.js";

const root = join(import.meta.dirname, "..");

/** `[path in this repository, path the analyzers see it at]`. */
function shippedFiles(): Array<[string, string]> {
  const folder = join(root, ".github/workflows");
  const workflows = (existsSync(folder) ? readdirSync(folder, { withFileTypes: true }) : [])
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry): [string, string] => [`.github/workflows/${entry.name}`, `.github/workflows/${entry.name}`]);
  return [
    ["Dockerfile", "Dockerfile"],
    ["docker-compose.yml", "docker-compose.yml"],
    ["action.yml", "action.yml"],
    ...workflows,
    // Not active here (docs/), reviewed where a repository copies it.
    ["docs/workflows/backend-architect.yml", ".github/workflows/backend-architect.yml"],
  ];
}

async function review(files: readonly ChangedFile[]) {
  const findings: Finding[] = [];
  const notes: string[] = [];
  const checked = new Set<string>();
  for (const file of files) {
    for (const analyzer of defaultAnalyzers) {
      if (!analyzer.appliesTo(file)) continue;
      checked.add(file.path);
      const result = await analyzer.analyze(file, { files });
      findings.push(...result.findings);
      notes.push(
        ...result.notes.filter((note) => note.informational !== true).map((n) => `${n.path}: ${n.message}`),
      );
    }
  }
  return { findings, notes, checked };
}

const describeFinding = (finding: Finding) =>
  `${finding.path}:${finding.line ?? "-"} ${finding.severity} ${finding.ruleId}: ${finding.message}`;

describe("self-review", () => {
  it("finds nothing major or blocking in the project's Dockerfile, compose file, action and workflows", async () => {
    const files = shippedFiles().map(([source, path]) =>
      addedFile(path, readFileSync(join(root, source), "utf8")),
    );
    const { findings, notes, checked } = await review(files);

    const serious = findings.filter(
      (finding) => finding.severity === "blocker" || finding.severity === "major",
    );
    expect(serious.map(describeFinding)).toEqual([]);
    expect(notes).toEqual([]);
    // The infrastructure analyzers did look at them (a path they skip would pass vacuously).
    expect([...checked].sort()).toEqual(
      expect.arrayContaining(["Dockerfile", "docker-compose.yml", ".github/workflows/backend-architect.yml"]),
    );
    if (findings.length > 0)
      console.info(`self-review, below major:\n${findings.map(describeFinding).join("\n")}`);
  });
});
