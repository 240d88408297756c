// Reads `.github/backend-architect.yml` from the default branch (never the PR's head), with `_extends`
// and the owner's `.github` repository as a fallback (Probot's config plugin).
import { type ParsedRepoConfig, parseRepoConfig, repoConfigPath } from "../config/parse-repo-config.js";
import { defaultRepoConfig } from "../config/repo-config.schema.js";
import type { GitHubClient } from "./github-client.js";

export async function loadRepoConfig(
  octokit: GitHubClient,
  repository: { owner: string; repo: string },
  knownRuleIds: ReadonlySet<string>,
): Promise<ParsedRepoConfig> {
  try {
    const { config, files } = await octokit.config.get({ ...repository, path: repoConfigPath });
    if (files.every((file) => file.config === null)) return { config: defaultRepoConfig, problems: [] };
    return parseRepoConfig(config, knownRuleIds);
  } catch (error) {
    // Invalid YAML, or an `_extends` that cannot be read: say so on the PR and review with the defaults.
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return {
      config: defaultRepoConfig,
      problems: [`\`${repoConfigPath}\` could not be read (${message}); defaults apply.`],
    };
  }
}
