// What the architect agent may read beyond the diff: the PR's own repository at its two SHAs, and the
// guidance documents on the default branch. Implemented for GitHub (src/github/) and case folders (src/local/).

/** `head` = the PR's head SHA, `base` = its base SHA. Never a ref the model names. */
export type RepositorySide = "head" | "base";

export interface DirectoryEntry {
  /** Entry name (no slashes). */
  name: string;
  type: "file" | "dir" | "other";
  /** Bytes, for files when known. */
  size?: number;
}

/** A repository guidance document from the default branch (`ARCHITECTURE.md`, `docs/adr/…`, `AGENTS.md`, `CLAUDE.md`). */
export interface GuidanceDocument {
  path: string;
  text: string;
}

export interface RepositoryReader {
  /** Text of the file at `side`; `undefined` when it does not exist there (or is not a file). */
  read(path: string, side: RepositorySide): Promise<string | undefined>;
  /** Entries of the directory at `side` (`""` = the root); `undefined` when there is no such directory. */
  list(dir: string, side: RepositorySide): Promise<DirectoryEntry[] | undefined>;
  /** Guidance documents present on the default branch; absent ones are simply not returned. */
  guidance(): Promise<GuidanceDocument[]>;
  /** The PR's commit messages, oldest first, when the source has them. */
  commitMessages?(): Promise<string[]>;
}

/** The guidance files looked for, in the order they are offered to the model. */
export const guidanceFiles = ["ARCHITECTURE.md", "AGENTS.md", "CLAUDE.md"] as const;
/** ADRs live here as `*.md`; the newest (by name) come first. */
export const adrDirectory = "docs/adr";
/** At most this many ADRs are read: newer decisions supersede older ones, and each costs a request. */
export const maxAdrFiles = 20;
/** Guidance text beyond this many characters per document is cut (the prompt budget cuts further). */
export const maxGuidanceChars = 40_000;
/** A file read for the model is cut here: the tool returns far less, and memory stays bounded. */
export const maxReadChars = 1_000_000;

/** `text` as the model may read it: cut at `maxReadChars`, saying so. */
export function cutForModel(text: string): string {
  return text.length > maxReadChars
    ? `${text.slice(0, maxReadChars)}\n… (file cut at ${maxReadChars} characters)`
    : text;
}

/**
 * The guidance documents of one revision, read through that source's `list` and `read`: the guidance files,
 * then the newest ADRs; empty or absent ones are left out.
 */
export async function readGuidance(
  list: (dir: string) => Promise<DirectoryEntry[] | undefined>,
  read: (path: string) => Promise<string | undefined>,
): Promise<GuidanceDocument[]> {
  const adrs = (await list(adrDirectory)) ?? [];
  const adrPaths = adrs
    .filter((entry) => entry.type === "file" && /\.md$/i.test(entry.name))
    .map((entry) => entry.name)
    .sort()
    .reverse()
    .slice(0, maxAdrFiles)
    .map((name) => `${adrDirectory}/${name}`);
  const paths = [...guidanceFiles, ...adrPaths];
  const texts = await Promise.all(paths.map((path) => read(path)));
  const docs: GuidanceDocument[] = [];
  paths.forEach((path, index) => {
    const text = texts[index];
    if (text === undefined || text.trim() === "") return;
    docs.push({ path, text: text.slice(0, maxGuidanceChars) });
  });
  return docs;
}
