// Reads a local git range the way the app reads a pull request: the diff from the merge-base of base and
// head to head, split into files, and the files' contents at those two commits. `git` runs through
// execFile (no shell); refs are checked before they reach a command line.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import {
  cutForModel,
  type DirectoryEntry,
  type GuidanceDocument,
  type RepositoryReader,
  type RepositorySide,
  readGuidance,
} from "../agent/claude/repository-reader.js";
import { splitGitDiff } from "../diff/split-git-diff.js";
import type { ContentSource, RawChangedFile } from "../domain/model.js";

const run = promisify(execFile);

/** Contents and diffs larger than this are refused by git's pipe reader (and no review needs them). */
const maxOutputBytes = 256 * 1024 * 1024;

export interface GitRangeOptions {
  /** Any directory inside the repository. */
  cwd: string;
  /** Base ref; default `origin/HEAD`, else `main`, else `master`. */
  base?: string;
  /** Head ref; default `HEAD`. */
  head?: string;
  /** Environment for `git` (PATH, HOME, GIT_*). */
  env?: NodeJS.ProcessEnv;
}

export interface GitRange {
  /** The repository's top-level directory. */
  root: string;
  base: { ref: string; sha: string };
  head: { ref: string; sha: string };
  /** Where head left base: the diff's left side, the `base` side of `contents`. */
  mergeBase: string;
  rawFiles: RawChangedFile[];
  /** Files at the merge-base (`base`) and at head (`head`), via `git show <sha>:<path>`. */
  contents: ContentSource;
  /** The same two commits for the architect's tools; guidance documents come from the merge-base. */
  reader: RepositoryReader;
  /** Messages of the commits in the range, oldest first. */
  commitMessages: string[];
  /** `owner/name` when the `origin` remote is a GitHub-style URL. */
  remote?: { owner: string; repo: string };
  /**
   * Paths with uncommitted changes (`git status --porcelain`, untracked included) when head is `HEAD`: they
   * are not part of the range.
   */
  uncommitted: string[];
}

/** A problem the user can fix: a bad ref, no default base, no common ancestor (exit 2). */
export class GitRangeUsageError extends Error {
  override readonly name = "GitRangeUsageError";
}

/** Git is missing, or the directory is not in a repository (exit 3). */
export class GitUnavailableError extends Error {
  override readonly name = "GitUnavailableError";
}

export async function readGitRange(options: GitRangeOptions): Promise<GitRange> {
  const env = { ...(options.env ?? process.env), GIT_TERMINAL_PROMPT: "0", GIT_OPTIONAL_LOCKS: "0" };
  const inCwd = gitIn(options.cwd, env);
  let root: string;
  try {
    root = (await inCwd(["rev-parse", "--show-toplevel"])).trim();
  } catch (error) {
    if (error instanceof GitCommandError)
      throw new GitUnavailableError(`${options.cwd} is not inside a git repository (${error.firstLine})`);
    throw error;
  }
  const git = gitIn(root, env);

  const baseRef = options.base ?? (await defaultBase(git));
  const headRef = options.head ?? "HEAD";
  const [baseSha, headSha] = await Promise.all([
    resolveCommit(git, baseRef, "--base"),
    resolveCommit(git, headRef, "--head"),
  ]);
  let mergeBase: string;
  try {
    mergeBase = (await git(["merge-base", baseSha, headSha])).trim();
  } catch (error) {
    if (!(error instanceof GitCommandError)) throw error;
    const shallow = (await git(["rev-parse", "--is-shallow-repository"])).trim() === "true";
    throw new GitRangeUsageError(
      `${baseRef} and ${headRef} have no common ancestor${
        shallow
          ? " in this shallow clone: fetch more history (`git fetch --unshallow`, or `fetch-depth: 0` with actions/checkout)"
          : ": nothing to compare"
      }`,
    );
  }

  const [diff, log, status, remote] = await Promise.all([
    git([
      "diff",
      "--no-color",
      "--no-ext-diff",
      "--no-textconv",
      "--no-relative",
      "--src-prefix=a/",
      "--dst-prefix=b/",
      "-M",
      mergeBase,
      headSha,
      "--",
    ]),
    git(["log", "--reverse", "--format=%B%x00", `${mergeBase}..${headSha}`, "--"]),
    headRef === "HEAD" ? git(["status", "--porcelain", "-z"]) : Promise.resolve(""),
    git(["remote", "get-url", "origin"]).catch(() => ""),
  ]);

  const sides: Record<RepositorySide, string> = { base: mergeBase, head: headSha };
  const show = (filePath: string, side: RepositorySide) => showFile(git, sides[side], filePath);
  const list = (dir: string, side: RepositorySide) => listDirectory(git, sides[side], dir);
  const range: GitRange = {
    root,
    base: { ref: baseRef, sha: baseSha },
    head: { ref: headRef, sha: headSha },
    mergeBase,
    rawFiles: splitGitDiff(diff),
    contents: { read: show },
    reader: {
      read: async (filePath, side) => {
        const text = await show(filePath, side);
        return text === undefined ? undefined : cutForModel(text);
      },
      list,
      guidance: (): Promise<GuidanceDocument[]> =>
        readGuidance(
          (dir) => list(dir, "base"),
          (docPath) => show(docPath, "base"),
        ),
      commitMessages: async () => commitMessages(log),
    },
    commitMessages: commitMessages(log),
    uncommitted: uncommittedPaths(status),
  };
  const parsed = githubRemote(remote.trim());
  if (parsed !== undefined) range.remote = parsed;
  return range;
}

type Git = (args: string[]) => Promise<string>;

class GitCommandError extends Error {
  override readonly name = "GitCommandError";
  constructor(
    readonly args: readonly string[],
    readonly stderr: string,
  ) {
    super(`git ${args.join(" ")}: ${stderr.trim() || "failed"}`);
  }
  get firstLine(): string {
    return (this.stderr.trim().split("\n")[0] ?? "").replace(/^fatal: /, "") || "git failed";
  }
}

function gitIn(cwd: string, env: NodeJS.ProcessEnv): Git {
  return async (args) => {
    try {
      const { stdout } = await run("git", args, { cwd, env, maxBuffer: maxOutputBytes, encoding: "utf8" });
      return stdout;
    } catch (error) {
      const failure = error as { code?: string | number; stderr?: string };
      if (failure.code === "ENOENT") {
        // execFile reports a missing program, and a missing cwd, as ENOENT.
        throw new GitUnavailableError(
          `cannot run git in ${cwd}: git is not installed (or not on PATH), or the directory does not exist`,
        );
      }
      if (typeof failure.code === "number") throw new GitCommandError(args, failure.stderr ?? "");
      throw error;
    }
  };
}

async function defaultBase(git: Git): Promise<string> {
  for (const candidate of ["origin/HEAD", "main", "master"]) {
    if ((await commitOf(git, candidate)) !== undefined) return candidate;
  }
  throw new GitRangeUsageError(
    "no base to compare with: none of origin/HEAD, main, master exists; pass --base REF",
  );
}

async function resolveCommit(git: Git, ref: string, flag: string): Promise<string> {
  // A ref that looks like an option would be read as one by git.
  if (ref === "" || ref.startsWith("-") || ref.includes("\0"))
    throw new GitRangeUsageError(`${flag} "${ref}" is not a valid git ref`);
  const sha = await commitOf(git, ref);
  if (sha === undefined) throw new GitRangeUsageError(`${flag} ${ref}: no such commit in this repository`);
  return sha;
}

async function commitOf(git: Git, ref: string): Promise<string | undefined> {
  try {
    return (await git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`])).trim() || undefined;
  } catch (error) {
    if (error instanceof GitCommandError) return undefined;
    throw error;
  }
}

/** A path from a diff or a model's tool call: repository-relative, or refused. */
function checkPath(filePath: string): void {
  if (
    filePath.includes("\0") ||
    path.posix.isAbsolute(filePath) ||
    path.win32.isAbsolute(filePath) ||
    filePath.split(/[\\/]/).some((part) => part === ".." || part === ".")
  ) {
    throw new Error(`Refusing "${filePath}": not a repository-relative path`);
  }
}

async function showFile(git: Git, sha: string, filePath: string): Promise<string | undefined> {
  checkPath(filePath);
  if (filePath === "") return undefined;
  const entry = await treeEntry(git, sha, filePath);
  if (entry?.type !== "blob") return undefined;
  return git(["show", `${sha}:${filePath}`]);
}

async function listDirectory(git: Git, sha: string, dir: string): Promise<DirectoryEntry[] | undefined> {
  checkPath(dir);
  const trimmed = dir.replace(/\/+$/, "");
  if (trimmed !== "") {
    const entry = await treeEntry(git, sha, trimmed);
    if (entry?.type !== "tree") return undefined;
  }
  const listing = await git(["ls-tree", "-z", "-l", trimmed === "" ? sha : `${sha}:${trimmed}`]);
  const entries: DirectoryEntry[] = [];
  for (const line of listing.split("\0")) {
    const match = /^\d+ (\w+) [0-9a-f]+ +(-|\d+)\t(.*)$/s.exec(line);
    if (!match) continue;
    const [, type = "", size = "-", name = ""] = match;
    const item: DirectoryEntry = { name, type: type === "blob" ? "file" : type === "tree" ? "dir" : "other" };
    if (item.type === "file" && size !== "-") item.size = Number(size);
    entries.push(item);
  }
  return entries.sort((a, b) => a.name.localeCompare(b.name));
}

/** The object at `path` in `sha`'s tree (blob, tree or commit for a submodule), or undefined. */
async function treeEntry(git: Git, sha: string, filePath: string): Promise<{ type: string } | undefined> {
  const listing = await git(["ls-tree", "-z", "--full-tree", sha, "--", filePath]);
  const match = /^\d+ (\w+) /.exec(listing);
  return match?.[1] === undefined ? undefined : { type: match[1] };
}

/** Paths of `git status --porcelain -z`; a rename or copy entry is followed by its source path, skipped. */
function uncommittedPaths(status: string): string[] {
  const entries = status.split("\0");
  const paths: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] ?? "";
    if (!/^.. ./.test(entry)) continue;
    paths.push(entry.slice(3));
    if (/^[RC]|^.[RC]/.test(entry)) i++;
  }
  return paths;
}

function commitMessages(log: string): string[] {
  return log
    .split("\0")
    .map((message) => message.trim())
    .filter((message) => message !== "");
}

/** `owner/name` from `git@github.com:owner/name.git`, `https://host/owner/name(.git)`, `ssh://…/owner/name`. */
function githubRemote(url: string): { owner: string; repo: string } | undefined {
  const match = /[:/]([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(url);
  if (!match?.[1] || !match[2]) return undefined;
  return { owner: match[1], repo: match[2] };
}
