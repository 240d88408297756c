// The API surface of a whole PR, extracted once: every analyzer call for one of its files, and the endpoint
// table the Claude architect gets, share the same extraction (keyed by the PR's list of files).
import { errorMessage } from "../../domain/error-message.js";
import type { ChangedFile } from "../../domain/model.js";
import type { ApiSurface } from "./api-surface.js";
import { compareApiSurfaces, type FileSurfaces, type SurfaceChange } from "./compare-api-surfaces.js";
import { extractApiSurface } from "./extract-api-surface.js";
import { maxParsedBytes, sourceLanguageOf } from "./syntax-tree.js";

export interface PrSurfaces {
  files: FileSurfaces[];
  changes: SurfaceChange[];
  /** Files whose surface could not be extracted, with the reason (one note each). */
  failures: Map<string, string>;
}

/** API files in a language we parse; data models are the ORM analyzers' business. */
export function hasApiSurface(file: ChangedFile): boolean {
  return file.skipped === undefined && file.category === "api" && sourceLanguageOf(file.path) !== undefined;
}

const extracted = new WeakMap<readonly ChangedFile[], Promise<PrSurfaces>>();

export function prSurfaces(files: readonly ChangedFile[]): Promise<PrSurfaces> {
  let surfaces = extracted.get(files);
  if (surfaces === undefined) {
    surfaces = extractAll(files);
    extracted.set(files, surfaces);
  }
  return surfaces;
}

async function extractAll(files: readonly ChangedFile[]): Promise<PrSurfaces> {
  const failures = new Map<string, string>();
  const pairs: FileSurfaces[] = [];
  for (const file of files.filter(hasApiSurface)) {
    const basePath = file.previousPath ?? file.path;
    // A side that exists but was not read is unknown, not empty: comparing with it would report every
    // endpoint as removed (or none as new). The pipeline already names the unreadable file.
    const baseMissing = file.status !== "added" && file.baseContent === undefined;
    const headMissing = file.status !== "removed" && file.headContent === undefined;
    if (baseMissing || headMissing) continue;
    try {
      const pair: FileSurfaces = { path: file.path };
      if (file.baseContent !== undefined) pair.base = await surfaceOf(basePath, file.baseContent);
      if (file.headContent !== undefined) pair.head = await surfaceOf(file.path, file.headContent);
      pairs.push(pair);
    } catch (error) {
      failures.set(file.path, errorMessage(error));
    }
  }
  return { files: pairs, changes: compareApiSurfaces(pairs), failures };
}

async function surfaceOf(path: string, text: string): Promise<ApiSurface> {
  if (text.length > maxParsedBytes) {
    throw new Error(`larger than ${maxParsedBytes / 1_000_000} MB, so not parsed`);
  }
  return extractApiSurface(path, text);
}
