// Scores the analyzers against the shared conformance corpus (cases.json + inputs).
//   npm run conformance -- <corpus-analyzers-dir>      e.g. ../shared/corpus/analyzers
// Prints one line per scored case and one line per kind (`openapi-diff: 14/14 agree`); exits 1 when a kind
// is below full agreement (a case disagrees or has no scorer yet) or the corpus cannot be read.
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { formatCaseScore } from "../src/analyzers/conformance/case-score.js";
import {
  type ConformanceCase,
  conformanceCasesSchema,
  conformanceKinds,
} from "../src/analyzers/conformance/conformance-case.schema.js";
import { scoreConformanceCase } from "../src/analyzers/conformance/score-conformance-case.js";

function fail(message: string): never {
  console.error(`conformance: ${message}`);
  process.exit(1);
}

function reasonOf(error: unknown): string {
  if (error instanceof Error && "code" in error && typeof error.code === "string") return error.code;
  return error instanceof Error ? error.message : String(error);
}

const argument = process.argv[2];
if (argument === undefined || argument === "") {
  fail(
    "missing corpus folder; usage: npm run conformance -- <corpus-analyzers-dir> (e.g. ../shared/corpus/analyzers)",
  );
}
const corpus = resolve(argument);
const casesPath = join(corpus, "cases.json");

let raw: unknown;
try {
  raw = JSON.parse(await readFile(casesPath, "utf8"));
} catch (error) {
  fail(`cannot read ${casesPath} (${reasonOf(error)}); pass the folder that holds cases.json`);
}
const parsed = conformanceCasesSchema.safeParse(raw);
if (!parsed.success) {
  const [issue] = parsed.error.issues;
  const where = issue === undefined || issue.path.length === 0 ? "" : ` at ${issue.path.join(".")}`;
  fail(`${casesPath} is not a valid case list${where}: ${issue?.message ?? "invalid"}`);
}

const read = (relativePath: string) => readFile(resolve(corpus, relativePath), "utf8");
const tally = new Map<string, { agree: number; scored: number; unscored: number }>();
for (const kind of conformanceKinds) tally.set(kind, { agree: 0, scored: 0, unscored: 0 });

const cases: ConformanceCase[] = parsed.data;
for (const testCase of cases) {
  const counts = tally.get(testCase.kind);
  if (counts === undefined) continue;
  const score = await scoreConformanceCase(testCase, read);
  if (score === undefined) {
    counts.unscored++;
    continue;
  }
  console.log(formatCaseScore(score));
  counts.scored++;
  if (score.agree) counts.agree++;
}

let shortfall = 0;
for (const [kind, counts] of tally) {
  const total = counts.scored + counts.unscored;
  if (total === 0) continue;
  const unscored = counts.unscored > 0 ? ` (${counts.unscored} not scored: no scorer for this kind)` : "";
  console.log(`${kind}: ${counts.agree}/${total} agree${unscored}`);
  shortfall += total - counts.agree;
}
if (shortfall > 0) process.exitCode = 1;
