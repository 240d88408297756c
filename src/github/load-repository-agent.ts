// The agent a repository selects: `.github/agents/<name>.md` on the default branch (never the PR's head),
// else the app's bundled `agents/<name>.md`, else the bundled backend-architect with a note saying why.
import { agentFromText, type LoadedAgent } from "../agent/load-agent-definition.js";
import { isStatus } from "./gather-pull-request.js";
import type { GitHubClient } from "./github-client.js";

export async function loadRepositoryAgent(
  octokit: GitHubClient,
  repository: { owner: string; repo: string },
  name: string,
): Promise<LoadedAgent> {
  const path = `.github/agents/${name}.md`;
  let text: string | undefined;
  try {
    // No `ref`: the default branch, so a PR cannot rewrite the persona that reviews it.
    const response = await octokit.rest.repos.getContent({
      owner: repository.owner,
      repo: repository.repo,
      path,
      mediaType: { format: "raw" },
    });
    const data: unknown = response.data;
    if (typeof data === "string") text = data;
  } catch (error) {
    if (!isStatus(error, 404)) throw error;
  }
  return agentFromText(text, path, name);
}
