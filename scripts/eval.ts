// Runs the review pipeline over local case folders (pr.json, pr.diff, base/, head/) without GitHub.
//   npm run eval -- <case-or-folder-of-cases> [--json | --review]
// Prints, per case, the files by category, the findings (rule id, path:line) and the verdict; with
// --json, one JSON document on stdout instead; with --review, the exact review GitHub would receive.
// Exits 1 if any case fails.
import { existsSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import type { ApiSurface } from "../src/analyzers/api-surface/api-surface.js";
import { prSurfaces } from "../src/analyzers/api-surface/pr-surfaces.js";
import { defaultAnalyzers } from "../src/analyzers/registry.js";
import { readLocalCase } from "../src/local/read-local-case.js";
import { reviewChanges } from "../src/pipeline/review-changes.js";
import { type ReviewRequest, renderReview } from "../src/review/render-review.js";

interface CaseReport {
  case: string;
  repo: string;
  title: string;
  files: Record<string, string[]>;
  /** What the parsers found in each API code file: `express: 3 → 2 endpoints, 1 → 1 shapes`. */
  surfaces: Record<string, string>;
  findings: Array<{ ruleId: string; severity: string; location: string }>;
  questions: Array<{ ruleId?: string; location: string; question: string }>;
  notes: string[];
  verdict: string;
  ms: number;
  review?: ReviewRequest;
  error?: string;
}

async function evaluate(dir: string): Promise<CaseReport> {
  const started = performance.now();
  const local = await readLocalCase(dir);
  const result = await reviewChanges({ ...local, analyzers: defaultAnalyzers });
  const files: Record<string, string[]> = { api: [], schema: [], infra: [], other: [], skipped: [] };
  for (const file of result.files)
    files[file.skipped === undefined ? file.category : "skipped"]?.push(file.path);
  const where = (path?: string, line?: number) => (line === undefined ? (path ?? "") : `${path}:${line}`);
  const surfaces: Record<string, string> = {};
  for (const file of (await prSurfaces(result.files)).files)
    surfaces[file.path] = describeSurfaces(file.base, file.head);
  return {
    case: basename(dir),
    repo: `${local.snapshot.owner}/${local.snapshot.repo}`,
    title: local.snapshot.title,
    files,
    surfaces,
    findings: result.outcome.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      location: where(f.path, f.line),
    })),
    questions: result.outcome.questions.map((q) => ({
      ruleId: q.ruleId,
      location: where(q.path, q.line),
      question: q.question,
    })),
    notes: result.outcome.notes,
    verdict: result.relevant ? result.outcome.verdict : "no review (no backend change)",
    ms: Math.round(performance.now() - started),
    ...(result.relevant
      ? {
          review: renderReview(result.outcome, result.files, {
            headSha: local.snapshot.headSha,
            inline: true,
          }),
        }
      : {}),
  };
}

function describeSurfaces(base: ApiSurface | undefined, head: ApiSurface | undefined): string {
  const frameworks = new Set(
    [...(base?.endpoints ?? []), ...(head?.endpoints ?? [])].map((e) => e.framework),
  );
  const count = (surface: ApiSurface | undefined, key: "endpoints" | "shapes") => surface?.[key].length ?? 0;
  const lead = frameworks.size > 0 ? `${[...frameworks].join(", ")}: ` : "";
  return `${lead}${count(base, "endpoints")} → ${count(head, "endpoints")} endpoints, ${count(base, "shapes")} → ${count(head, "shapes")} shapes`;
}

function caseFolders(root: string): string[] {
  if (existsSync(join(root, "pr.json"))) return [root];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, "pr.json")))
    .map((entry) => join(root, entry.name))
    .sort();
}

function printText(report: CaseReport): void {
  console.log(`== ${report.case} (${report.repo}) ${report.title}`);
  if (report.error !== undefined) {
    console.log(`  ERROR ${report.error}`);
    return;
  }
  const counts = Object.entries(report.files).map(([category, paths]) => `${category} ${paths.length}`);
  console.log(`  files: ${counts.join(" · ")}`);
  for (const category of ["schema", "api", "infra"]) {
    for (const path of report.files[category] ?? []) {
      const surface = report.surfaces[path];
      console.log(`    ${category.padEnd(6)} ${path}${surface === undefined ? "" : ` (${surface})`}`);
    }
  }
  for (const f of report.findings)
    console.log(`  finding  ${f.severity.padEnd(7)} ${f.ruleId} ${f.location}`);
  for (const q of report.questions) console.log(`  question ${q.ruleId ?? ""} ${q.location}`);
  for (const note of report.notes) console.log(`  note     ${note}`);
  console.log(`  verdict: ${report.verdict} (${report.ms} ms)`);
}

function printReview(report: CaseReport): void {
  console.log(`== ${report.case}: ${report.review?.event ?? report.verdict}`);
  if (report.review === undefined) return;
  console.log(report.review.body);
  for (const comment of report.review.comments) {
    const lines =
      comment.start_line === undefined ? `${comment.line}` : `${comment.start_line}-${comment.line}`;
    console.log(`\n--- inline ${comment.path}:${lines} (${comment.side})\n${comment.body}`);
  }
  console.log();
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const json = args.includes("--json");
  const review = args.includes("--review");
  const root = args.find((arg) => !arg.startsWith("--"));
  if (root === undefined || !existsSync(root)) {
    console.error(
      `usage: npm run eval -- <case folder or folder of cases> [--json]${root ? ` (no such folder: ${root})` : ""}`,
    );
    return 2;
  }
  const folders = caseFolders(root);
  if (folders.length === 0) {
    console.error(`${root}: no case folders (a case has pr.json, pr.diff, base/ and head/)`);
    return 2;
  }
  const reports: CaseReport[] = [];
  for (const dir of folders) {
    try {
      reports.push(await evaluate(dir));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      reports.push({
        case: basename(dir),
        repo: "",
        title: "",
        files: {},
        surfaces: {},
        findings: [],
        questions: [],
        notes: [],
        verdict: "error",
        ms: 0,
        error: message,
      });
    }
    const report = reports[reports.length - 1] as CaseReport;
    if (review) printReview(report);
    else if (!json) printText(report);
  }
  const failed = reports.filter((report) => report.error !== undefined).length;
  if (json)
    console.log(
      JSON.stringify(
        reports.map(({ review: _, ...rest }) => rest),
        null,
        2,
      ),
    );
  else
    console.log(
      `\n${reports.length} cases, ${failed} failed, ${reports.reduce((n, r) => n + r.findings.length, 0)} findings, ${reports.reduce((n, r) => n + r.questions.length, 0)} questions`,
    );
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main();
