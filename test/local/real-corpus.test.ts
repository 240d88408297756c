// Runs the local gatherer and the diff stage over the shared corpus of real changes, when it is checked out.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { toChangedFile } from "../../src/diff/to-changed-file.js";
import { readLocalCase } from "../../src/local/read-local-case.js";

const corpus = fileURLToPath(new URL("../../../shared/corpus/real", import.meta.url));
const cases = existsSync(corpus)
  ? readdirSync(corpus).filter((name) => existsSync(path.join(corpus, name, "pr.json")))
  : [];

/** Lines as GitHub numbers them: a final newline ends the last line rather than starting another. */
const lineCount = (content: string) => content.split("\n").length - (content.endsWith("\n") ? 1 : 0);

describe.skipIf(cases.length === 0)("the real corpus", () => {
  it.each(cases)("%s: every anchor is a real line of its side", async (name) => {
    const local = await readLocalCase(path.join(corpus, name));
    expect(local.rawFiles).toHaveLength(local.snapshot.changedFilesCount);
    for (const raw of local.rawFiles) {
      const head = await local.contents.read(raw.path, "head");
      const base = await local.contents.read(raw.previousPath ?? raw.path, "base");
      const file = toChangedFile(raw, head);
      expect(file.patchMissing, raw.path).toBe(false);

      const headLines = head?.split("\n") ?? [];
      const baseLines = base?.split("\n") ?? [];
      for (const line of file.commentable.RIGHT) {
        expect(line, `${raw.path} RIGHT ${line}`).toBeLessThanOrEqual(
          head === undefined ? 0 : lineCount(head),
        );
      }
      // Stronger than the bound: each numbered line has the content the diff says it has.
      for (const hunk of file.hunks) {
        for (const line of hunk.lines) {
          if (line.newLine !== undefined)
            expect(headLines[line.newLine - 1], `${raw.path}:${line.newLine}`).toBe(line.content);
          if (line.oldLine !== undefined)
            expect(baseLines[line.oldLine - 1], `${raw.path}:-${line.oldLine}`).toBe(line.content);
        }
      }
      const added = file.hunks.flatMap((hunk) => hunk.lines).filter((line) => line.kind === "add").length;
      expect(added, raw.path).toBe(raw.additions);
    }
  });
});
