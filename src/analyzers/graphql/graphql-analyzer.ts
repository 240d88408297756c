// The GraphQL analyzer family: breaking (A10) and dangerous (A11) changes between base and head SDL.
import type { ChangedFile } from "../../domain/model.js";
import type { Analyzer } from "../analyzer.js";
import { analyzeGraphql, type GraphqlRevision } from "./analyze-graphql.js";

const sdlExtension = /\.(?:graphql|gql|graphqls)$/i;

export const graphqlAnalyzer: Analyzer = {
  id: "graphql",
  // Client query documents share the extensions; they are recognised and skipped once read.
  appliesTo: (file) => file.skipped === undefined && sdlExtension.test(file.path),
  needs: { base: true, head: true },
  async analyze(file: ChangedFile) {
    if (file.status === "removed") return { findings: [], notes: [] };
    if (file.headContent === undefined) {
      return {
        findings: [],
        notes: [
          {
            path: file.path,
            message: `\`${file.path}\`: the head version could not be read; its schema was not compared.`,
          },
        ],
      };
    }
    const revision: GraphqlRevision = {
      path: file.path,
      head: file.headContent,
      addedLines: file.addedLines,
      deletedLines: deletedLines(file),
    };
    if (file.baseContent !== undefined) revision.base = file.baseContent;
    return analyzeGraphql(revision);
  },
};

/** Base lines the PR deleted (`-` lines): where a removed element is anchored on the LEFT side. */
function deletedLines(file: ChangedFile): Set<number> {
  const lines = new Set<number>();
  for (const hunk of file.hunks) {
    for (const line of hunk.lines)
      if (line.kind === "del" && line.oldLine !== undefined) lines.add(line.oldLine);
  }
  return lines;
}
