// The agent a repository selects: `.github/agents/<name>.md` on the default branch (never the PR's head),
// else the app's bundled `agents/<name>.md`, else the bundled backend-architect with a note saying why.
import type { AgentDefinition } from "../agent/agent-definition.schema.js";
import { loadBundledAgent, parseAgentDefinition } from "../agent/load-agent-definition.js";
import { isStatus } from "./gather-pull-request.js";
import type { GitHubClient } from "./github-client.js";

export interface LoadedAgent {
  agent: AgentDefinition;
  /** Problems to show on the PR (an invalid agent file, an unknown name). */
  problems: string[];
}

export async function loadRepositoryAgent(
  octokit: GitHubClient,
  repository: { owner: string; repo: string },
  name: string,
): Promise<LoadedAgent> {
  const problems: string[] = [];
  const path = `.github/agents/${name}.md`;
  try {
    // No `ref`: the default branch, so a PR cannot rewrite the persona that reviews it.
    const response = await octokit.rest.repos.getContent({
      owner: repository.owner,
      repo: repository.repo,
      path,
      mediaType: { format: "raw" },
    });
    const text: unknown = response.data;
    if (typeof text === "string") {
      const parsed = parseAgentDefinition(text, path);
      if (parsed.ok) return { agent: parsed.agent, problems };
      problems.push(`${parsed.error}; reviewing with the bundled agent instead.`);
    }
  } catch (error) {
    if (!isStatus(error, 404)) throw error;
  }
  const bundled = await loadBundledAgent(name);
  if (bundled.ok) return { agent: bundled.agent, problems };
  if (problems.length === 0)
    problems.push(
      `No agent \`${name}\` (neither \`${path}\` nor a bundled one); reviewing with \`backend-architect\`.`,
    );
  const fallback = await loadBundledAgent("backend-architect");
  if (!fallback.ok) throw new Error(`the bundled agent is broken: ${fallback.error}`);
  return { agent: fallback.agent, problems };
}
