// A real corpus case (../shared/corpus/real/<name>) as the diff stage would see it: every changed file with
// its head and base contents. Shared by the analyzer families' corpus tests.
import path from "node:path";
import { toChangedFile } from "../../src/diff/to-changed-file.js";
import type { ChangedFile } from "../../src/domain/model.js";
import { readLocalCase } from "../../src/local/read-local-case.js";

export async function corpusCaseFiles(corpus: string, name: string): Promise<ChangedFile[]> {
  const local = await readLocalCase(path.join(corpus, name));
  const files: ChangedFile[] = [];
  for (const raw of local.rawFiles) {
    const head = await local.contents.read(raw.path, "head");
    const base = await local.contents.read(raw.previousPath ?? raw.path, "base");
    const file = toChangedFile(raw, head);
    if (base !== undefined) file.baseContent = base;
    files.push(file);
  }
  return files;
}
