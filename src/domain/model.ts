// The core data every pipeline stage shares (see DESIGN.md, "Core data"). Plain types, no I/O.

/** What a changed file is, for a backend reviewer. */
export type Category = "api" | "schema" | "infra" | "other";

/** Side of the diff a review comment is anchored on (GitHub's `side`). */
export type Side = "LEFT" | "RIGHT";

/** blocker: must not merge as is · major: risky, has a safe pattern · minor: worth fixing · info: hygiene. */
export type Severity = "blocker" | "major" | "minor" | "info";

export const severityRank: Record<Severity, number> = { blocker: 0, major: 1, minor: 2, info: 3 };

/** GitHub's `status` of a file in `pulls.listFiles`. */
export type FileStatus = "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged";

/** A file as the gatherer sees it, before the diff stage: GitHub's `pulls.listFiles` entry. */
export interface RawChangedFile {
  path: string;
  previousPath?: string;
  status: FileStatus;
  additions: number;
  deletions: number;
  /** Header-less unified diff; absent for binaries and very large diffs. */
  patch?: string;
}

export type DiffLineKind = "add" | "del" | "context";

export interface DiffLine {
  kind: DiffLineKind;
  /** Old-file (LEFT) line number: set for `del` and `context`. */
  oldLine?: number;
  /** New-file (RIGHT) line number: set for `add` and `context`. */
  newLine?: number;
  content: string;
}

export interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: DiffLine[];
}

/** Why a changed file is not reviewed at all. */
export type SkipReason = "lockfile" | "vendored" | "generated" | "ignored by configuration";

export interface ChangedFile {
  path: string;
  previousPath?: string;
  status: FileStatus;
  category: Category;
  /** Set when the file is deliberately not reviewed (lockfiles, vendored, generated code). */
  skipped?: SkipReason;
  /** True when GitHub sent no patch (binary or too large): the file cannot take inline comments. */
  patchMissing: boolean;
  additions: number;
  deletions: number;
  hunks: Hunk[];
  /** Lines a review comment may anchor on, per side (GitHub's rule: lines inside a hunk). */
  commentable: { LEFT: ReadonlySet<number>; RIGHT: ReadonlySet<number> };
  /** New-file lines the PR added (`+` lines). */
  addedLines: ReadonlySet<number>;
  /** File contents at the base and head SHAs, when an analyzer needs them. */
  baseContent?: string;
  headContent?: string;
}

export type FindingSource = "analyzer" | "agent";

export interface Finding {
  /** Stable across runs for the same rule, file and subject (not the line): used to de-duplicate. */
  fingerprint: string;
  /** Catalogue id, e.g. `db/index-not-concurrent`; shown on every posted finding. */
  ruleId: string;
  source: FindingSource;
  severity: Severity;
  category: Category;
  path: string;
  /** Anchor line on `side`; absent for file-level findings. */
  line?: number;
  endLine?: number;
  side: Side;
  title: string;
  message: string;
  /** What the finding is about, e.g. `users.email` or `GET /users`: used for intent matching and fingerprints. */
  subject?: string;
  /**
   * Set when findings of one rule on one line were merged into this one (`subject` then names them all):
   * each original subject, so the PR's stated intent is checked for every one of them.
   */
  subjects?: string[];
  /** Literal replacement of the anchored lines (rendered as a ```suggestion block). */
  suggestion?: string;
  /**
   * Set on findings whose change is irreversible or contract-breaking and plausibly intentional:
   * unless the PR states the intent, the architect asks this instead of asserting.
   */
  haltQuestion?: string;
  /**
   * Set when the author confirmed the change is intended (its HALT question answered, or the intent stated
   * in the PR description): the finding still stands as a fact, but it no longer blocks.
   */
  acknowledged?: string;
}

/** A HALT question: the change cannot be judged without the author's answer. */
export interface Question {
  /** Stable id (the finding fingerprint it came from, or an agent-made id). */
  id: string;
  ruleId?: string;
  /** What it is about (`users.email`), for the acknowledgement example. */
  subject?: string;
  /** Ids of the same question about other subjects of the same file, asked together with this one. */
  alsoAsks?: string[];
  question: string;
  /** Why the answer is needed before this can merge. */
  why: string;
  path?: string;
  line?: number;
  side?: Side;
  /** Why the answer given to this question did not lift it (the architect's reason), when one was given. */
  notAccepted?: string;
}

/** An answer to HALT question `n` on a PR: `/architect answer n: …` or a reply in the question's thread. */
export interface HaltAnswer {
  n: number;
  /** Ids of the question(s) it answers: the question and those asked together with it. */
  questions: string[];
  /** Login of who answered. */
  by: string;
  text: string;
  /** The question as it was asked (so the model re-judges the answer against it). */
  question?: string;
}

export type Verdict = "halt" | "concerns" | "clear";

/** A file named in the summary because it was not (fully) reviewed. */
export interface OmittedFile {
  path: string;
  reason: string;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  costUsd: number;
}

export interface ReviewOutcome {
  verdict: Verdict;
  summary: string;
  findings: Finding[];
  questions: Question[];
  /** Files left out (budget, binary, no patch, skipped), always named. */
  omitted: OmittedFile[];
  /** One-line notes for the summary (unparseable file, file cap hit, …). */
  notes: string[];
  usage?: Usage;
  /** `offline` for the analyzer-only architect, else the model id. */
  model: string;
}

/** The pull request under review, as plain data (no Probot context below jobs/). */
export interface PullRequestSnapshot {
  owner: string;
  repo: string;
  number: number;
  title: string;
  body: string;
  author: string;
  baseSha: string;
  headSha: string;
  /** The head branch's name: chosen by whoever opens the PR (untrusted; never sent to the model). */
  headRef?: string;
  /** Number of changed files GitHub reports for the PR (may exceed what `listFiles` returns). */
  changedFilesCount: number;
}

/** Reads a file of the PR at its base or head SHA; `undefined` when the file does not exist there. */
export interface ContentSource {
  read(path: string, side: "base" | "head"): Promise<string | undefined>;
}
