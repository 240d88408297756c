// The GraphQL analyzer family: breaking (A10) and dangerous (A11) changes between base and head SDL.
import type { Analyzer } from "../analyzer.js";
import { analyzeBaseHead } from "../base-head-analysis.js";
import { analyzeGraphql } from "./analyze-graphql.js";

const sdlExtension = /\.(?:graphql|gql|graphqls)$/i;

export const graphqlAnalyzer: Analyzer = {
  id: "graphql",
  // Client query documents share the extensions; they are recognised and skipped once read.
  appliesTo: (file) => file.skipped === undefined && sdlExtension.test(file.path),
  needs: { base: true, head: true },
  analyze: (file) => analyzeBaseHead(file, "its schema was not compared", analyzeGraphql),
};
