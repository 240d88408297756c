// The review pipeline without any I/O of its own: diff → analyzers → architect. Shared by the GitHub
// job and the local evaluator; contents come through a ContentSource, whatever is behind it.

import type { Architect } from "../agent/architect.js";
import { offlineArchitect } from "../agent/offline-architect.js";
import type { Analyzer } from "../analyzers/analyzer.js";
import { hasApiSurface, prSurfaces } from "../analyzers/api-surface/pr-surfaces.js";
import { type FileSurfaceTable, surfaceTable } from "../analyzers/api-surface/surface-table.js";
import { defaultRepoConfig, type RepoConfig } from "../config/repo-config.schema.js";
import { errorMessage } from "../domain/error-message.js";
import type {
  ChangedFile,
  ContentSource,
  Finding,
  HaltAnswer,
  OmittedFile,
  PullRequestSnapshot,
  RawChangedFile,
  ReviewOutcome,
} from "../domain/model.js";
import { applyRuleSettings, silenceMarkedFindings } from "./apply-repo-rules.js";
import { classifyChangedFiles } from "./classify-changed-files.js";
import { mergeSameLineFindings } from "./merge-same-line-findings.js";
import { runInBatches } from "./run-in-batches.js";

export interface ReviewChangesInput {
  snapshot: PullRequestSnapshot;
  rawFiles: RawChangedFile[];
  contents: ContentSource;
  analyzers: readonly Analyzer[];
  /** Who turns the findings into a review: the offline architect unless a model is configured. */
  architect?: Architect;
  /** The repository's configuration (defaults when absent). */
  config?: RepoConfig;
  /** Problems with the repository's configuration, shown first in the notes. */
  configProblems?: string[];
  /** Answers to earlier HALT questions of this PR, for the architect to re-judge with. */
  answers?: HaltAnswer[];
  /** Rules ignored on this PR (`/architect ignore`): their findings are dropped, the summary says so. */
  ignoredRules?: readonly string[];
  /** After a push that added commits: the files it changed, for the architect to review first. */
  increment?: { since: string; paths: string[] };
}

export interface ReviewChangesResult {
  files: ChangedFile[];
  /**
   * False when no file is an API contract, schema/migration or infrastructure and nothing was found (a
   * secret in application code still counts): then no review is posted.
   */
  relevant: boolean;
  outcome: ReviewOutcome;
  /**
   * Files that could not be read or whose analyzer failed: a partial run, which never lifts a block or
   * approves. (Files an analyzer could not parse are named in the summary but do not count here: they
   * would stay unparseable on every run and keep an answered block forever.)
   */
  unchecked: string[];
  /** How many file contents were read (each one is a GitHub call in the app). */
  contentReads: number;
  /** Endpoints and shapes the PR's API code changed, base → head (empty without API code). */
  apiSurface: FileSurfaceTable[];
}

export async function reviewChanges(input: ReviewChangesInput): Promise<ReviewChangesResult> {
  const config = input.config ?? defaultRepoConfig;
  const { files, reads: sniffReads } = await classifyChangedFiles(input.rawFiles, input.contents, config);
  const notes: string[] = [...(input.configProblems ?? [])];
  const unreadable = new Set<string>();
  const reviewed = files.filter((file) => file.skipped === undefined);

  const work = reviewed.flatMap((file) =>
    input.analyzers.filter((analyzer) => analyzer.appliesTo(file)).map((analyzer) => ({ file, analyzer })),
  );
  const contentReads = sniffReads + (await loadContents(work, input.contents, notes, unreadable));

  const analyzed: Finding[] = [];
  const partlyChecked = new Set<string>();
  for (const { file, analyzer } of work) {
    try {
      const result = await analyzer.analyze(file, { files });
      analyzed.push(...result.findings);
      // An unreadable file is already named, with the reason, by loadContents.
      for (const note of result.notes) {
        if (unreadable.has(note.path)) continue;
        notes.push(note.message);
        if (note.informational !== true) partlyChecked.add(note.path);
      }
    } catch (error) {
      // An analyzer bug must not cost the review of every other file.
      unreadable.add(file.path);
      notes.push(
        `\`${file.path}\`: the ${analyzer.id} analyzer failed (${errorMessage(error)}); this file was not checked.`,
      );
    }
  }

  const filesByPath = new Map(files.map((file) => [file.path, file]));
  const ignoredRules = new Set(input.ignoredRules ?? []);
  const { kept, silenced } = silenceMarkedFindings(
    applyRuleSettings(analyzed, config.rules).filter((finding) => !ignoredRules.has(finding.ruleId)),
    filesByPath,
  );
  // Both architects see one finding per rule and line (two columns retyped by one statement).
  const findings = mergeSameLineFindings(kept);
  for (const { finding, reason } of silenced) {
    const where = finding.line === undefined ? finding.path : `${finding.path}:${finding.line}`;
    notes.push(`Silenced by \`architect-ignore\`: \`${finding.ruleId}\` at \`${where}\` — ${reason}`);
  }

  const omitted: OmittedFile[] = files
    .filter((file) => file.patchMissing && file.skipped === undefined && file.status !== "removed")
    .map((file) => ({
      path: file.path,
      reason: "GitHub sent no diff (binary or too large): not reviewed inline",
    }));
  const skipped = files.filter((file) => file.skipped !== undefined);
  if (skipped.length > 0) {
    const kinds = [...new Set(skipped.map((file) => file.skipped))].join("/");
    notes.push(`Ignored ${skipped.length} ${kinds} file${skipped.length === 1 ? "" : "s"}.`);
  }
  if (input.snapshot.changedFilesCount > input.rawFiles.length) {
    notes.push(
      `GitHub lists at most 3,000 files of a pull request: ${input.rawFiles.length} of ${input.snapshot.changedFilesCount} changed files were reviewed.`,
    );
  }

  // Backend files make a PR worth a review; so does any finding elsewhere (a secret in application code).
  const relevant = reviewed.some((file) => file.category !== "other") || findings.length > 0;
  const unchecked = [...unreadable];
  // The summary names every file not fully checked (unparseable, too large, unreadable), not only failures.
  const notFullyChecked = [...new Set([...unreadable, ...partlyChecked])];
  // A PR with nothing backend gets no review: never spend a model call on it.
  const architect = relevant ? (input.architect ?? offlineArchitect) : offlineArchitect;
  // The analyzer extracted these already (memoised per PR); without API code there is nothing to extract.
  const apiSurface = files.some(hasApiSurface) ? surfaceTable((await prSurfaces(files)).files) : [];
  const outcome = await architect({
    pr: input.snapshot,
    files,
    findings,
    omitted,
    notes,
    unchecked: notFullyChecked,
    apiSurface,
    ...(input.answers === undefined || input.answers.length === 0 ? {} : { answers: input.answers }),
    ...(input.increment === undefined ? {} : { increment: input.increment }),
  });
  return { files, relevant, outcome, unchecked, contentReads, apiSurface };
}

async function loadContents(
  work: Array<{ file: ChangedFile; analyzer: Analyzer }>,
  contents: ContentSource,
  notes: string[],
  unreadable: Set<string>,
): Promise<number> {
  const reads: Array<() => Promise<void>> = [];
  const planned = new Set<string>();
  for (const { file, analyzer } of work) {
    const sides: Array<"base" | "head"> = [];
    if (analyzer.needs.head && file.status !== "removed") sides.push("head");
    if (analyzer.needs.base && file.status !== "added") sides.push("base");
    for (const side of sides) {
      const key = `${side}\0${file.path}`;
      if (side === "head" && file.headContent !== undefined) continue; // read while classifying
      if (planned.has(key)) continue;
      planned.add(key);
      const path = side === "base" ? (file.previousPath ?? file.path) : file.path;
      reads.push(async () => {
        let text: string | undefined;
        try {
          text = await contents.read(path, side);
        } catch (error) {
          // One unreadable file is named; the rest of the review goes on.
          unreadable.add(file.path);
          notes.push(
            `\`${path}\`: could not read its ${side} version (${errorMessage(error)}); it was not checked.`,
          );
          return;
        }
        if (text === undefined) return;
        if (side === "head") file.headContent = text;
        else file.baseContent = text;
      });
    }
  }
  await runInBatches(reads);
  return reads.length;
}
