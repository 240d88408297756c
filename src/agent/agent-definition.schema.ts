// Front matter of a Claude Code sub-agent file (`agents/*.md`, `.github/agents/*.md`).
import { z } from "zod";

/** Lowercase words joined by single hyphens, starting with a letter: `backend-architect`. */
export const kebabCase = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** What a YAML value turned out to be, for error messages (`null` and lists are not "object"). */
export function describeYamlValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string")
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return typeof value;
}

// Messages complete the sentence "front matter field `<key>` …" built by the loader.
const required = (what: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? "is required" : `must be ${what} (got ${describeYamlValue(issue.input)})`;

const optionalString = (what: string) =>
  z.string({ error: (issue) => `must be ${what} (got ${describeYamlValue(issue.input)})` }).optional();

/**
 * The front matter. Keys Claude Code knows and we do not use (`permissionMode`, `skills`, …) pass through
 * untouched, so any sub-agent file that works in Claude Code loads here too.
 */
export const agentFrontMatterSchema = z.looseObject({
  /** Identifier used to select the agent (repo config, `/architect` commands); kebab-case. */
  name: z.string({ error: required("a string") }).regex(kebabCase, {
    error: (issue) =>
      `must be kebab-case: lowercase letters, digits and single hyphens, like \`backend-architect\` (got ${describeYamlValue(issue.input)})`,
  }),
  /**
   * When to use the agent. Kept exactly as written: Claude Code descriptions often carry literal `\n`
   * escapes and `<example>` blocks, and they are shown, never interpreted.
   */
  description: z
    .string({ error: required("a non-empty string") })
    .refine((text) => text.trim() !== "", { error: "must be a non-empty string (got an empty string)" }),
  /** Display colour in Claude Code; ignored by the app. */
  color: optionalString("a string"),
  /** Claude Code tool allow-list: `Read, Grep` or a YAML list; normalised to a list. */
  tools: z
    .union([z.string(), z.array(z.string())], {
      error: (issue) =>
        `must be a comma-separated string or a list of strings (got ${describeYamlValue(issue.input)})`,
    })
    .transform((tools) =>
      (typeof tools === "string" ? tools.split(",") : tools).map((tool) => tool.trim()).filter(Boolean),
    )
    .optional(),
  /** Claude Code model alias or id (`sonnet`, `inherit`, `claude-sonnet-5-5`). */
  model: optionalString("a string"),
});

export type AgentFrontMatter = z.output<typeof agentFrontMatterSchema>;

/** A loaded agent: its front matter, the system prompt (the Markdown body) and where it came from. */
export type AgentDefinition = Pick<AgentFrontMatter, "name" | "description" | "color" | "tools" | "model"> & {
  /** The Markdown body after the front matter, trimmed: the agent's system prompt. */
  prompt: string;
  /** The file it was read from, as given to the loader; prefixes every error about it. */
  source: string;
};
