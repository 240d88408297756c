// Turns the text of one OpenAPI 2/3 file into a dereferenced document, leniently (analyzers.md §1.1, §6):
// specs that are not schema-valid still diff, and bad input is a value, never an exception.
import SwaggerParser from "@apidevtools/swagger-parser";
import { isMap, LineCounter, parseDocument } from "yaml";
import { errorMessage } from "../../domain/error-message.js";
import { refSegments, type SpecText } from "./locate-pointer.js";

export type JsonObject = Record<string, unknown>;

/** swagger-parser's document type (from `openapi-types`), named through the API that returns it. */
type SwaggerDocument = Awaited<ReturnType<typeof SwaggerParser.dereference>>;

export interface LoadedSpec {
  /** The document with every local `$ref` replaced by its target (circular references stay circular). */
  api: JsonObject;
  /** The document as written (before dereferencing), with unfollowable `$ref`s neutralised: what Spectral lints. */
  raw: JsonObject;
  /** The `yaml` syntax tree with line positions; absent above `anchorMaxBytes` (parsing it costs seconds). */
  text?: SpecText;
  /** `$ref`s to other files or URLs, which are deliberately not followed (they are not part of the PR's view). */
  externalRefs: number;
}

export type LoadResult =
  | { kind: "spec"; spec: LoadedSpec }
  /** YAML/JSON that is not an OpenAPI or Swagger document (a config, a client fixture): skipped quietly. */
  | { kind: "not-a-spec" }
  | { kind: "invalid"; reason: string };

/**
 * Above this size the line-aware `yaml` parse (about 0.8 s per MB) is skipped: the document is read by
 * swagger-parser's own parser (about 0.1 s per MB) and findings become file-level.
 */
export const anchorMaxBytes = 1_000_000;
/** Beyond this a spec is not compared at all (memory and time), and a note says so. */
export const specMaxBytes = 16_000_000;

/** `openapi:` / `"swagger":` as a key, also in minified JSON: a cheap filter before any parsing. */
const markerLine = /(?:^|[{,\s])["']?(?:openapi|swagger)["']?\s*:/m;

/** Versions swagger-parser dereferences; anything else is mapped onto the nearest one (we never validate). */
const supportedOpenApi = new Set(["3.0.0", "3.0.1", "3.0.2", "3.0.3", "3.0.4", "3.1.0", "3.1.1", "3.1.2"]);

export async function loadOpenApi(source: string, path: string): Promise<LoadResult> {
  if (!markerLine.test(source)) return { kind: "not-a-spec" };
  if (source.length > specMaxBytes) {
    return {
      kind: "invalid",
      reason: `${megabytes(source.length)} is over the ${megabytes(specMaxBytes)} limit`,
    };
  }

  let document: unknown;
  let text: SpecText | undefined;
  if (source.length <= anchorMaxBytes) {
    const lineCounter = new LineCounter();
    // uniqueKeys off: a duplicated key is a lint problem, not a reason to skip the contract diff.
    const doc = parseDocument(source, { lineCounter, uniqueKeys: false, prettyErrors: true });
    const [error] = doc.errors;
    if (error !== undefined) {
      const where = error.linePos === undefined ? "" : ` at line ${error.linePos[0].line}`;
      return { kind: "invalid", reason: `not valid YAML/JSON${where} (${firstLine(error.message)})` };
    }
    if (!isMap(doc.contents)) return { kind: "not-a-spec" };
    try {
      document = doc.toJS({ maxAliasCount: 1000 });
    } catch (error) {
      return { kind: "invalid", reason: `could not be read (${reasonOf(error)})` };
    }
    text = { doc, lineCounter };
  } else {
    try {
      document = await parseLarge(source, path);
    } catch (error) {
      return { kind: "invalid", reason: `could not be parsed (${reasonOf(error)})` };
    }
  }
  if (!isObject(document) || (document.openapi === undefined && document.swagger === undefined)) {
    return { kind: "not-a-spec" };
  }

  const externalRefs = { count: 0 };
  const raw = neutraliseRefs(document, document, externalRefs) as JsonObject;
  let api: JsonObject;
  try {
    // dereference() mutates its argument, and `raw` must stay as written for Spectral.
    const copy = forDereference(structuredClone(raw)) as unknown as SwaggerDocument;
    api = (await SwaggerParser.dereference(copy, {
      resolve: { external: false, file: false, http: false },
      dereference: { circular: true },
    })) as unknown as JsonObject;
  } catch (error) {
    return { kind: "invalid", reason: `its $refs could not be resolved (${reasonOf(error)})` };
  }
  const spec: LoadedSpec = { api, raw, externalRefs: externalRefs.count };
  if (text !== undefined) spec.text = text;
  return { kind: "spec", spec };
}

/**
 * Large files go through swagger-parser's own (much faster) YAML/JSON reader, from memory, never from disk.
 * SwaggerParser extends JSON Schema $Ref Parser and only adds version checks to its `parse` (it rejects
 * `version: 1.0` read as a number); the base class reads without them, and `forDereference` settles versions.
 */
async function parseLarge(source: string, path: string): Promise<unknown> {
  const refParser = Object.getPrototypeOf(SwaggerParser) as Pick<typeof SwaggerParser, "parse">;
  const virtualPath = `memory:/${path.toLowerCase().endsWith(".json") ? "spec.json" : "spec.yaml"}`;
  return await refParser.parse(virtualPath, {
    resolve: {
      external: false,
      file: false,
      http: false,
      memory: { order: 1, canRead: /^memory:/, read: () => source },
    },
  });
}

/**
 * Returns a copy of `node` in which every `$ref` the differ cannot follow is replaced by an inert marker:
 * refs to other files or URLs (never fetched: the spec is untrusted, and the PR view holds one file) and
 * local refs that point nowhere (swagger-parser would reject the whole document for one dangling ref).
 */
function neutraliseRefs(node: unknown, root: JsonObject, external: { count: number }): unknown {
  const copies = new Map<object, unknown>();
  const visit = (value: unknown): unknown => {
    // Dates (an `x-sunset` read by swagger-parser's YAML 1.1 parser) are values, not containers.
    if (typeof value !== "object" || value === null || value instanceof Date) return value;
    const seen = copies.get(value);
    if (seen !== undefined) return seen;
    if (Array.isArray(value)) {
      const copy: unknown[] = [];
      copies.set(value, copy);
      for (const item of value) copy.push(visit(item));
      return copy;
    }
    const ref = (value as JsonObject).$ref;
    if (typeof ref === "string") {
      if (!ref.startsWith("#")) {
        external.count++;
        return { "x-external-ref": ref };
      }
      if (!pointerExists(root, ref)) return { "x-unresolved-ref": ref };
    }
    const copy: JsonObject = {};
    copies.set(value, copy);
    for (const [key, child] of Object.entries(value)) copy[key] = visit(child);
    return copy;
  };
  return visit(node);
}

function pointerExists(root: JsonObject, ref: string): boolean {
  let node: unknown = root;
  for (const segment of refSegments(ref)) {
    if (!isObject(node) && !Array.isArray(node)) return false;
    if (!Object.hasOwn(node, segment)) return false;
    node = (node as JsonObject)[segment];
  }
  return true;
}

/**
 * swagger-parser refuses versions it does not know (`openapi: 3.2.0`, `openapi: 3.0` read as a number) and
 * numeric `info.version`; the differ does not care, so the copy it dereferences says something it accepts.
 */
function forDereference(document: JsonObject): JsonObject {
  if (document.swagger !== undefined) document.swagger = "2.0";
  else {
    const version = String(document.openapi);
    if (!supportedOpenApi.has(version)) document.openapi = /^3\.[1-9]/.test(version) ? "3.1.0" : "3.0.3";
    if (!isObject(document.paths)) document.paths = {};
  }
  if (isObject(document.info) && typeof document.info.version !== "string") {
    document.info.version = String(document.info.version);
  }
  return document;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function firstLine(message: string): string {
  return message.split("\n", 1)[0] ?? message;
}

function reasonOf(error: unknown): string {
  return firstLine(errorMessage(error));
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
