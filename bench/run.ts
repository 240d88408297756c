// Prompt-budget benchmark: how long building the architect's prompt takes, how much memory it needs, and
// how many input tokens it uses against the naive prompt that sends every patch whole.
//   npm run bench
// Prints a table and writes bench/results/prompt-budget.json. Synthetic PRs of 10, 100, 1,000 and 3,000
// files, then every case of ../shared/corpus/real when that folder exists.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { ArchitectInput } from "../src/agent/architect.js";
import { type BuiltPrompt, buildPrompt } from "../src/agent/claude/build-prompt.js";
import { estimateTokens } from "../src/agent/claude/estimate-tokens.js";
import { loadBundledAgent } from "../src/agent/load-agent-definition.js";
import { defaultAnalyzers } from "../src/analyzers/registry.js";
import { toChangedFile } from "../src/diff/to-changed-file.js";
import type { PullRequestSnapshot, RawChangedFile, ReviewOutcome } from "../src/domain/model.js";
import { readLocalCase } from "../src/local/read-local-case.js";
import { reviewChanges } from "../src/pipeline/review-changes.js";
import { syntheticPullRequest } from "./synthetic-pr.js";

/** The architect's default token budget (createClaudeArchitect's `tokenBudget`). */
const tokenBudget = 150_000;
const maxToolTurns = 8;
const here = path.dirname(fileURLToPath(import.meta.url));
const corpusDir = path.resolve(here, "../../shared/corpus/real");
const resultsFile = path.join(here, "results/prompt-budget.json");

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const loaded = await loadBundledAgent();
if (!loaded.ok) throw new Error(loaded.error);
const agent = loaded.agent;

interface Measure {
  name: string;
  files: number;
  buildMs: number;
  heapDeltaMb: number;
  peakRssMb: number;
  tokens: number;
  naiveTokens: number;
  ratio: number;
  /** Persona, protocol, tools, output schema and framing: the same in both prompts, and cached. */
  systemTokens: number;
  /** The per-PR part only (user turn). */
  userTokens: number;
  naiveUserTokens: number;
  userRatio: number;
  filesShown: number;
  filesOmitted: number;
  relevantHunks: number;
  relevantHunksKept: number;
  mixed: boolean;
  analyzers?: string;
}

/** The naive prompt's user turn: title, body and every patch, whole and untagged. */
function naiveUserTokens(snapshot: PullRequestSnapshot, rawFiles: readonly RawChangedFile[]): number {
  let tokens = estimateTokens(`${snapshot.title}\n${snapshot.body}`, "prose");
  for (const file of rawFiles) tokens += estimateTokens(`--- ${file.path}\n${file.patch ?? ""}\n`);
  return tokens;
}

function measure(
  name: string,
  input: ArchitectInput,
  rawFiles: readonly RawChangedFile[],
  analyzers?: string,
): Measure {
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const built: BuiltPrompt = buildPrompt({ agent, input, tokenBudget, maxToolTurns });
  const buildMs = performance.now() - started;
  const heapDelta = process.memoryUsage().heapUsed - heapBefore;
  const peakRss = process.resourceUsage().maxRSS * 1024;

  // The naive request carries the same system prompt, tools and output schema; only the user turn differs.
  const systemTokens = built.estimatedTokens - built.estimatedUserTokens;
  const naiveUser = naiveUserTokens(input.pr, rawFiles);
  const naive = systemTokens + naiveUser;
  const userTokens = built.estimatedUserTokens;
  const relevant = built.coverage.filter((file) => file.category !== "other" && file.shown !== "ignored");
  const others = built.coverage.filter((file) => file.category === "other" && file.shown !== "ignored");
  const result: Measure = {
    name,
    files: input.files.length,
    buildMs: round(buildMs, 1),
    heapDeltaMb: round(heapDelta / 2 ** 20, 1),
    peakRssMb: round(peakRss / 2 ** 20, 0),
    tokens: built.estimatedTokens,
    naiveTokens: naive,
    ratio: round(built.estimatedTokens / naive, 2),
    systemTokens,
    userTokens,
    naiveUserTokens: naiveUser,
    userRatio: round(userTokens / naiveUser, 2),
    filesShown: built.coverage.filter((file) => file.hunksShown > 0).length,
    filesOmitted: built.omitted.length,
    relevantHunks: relevant.reduce((sum, file) => sum + file.hunks, 0),
    relevantHunksKept: relevant.reduce((sum, file) => sum + file.hunksShown, 0),
    mixed: relevant.length > 0 && others.length > 0,
  };
  if (analyzers !== undefined) result.analyzers = analyzers;
  return result;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function inputOf(snapshot: PullRequestSnapshot, rawFiles: RawChangedFile[]): ArchitectInput {
  return {
    pr: snapshot,
    files: rawFiles.map((raw) => toChangedFile(raw)),
    findings: [],
    omitted: [],
    notes: [],
    unchecked: [],
  };
}

/** The architect's input for a corpus case, with the analyzers' findings when the analyzers run. */
async function corpusInput(
  dir: string,
): Promise<{ input: ArchitectInput; rawFiles: RawChangedFile[]; analyzers: string }> {
  const local = await readLocalCase(dir);
  try {
    let captured: ArchitectInput | undefined;
    await reviewChanges({
      ...local,
      analyzers: defaultAnalyzers,
      architect: (input): ReviewOutcome => {
        captured = input;
        return {
          verdict: "clear",
          summary: "",
          findings: [],
          questions: [],
          omitted: [],
          notes: [],
          model: "bench",
        };
      },
    });
    if (captured !== undefined) return { input: captured, rawFiles: local.rawFiles, analyzers: "ran" };
  } catch (error) {
    console.warn(
      `${path.basename(dir)}: analyzers failed (${(error as Error).message}); measuring without findings`,
    );
  }
  return { input: inputOf(local.snapshot, local.rawFiles), rawFiles: local.rawFiles, analyzers: "failed" };
}

const count = new Intl.NumberFormat("en-US");

function printTable(title: string, rows: Measure[]): void {
  console.log(`\n${title}`);
  const header = [
    "case",
    "files",
    "build ms",
    "heap Δ MB",
    "peak RSS MB",
    "tokens",
    "naive",
    "ratio",
    "user turn",
    "naive user",
    "user ratio",
    "shown/omitted",
    "relevant hunks kept",
  ];
  const lines = rows.map((row) => [
    `${row.name}${row.mixed ? " *" : ""}`,
    count.format(row.files),
    row.buildMs.toFixed(1),
    row.heapDeltaMb.toFixed(1),
    String(row.peakRssMb),
    count.format(row.tokens),
    count.format(row.naiveTokens),
    row.ratio.toFixed(2),
    count.format(row.userTokens),
    count.format(row.naiveUserTokens),
    row.userRatio.toFixed(2),
    `${row.filesShown}/${row.filesOmitted}`,
    `${row.relevantHunksKept}/${row.relevantHunks}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => (line[i] ?? "").length)));
  const format = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join("  ");
  console.log(format(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const line of lines) console.log(format(line));
}

const synthetic: Measure[] = [];
for (const size of [10, 100, 1_000, 3_000]) {
  const pr = syntheticPullRequest(size);
  synthetic.push(measure(`synthetic-${size}`, inputOf(pr.snapshot, pr.rawFiles), pr.rawFiles));
}
printTable(`Synthetic PRs (token budget ${count.format(tokenBudget)})`, synthetic);

const corpus: Measure[] = [];
if (existsSync(corpusDir)) {
  const cases = readdirSync(corpusDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(corpusDir, entry.name, "pr.json")))
    .map((entry) => entry.name)
    .sort();
  for (const name of cases) {
    const { input, rawFiles, analyzers } = await corpusInput(path.join(corpusDir, name));
    corpus.push(measure(name, input, rawFiles, analyzers));
  }
  printTable("Real corpus (* = mixed: contracts/schemas/infra and other files)", corpus);
} else {
  console.log(`\nNo corpus at ${corpusDir}: real cases skipped.`);
}

const mixed = corpus.filter((row) => row.mixed);
const sum = (rows: Measure[], key: "tokens" | "naiveTokens" | "userTokens" | "naiveUserTokens") =>
  rows.reduce((total, row) => total + row[key], 0);
const mixedTotals =
  mixed.length === 0
    ? undefined
    : {
        cases: mixed.length,
        tokens: sum(mixed, "tokens"),
        naiveTokens: sum(mixed, "naiveTokens"),
        ratio: round(sum(mixed, "tokens") / sum(mixed, "naiveTokens"), 2),
        userTokens: sum(mixed, "userTokens"),
        naiveUserTokens: sum(mixed, "naiveUserTokens"),
        userRatio: round(sum(mixed, "userTokens") / sum(mixed, "naiveUserTokens"), 2),
        casesUnderHalf: mixed.filter((row) => row.userRatio <= 0.5).length,
      };
const allRelevantKept = corpus.every((row) => row.relevantHunksKept === row.relevantHunks);
const largest = synthetic[synthetic.length - 1];
const systemTokens = synthetic[0]?.systemTokens ?? 0;

console.log("\nTargets");
if (largest !== undefined) {
  console.log(
    `- 3,000 files: prompt built in ${largest.buildMs.toFixed(0)} ms (target < 1,000) with a peak RSS of ${largest.peakRssMb} MB (target < 300): ${largest.buildMs < 1000 && largest.peakRssMb < 300 ? "met" : "MISSED"}`,
  );
}
if (mixedTotals !== undefined) {
  console.log(
    `- Mixed corpus PRs (${mixedTotals.cases}): per-PR input ${count.format(mixedTotals.userTokens)} vs ${count.format(mixedTotals.naiveUserTokens)} naive tokens = ${mixedTotals.userRatio} (target ≤ 0.5; ${mixedTotals.casesUnderHalf} of ${mixedTotals.cases} cases on their own); whole requests incl. the fixed ${count.format(systemTokens)}-token system prompt: ${mixedTotals.ratio}`,
  );
  console.log(`- Every schema/API/infra hunk kept in every corpus case: ${allRelevantKept ? "yes" : "NO"}`);
}

mkdirSync(path.dirname(resultsFile), { recursive: true });
writeFileSync(
  resultsFile,
  `${JSON.stringify(
    {
      generatedAt: new Date().toISOString(),
      node: process.version,
      tokenBudget,
      systemTokens,
      synthetic,
      corpus: { cases: corpus, mixedTotals, allRelevantKept },
    },
    null,
    2,
  )}\n`,
);
console.log(`\nWrote ${path.relative(process.cwd(), resultsFile)}`);
