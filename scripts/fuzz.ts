// `npm run fuzz`: the fuzz suites (test/fuzz) with 10,000 generated inputs per property (FUZZ_RUNS, or the first
// argument), then one line per property: inputs tried, failures, the slowest input. Exits non-zero on a failure.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

interface Figures {
  property: string;
  runs: number;
  failures: number;
  slowestMs: number;
}

const runs = process.argv[2] ?? process.env.FUZZ_RUNS ?? "10000";
const folder = mkdtempSync(join(tmpdir(), "fuzz-"));
const report = join(folder, "figures.jsonl");

console.log(`Fuzzing with ${runs} inputs per property (seed ${process.env.FUZZ_SEED ?? "20261206"})…`);
const started = performance.now();
const vitest = spawnSync(
  "npx",
  ["vitest", "run", "test/fuzz", "--reporter=dot", "--testTimeout=0", "--hookTimeout=0"],
  { stdio: "inherit", env: { ...process.env, FUZZ_RUNS: runs, FUZZ_REPORT: report } },
);
const seconds = Math.round((performance.now() - started) / 1000);

let figures: Figures[] = [];
try {
  figures = readFileSync(report, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Figures);
} catch {
  // No figures: vitest failed before any property ran; its own output says why.
}
rmSync(folder, { recursive: true, force: true });

const generated = figures.filter((row) => !row.property.startsWith("pathological "));
const examples = figures.filter((row) => row.property.startsWith("pathological "));
const width = Math.max(...figures.map((row) => row.property.length), 20);
const line = (row: Figures) =>
  `${row.property.padEnd(width)}  ${String(row.runs).padStart(7)}  ${String(row.failures).padStart(8)}  ${row.slowestMs.toFixed(1).padStart(10)}`;
const header = `${"property".padEnd(width)}  ${"inputs".padStart(7)}  ${"failures".padStart(8)}  ${"slowest ms".padStart(10)}`;

console.log(`\nGenerated inputs\n${header}`);
for (const row of generated) console.log(line(row));
console.log(`\nPathological examples (each bounded at 10 s)\n${header}`);
for (const row of examples) console.log(line(row));

const inputs = figures.reduce((sum, row) => sum + row.runs, 0);
const failures = figures.reduce((sum, row) => sum + row.failures, 0);
console.log(
  `\n${generated.length} properties, ${examples.length} pathological examples: ${inputs} inputs, ${failures} failures, ${seconds} s.`,
);
process.exit(failures > 0 || vitest.status !== 0 ? 1 : 0);
