// Reads Claude Code sub-agent files (Markdown + YAML front matter) into AgentDefinitions.
// Errors are values: they end up in a PR comment or a start-up log, so each names the file and the field.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import matter from "gray-matter";
import { errorMessage } from "../domain/error-message.js";
import {
  type AgentDefinition,
  agentFrontMatterSchema,
  describeYamlValue,
  kebabCase,
} from "./agent-definition.schema.js";

export type ParseResult =
  | {
      ok: true;
      agent: AgentDefinition;
      /** Things that loaded but deserve the author's attention (e.g. front matter read leniently). */
      warnings: string[];
    }
  | { ok: false; error: string };

/** Agent files may come from any repository's default branch: bound what one can cost us. */
export const maxAgentFileChars = 100_000;

// gray-matter evaluates `---js` front matter with eval(). Agent files can come from repositories we do not
// control, so the JavaScript engine is replaced (the language check below already refuses it first).
const refuseJavaScript = (): never => {
  throw new Error("JavaScript front matter is not supported");
};
// A fresh options object on every call also keeps gray-matter's input-keyed cache out of the way: it only
// caches calls made without options, and hands out shallow copies whose `data` is shared.
const matterOptions = () => ({ engines: { javascript: refuseJavaScript, js: refuseJavaScript } });

const fail = (error: string): ParseResult => ({ ok: false, error });

/** Parses the text of an agent file. `source` names the file in every error and warning. */
export function parseAgentDefinition(text: string, source: string): ParseResult {
  const input = text.replace(/^\uFEFF/, "");
  if (input.length > maxAgentFileChars) {
    return fail(`${source}: agent file is ${input.length} characters; the limit is ${maxAgentFileChars}`);
  }
  // Same opening rule as gray-matter: `---` not followed by another `-`, optionally naming a language.
  const firstLineEnd = input.indexOf("\n");
  if (!input.startsWith("---") || input.startsWith("----") || firstLineEnd === -1) {
    return fail(
      `${source}: no front matter; an agent file starts with a \`---\` block holding \`name\` and \`description\``,
    );
  }
  const language = input.slice(3, firstLineEnd).trim().toLowerCase();
  if (language !== "" && language !== "yaml" && language !== "yml") {
    return fail(
      `${source}: front matter language \`${language.slice(0, 20)}\` is not supported; write it in YAML`,
    );
  }
  const blockStart = firstLineEnd + 1;
  const closeAt = /^---[^\S\r\n]*$/m.exec(input.slice(blockStart));
  if (!closeAt) return fail(`${source}: front matter is not closed by a \`---\` line`);

  const warnings: string[] = [];
  let parsed: { data: unknown; content: string };
  try {
    parsed = matter(input, matterOptions());
  } catch (error) {
    // Claude Code agent files routinely hold unquoted descriptions with ": " in them (the `<example>`
    // dialogues), which strict YAML rejects. Retry with those values quoted; report the strict error if
    // that does not help either.
    const block = input.slice(blockStart, blockStart + closeAt.index);
    const repaired = quotePlainScalarsWithColons(block);
    const repairedInput =
      input.slice(0, blockStart) + repaired.block + input.slice(blockStart + block.length);
    const retry = repaired.keys.length > 0 ? tryMatter(repairedInput) : undefined;
    if (!retry) return fail(`${source}: front matter is not valid YAML: ${yamlErrorMessage(error)}`);
    parsed = retry;
    const keys = repaired.keys.map((key) => `\`${key}\``).join(", ");
    warnings.push(
      `${source}: front matter is not strict YAML (unquoted ": " in ${keys}); read as if quoted — quote the value to make this explicit`,
    );
  }

  const data = parsed.data;
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    return fail(`${source}: front matter must be YAML \`key: value\` fields, got ${describeYamlValue(data)}`);
  }
  const frontMatter = agentFrontMatterSchema.safeParse(data);
  if (!frontMatter.success) {
    const problems = frontMatter.error.issues.map((issue) => {
      const field = issue.path.map(String).join(".");
      return field === "" ? issue.message : `front matter field \`${field}\` ${issue.message}`;
    });
    return fail(`${source}: ${problems.join("; ")}`);
  }
  const prompt = parsed.content.trim();
  if (prompt === "") {
    return fail(`${source}: the system prompt is empty; write it as Markdown after the closing \`---\``);
  }

  const { name, description, color, tools, model } = frontMatter.data;
  const agent: AgentDefinition = { name, description, prompt, source };
  if (color !== undefined) agent.color = color;
  if (tools !== undefined) agent.tools = tools;
  if (model !== undefined) agent.model = model;
  return { ok: true, agent, warnings };
}

/** Reads and parses an agent file; a missing or unreadable file is an error value naming it. */
export async function loadAgentDefinition(path: string): Promise<ParseResult> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return fail(`${path}: agent file not found`);
    return fail(`${path}: cannot read agent file (${code ?? String(error)})`);
  }
  return parseAgentDefinition(text, path);
}

/** Loads one of the agents shipped with the app (`agents/<name>.md` at the package root). */
export async function loadBundledAgent(name = "backend-architect"): Promise<ParseResult> {
  // The name may come from repository config: never let it become a path.
  if (!kebabCase.test(name)) {
    return fail(`agents/${name}.md: agent name must be kebab-case, like \`backend-architect\``);
  }
  return loadAgentDefinition(join(packageRoot(), "agents", `${name}.md`));
}

let cachedRoot: string | undefined;

/**
 * The directory holding package.json: two levels above this file under tsx (`src/agent/`), three after
 * `tsc` (`dist/src/agent/`). Found by walking up, so neither layout nor `process.cwd()` matters.
 */
function packageRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  cachedRoot = dir;
  return dir;
}

function tryMatter(text: string): { data: unknown; content: string } | undefined {
  try {
    return matter(text, matterOptions());
  } catch {
    return undefined;
  }
}

/**
 * Double-quotes top-level `key: value` lines whose plain value holds ": " (which strict YAML reads as a
 * nested mapping). Backslashes are escaped, so a literal `\n` in the value stays a literal `\n`.
 */
function quotePlainScalarsWithColons(block: string): { block: string; keys: string[] } {
  const keys: string[] = [];
  const lines = block.split("\n").map((line) => {
    const match = /^([A-Za-z_][\w-]*):[ \t]+(.*?)(\r?)$/.exec(line);
    const key = match?.[1];
    const value = match?.[2];
    if (key === undefined || value === undefined) return line;
    if (/^["'[{|>&*!%@`]/.test(value) || !/:\s/.test(value)) return line;
    keys.push(key);
    return `${key}: "${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"${match?.[3] ?? ""}`;
  });
  return { block: lines.join("\n"), keys };
}

/** js-yaml's first line (`reason at line L, column C`); the rest is a snippet of the file. */
function yamlErrorMessage(error: unknown): string {
  const message = errorMessage(error);
  return (message.split("\n")[0] ?? message).replace(/:\s*$/, "").trim();
}

export interface LoadedAgent {
  agent: AgentDefinition;
  /** Problems to show on the PR (an invalid agent file, an unknown name). */
  problems: string[];
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
