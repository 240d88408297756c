// The repository config from a default-branch read (no request): `.github/backend-architect.yml`, else the
// owner's `.github` repository's, parsed as Probot's config plugin and `loadRepoConfig` would. A file that
// `_extends` another needs more reads: then `loadConfigFromContext` asks Probot's config plugin.
import { parse as parseYaml } from "yaml";
import { type ParsedRepoConfig, parseRepoConfig, repoConfigPath } from "../config/parse-repo-config.js";
import { defaultRepoConfig } from "../config/repo-config.schema.js";
import type { GitHubClient } from "./github-client.js";
import { loadRepoConfig } from "./load-repo-config.js";
import type { DefaultBranchFiles } from "./read-default-branch-files.js";
import type { ReviewContext } from "./read-review-context.js";

export type ConfigFromFiles =
  | { kind: "parsed"; parsed: ParsedRepoConfig }
  /**
   * The read cannot decide: the file `_extends` another, or the file or the org fallback was not read (files
   * from `readDefaultBranchFiles` have no `orgConfig`). Use `loadRepoConfig`.
   */
  | { kind: "needs-config-plugin"; reason: "extends" | "not-read" };

const unreadable = (where: string, reason: string): ConfigFromFiles => ({
  kind: "parsed",
  parsed: {
    config: defaultRepoConfig,
    problems: [`\`${repoConfigPath}\`${where} could not be read (${reason}); defaults apply.`],
  },
});

export function repoConfigFromFiles(
  files: DefaultBranchFiles,
  knownRuleIds: ReadonlySet<string>,
): ConfigFromFiles {
  const own = files.files.get(repoConfigPath);
  if (own === undefined) return { kind: "needs-config-plugin", reason: "not-read" };
  let text = own;
  let where = "";
  if (text === null) {
    const org = files.orgConfig;
    if (org === undefined) return { kind: "needs-config-plugin", reason: "not-read" };
    if (org.state === "absent")
      return { kind: "parsed", parsed: { config: defaultRepoConfig, problems: [] } };
    where = " of the owner's `.github` repository";
    if (org.state === "unreadable") return unreadable(where, org.message);
    text = org.text;
  }
  let raw: unknown;
  try {
    // As the config plugin: an empty file is `{}`, a plain string is refused.
    raw = parseYaml(text, { logLevel: "error" }) || {};
  } catch (error) {
    // yaml's first line names the problem and the place, then a colon before the excerpt.
    const message =
      error instanceof Error ? (error.message.split("\n")[0] ?? "").replace(/:$/, "") : String(error);
    return unreadable(where, `invalid YAML: ${message}`);
  }
  if (typeof raw === "string") return unreadable(where, "YAML is not an object");
  if (typeof raw === "object" && raw !== null && "_extends" in raw && raw._extends)
    return { kind: "needs-config-plugin", reason: "extends" };
  // The plugin merges with `Object.assign({}, ...)`: a number becomes `{}`, an array its indexes.
  return { kind: "parsed", parsed: parseRepoConfig(Object.assign({}, raw), knownRuleIds) };
}

/** The config from the context's read, or from Probot's config plugin when the read cannot decide. */
export async function loadConfigFromContext(
  octokit: GitHubClient,
  ref: { owner: string; repo: string },
  context: Pick<ReviewContext, "files">,
  knownRuleIds: ReadonlySet<string>,
): Promise<ParsedRepoConfig> {
  const fromFiles = repoConfigFromFiles(context.files, knownRuleIds);
  if (fromFiles.kind === "parsed") return fromFiles.parsed;
  return loadRepoConfig(octokit, { owner: ref.owner, repo: ref.repo }, knownRuleIds);
}
