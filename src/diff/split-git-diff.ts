// Splits a full `git diff` into entries shaped like GitHub's `pulls.listFiles`, for the local gatherer and CLI.
//
// A small hand parser rather than parse-diff, because parse-diff 0.12 does not unquote C-quoted paths
// (`"caf\303\251.txt"`, `"say \"hi\".txt"`), splits `diff --git a/x b/y` by regex (wrong when a path
// contains ` b/`), ignores `rename from/to`, `copy from/to`, `Binary files … differ` and `GIT binary patch`,
// and does not return the raw hunk text that GitHub's `patch` is. Hunks are delimited by their header
// counts, so text after the last hunk (`git log -p` commit headers, a format-patch signature) is dropped.
import type { FileStatus, RawChangedFile } from "../domain/model.js";

const hunkHeader = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;

interface FileHeader {
  gitOld?: string;
  gitNew?: string;
  oldPath?: string;
  newPath?: string;
  renameFrom?: string;
  renameTo?: string;
  copyFrom?: string;
  copyTo?: string;
  added: boolean;
  removed: boolean;
  binary: boolean;
}

export function splitGitDiff(diffText: string): RawChangedFile[] {
  const lines = diffText.split("\n");
  const files: RawChangedFile[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = stripCr(lines[i] ?? "");
    if (!line.startsWith("diff --git ")) {
      i++;
      continue;
    }
    const header: FileHeader = { added: false, removed: false, binary: false };
    const names = splitGitHeader(line.slice("diff --git ".length));
    if (names) {
      header.gitOld = names.old;
      header.gitNew = names.new;
    }
    i = readExtendedHeader(lines, i + 1, header);
    const hunks = readHunks(lines, i);
    i = hunks.next;
    const file = toRawFile(header, hunks);
    if (file) files.push(file);
  }
  return files;
}

/** Reads `new file mode`, `rename from`, `---`/`+++`, … up to the first hunk or the next file. */
function readExtendedHeader(lines: readonly string[], start: number, header: FileHeader): number {
  let i = start;
  for (; i < lines.length; i++) {
    const line = stripCr(lines[i] ?? "");
    if (line.startsWith("diff --git ") || line.startsWith("@@")) break;
    if (line.startsWith("new file mode ")) header.added = true;
    else if (line.startsWith("deleted file mode ")) header.removed = true;
    else if (line.startsWith("rename from ")) header.renameFrom = unquote(line.slice(12));
    else if (line.startsWith("rename to ")) header.renameTo = unquote(line.slice(10));
    else if (line.startsWith("copy from ")) header.copyFrom = unquote(line.slice(10));
    else if (line.startsWith("copy to ")) header.copyTo = unquote(line.slice(8));
    else if (line.startsWith("--- ")) header.oldPath = sidePath(line.slice(4), "a/");
    else if (line.startsWith("+++ ")) header.newPath = sidePath(line.slice(4), "b/");
    else if (line.startsWith("Binary files ") || line === "GIT binary patch") header.binary = true;
  }
  return i;
}

interface Hunks {
  patch: string;
  additions: number;
  deletions: number;
  next: number;
}

function readHunks(lines: readonly string[], start: number): Hunks {
  const patch: string[] = [];
  let additions = 0;
  let deletions = 0;
  let i = start;
  while (i < lines.length) {
    const header = hunkHeader.exec(stripCr(lines[i] ?? ""));
    if (!header) break;
    patch.push(lines[i] ?? "");
    i++;
    // An omitted count means 1 (`@@ -3 +3 @@`).
    let oldLeft = header[1] === undefined ? 1 : Number(header[1]);
    let newLeft = header[2] === undefined ? 1 : Number(header[2]);
    for (; i < lines.length && (oldLeft > 0 || newLeft > 0 || lines[i]?.startsWith("\\")); i++) {
      const line = lines[i] ?? "";
      const marker = line[0];
      if (marker === "+") {
        additions++;
        newLeft--;
      } else if (marker === "-") {
        deletions++;
        oldLeft--;
      } else if (marker === " " || stripCr(line) === "") {
        // An empty line is a context line whose trailing space an editor or mailer stripped.
        oldLeft--;
        newLeft--;
      } else if (marker !== "\\") {
        break; // the hunk is shorter than its header says
      }
      patch.push(line);
    }
  }
  return { patch: patch.join("\n"), additions, deletions, next: i };
}

function toRawFile(header: FileHeader, hunks: Hunks): RawChangedFile | undefined {
  const oldPath = header.renameFrom ?? header.copyFrom ?? header.oldPath ?? header.gitOld;
  const newPath = header.renameTo ?? header.copyTo ?? header.newPath ?? header.gitNew;
  const path = header.removed ? (oldPath ?? newPath) : (newPath ?? oldPath);
  if (path === undefined) return undefined;

  let status: FileStatus = "modified";
  if (header.added) status = "added";
  else if (header.removed) status = "removed";
  else if (header.renameFrom !== undefined || header.renameTo !== undefined) status = "renamed";
  else if (header.copyFrom !== undefined || header.copyTo !== undefined) status = "copied";

  const file: RawChangedFile = { path, status, additions: hunks.additions, deletions: hunks.deletions };
  if ((status === "renamed" || status === "copied") && oldPath !== undefined) file.previousPath = oldPath;
  // Like GitHub: no patch for binaries. A text file without hunks (pure rename, mode change, empty file)
  // gets an empty patch, which says "nothing to show" rather than "could not show".
  if (!header.binary) file.patch = hunks.patch;
  return file;
}

/** `a/path`, `"a/quoted path"`, or `/dev/null` (→ undefined) from a `---`/`+++` line. */
function sidePath(raw: string, prefix: string): string | undefined {
  let name: string;
  if (raw.startsWith('"')) {
    name = readQuoted(raw, 0)?.value ?? raw;
  } else {
    // git appends a tab after names that contain spaces; an unquoted name never contains a tab itself.
    const tab = raw.indexOf("\t");
    name = tab === -1 ? raw : raw.slice(0, tab);
  }
  if (name === "/dev/null") return undefined;
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

/** Splits the `a/old b/new` part of `diff --git`; the fallback when no `---`/`+++`/`rename` line names the file. */
function splitGitHeader(rest: string): { old: string; new: string } | undefined {
  let oldName: string;
  let newName: string;
  if (rest.startsWith('"')) {
    const first = readQuoted(rest, 0);
    if (!first) return undefined;
    oldName = first.value;
    newName = unquote(rest.slice(first.end).trimStart());
  } else if (rest.endsWith('"')) {
    const split = rest.lastIndexOf(' "');
    if (split === -1) return undefined;
    oldName = rest.slice(0, split);
    newName = unquote(rest.slice(split + 1));
  } else {
    // Unquoted names may contain spaces, even ` b/`; without a rename both halves are equal, which pins
    // the split point. Otherwise take the first ` b/`.
    const half = (rest.length - 1) / 2;
    if (Number.isInteger(half) && rest[half] === " " && rest.slice(2, half) === rest.slice(half + 3)) {
      oldName = rest.slice(0, half);
      newName = rest.slice(half + 1);
    } else {
      const split = rest.indexOf(" b/");
      if (split === -1) return undefined;
      oldName = rest.slice(0, split);
      newName = rest.slice(split + 1);
    }
  }
  return {
    old: oldName.startsWith("a/") ? oldName.slice(2) : oldName,
    new: newName.startsWith("b/") ? newName.slice(2) : newName,
  };
}

function unquote(raw: string): string {
  return raw.startsWith('"') ? (readQuoted(raw, 0)?.value ?? raw) : raw;
}

const simpleEscapes: Record<string, number> = {
  a: 7,
  b: 8,
  t: 9,
  n: 10,
  v: 11,
  f: 12,
  r: 13,
  '"': 34,
  "\\": 92,
};

/**
 * Reads a C-style quoted name as git writes it (`core.quotePath`): `\"`, `\\`, `\t`, … and octal bytes
 * (`\303\251` is UTF-8 for `é`). Returns the decoded name and the index after the closing quote.
 */
function readQuoted(text: string, start: number): { value: string; end: number } | undefined {
  const bytes: number[] = [];
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i] ?? "";
    if (ch === '"') return { value: Buffer.from(bytes).toString("utf8"), end: i + 1 };
    if (ch === "\\") {
      const next = text[i + 1] ?? "";
      const octal = /^[0-7]{3}/.exec(text.slice(i + 1, i + 4));
      if (octal) {
        bytes.push(Number.parseInt(octal[0], 8) & 0xff);
        i += 4;
        continue;
      }
      const escaped = simpleEscapes[next];
      bytes.push(...(escaped === undefined ? Buffer.from(next) : [escaped]));
      i += 2;
      continue;
    }
    const codePoint = text.codePointAt(i) ?? 0;
    const char = String.fromCodePoint(codePoint);
    bytes.push(...Buffer.from(char));
    i += char.length;
  }
  return undefined;
}

function stripCr(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}
