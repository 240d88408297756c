// The architect on Claude: builds the prompt, runs a bounded read-only tool loop with the Messages API,
// parses the structured answer itself, and validates it into a ReviewOutcome. Any failure falls back to the
// offline architect with a note that says why — a review is always posted, never silently nothing.
import Anthropic, { APIConnectionTimeoutError, APIError, APIUserAbortError } from "@anthropic-ai/sdk";
import { zodOutputFormat } from "@anthropic-ai/sdk/helpers/zod";
import type {
  ContentBlock,
  ContentBlockParam,
  Message,
  MessageCreateParamsNonStreaming,
  MessageParam,
  ToolResultBlockParam,
} from "@anthropic-ai/sdk/resources/messages/messages";
import type { Logger } from "pino";
import { errorMessage } from "../../domain/error-message.js";
import type { Finding, ReviewOutcome, Usage } from "../../domain/model.js";
import type { AgentDefinition } from "../agent-definition.schema.js";
import type { Architect, ArchitectInput } from "../architect.js";
import { offlineArchitect } from "../offline-architect.js";
import { buildPrompt } from "./build-prompt.js";
import { createTokenCalibration, estimateTokens, type TokenCalibration } from "./estimate-tokens.js";
import { findInjectionAttempts } from "./find-injection-attempts.js";
import { mergeAgentReview } from "./merge-agent-review.js";
import { costOfUsage, priceOf, projectedCost } from "./pricing.js";
import type { RepositoryReader } from "./repository-reader.js";
import { type AgentReview, agentReviewSchema } from "./review-schema.js";
import { reviewTools, runReviewTool } from "./review-tools.js";

export const defaultModel = "claude-sonnet-5-5";

export interface ClaudeArchitectOptions {
  apiKey: string;
  /** Gateway or proxy; the SDK falls back to `ANTHROPIC_BASE_URL`, then the public API. */
  baseURL?: string;
  /** Model id, e.g. `claude-sonnet-5-5` (process default, or the repository's choice). */
  model: string;
  /** The persona (system prompt), from `agents/` or the repository's default branch. */
  agent: AgentDefinition;
  /** Read-only access to the PR's repository at its SHAs, and to default-branch guidance. */
  reader: RepositoryReader;
  /** Inline comments at most (questions first, then findings by severity); default 15. */
  maxInlineComments?: number;
  /** Input tokens the first request may use (system, tools, PR, diff); default 150,000. */
  tokenBudget?: number;
  /** Input tokens all requests of one review may use together; default 4 × `tokenBudget`. */
  maxTotalInputTokens?: number;
  /** Tool turns stop before the review's cost would cross this; default $1.00. */
  costCeilingUsd?: number;
  /** Rounds of tool calls before the model must answer; default 8. */
  maxToolTurns?: number;
  /** Per API attempt; default 180 s. */
  timeoutMs?: number;
  /** Whole review (all turns and retries: `retry-after` is honoured without a cap); default 10 min. */
  deadlineMs?: number;
  /** Retries of 408/409/429/5xx/529 and connection errors, with the SDK's backoff; default 2. */
  maxRetries?: number;
  /** `max_tokens` of each response; doubled once when an answer is cut off. Default 16,000. */
  maxOutputTokens?: number;
  /** `output_config.effort`; default `medium`. */
  effort?: "low" | "medium" | "high";
  /** Hosts links in the posted review may point to besides github.com (a GitHub Enterprise host). */
  allowedLinkHosts?: string[];
  /**
   * Shared estimate-vs-usage calibration: pass one per process when architects are made per repository
   * (per-repository model or agent), so every review learns from the ones before it.
   */
  calibration?: TokenCalibration;
  /** A preconfigured client (tests); otherwise one is made from `apiKey`/`baseURL`. */
  client?: Anthropic;
  log?: Pick<Logger, "info" | "warn">;
}

const defaults = {
  maxInlineComments: 15,
  tokenBudget: 150_000,
  costCeilingUsd: 1,
  maxToolTurns: 8,
  timeoutMs: 180_000,
  deadlineMs: 600_000,
  maxRetries: 2,
  maxOutputTokens: 16_000,
  effort: "medium",
} as const;

/** Tool calls run per turn; more in one turn are refused (the model can ask again next turn). */
const maxToolCallsPerTurn = 8;
/** Output tokens assumed for a turn not yet made, for the cost projection. */
const expectedTurnOutputTokens = 4_000;

const outputFormat = zodOutputFormat(agentReviewSchema);

/** Why the model's review could not be used; the offline architect then reviews. */
class ReviewFailure extends Error {}

interface RunState {
  usage: Usage;
  calls: number;
}

export function createClaudeArchitect(options: ClaudeArchitectOptions): Architect {
  const settings = { ...defaults, ...definedOnly(options) };
  const client =
    options.client ??
    new Anthropic({
      apiKey: options.apiKey,
      ...(options.baseURL === undefined ? {} : { baseURL: options.baseURL }),
      timeout: settings.timeoutMs,
      maxRetries: settings.maxRetries,
    });
  const calibration = options.calibration ?? createTokenCalibration();
  const { price, known } = priceOf(options.model);
  if (!known) {
    options.log?.warn(
      { model: options.model },
      "no price known for this model: costs are estimated at the highest known rates",
    );
  }
  // A prompt bigger than half the ceiling could never leave room for the answer: shrink the budget instead.
  const affordableTokens = Math.floor(((settings.costCeilingUsd / 2) * 1_000_000) / price.input);
  const tokenBudget = Math.max(4_000, Math.min(settings.tokenBudget, affordableTokens));
  const maxTotalInputTokens = options.maxTotalInputTokens ?? tokenBudget * 4;
  const thinking = /^claude-(?:opus|sonnet|haiku)-5/.test(options.model);

  return async (input: ArchitectInput): Promise<ReviewOutcome> => {
    // The analyzers' baseline and HALT questions stand whatever the model says.
    const offline = offlineArchitect(input);
    // With answers, the agent re-judges them: a question it does not accept comes back from here.
    const unanswered =
      (input.answers?.length ?? 0) > 0
        ? offlineArchitect({ ...input, answers: [] }).questions
        : offline.questions;
    const state: RunState = {
      usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0 },
      calls: 0,
    };
    let injectionFindings = findInjectionAttempts(input.pr, [], input.files);
    try {
      const [guidance, commits] = await Promise.all([
        options.reader.guidance().catch((error: unknown) => {
          options.log?.warn(
            { error: errorMessage(error) },
            "could not read repository guidance; reviewing without it",
          );
          return [];
        }),
        (options.reader.commitMessages?.() ?? Promise.resolve([])).catch(() => [] as string[]),
      ]);
      if (commits.length > 0) injectionFindings = findInjectionAttempts(input.pr, commits, input.files);
      const prompt = buildPrompt({
        agent: options.agent,
        input,
        guidance,
        commitMessages: commits,
        tokenBudget,
        maxToolTurns: settings.maxToolTurns,
        calibration: calibration.factor,
        haltQuestionIds: new Set(offline.questions.map((question) => question.id)),
        tools: reviewTools,
      });
      const firstCost = projectedCost(
        options.model,
        Math.ceil(prompt.estimatedTokens * calibration.factor),
        expectedTurnOutputTokens,
      );
      if (firstCost > settings.costCeilingUsd) {
        throw new ReviewFailure(
          `The cost ceiling of ${usd(settings.costCeilingUsd)} is below the cost of one Claude request for this pull request (about ${usd(firstCost)})`,
        );
      }
      const secrets = new Set(prompt.redactedValues);
      const review = await converse(prompt.system, prompt.messages, prompt.estimatedTokens, state, secrets);
      const outcome = mergeAgentReview({
        review,
        input,
        offline,
        unanswered,
        injectionFindings,
        promptOmitted: prompt.omitted,
        promptNotes: prompt.notes,
        model: options.model,
        usage: state.usage,
        maxInlineComments: settings.maxInlineComments,
        secrets,
        ...(options.allowedLinkHosts === undefined ? {} : { allowedLinkHosts: options.allowedLinkHosts }),
      });
      options.log?.info(
        { model: options.model, calls: state.calls, ...state.usage, verdict: outcome.verdict },
        "Claude review done",
      );
      return outcome;
    } catch (error) {
      const reason = describeFailure(error, settings.maxRetries, settings.deadlineMs);
      options.log?.warn(
        { reason, calls: state.calls, ...state.usage },
        "Claude review failed; offline fallback",
      );
      return fallback(offline, injectionFindings, reason, state);
    }
  };

  async function converse(
    system: MessageCreateParamsNonStreaming["system"],
    initial: MessageParam[],
    estimatedTokens: number,
    state: RunState,
    secrets: Set<string>,
  ): Promise<AgentReview> {
    const signal = AbortSignal.timeout(settings.deadlineMs);
    const messages = [...initial];
    let toolTurns = 0;
    let toolsClosed = settings.maxToolTurns <= 0;
    let maxTokens = settings.maxOutputTokens;
    let repaired = false;
    let widened = false;

    for (;;) {
      const params: MessageCreateParamsNonStreaming = {
        model: options.model,
        max_tokens: maxTokens,
        system,
        tools: reviewTools,
        messages,
        output_config: { format: outputFormat, ...(thinking ? { effort: settings.effort } : {}) },
        // Automatic caching: the conversation prefix is reused on every later turn of this review.
        cache_control: { type: "ephemeral" },
      };
      if (thinking) params.thinking = { type: "adaptive" };
      // A forced tool_choice is refused by the 5.5 models; `none` only forbids tools for the final answer.
      if (toolsClosed) params.tool_choice = { type: "none" };

      const message = await client.messages.create(params, {
        signal,
        timeout: settings.timeoutMs,
        maxRetries: settings.maxRetries,
      });
      const sent = record(message, state);
      if (state.calls === 1) {
        calibration.observe(estimatedTokens, sent);
        if (sent > tokenBudget) {
          options.log?.warn(
            { sent, estimatedTokens, tokenBudget },
            "prompt was larger than its token budget",
          );
        }
      }

      switch (message.stop_reason) {
        case "tool_use":
        case "pause_turn": {
          if (toolsClosed) {
            throw new ReviewFailure(
              `Claude kept asking for tools after its limit of ${settings.maxToolTurns} rounds and gave no review`,
            );
          }
          toolTurns++;
          messages.push({ role: "assistant", content: message.content.map(toParam) });
          const results = message.stop_reason === "tool_use" ? await runTools(message.content, secrets) : [];
          const closing = shouldCloseTools(toolTurns, sent, results, state);
          const content: ContentBlockParam[] = [...results];
          if (closing !== undefined) {
            toolsClosed = true;
            content.push({
              type: "text",
              text: `${closing} No more tool calls: answer now with the JSON review object, from what you have seen.`,
            });
          }
          if (content.length > 0) messages.push({ role: "user", content });
          continue;
        }
        case "refusal": {
          const category = message.stop_details?.category;
          throw new ReviewFailure(
            `Claude declined to review this change (refusal${category ? `, category ${category}` : ""})`,
          );
        }
        case "model_context_window_exceeded":
          throw new ReviewFailure("the review did not fit the model's context window");
        case "max_tokens": {
          if (widened) {
            throw new ReviewFailure(`Claude's answer was cut off at ${maxTokens} output tokens twice`);
          }
          // Retry once with room to finish, asking for a shorter answer; the cut answer is not kept.
          widened = true;
          maxTokens *= 2;
          appendToLastUser(
            messages,
            `Your previous answer was cut off at ${settings.maxOutputTokens} output tokens. Answer again, shorter: only the most important findings, brief messages.`,
          );
          continue;
        }
        default: {
          const answer = parseAnswer(message);
          if (answer.ok) return answer.review;
          if (repaired)
            throw new ReviewFailure(
              `Claude's answer did not match the review schema twice (${answer.error})`,
            );
          repaired = true;
          messages.push({ role: "assistant", content: textOnly(message.content) });
          messages.push({
            role: "user",
            content: [
              {
                type: "text",
                text: `Your answer did not match the review schema: ${answer.error}. Answer again with only the JSON review object (verdict, summary, findings, questions).`,
              },
            ],
          });
        }
      }
    }
  }

  /** Why tool turns must stop now (limit, token budget, cost ceiling), or undefined to go on. */
  function shouldCloseTools(
    toolTurns: number,
    lastInput: number,
    results: readonly ToolResultBlockParam[],
    state: RunState,
  ): string | undefined {
    if (toolTurns >= settings.maxToolTurns) {
      return `Tool limit reached (${settings.maxToolTurns} round${settings.maxToolTurns === 1 ? "" : "s"}).`;
    }
    const added = results.reduce(
      (sum, result) => sum + estimateTokens(typeof result.content === "string" ? result.content : ""),
      0,
    );
    const nextInput = Math.ceil((lastInput + added) * calibration.factor) + expectedTurnOutputTokens;
    // The next tool turn and the final answer after it must both fit.
    if (state.usage.inputTokens + 2 * nextInput > maxTotalInputTokens) {
      return `Input token limit for this review reached (${maxTotalInputTokens.toLocaleString("en-US")}).`;
    }
    const turnCost = projectedCost(options.model, nextInput, expectedTurnOutputTokens);
    if (state.usage.costUsd + 2 * turnCost > settings.costCeilingUsd) {
      return `Cost ceiling for this review reached (${usd(settings.costCeilingUsd)}).`;
    }
    return undefined;
  }

  async function runTools(
    content: readonly ContentBlock[],
    secrets: Set<string>,
  ): Promise<ToolResultBlockParam[]> {
    const calls = content.filter((block) => block.type === "tool_use");
    const results: ToolResultBlockParam[] = [];
    for (const [index, call] of calls.entries()) {
      if (index >= maxToolCallsPerTurn) {
        results.push({
          type: "tool_result",
          tool_use_id: call.id,
          content: `At most ${maxToolCallsPerTurn} tool calls per turn; ask again in the next turn if it still matters.`,
          is_error: true,
        });
        continue;
      }
      const result = await runReviewTool(call.name, call.input, options.reader);
      for (const value of result.redacted) secrets.add(value);
      const block: ToolResultBlockParam = {
        type: "tool_result",
        tool_use_id: call.id,
        content: result.content,
      };
      if (result.isError) block.is_error = true;
      results.push(block);
    }
    return results;
  }

  /** Adds one response's usage to the review's; returns its total input tokens. */
  function record(message: Message, state: RunState): number {
    const usage = message.usage;
    const cacheRead = usage.cache_read_input_tokens ?? 0;
    const cacheWrite = usage.cache_creation_input_tokens ?? 0;
    const input = usage.input_tokens + cacheRead + cacheWrite;
    state.calls++;
    state.usage.inputTokens += input;
    state.usage.outputTokens += usage.output_tokens;
    state.usage.cacheReadTokens += cacheRead;
    state.usage.cacheWriteTokens += cacheWrite;
    state.usage.costUsd += costOfUsage(options.model, usage);
    return input;
  }
}

type ParsedAnswer = { ok: true; review: AgentReview } | { ok: false; error: string };

/** The JSON text of the answer, parsed and checked here so a bad answer is repaired, not thrown away. */
export function parseAnswer(message: Pick<Message, "content">): ParsedAnswer {
  const text = message.content
    .filter((block) => block.type === "text")
    .map((block) => block.text)
    .join("")
    .trim()
    .replace(/^```(?:json)?\s*\n?/, "")
    .replace(/\n?```\s*$/, "");
  if (text === "") return { ok: false, error: "the answer held no text" };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not valid JSON (${errorMessage(error)})` };
  }
  const parsed = agentReviewSchema.safeParse(json);
  if (parsed.success) return { ok: true, review: parsed.data };
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join(".") || "(root)"}: ${issue.message}`);
  return { ok: false, error: issues.join("; ") };
}

/** Assistant content sent back verbatim (thinking blocks must be returned unmodified). */
function toParam(block: ContentBlock): ContentBlockParam {
  switch (block.type) {
    case "text":
      return { type: "text", text: block.text };
    case "tool_use":
      return { type: "tool_use", id: block.id, name: block.name, input: block.input };
    case "thinking":
      return { type: "thinking", thinking: block.thinking, signature: block.signature };
    case "redacted_thinking":
      return { type: "redacted_thinking", data: block.data };
    default:
      // Server tools are never offered to the model, so no other block can appear; keep it as text if it does.
      return { type: "text", text: `[${block.type}]` };
  }
}

function textOnly(content: readonly ContentBlock[]): ContentBlockParam[] {
  const text = content
    .filter((block) => block.type === "text")
    .map((block) => block.text)
    .join("");
  return [{ type: "text", text: text === "" ? "(no text)" : text }];
}

function appendToLastUser(messages: MessageParam[], text: string): void {
  const last = messages[messages.length - 1];
  if (last === undefined || last.role !== "user") {
    messages.push({ role: "user", content: [{ type: "text", text }] });
    return;
  }
  const content: ContentBlockParam[] =
    typeof last.content === "string" ? [{ type: "text", text: last.content }] : [...last.content];
  content.push({ type: "text", text });
  messages[messages.length - 1] = { role: "user", content };
}

/** The offline architect's review, saying plainly why Claude's is not there, and what was spent trying. */
function fallback(
  offline: ReviewOutcome,
  injection: readonly Finding[],
  reason: string,
  state: RunState,
): ReviewOutcome {
  const outcome: ReviewOutcome = {
    ...offline,
    notes: [...offline.notes, `${reason}: this review is the offline architect's.`],
  };
  // A deterministic injection signal is reported even without the model.
  if (injection.length > 0) {
    outcome.findings = [...injection, ...offline.findings];
    const found =
      "A prompt-injection attempt was found in this pull request (see findings): it was treated as data.";
    outcome.summary = outcome.verdict === "clear" ? found : `${outcome.summary} ${found}`;
    if (outcome.verdict === "clear") outcome.verdict = "concerns";
  }
  if (state.calls > 0) outcome.usage = { ...state.usage };
  return outcome;
}

/** One sentence for the summary: what failed, with the status and how often it was tried. */
export function describeFailure(error: unknown, maxRetries: number, deadlineMs: number): string {
  if (error instanceof ReviewFailure) return error.message;
  const attempts = (n: number) => `${n} attempt${n === 1 ? "" : "s"}`;
  const tried = attempts(maxRetries + 1);
  if (error instanceof APIUserAbortError) {
    return `Claude did not finish within ${Math.round(deadlineMs / 1000)} s`;
  }
  if (error instanceof APIConnectionTimeoutError) return `Claude was unavailable (timed out after ${tried})`;
  if (error instanceof APIError) {
    const status = error.status;
    if (status === 529) return `Claude was unavailable (529 overloaded after ${tried})`;
    if (status === 429) return `Claude was unavailable (429 rate limited after ${tried})`;
    if (status === undefined) return `Claude was unavailable (connection failed after ${tried})`;
    if (status >= 500) return `Claude was unavailable (${status} server error after ${tried})`;
    if (status === 401 || status === 403) {
      return `Claude refused the request (${status}: check ANTHROPIC_API_KEY and its permissions)`;
    }
    if (status === 408 || status === 409) return `Claude was unavailable (${status} after ${tried})`;
    return `Claude rejected the request (${status}: ${firstLine(error.message)})`;
  }
  return `The Claude review failed (${firstLine(errorMessage(error))})`;
}

/** `$0.10`, and three decimals below a cent so a tiny ceiling does not read as `$0.00`. */
function usd(value: number): string {
  return `$${value.toFixed(value > 0 && value < 0.01 ? 3 : 2)}`;
}

function firstLine(text: string): string {
  const line = text.split("\n")[0] ?? text;
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

/** Options with `undefined` values removed, so they do not override the defaults. */
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
