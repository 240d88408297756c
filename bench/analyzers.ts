// Analyzer time per real case: the whole offline pipeline (diff → analyzers → architect) over every case
// folder of a corpus, without GitHub. Prints a table and writes bench/results/analyzers.json.
//   npx tsx bench/analyzers.ts [../shared/corpus/real]
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { defaultAnalyzers } from "../src/analyzers/registry.js";
import { readLocalCase } from "../src/local/read-local-case.js";
import { reviewChanges } from "../src/pipeline/review-changes.js";

const root = process.argv[2] ?? "../shared/corpus/real";
if (!existsSync(root)) {
  console.log(`analyzers bench: ${root} not found; nothing to measure`);
  process.exit(0);
}

const cases = readdirSync(root, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, "pr.json")))
  .map((entry) => entry.name)
  .sort();

const rows: Array<{ case: string; files: number; findings: number; ms: number }> = [];
const started = performance.now();
for (const name of cases) {
  const local = await readLocalCase(join(root, name));
  const t0 = performance.now();
  const result = await reviewChanges({ ...local, analyzers: defaultAnalyzers });
  rows.push({
    case: name,
    files: result.files.length,
    findings: result.outcome.findings.length + result.outcome.questions.length,
    ms: Math.round((performance.now() - t0) * 10) / 10,
  });
}
const totalMs = Math.round(performance.now() - started);

console.log(`${"case".padEnd(14)} ${"files".padStart(5)} ${"found".padStart(5)} ${"ms".padStart(8)}`);
for (const row of rows) {
  console.log(
    `${row.case.padEnd(14)} ${String(row.files).padStart(5)} ${String(row.findings).padStart(5)} ${row.ms.toFixed(1).padStart(8)}`,
  );
}
console.log(`whole corpus (${rows.length} cases, reading included): ${totalMs} ms (target: under 5,000 ms)`);
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/analyzers.json", `${JSON.stringify({ totalMs, rows }, null, 2)}\n`);
