// The parsers of what users and the model write: repository config, slash commands, the model's review and
// proposal answers. Generated input never throws; the result is always the typed value or a typed error.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { parseAnswer } from "../../src/agent/claude/claude-architect.js";
import { mergeAgentReview } from "../../src/agent/claude/merge-agent-review.js";
import type { AgentReview } from "../../src/agent/claude/review-schema.js";
import { offlineArchitect } from "../../src/agent/offline-architect.js";
import { knownRuleIds } from "../../src/analyzers/registry.js";
import { commandNames, parseCommands } from "../../src/commands/parse-commands.js";
import { parseRepoConfig } from "../../src/config/parse-repo-config.js";
import { RepoConfig } from "../../src/config/repo-config.schema.js";
import { checkFragments } from "../../src/proposals/check-fragments.js";
import { type Proposal, proposalSchema } from "../../src/proposals/proposal-schema.js";
import { renderReview } from "../../src/review/render-review.js";
import { parseStateMarker } from "../../src/review/review-state.js";
import { indexMigration } from "../helpers/review-fixtures.js";
import { fuzz, fuzzRunsFor } from "./fuzz-run.js";
import { foreignHtmlComments, openFenceAtEnd } from "./markdown-checks.js";

const hostile = fc.constantFrom(
  "```",
  "\n```\n",
  "<!--",
  "-->",
  "@octocat",
  "[x](https://evil.example/a)",
  "![p](https://evil.example/p.png)",
  "ghp_0123456789abcdefghijABCDEFGHIJ012345",
  "\u2028",
  "\uD800",
  "\u0000",
  "|",
  "`",
);
const text = fc
  .array(fc.oneof(hostile, fc.string({ maxLength: 10 })), { maxLength: 6 })
  .map((parts) => parts.join(""));

describe("repository config parsing", () => {
  const configLike = fc.oneof(
    fc.jsonValue({ maxDepth: 4 }),
    fc.record(
      {
        paths: fc.oneof(
          fc.jsonValue({ maxDepth: 2 }),
          fc.record({ api: fc.array(fc.string({ maxLength: 6 })) }),
        ),
        review: fc.oneof(
          fc.jsonValue({ maxDepth: 2 }),
          fc.record(
            { ignore: fc.array(fc.string({ maxLength: 6 })), approve: fc.jsonValue({ maxDepth: 1 }) },
            { requiredKeys: [] },
          ),
        ),
        rules: fc.dictionary(
          fc.oneof(fc.constantFrom(...[...knownRuleIds].slice(0, 5)), fc.string({ maxLength: 8 })),
          fc.oneof(
            fc.constantFrom("off", "info", "minor", "major", "blocker"),
            fc.jsonValue({ maxDepth: 1 }),
          ),
          { maxKeys: 4 },
        ),
        __proto__: fc.jsonValue({ maxDepth: 1 }),
      },
      { requiredKeys: [] },
    ),
    // YAML as users write it, parsed the way the app reads the file.
    fc
      .array(
        fc.constantFrom(
          "review:",
          "  ignore: ['']",
          "  approve: yes",
          "rules:",
          "  db/x: off",
          "paths: {api: [1]}",
          "&a [*a]",
          "- x",
          ":",
        ),
        { maxLength: 8 },
      )
      .map((lines) => {
        try {
          return parseYaml(lines.join("\n")) as unknown;
        } catch {
          return undefined;
        }
      }),
  );
  it("never throws; gives a valid config and one problem line per issue", async () => {
    await fuzz("parseRepoConfig: never throws, typed config + problems", configLike, (raw) => {
      const parsed = parseRepoConfig(raw, knownRuleIds);
      expect(RepoConfig.safeParse(parsed.config).success).toBe(true);
      for (const problem of parsed.problems) expect(problem).toMatch(/^`\.github\/backend-architect\.yml`: /);
    });
  });
});

describe("slash-command parsing", () => {
  const line = fc.oneof(
    fc.constantFrom(
      "/architect review",
      "/architect answer 1: yes",
      "/architect answer #2 - because",
      "/architect answer",
      "/architect ask why?",
      "/architect explain db/x",
      "/architect ignore db/x too noisy",
      "/architect",
      "/ARCHITECT HELP",
      "/architecture",
      "`/architect review`",
      "> /architect pause",
      "```",
      "    /architect resume",
      "<!-- /architect propose -->",
      "- /architect config",
      "| /architect | x |",
      "",
    ),
    text,
  );
  const body = fc
    .array(line, { maxLength: 12 })
    .chain((lines) => fc.constantFrom("\n", "\r\n", "\r").map((separator) => lines.join(separator)));
  it("never throws; every command is a known one or `invalid` with its problem", async () => {
    await fuzz("parseCommands: never throws, typed commands", body, (comment) => {
      for (const command of parseCommands(comment)) {
        if (command.name === "invalid") expect(command.problem).not.toBe("");
        else expect(commandNames).toContain(command.name);
        if (command.name === "answer") {
          expect(Number.isInteger(command.question)).toBe(true);
          expect(command.text).not.toBe("");
        }
      }
    });
  });
});

const agentReview: fc.Arbitrary<AgentReview> = fc.record({
  verdict: fc.constantFrom("halt", "concerns", "clear" as const),
  summary: text,
  findings: fc.array(
    fc.record({
      path: fc.oneof(fc.constantFrom("db/001.sql", "missing.sql"), text),
      line: fc.option(fc.integer({ min: -5, max: 40 }), { nil: null }),
      side: fc.constantFrom("RIGHT", "LEFT" as const),
      severity: fc.constantFrom("blocker", "major", "minor", "info" as const),
      category: fc.constantFrom("api", "schema", "infra", "other" as const),
      title: text,
      message: text,
      suggestion: fc.option(text, { nil: null }),
      ruleId: fc.option(fc.oneof(fc.constantFrom("db/index-not-concurrent", "api/x", "Bad Id"), text), {
        nil: null,
      }),
    }),
    { maxLength: 8 },
  ),
  questions: fc.array(
    fc.record({
      question: text,
      why: text,
      path: fc.option(fc.constantFrom("db/001.sql", "x"), { nil: null }),
      line: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
      side: fc.option(fc.constantFrom("RIGHT", "LEFT" as const), { nil: null }),
    }),
    { maxLength: 4 },
  ),
  answers: fc.array(
    fc.record({
      question: fc.integer({ min: -1, max: 5 }),
      decision: fc.constantFrom("accept", "follow_up", "keep" as const),
      reason: text,
      followUp: fc.option(text, { nil: null }),
    }),
    { maxLength: 3 },
  ),
});

describe("the model's review answer", () => {
  const answerText = fc.oneof(
    fc.string({ unit: "binary", maxLength: 200 }),
    agentReview.map((review) => JSON.stringify(review)),
    agentReview.map((review) => `\`\`\`json\n${JSON.stringify(review)}\n\`\`\``),
    agentReview.chain((review) => {
      const json = JSON.stringify(review);
      return fc.nat(json.length).map((cut) => json.slice(0, cut));
    }),
    fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  );
  it("parseAnswer never throws: a typed review or an error naming what was wrong", async () => {
    await fuzz("parseAnswer (review output): never throws, review or error", answerText, (answer) => {
      const parsed = parseAnswer({ content: [{ type: "text", text: answer, citations: null }] });
      if (parsed.ok) expect(["halt", "concerns", "clear"]).toContain(parsed.review.verdict);
      else expect(parsed.error).not.toBe("");
    });
  });

  const migration = indexMigration;
  const input = {
    pr: {
      owner: "o",
      repo: "r",
      number: 1,
      title: "t",
      body: "",
      author: "a",
      baseSha: "b".repeat(40),
      headSha: "f".repeat(40),
      changedFilesCount: 1,
    },
    files: [migration],
    findings: [],
    omitted: [],
    notes: [],
    unchecked: [],
  };
  const offline = offlineArchitect(input);
  it("mergeAgentReview + renderReview: never throws, anchors on the diff, body within limits, state readable", async () => {
    await fuzz(
      "mergeAgentReview + renderReview (review output merge): never throws, sound body",
      agentReview,
      (review) => {
        const outcome = mergeAgentReview({
          review,
          input,
          offline,
          injectionFindings: [],
          promptOmitted: [],
          promptNotes: [],
          model: "claude-test",
          usage: { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0 },
          maxInlineComments: 5,
          secrets: new Set(["ghp_0123456789abcdefghijABCDEFGHIJ012345"]),
        });
        expect(["halt", "concerns", "clear"]).toContain(outcome.verdict);
        const request = renderReview(outcome, [migration], { headSha: "f".repeat(40), inline: true });
        for (const comment of request.comments) {
          expect(comment.path).toBe("db/001.sql");
          expect(migration.commentable[comment.side].has(comment.line)).toBe(true);
        }
        expect(request.body.length).toBeLessThanOrEqual(65_536);
        expect(openFenceAtEnd(request.body)).toBe(0);
        expect(foreignHtmlComments(request.body)).toBe(0);
        expect(request.body).not.toContain("ghp_0123456789abcdefghijABCDEFGHIJ012345");
        expect(request.event).not.toBe("APPROVE");
        expect(parseStateMarker(request.body)?.verdict).toBe(outcome.verdict);
      },
      fuzzRunsFor(0.5),
    );
  });
});

describe("the model's proposal answer", () => {
  const proposal: fc.Arbitrary<Proposal> = fc.record({
    requirements: fc.array(text, { maxLength: 3 }),
    options: fc.array(fc.record({ name: text, tradeoffs: text, chosen: fc.boolean() }), { maxLength: 3 }),
    rationale: text,
    apiFragment: fc.option(
      fc.record({
        kind: fc.constantFrom("openapi", "graphql" as const),
        text: fc.oneof(
          fc.constantFrom(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {/x: {get: {responses: {'200': {description: ok}}}}}",
            "paths:\n  /x: {}",
            "type Query { a: Int }",
            "type Query { a: Missing }",
            "&a [*a]",
            "{",
          ),
          text,
        ),
      }),
      { nil: null },
    ),
    ddl: fc.option(fc.oneof(fc.constantFrom("CREATE TABLE t (id int);", "CREATE TABLE (", "$$"), text), {
      nil: null,
    }),
    diagrams: fc.array(
      fc.record({
        kind: fc.constantFrom("components", "sequence", "er" as const),
        title: text,
        mermaid: fc.oneof(
          fc.constantFrom(
            "flowchart LR\n  a --> b",
            "sequenceDiagram\n  a->>b: x",
            "erDiagram\n  A ||--o{ B : has",
            "graph",
          ),
          text,
        ),
      }),
      { maxLength: 2 },
    ),
    scaling: fc.record({ caching: text, queues: text, indexes: text, limits: text, retries: text }),
    security: fc.record({ authn: text, authz: text, validation: text, rateLimits: text }),
    milestones: fc.array(
      fc.record({ id: text, title: text, deliverables: fc.array(text, { maxLength: 2 }) }),
      { maxLength: 2 },
    ),
    validation: fc.array(fc.record({ criterion: text, target: text }), { maxLength: 2 }),
    questions: fc.array(fc.record({ question: text, why: text }), { maxLength: 2 }),
  });
  it("schema parse and fragment checks never throw: a checked proposal with its problems listed", async () => {
    const answer = fc.oneof(
      proposal.map((value) => JSON.stringify(value)),
      fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
      fc.string({ maxLength: 60 }),
    );
    await fuzz(
      "proposalSchema + checkFragments (proposal output): never throw",
      answer,
      async (json) => {
        let value: unknown;
        try {
          value = JSON.parse(json);
        } catch {
          return; // propose-architect turns this into "Claude's proposal was not JSON"
        }
        const parsed = proposalSchema.safeParse(value);
        if (!parsed.success) {
          expect(parsed.error.issues.length).toBeGreaterThan(0);
          return;
        }
        const checked = await checkFragments(parsed.data);
        expect(proposalSchema.safeParse(checked.proposal).success).toBe(true);
        for (const problem of checked.problems) expect(typeof problem.message).toBe("string");
      },
      fuzzRunsFor(0.5),
    );
  });
});
