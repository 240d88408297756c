// The architect agent's read-only view of a local case folder (pr.json, pr.diff, base/, head/): files and
// listings from `head/` or `base/`. A case has no default branch; its `base/` (the state before the change)
// stands in for it when looking for guidance documents.
import { readdir, readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import {
  cutForModel,
  type DirectoryEntry,
  type GuidanceDocument,
  type RepositoryReader,
  type RepositorySide,
  readGuidance,
} from "../agent/claude/repository-reader.js";

export function localRepositoryReader(caseDir: string): RepositoryReader {
  const root = path.resolve(caseDir);

  /** The real location of `relative` under `side/`, or undefined when it would leave it or does not exist. */
  async function locate(relative: string, side: RepositorySide): Promise<string | undefined> {
    // Paths come from a model's tool call: refuse anything that is not plainly inside the side folder.
    if (
      relative.includes("\0") ||
      path.isAbsolute(relative) ||
      path.win32.isAbsolute(relative) ||
      relative.split(/[\\/]/).includes("..")
    ) {
      throw new Error(`Refusing "${relative}": not a repository-relative path`);
    }
    const sideRoot = path.join(root, side);
    const target = path.resolve(sideRoot, relative);
    if (!isInside(sideRoot, target, true)) throw new Error(`Refusing "${relative}": outside the case folder`);
    try {
      const [realRoot, realTarget] = await Promise.all([realpath(sideRoot), realpath(target)]);
      // A symlink inside the case may point anywhere.
      if (!isInside(realRoot, realTarget, true)) {
        throw new Error(`Refusing "${relative}": it links outside the case folder`);
      }
      return realTarget;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async function read(relative: string, side: RepositorySide): Promise<string | undefined> {
    const file = await locate(relative, side);
    if (file === undefined || !(await stat(file)).isFile()) return undefined;
    return cutForModel(await readFile(file, "utf8"));
  }

  async function list(dir: string, side: RepositorySide): Promise<DirectoryEntry[] | undefined> {
    const folder = await locate(dir, side);
    if (folder === undefined || !(await stat(folder)).isDirectory()) return undefined;
    const entries = await readdir(folder, { withFileTypes: true });
    const listed: DirectoryEntry[] = [];
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const type = entry.isFile() ? "file" : entry.isDirectory() ? "dir" : "other";
      const item: DirectoryEntry = { name: entry.name, type };
      if (type === "file") item.size = (await stat(path.join(folder, entry.name))).size;
      listed.push(item);
    }
    return listed;
  }

  return {
    read,
    list,
    guidance: (): Promise<GuidanceDocument[]> =>
      readGuidance(
        (dir) => list(dir, "base"),
        (docPath) => read(docPath, "base"),
      ),
    async commitMessages(): Promise<string[]> {
      // A case's pr.json holds the title and body of its commit(s), already given as the PR's text.
      return [];
    },
  };
}

function isInside(parent: string, child: string, allowSame: boolean): boolean {
  const relative = path.relative(parent, child);
  if (relative === "") return allowSame;
  return relative.split(path.sep)[0] !== ".." && !path.isAbsolute(relative);
}

/** The file (or the `base/` folder) is not there: nothing to read on that side. */
function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}
