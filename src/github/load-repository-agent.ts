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

/**
 * The repository's agent from its file's text (`undefined`: no such file), else the bundled agent of that name,
 * else the bundled backend-architect, with the problems to show on the PR.
 */
export async function agentFromText(
  text: string | undefined,
  path: string,
  name: string,
): Promise<LoadedAgent> {
  const problems: string[] = [];
  if (text !== undefined) {
    const parsed = parseAgentDefinition(text, path);
    if (parsed.ok) return { agent: parsed.agent, problems };
    problems.push(`${parsed.error}; reviewing with the bundled agent instead.`);
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
