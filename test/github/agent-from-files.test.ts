import { describe, expect, it } from "vitest";
import { loadBundledAgent } from "../../src/agent/load-agent-definition.js";
import { agentFromContext } from "../../src/github/agent-from-files.js";
import type { DefaultBranchFiles } from "../../src/github/read-default-branch-files.js";

function read(agents: Record<string, string>): DefaultBranchFiles {
  return {
    branch: "main",
    sha: "d".repeat(40),
    files: new Map(),
    agents: new Map(Object.entries(agents)),
    adrs: [],
  };
}

async function bundled() {
  const result = await loadBundledAgent("backend-architect");
  if (!result.ok) throw new Error(result.error);
  return result.agent;
}

describe("agentFromContext", () => {
  it("uses the repository's `.github/agents/<name>.md`", async () => {
    const loaded = await agentFromContext(
      read({
        ".github/agents/strict.md": "---\nname: strict\ndescription: A strict reviewer.\n---\nBe strict.\n",
      }),
      "strict",
    );
    expect(loaded.problems).toEqual([]);
    expect(loaded.agent).toMatchObject({ name: "strict", description: "A strict reviewer." });
    expect(loaded.agent.prompt).toBe("Be strict.");
  });

  it("reviews with the bundled agent when the repository's file is invalid, and says why", async () => {
    const loaded = await agentFromContext(
      read({ ".github/agents/backend-architect.md": "Just text." }),
      "backend-architect",
    );
    expect(loaded.agent).toEqual(await bundled());
    expect(loaded.problems).toEqual([
      ".github/agents/backend-architect.md: no front matter; an agent file starts with a `---` block holding `name` and `description`; reviewing with the bundled agent instead.",
    ]);
  });

  it("prefers the bundled agent of that name when the repository has none", async () => {
    const loaded = await agentFromContext(read({}), "backend-architect");
    expect(loaded).toEqual({ agent: await bundled(), problems: [] });
  });

  it("falls back to backend-architect for an unknown name", async () => {
    const loaded = await agentFromContext(read({ ".github/agents/other.md": "x" }), "missing");
    expect(loaded).toEqual({
      agent: await bundled(),
      problems: [
        "No agent `missing` (neither `.github/agents/missing.md` nor a bundled one); reviewing with `backend-architect`.",
      ],
    });
  });
});
