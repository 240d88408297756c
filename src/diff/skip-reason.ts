// Decides whether a changed file is reviewed at all: lockfiles, vendored and generated code are not.
import picomatch from "picomatch";
import type { SkipReason } from "../domain/model.js";

// `dot: true` so `.terraform.lock.hcl` and paths under dot-folders match; compiled once at load.
const globOptions = { dot: true };

const isLockfile = picomatch(
  [
    "**/{package-lock.json,npm-shrinkwrap.json,yarn.lock,pnpm-lock.yaml,bun.lockb,bun.lock,deno.lock}",
    "**/{Cargo.lock,Gemfile.lock,poetry.lock,Pipfile.lock,uv.lock,pdm.lock,composer.lock,mix.lock}",
    "**/{go.sum,go.work.sum,packages.lock.json,flake.lock,pubspec.lock,Podfile.lock,Package.resolved}",
    "**/{gradle.lockfile,*.lockfile,.terraform.lock.hcl}",
    "**/*.lock",
  ],
  globOptions,
);

const isVendored = picomatch("**/{vendor,node_modules,third_party,third-party}/**", globOptions);

const isGeneratedPath = picomatch(
  [
    "**/*.min.{js,mjs,cjs,css}",
    "**/*.{js,css}.map",
    "**/*.pb.{go,ts,cc,h}",
    "**/*.pb.gw.go",
    "**/*_pb2{,_grpc}.{py,pyi}",
    "**/*_{pb,grpc_pb}.{js,ts,d.ts}",
    "**/*.generated.*",
    "**/__generated__/**",
    "**/dist/**",
    "**/*.snap",
  ],
  globOptions,
);

/** How far into a file a generated-code marker is looked for (tools write it in the header). */
const MARKER_WITHIN_LINES = 10;
const generatedMarker = /@generated\b|\bCode generated\b.*\bDO NOT EDIT\b/;
const hunkHeader = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

export function skipReason(path: string, patch?: string): SkipReason | undefined {
  if (isLockfile(path)) return "lockfile";
  if (isVendored(path)) return "vendored";
  if (isGeneratedPath(path)) return "generated";
  if (patch !== undefined && hasGeneratedMarker(patch)) return "generated";
  return undefined;
}

/**
 * True when the first hunk shows a generated-code marker within the first lines of the file, on either
 * side. Only the file header counts: `@generated` deeper in a hand-written file is just a word.
 */
function hasGeneratedMarker(patch: string): boolean {
  const lines = patch.split("\n", 200);
  const header = hunkHeader.exec(lines[0] ?? "");
  if (!header) return false;
  let oldLine = Number(header[1]);
  let newLine = Number(header[2]);
  for (const line of lines.slice(1)) {
    if (line.startsWith("@@") || (oldLine > MARKER_WITHIN_LINES && newLine > MARKER_WITHIN_LINES)) break;
    const marker = line[0];
    if (marker === "\\") continue;
    const lineNumber = marker === "-" ? oldLine : newLine;
    if (lineNumber <= MARKER_WITHIN_LINES && generatedMarker.test(line)) return true;
    if (marker !== "+") oldLine++;
    if (marker !== "-") newLine++;
  }
  return false;
}
