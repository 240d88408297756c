// The model's read-only tools: a file at the head SHA, the same file at the base SHA, a directory listing.
// They are pinned to the PR's repository and SHAs by the RepositoryReader; the model only names a path, and
// every path is normalised and checked here first. No shell, no write, no other repository.
import type { Tool } from "@anthropic-ai/sdk/resources/messages/messages";
import { errorMessage } from "../../domain/error-message.js";
import { redactSecrets } from "./redact-secrets.js";
import type { RepositoryReader, RepositorySide } from "./repository-reader.js";
import { sanitiseCode } from "./sanitise-untrusted.js";

export const toolNames = ["read_file_head", "read_file_base", "list_directory"] as const;
export type ToolName = (typeof toolNames)[number];

/**
 * Byte-stable definitions (they sit in the cached prefix): plain JSON schemas, no `strict`, no constraints
 * the API would reject. The limits are enforced in code below.
 */
export const reviewTools: Tool[] = [
  {
    name: "read_file_head",
    description:
      "Read a file of this pull request's repository as it is at the PR's head commit (the proposed version). Lines are numbered. Large files are cut; ask for a range with from_line/to_line.",
    input_schema: {
      type: "object",
      properties: {
        path: { type: "string", description: "Repository-relative path, e.g. src/api/users.ts" },
        from_line: { type: ["integer", "null"], description: "First line to return (1-based), or null" },
        to_line: { type: ["integer", "null"], description: "Last line to return, or null" },
      },
      required: ["path"],
      additionalProperties: false,
    },
  },
  {
    name: "read_file_base",
    description:
      "Read a file as it is at the PR's base commit (before the change), to compare with the head version. Same arguments as read_file_head.",
    input_schema: {
      type: "object",
      properties: {
        path: { type: "string", description: "Repository-relative path" },
        from_line: { type: ["integer", "null"], description: "First line to return (1-based), or null" },
        to_line: { type: ["integer", "null"], description: "Last line to return, or null" },
      },
      required: ["path"],
      additionalProperties: false,
    },
  },
  {
    name: "list_directory",
    description:
      "List the entries of a directory of this repository at the PR's head commit (or base). Use an empty path for the root.",
    input_schema: {
      type: "object",
      properties: {
        path: { type: "string", description: "Repository-relative directory path; empty for the root" },
        side: {
          type: ["string", "null"],
          enum: ["head", "base", null],
          description: "head (default) or base",
        },
      },
      required: ["path"],
      additionalProperties: false,
    },
  },
];

export interface ToolLimits {
  /** Characters of file text returned by one call. */
  maxFileChars: number;
  /** Entries returned by one directory listing. */
  maxEntries: number;
}

export const defaultToolLimits: ToolLimits = { maxFileChars: 60_000, maxEntries: 300 };

export interface ToolResult {
  content: string;
  isError: boolean;
  /** Secret values redacted from the output: checked again on the model's answer. */
  redacted: string[];
}

/** Runs one tool call. Never throws: a refusal or failure is an `is_error` result the model can read. */
export async function runReviewTool(
  name: string,
  input: unknown,
  reader: RepositoryReader,
  limits: ToolLimits = defaultToolLimits,
): Promise<ToolResult> {
  const args = typeof input === "object" && input !== null ? (input as Record<string, unknown>) : {};
  const rawPath = typeof args.path === "string" ? args.path : undefined;
  if (rawPath === undefined) return failure("`path` must be a string");
  const checked = normaliseToolPath(rawPath, name === "list_directory");
  if (!checked.ok) return failure(checked.error);
  const path = checked.path;
  try {
    if (name === "read_file_head" || name === "read_file_base") {
      const side: RepositorySide = name === "read_file_head" ? "head" : "base";
      const text = await reader.read(path, side);
      if (text === undefined) return failure(`\`${path}\` does not exist at the ${side} commit`);
      return fileResult(path, side, text, lineArg(args.from_line), lineArg(args.to_line), limits);
    }
    if (name === "list_directory") {
      const side: RepositorySide = args.side === "base" ? "base" : "head";
      const entries = await reader.list(path, side);
      if (entries === undefined)
        return failure(`\`${path || "/"}\` is not a directory at the ${side} commit`);
      const visible = entries.filter(
        (entry) => !isDenied(path === "" ? entry.name : `${path}/${entry.name}`),
      );
      const shown = visible.slice(0, limits.maxEntries);
      const lines = shown.map((entry) => {
        const suffix = entry.type === "dir" ? "/" : "";
        const size = entry.size === undefined || entry.type !== "file" ? "" : ` (${entry.size} bytes)`;
        return `${sanitiseCode(entry.name)}${suffix}${size}`;
      });
      const more =
        visible.length > shown.length ? `\n… ${visible.length - shown.length} more not listed` : "";
      return {
        content: `<untrusted_listing path="${path}" side="${side}">\n${lines.join("\n")}${more}\n</untrusted_listing>`,
        isError: false,
        redacted: [],
      };
    }
  } catch (error) {
    return failure(`reading \`${path}\` failed: ${errorMessage(error)}`);
  }
  return failure(`unknown tool \`${name}\`; the tools are ${toolNames.join(", ")}`);
}

function fileResult(
  path: string,
  side: RepositorySide,
  text: string,
  from: number | undefined,
  to: number | undefined,
  limits: ToolLimits,
): ToolResult {
  if (text.includes("\0")) return failure(`\`${path}\` is a binary file`);
  // A final newline ends the last line; it does not start another.
  const all = (text.endsWith("\n") ? text.slice(0, -1) : text).split("\n");
  const first = Math.max(1, from ?? 1);
  const last = Math.min(all.length, to ?? all.length);
  if (first > last)
    return failure(`\`${path}\` has ${all.length} lines; the range ${first}–${last} is empty`);
  const redacted: string[] = [];
  const numbered: string[] = [];
  let size = 0;
  let cutAt: number | undefined;
  for (let n = first; n <= last; n++) {
    const line = `${n}: ${all[n - 1] ?? ""}`;
    if (size + line.length > limits.maxFileChars) {
      cutAt = n;
      break;
    }
    numbered.push(line);
    size += line.length + 1;
  }
  const { text: safe, values } = redactSecrets(sanitiseCode(numbered.join("\n")));
  redacted.push(...values);
  const cut =
    cutAt === undefined
      ? ""
      : `\n… cut at line ${cutAt - 1} of ${all.length} (${limits.maxFileChars} characters per call); ask for from_line=${cutAt}`;
  return {
    content: `<untrusted_file path="${path}" side="${side}" lines="${all.length}">\n${safe}${cut}\n</untrusted_file>`,
    isError: false,
    redacted,
  };
}

function lineArg(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : undefined;
}

function failure(message: string): ToolResult {
  return { content: message, isError: true, redacted: [] };
}

export type CheckedPath = { ok: true; path: string } | { ok: false; error: string };

/**
 * A repository-relative path, or why it is refused: no `..`, no absolute or drive paths, no control
 * characters, nothing under `.git/`, no credentials files (`.env*`, `*.pem`, keys). `./a//b/` → `a/b`.
 */
export function normaliseToolPath(raw: string, allowRoot = false): CheckedPath {
  if (raw.length > 1000) return { ok: false, error: "path is too long" };
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point.
  if (/[\u0000-\u001f\u007f]/.test(raw)) return { ok: false, error: "path contains control characters" };
  const slashed = raw.trim().replace(/\\/g, "/");
  if (slashed.startsWith("/") || /^[A-Za-z]:/.test(slashed) || slashed.startsWith("~")) {
    return { ok: false, error: `\`${raw}\` is not repository-relative` };
  }
  const segments = slashed.split("/").filter((segment) => segment !== "" && segment !== ".");
  if (segments.includes("..")) return { ok: false, error: `\`${raw}\` leaves the repository (\`..\`)` };
  const path = segments.join("/");
  if (path === "" && !allowRoot) return { ok: false, error: "path is empty" };
  if (isDenied(path))
    return { ok: false, error: `\`${path}\` may hold credentials: not readable by the review` };
  return { ok: true, path };
}

const deniedNames =
  /^(?:\.env(?:\..*)?|.*\.(?:pem|key|p12|pfx|jks|keystore|kdbx)|id_(?:rsa|dsa|ecdsa|ed25519)(?:\.pub)?|\.npmrc|\.pypirc|\.netrc|\.git-credentials|\.htpasswd|credentials(?:\.json)?)$/i;

function isDenied(path: string): boolean {
  const segments = path.split("/");
  if (segments.some((segment) => segment === ".git" || /^secrets?$/i.test(segment))) return true;
  const name = segments[segments.length - 1] ?? "";
  return deniedNames.test(name);
}
