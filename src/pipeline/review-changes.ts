// The review pipeline without any I/O of its own: diff → analyzers → architect. Shared by the GitHub
// job and the local evaluator; contents come through a ContentSource, whatever is behind it.

import picomatch from "picomatch";
import type { Architect } from "../agent/architect.js";
import { offlineArchitect } from "../agent/offline-architect.js";
import type { Analyzer } from "../analyzers/analyzer.js";
import { defaultRepoConfig, type RepoConfig } from "../config/repo-config.schema.js";
import { toChangedFile } from "../diff/to-changed-file.js";
import { errorMessage } from "../domain/error-message.js";
import type {
  ChangedFile,
  ContentSource,
  Finding,
  OmittedFile,
  PullRequestSnapshot,
  RawChangedFile,
  ReviewOutcome,
} from "../domain/model.js";
import { applyRuleSettings, silenceMarkedFindings } from "./apply-repo-rules.js";

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
}

/** Contents are read a few at a time: enough to be quick, few enough not to trip secondary limits. */
const readConcurrency = 6;

export async function reviewChanges(input: ReviewChangesInput): Promise<ReviewChangesResult> {
  const config = input.config ?? defaultRepoConfig;
  const files = input.rawFiles.map((raw) => toChangedFile(raw));
  if (config.review.ignore.length > 0) {
    const ignored = picomatch(config.review.ignore, { dot: true });
    for (const file of files)
      if (file.skipped === undefined && ignored(file.path)) file.skipped = "ignored by configuration";
  }
  const notes: string[] = [...(input.configProblems ?? [])];
  const unreadable = new Set<string>();
  const sniffReads = await classifyByContent(files, input.rawFiles, input.contents);
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
  const { kept: findings, silenced } = silenceMarkedFindings(
    applyRuleSettings(analyzed, config.rules),
    filesByPath,
  );
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
  const outcome = await architect({
    pr: input.snapshot,
    files,
    findings,
    omitted,
    notes,
    unchecked: notFullyChecked,
  });
  return { files, relevant, outcome, unchecked, contentReads };
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
  for (let i = 0; i < reads.length; i += readConcurrency) {
    await Promise.all(reads.slice(i, i + readConcurrency).map((read) => read()));
  }
  return reads.length;
}

/**
 * A YAML or JSON file whose path and added lines say nothing (a modified `api/users.yaml` whose diff does
 * not touch its `openapi:` line, a Kubernetes manifest edited mid-file) is classified by its head
 * content. Bounded: at most `maxSniffedFiles` reads, likeliest paths first; a failed read leaves it `other`.
 */
async function classifyByContent(
  files: ChangedFile[],
  rawFiles: readonly RawChangedFile[],
  contents: ContentSource,
): Promise<number> {
  const candidates = files
    .map((file, index) => ({ file, index }))
    .filter(
      ({ file }) =>
        file.category === "other" &&
        file.skipped === undefined &&
        file.status !== "removed" &&
        /\.(ya?ml|json)$/i.test(file.path) &&
        !notContract.test(file.path),
    )
    .sort((a, b) => Number(likelyContract.test(b.file.path)) - Number(likelyContract.test(a.file.path)))
    .slice(0, maxSniffedFiles);
  await Promise.all(
    candidates.map(async ({ file, index }) => {
      const raw = rawFiles[index];
      if (raw === undefined) return;
      const head = await contents.read(file.path, "head").catch(() => undefined);
      if (head === undefined) return;
      const sniffed = toChangedFile(raw, head);
      if (sniffed.category !== "other")
        files[index] = { ...file, category: sniffed.category, headContent: head };
    }),
  );
  return candidates.length;
}

const maxSniffedFiles = 20;
const likelyContract =
  /(^|\/)(api|apis|spec|specs|openapi|swagger|contracts?|schemas?|deploy|k8s|kubernetes|manifests|helm|charts?)(\/|\.|$)/i;
const notContract =
  /(^|\/)(package(-lock)?\.json|tsconfig[^/]*\.json|composer\.json|renovate\.json|\.eslintrc[^/]*|\.prettierrc[^/]*|\.vscode\/.*|(locales?|i18n|translations?|fixtures?|__snapshots__)\/.*)$/i;
