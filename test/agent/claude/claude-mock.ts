// Builders for the Claude architect tests: changed files from fixture patches, a fake repository reader,
// and nock replies shaped like the Messages API's.
import { readFileSync } from "node:fs";
import nock from "nock";
import { z } from "zod";
import type { ArchitectInput } from "../../../src/agent/architect.js";
import type {
  DirectoryEntry,
  GuidanceDocument,
  RepositoryReader,
  RepositorySide,
} from "../../../src/agent/claude/repository-reader.js";
import type { AgentReview } from "../../../src/agent/claude/review-schema.js";
import { toChangedFile } from "../../../src/diff/to-changed-file.js";
import type { ChangedFile, FileStatus, Finding, PullRequestSnapshot } from "../../../src/domain/model.js";

export const anthropic = "https://api.anthropic.com";
export const headSha = "a".repeat(40);

export function fixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/claude/${name}`, import.meta.url), "utf8");
}

/** A changed file from a header-less patch, counted like GitHub's listFiles entry. */
export function changedFile(path: string, patch: string, status: FileStatus = "modified"): ChangedFile {
  const lines = patch.split("\n");
  const additions = lines.filter((line) => line.startsWith("+")).length;
  const deletions = lines.filter((line) => line.startsWith("-")).length;
  return toChangedFile({ path, status, additions, deletions, patch });
}

export const migration = () =>
  changedFile("migrations/20240101_orders.sql", fixture("orders-migration.patch"), "added");
export const openapi = () => changedFile("api/openapi.yaml", fixture("users-openapi.patch"));
export const handler = () => changedFile("src/users/handler.ts", fixture("users-handler.patch"));

export function snapshot(overrides: Partial<PullRequestSnapshot> = {}): PullRequestSnapshot {
  return {
    owner: "acme",
    repo: "orders",
    number: 7,
    title: "Make user ids strings",
    body: "Switches `GET /users/{id}` to string ids for the v2 contract.",
    author: "octocat",
    baseSha: "b".repeat(40),
    headSha,
    changedFilesCount: 3,
    ...overrides,
  };
}

export function architectInput(
  files: ChangedFile[],
  findings: Finding[] = [],
  pr: Partial<PullRequestSnapshot> = {},
): ArchitectInput {
  return {
    pr: snapshot({ changedFilesCount: files.length, ...pr }),
    files,
    findings,
    omitted: [],
    notes: [],
    unchecked: [],
  };
}

/** An analyzer finding as the SQL analyzer would report it. */
export function analyzerFinding(overrides: Partial<Finding> & Pick<Finding, "ruleId" | "path">): Finding {
  return {
    fingerprint: `fp-${overrides.ruleId}-${overrides.line ?? "file"}`,
    source: "analyzer",
    severity: "major",
    category: "schema",
    side: "RIGHT",
    title: "Analyzer finding",
    message: "The analyzer says so.",
    ...overrides,
  };
}

export interface FakeReader extends RepositoryReader {
  calls: Array<[string, string, RepositorySide]>;
}

export function fakeReader(
  files: { head?: Record<string, string>; base?: Record<string, string> } = {},
  guidance: GuidanceDocument[] = [],
  commits: string[] = [],
): FakeReader {
  const calls: Array<[string, string, RepositorySide]> = [];
  return {
    calls,
    async read(path, side) {
      calls.push(["read", path, side]);
      return files[side]?.[path];
    },
    async list(dir, side): Promise<DirectoryEntry[] | undefined> {
      calls.push(["list", dir, side]);
      const prefix = dir === "" ? "" : `${dir}/`;
      const names = Object.keys(files[side] ?? {})
        .filter((path) => path.startsWith(prefix))
        .map((path) => path.slice(prefix.length).split("/")[0] ?? "");
      return names.length === 0 ? undefined : [...new Set(names)].map((name) => ({ name, type: "file" }));
    },
    async guidance() {
      return guidance;
    },
    async commitMessages() {
      return commits;
    },
  };
}

export interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

const defaultUsage: Usage = { input_tokens: 1200, output_tokens: 300 };

export function messageReply(
  content: Array<Record<string, unknown>>,
  stopReason: string,
  usage: Usage = defaultUsage,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id: "msg_1",
    type: "message",
    role: "assistant",
    model: "claude-sonnet-5-5",
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    usage,
    ...extra,
  };
}

export function reviewReply(review: AgentReview, usage?: Usage): Record<string, unknown> {
  return messageReply([{ type: "text", text: JSON.stringify(review) }], "end_turn", usage);
}

export function toolUseReply(
  name: string,
  input: Record<string, unknown>,
  id = "toolu_01",
): Record<string, unknown> {
  return messageReply([{ type: "tool_use", id, name, input }], "tool_use");
}

/** The parts of a sent request the tests look at. */
export const SentRequest = z.looseObject({
  model: z.string(),
  max_tokens: z.number(),
  system: z.array(z.looseObject({ type: z.literal("text"), text: z.string() })),
  messages: z.array(z.looseObject({ role: z.string(), content: z.unknown() })),
  tools: z.array(z.looseObject({ name: z.string() })).optional(),
  tool_choice: z.looseObject({ type: z.string() }).optional(),
  output_config: z.looseObject({ format: z.looseObject({ type: z.string() }) }),
  cache_control: z.unknown().optional(),
});
export type SentRequest = z.infer<typeof SentRequest>;

/**
 * Mocks `POST /v1/messages` with `replies` in order (a number is an error status). Returns the request
 * bodies as they were sent, so tests assert on what Claude would receive.
 */
export function mockMessages(replies: Array<Record<string, unknown> | number>): {
  scope: nock.Scope;
  sent: SentRequest[];
} {
  const sent: SentRequest[] = [];
  const scope = nock(anthropic, { reqheaders: { authorization: "Bearer test-key" } });
  for (const reply of replies) {
    const interceptor = scope.post("/v1/messages", (body: Record<string, unknown>) => {
      sent.push(SentRequest.parse(body));
      return true;
    });
    if (typeof reply === "number") {
      interceptor.reply(
        reply,
        {
          type: "error",
          error: { type: reply === 529 ? "overloaded_error" : "api_error", message: "Overloaded" },
        },
        { "retry-after-ms": "1" },
      );
    } else {
      interceptor.reply(200, reply);
    }
  }
  return { scope, sent };
}

/** All the text of a sent message's content, joined. */
export function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((block: unknown) => {
      if (typeof block !== "object" || block === null) return "";
      const record = block as Record<string, unknown>;
      if (typeof record.text === "string") return record.text;
      if (typeof record.content === "string") return record.content;
      return "";
    })
    .join("\n");
}

export function emptyReview(overrides: Partial<AgentReview> = {}): AgentReview {
  return {
    verdict: "clear",
    summary: "COMPLETE: nothing to change.",
    findings: [],
    questions: [],
    answers: [],
    ...overrides,
  };
}
