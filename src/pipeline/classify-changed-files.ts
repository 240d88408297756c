// The diff stage for a whole PR: every changed file parsed and classified — by the repository's `paths`
// globs first, then by path and diff, then (bounded) by reading the head of files whose path suggests a
// contract, a manifest, a handler or a model while their diff shows no marker.
import picomatch from "picomatch";
import type { RepoConfig } from "../config/repo-config.schema.js";
import { isServerCodeCandidate, suggestsBackendCode } from "../diff/classify-code.js";
import { toChangedFile } from "../diff/to-changed-file.js";
import type { Category, ChangedFile, ContentSource, RawChangedFile } from "../domain/model.js";
import { runInBatches } from "./run-in-batches.js";

export interface ClassifiedFiles {
  files: ChangedFile[];
  /** How many head contents were read to classify (each one is a GitHub call in the app). */
  reads: number;
}

/** At most this many YAML/JSON files, and this many source files, are read whole to classify them. */
const maxSniffedDataFiles = 20;
const maxSniffedSourceFiles = 30;

const categoryOrder: readonly Category[] = ["api", "schema", "infra", "other"];

export async function classifyChangedFiles(
  rawFiles: readonly RawChangedFile[],
  contents: ContentSource,
  config: RepoConfig,
): Promise<ClassifiedFiles> {
  const files = rawFiles.map((raw) => toChangedFile(raw));
  // The schema allows `""` in `review.ignore`; picomatch throws on an empty pattern, and it matches nothing.
  const ignoreGlobs = config.review.ignore.filter((glob) => glob !== "");
  const ignored = ignoreGlobs.length > 0 ? picomatch(ignoreGlobs, { dot: true }) : undefined;
  const configured = categoryOrder.map(
    (category) => [category, picomatch(config.paths[category], { dot: true })] as const,
  );
  const decided = new Set<number>();
  files.forEach((file, index) => {
    if (file.skipped === undefined && ignored?.(file.path) === true)
      file.skipped = "ignored by configuration";
    const category = configured.find(([, matches]) => matches(file.path))?.[0];
    if (category === undefined) return;
    file.category = category;
    decided.add(index);
  });
  const reads = await classifyByContent(files, rawFiles, contents, decided);
  return { files, reads };
}

/**
 * A YAML or JSON file whose path and diff say nothing (a modified `api/users.yaml` whose diff does not touch
 * its `openapi:` line, a Kubernetes manifest edited mid-file), or a source file in a folder that suggests
 * handlers or models (`server/presenters/group.ts` whose diff adds one property), is classified by its head
 * content. Bounded per kind, likeliest paths first; a failed read leaves it `other`. The content read is
 * kept, so analyzers do not read it again.
 */
async function classifyByContent(
  files: ChangedFile[],
  rawFiles: readonly RawChangedFile[],
  contents: ContentSource,
  decided: ReadonlySet<number>,
): Promise<number> {
  const undecided = files
    .map((file, index) => ({ file, index }))
    .filter(
      ({ file, index }) =>
        !decided.has(index) &&
        file.category === "other" &&
        file.skipped === undefined &&
        file.status !== "removed",
    );
  const dataFiles = undecided
    .filter(({ file }) => /\.(ya?ml|json)$/i.test(file.path) && !notContract.test(file.path))
    .sort((a, b) => Number(likelyContract.test(b.file.path)) - Number(likelyContract.test(a.file.path)))
    .slice(0, maxSniffedDataFiles);
  const sourceFiles = undecided
    .filter(({ file }) => isServerCodeCandidate(file.path) && suggestsBackendCode.test(file.path))
    .slice(0, maxSniffedSourceFiles);
  const candidates = [...dataFiles, ...sourceFiles];
  await runInBatches(
    candidates.map(({ file, index }) => async () => {
      const raw = rawFiles[index];
      if (raw === undefined) return;
      const head = await contents.read(file.path, "head").catch(() => undefined);
      if (head === undefined) return;
      const sniffed = toChangedFile(raw, head);
      if (sniffed.category !== "other")
        files[index] = { ...file, category: sniffed.category, headContent: head };
    }),
  );
  return candidates.length;
}

const likelyContract =
  /(^|\/)(api|apis|spec|specs|openapi|swagger|contracts?|schemas?|deploy|k8s|kubernetes|manifests|helm|charts?)(\/|\.|$)/i;
const notContract =
  /(^|\/)(package(-lock)?\.json|tsconfig[^/]*\.json|composer\.json|renovate\.json|\.eslintrc[^/]*|\.prettierrc[^/]*|\.vscode\/.*|(locales?|i18n|translations?|fixtures?|__snapshots__)\/.*)$/i;
