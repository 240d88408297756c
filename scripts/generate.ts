// Writes the generated files: docs/rules.md and schema/backend-architect.schema.json.
//   npm run generate          (writes them)
//   npm run generate -- --check  (exits 1 if a committed file is out of date)
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { allRules } from "../src/analyzers/registry.js";
import { renderRulesDoc } from "../src/analyzers/render-rules-doc.js";
import { repoConfigJsonSchema } from "../src/config/repo-config-json-schema.js";

const outputs: Array<[string, string]> = [
  ["docs/rules.md", renderRulesDoc(allRules)],
  ["schema/backend-architect.schema.json", repoConfigJsonSchema()],
];

const check = process.argv.includes("--check");
let stale = 0;
for (const [path, text] of outputs) {
  if (check) {
    let current = "";
    try {
      current = readFileSync(path, "utf8");
    } catch {}
    if (current !== text) {
      console.error(`${path} is out of date: run npm run generate`);
      stale++;
    }
  } else {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    console.log(`wrote ${path}`);
  }
}
process.exitCode = stale > 0 ? 1 : 0;
