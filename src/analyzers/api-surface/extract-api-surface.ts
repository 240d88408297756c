// One entry point for every language: parse the file with its grammar and run that language's extractor.
import { type ApiSurface, emptySurface } from "./api-surface.js";
import { extractGoSurface } from "./go/extract-go-surface.js";
import { extractJavaSurface } from "./java/extract-java-surface.js";
import { extractJavascriptSurface } from "./javascript/extract-javascript-surface.js";
import { extractPythonSurface } from "./python/extract-python-surface.js";
import { extractRubySurface } from "./ruby/extract-ruby-surface.js";
import { type SourceLanguage, type SyntaxNode, sourceLanguageOf, withSyntaxTree } from "./syntax-tree.js";

/** A language's extractor: pure over the syntax tree; `path` tells conventions apart (`urls.py`, `routes.rb`). */
export type SurfaceExtractor = (root: SyntaxNode, path: string) => ApiSurface;

const extractorOf: Record<SourceLanguage, SurfaceExtractor> = {
  javascript: extractJavascriptSurface,
  typescript: extractJavascriptSurface,
  tsx: extractJavascriptSurface,
  python: extractPythonSurface,
  ruby: extractRubySurface,
  go: extractGoSurface,
  java: extractJavaSurface,
};

/** What `text` (the file at `path`) declares; empty for languages without a grammar here. */
export async function extractApiSurface(path: string, text: string): Promise<ApiSurface> {
  const language = sourceLanguageOf(path);
  if (language === undefined) return emptySurface;
  return withSyntaxTree(language, text, (root) => extractorOf[language](root, path));
}
