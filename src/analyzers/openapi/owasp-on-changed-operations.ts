// A9: Spectral's OWASP API ruleset, limited to the catalogue's subset and to what the PR touched — the
// operations whose lines it added or changed, and any other line it added (a new server URL, a new scheme).
// The whole ruleset on a whole spec is noise (37 results for 30 lines); legacy problems are not this PR's.
import type { RulesetDefinition } from "@stoplight/spectral-core";
import { type Finding, type Severity, severityRank } from "../../domain/model.js";
import { makeFinding } from "../make-finding.js";
import type { JsonObject } from "./load-openapi.js";
import { isObject } from "./load-openapi.js";
import { locatePointer, refSegments, type SpecText } from "./locate-pointer.js";
import { openApiRules } from "./openapi-rules.js";

/** The OWASP rules A9 runs (analyzers.md §3.2), with the severity each one reports at. */
export const owaspSubset: Readonly<Record<string, Severity>> = {
  "owasp:api2:2023-no-http-basic": "major",
  "owasp:api2:2023-no-api-keys-in-url": "major",
  "owasp:api2:2023-no-credentials-in-url": "major",
  "owasp:api2:2023-auth-insecure-schemes": "major",
  "owasp:api8:2023-no-server-http": "major",
  // Swagger 2's counterpart of no-server-http (`schemes: [http]`).
  "owasp:api8:2023-no-scheme-http": "major",
  "owasp:api8:2023-define-error-responses-401": "major",
  "owasp:api4:2023-string-limit": "info",
  "owasp:api4:2023-array-limit": "info",
};

const methods = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

interface SpectralResult {
  code: string | number;
  message: string;
  path: ReadonlyArray<string | number>;
}

type Lint = (json: string) => Promise<readonly SpectralResult[]>;

let linter: Promise<Lint> | undefined;

/**
 * Spectral is ~50 MB of modules: loaded on first use, once per process. Its packages are CommonJS; depending
 * on the loader (Node, tsx, vitest) their exports arrive as the namespace or under `default`, so both are
 * accepted (named ESM imports fail at run time for spectral-parsers).
 */
function loadLinter(): Promise<Lint> {
  linter ??= (async () => {
    const [coreModule, parsersModule, owaspModule] = await Promise.all([
      import("@stoplight/spectral-core"),
      import("@stoplight/spectral-parsers"),
      import("@stoplight/spectral-owasp-ruleset"),
    ]);
    const core = namespaceOf(coreModule, "Spectral");
    const parsers = namespaceOf(parsersModule, "Json");
    const spectral = new core.Spectral();
    spectral.setRuleset({
      extends: [[rulesetOf(owaspModule), "off"]],
      rules: Object.fromEntries(Object.keys(owaspSubset).map((code) => [code, true])),
    });
    return async (json: string) => spectral.run(new core.Document(json, parsers.Json, "spec.json"));
  })();
  linter.catch(() => {
    linter = undefined;
  });
  return linter;
}

/** The CommonJS module's exports: the namespace itself when it has `name`, else its `default`. */
function namespaceOf<T extends { default: object }>(module: T, name: string): T["default"] {
  return (name in module ? module : module.default) as T["default"];
}

/**
 * The ruleset package is CommonJS typed as `{ default: ruleset }`, but Node resolves its `import` condition
 * (an ES module whose default export is the ruleset): unwrap `default` until the object with `rules`.
 */
function rulesetOf(module: unknown): RulesetDefinition {
  let value = module;
  for (let depth = 0; depth < 3 && isObject(value) && !("rules" in value) && "default" in value; depth++) {
    value = value.default;
  }
  return value as RulesetDefinition;
}

export interface OwaspResult {
  findings: Finding[];
  /** Results on added lines beyond `owaspLimit`, per rule: named in a note, not posted one by one. */
  unlisted: Map<string, number>;
}

/** Findings per file: a new spec can have thousands of unbounded strings, and a review is not a lint report. */
export const owaspLimit = 20;

/** Containers of reusable elements: only those the touched operations reference (or the PR touched) are linted. */
const reusable: ReadonlyArray<readonly string[]> = [["definitions"], ["parameters"], ["responses"]];

/**
 * Lints what the PR touched in `raw`: the operations containing one of `addedLines`, the components they use,
 * components the PR edited, and the document's top level (servers, security schemes). `raw` is the document
 * as written with external `$ref`s neutralised, so Spectral fetches nothing; results are placed with `text`.
 */
export async function owaspOnChangedOperations(
  raw: JsonObject,
  text: SpecText,
  path: string,
  addedLines: ReadonlySet<number>,
): Promise<OwaspResult> {
  const unlisted = new Map<string, number>();
  if (addedLines.size === 0) return { findings: [], unlisted };
  const touched = (pointer: readonly string[]) => {
    const at = locatePointer(text, pointer);
    if (at === undefined || !at.exact) return false;
    for (const line of addedLines) if (line >= at.line && line <= at.endLine) return true;
    return false;
  };

  const lint = await loadLinter();
  const results = await lint(JSON.stringify(touchedDocument(raw, touched)));
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const result of results) {
    const code = String(result.code);
    const severity = owaspSubset[code];
    if (severity === undefined) continue;
    const pointer = result.path.map(String);
    const key = `${code}\0${pointer.join("/")}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const at = locatePointer(text, pointer);
    if (at === undefined) continue;
    // Anchor on the first line the PR added inside the flagged element: legacy elements are not reported.
    let line: number | undefined;
    for (let candidate = at.line; candidate <= at.endLine && line === undefined; candidate++) {
      if (addedLines.has(candidate)) line = candidate;
    }
    if (line === undefined) continue;
    const finding = makeFinding(openApiRules.owaspOnChangedOperations, {
      path,
      line,
      subject: `${readable(pointer)} ${code}`,
      message: `\`${readable(pointer)}\`: ${result.message.replace(/\.$/, "")} (${code}).`,
    });
    findings.push(severity === finding.severity ? finding : { ...finding, severity });
  }
  // The most serious first, then in file order; the rest are counted.
  findings.sort(
    (a, b) => severityRank[a.severity] - severityRank[b.severity] || (a.line ?? 0) - (b.line ?? 0),
  );
  for (const finding of findings.slice(owaspLimit)) {
    const code = /\((owasp:[^)]+)\)\.$/.exec(finding.message)?.[1] ?? finding.ruleId;
    unlisted.set(code, (unlisted.get(code) ?? 0) + 1);
  }
  return { findings: findings.slice(0, owaspLimit), unlisted };
}

/**
 * A copy of `raw` with only the touched operations in `paths` and, among reusable components, only those
 * the touched parts reference (transitively) or the PR edited. Everything else at the top level stays.
 * On a large spec with a small change this is most of Spectral's time saved.
 */
function touchedDocument(raw: JsonObject, touched: (pointer: readonly string[]) => boolean): JsonObject {
  const document: JsonObject = { ...raw, paths: {} };
  const roots: Array<readonly string[]> = [];
  for (const [route, item] of Object.entries(isObject(raw.paths) ? raw.paths : {})) {
    if (!isObject(item)) continue;
    const operations = Object.keys(item).filter((key) => methods.has(key) && touched(["paths", route, key]));
    if (operations.length === 0) continue;
    // Path-level keys (shared parameters, servers) come along with any touched operation.
    const kept = Object.fromEntries(
      Object.entries(item).filter(([key]) => !methods.has(key) || operations.includes(key)),
    );
    (document.paths as JsonObject)[route] = kept;
    roots.push(["paths", route]);
  }

  const containers: Array<readonly string[]> = [...reusable];
  if (isObject(raw.components)) {
    delete document.components;
    for (const kind of Object.keys(raw.components)) {
      // Security schemes are what no-http-basic and friends judge: always whole.
      if (kind === "securitySchemes") copyInto(document, raw, ["components", kind]);
      else containers.push(["components", kind]);
    }
  }
  for (const container of reusable) delete document[container[0] as string];
  for (const container of containers) {
    const entries = valueAt(raw, container);
    if (!isObject(entries)) continue;
    for (const name of Object.keys(entries))
      if (touched([...container, name])) roots.push([...container, name]);
  }

  const visited = new Set<string>();
  const pending = roots.map((root) => root.slice());
  while (pending.length > 0) {
    const pointer = pending.pop() as string[];
    const key = pointer.join("/");
    if (visited.has(key)) continue;
    visited.add(key);
    const value = valueAt(raw, pointer);
    if (value === undefined) continue;
    if (pointer[0] !== "paths") copyInto(document, raw, pointer);
    for (const ref of localRefs(value)) pending.push(refSegments(ref));
  }
  return document;
}

/** Every local `$ref` under `value` (the raw document is a tree: YAML aliases were expanded by toJS). */
function localRefs(value: unknown): string[] {
  const refs: string[] = [];
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) stack.push(...node);
    else if (isObject(node)) {
      if (typeof node.$ref === "string" && node.$ref.startsWith("#")) refs.push(node.$ref);
      stack.push(...Object.values(node));
    }
  }
  return refs;
}

function valueAt(root: unknown, pointer: readonly string[]): unknown {
  let node = root;
  for (const segment of pointer) {
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (isObject(node) && Object.hasOwn(node, segment)) node = node[segment];
    else return undefined;
  }
  return node;
}

/** Copies `raw`'s value at `pointer` into `document`, creating (fresh) containers on the way. */
function copyInto(document: JsonObject, raw: JsonObject, pointer: readonly string[]): void {
  if (valueAt(document, pointer) !== undefined) return;
  const value = valueAt(raw, pointer);
  if (value === undefined) return;
  let node: JsonObject = document;
  for (let index = 0; index < pointer.length - 1; index++) {
    const segment = pointer[index] as string;
    const next = node[segment];
    // Never write into an object shared with `raw`: only into containers made here.
    if (!isObject(next)) node[segment] = {};
    else if (next === valueAt(raw, pointer.slice(0, index + 1))) node[segment] = { ...next };
    node = node[segment] as JsonObject;
  }
  node[pointer[pointer.length - 1] as string] = value;
}

/** `GET /users/{id} parameters.0.schema`, or the dotted pointer outside operations. */
function readable(pointer: readonly string[]): string {
  const [root, route, method, ...rest] = pointer;
  if (root === "paths" && route !== undefined && method !== undefined && methods.has(method)) {
    const operation = `${method.toUpperCase()} ${route}`;
    return rest.length === 0 ? operation : `${operation} ${rest.join(".")}`;
  }
  return pointer.join(".");
}
