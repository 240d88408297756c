// Old-file (LEFT) line numbers of the lines a PR deleted: where a removal is anchored.
import type { ChangedFile } from "../domain/model.js";

export function deletedLines(file: ChangedFile): Set<number> {
  const lines = new Set<number>();
  for (const hunk of file.hunks) {
    for (const line of hunk.lines)
      if (line.kind === "del" && line.oldLine !== undefined) lines.add(line.oldLine);
  }
  return lines;
}
