// The agent a repository selects, from a default-branch read (no request): `.github/agents/<name>.md`, else
// the app's bundled `agents/<name>.md`, else the bundled backend-architect; as `loadRepositoryAgent`.
import { agentFromText, type LoadedAgent } from "../agent/load-agent-definition.js";
import { agentDirectory, type DefaultBranchFiles } from "./read-default-branch-files.js";

export function agentFromContext(files: DefaultBranchFiles, name: string): Promise<LoadedAgent> {
  const path = `${agentDirectory}/${name}.md`;
  return agentFromText(files.agents.get(path), path, name);
}
