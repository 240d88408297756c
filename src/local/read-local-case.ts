// A gatherer that reads a pull request from a case folder (pr.json, pr.diff, base/, head/) instead of GitHub.
import { readFile, realpath } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { splitGitDiff } from "../diff/split-git-diff.js";
import type { ContentSource, PullRequestSnapshot, RawChangedFile } from "../domain/model.js";

export interface LocalCase {
  snapshot: PullRequestSnapshot;
  rawFiles: RawChangedFile[];
  contents: ContentSource;
}

const prJsonSchema = z.object({
  /** `owner/name` of the repository the change comes from. */
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'expected "owner/name"'),
  base_sha: z.string().min(1),
  head_sha: z.string().min(1),
  title: z.string(),
  /** The description; a commit message body can be empty. */
  body: z.string().default(""),
  /** Pull request number to report; a local case has none of its own. */
  number: z.number().int().positive().default(1),
  author: z.string().min(1).default("local"),
  /** Paths left out of base/ and head/ (binaries): reading them gives `undefined`. */
  omitted: z.array(z.string()).default([]),
});

/**
 * Reads a case folder. Errors a user can fix (missing or invalid pr.json, missing pr.diff) throw with the
 * file and field named; the returned ContentSource refuses paths that would leave `base/` or `head/`.
 */
export async function readLocalCase(dir: string): Promise<LocalCase> {
  const root = path.resolve(dir);
  const prJsonPath = path.join(root, "pr.json");
  const pr = parsePrJson(await readRequired(prJsonPath), prJsonPath);
  const rawFiles = splitGitDiff(await readRequired(path.join(root, "pr.diff")));

  const [owner = "", repo = ""] = pr.repo.split("/");
  const snapshot: PullRequestSnapshot = {
    owner,
    repo,
    number: pr.number,
    title: pr.title,
    body: pr.body,
    author: pr.author,
    baseSha: pr.base_sha,
    headSha: pr.head_sha,
    changedFilesCount: rawFiles.length,
  };
  return { snapshot, rawFiles, contents: folderContentSource(root, new Set(pr.omitted)) };
}

function parsePrJson(text: string, file: string): z.infer<typeof prJsonSchema> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const result = prJsonSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `field "${issue.path.join(".") || "(root)"}": ${issue.message}`,
    );
    throw new Error(`${file}: ${problems.join("; ")}`);
  }
  return result.data;
}

async function readRequired(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if (isMissing(error)) throw new Error(`${file}: missing; a case folder needs pr.json and pr.diff`);
    throw error;
  }
}

function folderContentSource(root: string, omitted: ReadonlySet<string>): ContentSource {
  return {
    async read(filePath, side) {
      const sideRoot = path.join(root, side);
      const target = path.resolve(sideRoot, filePath);
      // The path comes from a diff or a model's tool call: untrusted, so it must stay inside the side folder.
      if (
        filePath === "" ||
        filePath.includes("\0") ||
        path.isAbsolute(filePath) ||
        path.win32.isAbsolute(filePath) ||
        filePath.split(/[\\/]/).includes("..") ||
        !isInside(sideRoot, target)
      ) {
        throw new Error(`Refusing to read "${filePath}": not a repository-relative path`);
      }
      if (omitted.has(filePath)) return undefined;
      try {
        // A symlink inside the case may point anywhere; compare the real locations too.
        const [realRoot, realTarget] = await Promise.all([realpath(sideRoot), realpath(target)]);
        if (!isInside(realRoot, realTarget)) {
          throw new Error(`Refusing to read "${filePath}": it links outside the case folder`);
        }
        return await readFile(realTarget, "utf8");
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
  };
}

function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative !== "" && relative.split(path.sep)[0] !== ".." && !path.isAbsolute(relative);
}

/** The file (or the `base/` folder) is not there, or the path names a folder: nothing to read on that side. */
function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR";
}
