// The "Backend Architect" check run of a head SHA: started `in_progress` when a review begins, completed with
// the verdict's conclusion, the summary and one annotation per anchored finding, so a repository can make the
// review a required status check.
import { type Finding, type Severity, severityRank, type Verdict } from "../domain/model.js";
import type { GitHubClient } from "./github-client.js";

export const checkRunName = "Backend Architect";
/** The Checks API takes at most 50 annotations per request; later updates append to the earlier ones. */
export const maxAnnotationsPerRequest = 50;
/** GitHub's limit on `output.summary` and `output.text` (characters). */
export const maxOutputChars = 65_535;
/** GitHub's limit on an annotation's `title` (characters). */
const maxAnnotationTitleChars = 255;
/**
 * GitHub's limit on an annotation's `message` is 64 KB: 16,384 characters can never exceed it in UTF-8
 * (at most 4 bytes each), so the message is cut there without measuring bytes.
 */
const maxAnnotationMessageChars = 16_384;

/** `skipped`: nothing was judged (no backend change, a paused PR). */
export type CheckConclusion = "action_required" | "failure" | "neutral" | "success" | "skipped";

export interface CheckConclusionOptions {
  /** What a HALT shows as: `action_required` (the default in the config) or `failure`. */
  haltConclusion: "action_required" | "failure";
}

/**
 * HALT → `action_required` (or `failure`), concerns → `neutral`, clear → `success` — except that a run
 * that could not check every file is never a pass (`neutral`).
 */
export function checkConclusion(
  verdict: Verdict,
  options: CheckConclusionOptions & { incomplete?: boolean },
): CheckConclusion {
  switch (verdict) {
    case "halt":
      return options.haltConclusion;
    case "concerns":
      return "neutral";
    case "clear":
      return options.incomplete === true ? "neutral" : "success";
  }
}

/** One annotation exactly as the Checks API takes it. */
export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: "failure" | "warning" | "notice";
  title: string;
  message: string;
}

const annotationLevel: Record<Severity, CheckAnnotation["annotation_level"]> = {
  blocker: "failure",
  major: "warning",
  minor: "warning",
  info: "notice",
};

export interface ToAnnotationsOptions {
  /**
   * Paths that exist at the head SHA. When given, findings on other paths (a deleted file) are left out:
   * an annotation belongs to a file of the head commit.
   */
  pathsAtHead?: ReadonlySet<string>;
}

/**
 * The findings as check-run annotations, most severe first. Annotations point into the head commit, so:
 * a finding on the RIGHT side keeps its lines; a finding on the LEFT side (a removed line, whose number is a
 * base-file line) or without a line goes on line 1 of the file, and a LEFT one says which base line it was
 * about. Nothing is dropped silently except findings on files absent at head (see `pathsAtHead`).
 */
export function toAnnotations(
  findings: readonly Finding[],
  options: ToAnnotationsOptions = {},
): CheckAnnotation[] {
  return [...findings]
    .filter((finding) => options.pathsAtHead === undefined || options.pathsAtHead.has(finding.path))
    .sort(
      (a, b) =>
        severityRank[a.severity] - severityRank[b.severity] ||
        a.path.localeCompare(b.path) ||
        (a.line ?? 0) - (b.line ?? 0),
    )
    .map((finding) => {
      const onHeadLines = finding.side === "RIGHT" && finding.line !== undefined;
      const startLine = onHeadLines ? finding.line! : 1;
      const endLine = onHeadLines ? Math.max(finding.endLine ?? startLine, startLine) : 1;
      const where =
        finding.side === "LEFT" && finding.line !== undefined
          ? `On line ${finding.line} of the base version (removed by this PR): `
          : "";
      return {
        path: finding.path,
        start_line: startLine,
        end_line: endLine,
        annotation_level: annotationLevel[finding.severity],
        title: cut(`${finding.title} (${finding.ruleId})`, maxAnnotationTitleChars),
        message: cut(`${where}${finding.message}`, maxAnnotationMessageChars),
      };
    });
}

function cut(text: string, max: number, note = "…"): string {
  return text.length <= max ? text : `${text.slice(0, max - note.length)}${note}`;
}

const cutNote = "\n\n… (cut at GitHub's limit; the full review is on the pull request)";

/** Creates the check run for `headSha`, `in_progress`; returns its id. */
export async function startCheckRun(
  octokit: GitHubClient,
  repository: { owner: string; repo: string },
  headSha: string,
): Promise<number> {
  const { data } = await octokit.rest.checks.create({
    owner: repository.owner,
    repo: repository.repo,
    name: checkRunName,
    head_sha: headSha,
    status: "in_progress",
  });
  return data.id;
}

interface CompletionOutput {
  title: string;
  summary: string;
  /** Markdown details under the summary. */
  text?: string;
  annotations: readonly CheckAnnotation[];
}

/**
 * `action_required` makes GitHub show a "Resolve" link to `details_url` (its docs: "additional details
 * should be provided on the site specified by details_url"), so that conclusion needs one: the review with
 * the HALT questions (`html_url` of the review). Other conclusions may have one.
 */
export type CheckRunCompletion = CompletionOutput &
  (
    | { conclusion: "action_required"; detailsUrl: string }
    | { conclusion: Exclude<CheckConclusion, "action_required">; detailsUrl?: string }
  );

/**
 * Completes check run `id`: one PATCH with the conclusion, the output and the first 50 annotations, then one
 * PATCH per further 50 (GitHub appends annotations across updates; each update repeats the same output,
 * since `title` and `summary` are required in every `output`).
 */
export async function completeCheckRun(
  octokit: GitHubClient,
  repository: { owner: string; repo: string },
  id: number,
  completion: CheckRunCompletion,
): Promise<void> {
  const output = {
    title: completion.title,
    summary: cut(completion.summary, maxOutputChars, cutNote),
    ...(completion.text === undefined ? {} : { text: cut(completion.text, maxOutputChars, cutNote) }),
  };
  const batches: CheckAnnotation[][] = [];
  for (let start = 0; start < completion.annotations.length; start += maxAnnotationsPerRequest)
    batches.push(completion.annotations.slice(start, start + maxAnnotationsPerRequest));
  const target = { owner: repository.owner, repo: repository.repo, check_run_id: id };
  await octokit.rest.checks.update({
    ...target,
    conclusion: completion.conclusion,
    ...(completion.detailsUrl === undefined ? {} : { details_url: completion.detailsUrl }),
    output: { ...output, annotations: batches[0] ?? [] },
  });
  for (const batch of batches.slice(1))
    await octokit.rest.checks.update({ ...target, output: { ...output, annotations: batch } });
}
