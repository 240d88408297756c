// The agent a repository selects, from a default-branch read (no request): `.github/agents/<name>.md`, else
// the app's bundled `agents/<name>.md`, else the bundled backend-architect; as `loadRepositoryAgent`.
import { loadBundledAgent, parseAgentDefinition } from "../agent/load-agent-definition.js";
import type { LoadedAgent } from "./load-repository-agent.js";
import { agentDirectory, type DefaultBranchFiles } from "./read-default-branch-files.js";

export async function agentFromContext(files: DefaultBranchFiles, name: string): Promise<LoadedAgent> {
  const problems: string[] = [];
  const path = `${agentDirectory}/${name}.md`;
  const text = files.agents.get(path);
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
