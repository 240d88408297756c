// `backend-architect review`: a local git range through the same pipeline as the app, printed as the review
// body, JSON or SARIF. Returns the exit code; never exits the process itself (tests call it in-process).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import type { Architect } from "../agent/architect.js";
import { createClaudeArchitect, defaultModel } from "../agent/claude/claude-architect.js";
import type { RepositoryReader } from "../agent/claude/repository-reader.js";
import { agentFromText, type LoadedAgent } from "../agent/load-agent-definition.js";
import { allRules, defaultAnalyzers, knownRuleIds } from "../analyzers/registry.js";
import { type ParsedRepoConfig, parseRepoConfig, repoConfigPath } from "../config/parse-repo-config.js";
import { defaultRepoConfig } from "../config/repo-config.schema.js";
import { errorMessage } from "../domain/error-message.js";
import type { ChangedFile, PullRequestSnapshot, ReviewOutcome } from "../domain/model.js";
import { type ReviewChangesResult, reviewChanges } from "../pipeline/review-changes.js";
import { renderReview } from "../review/render-review.js";
import { type GitRange, GitRangeUsageError, GitUnavailableError, readGitRange } from "./git-range.js";
import { type FailOn, parseCliArgs, type ReviewCommand, usage } from "./parse-cli-args.js";
import { renderSarif } from "./render-sarif.js";

export interface CliIo {
  /** Where the command was run: any directory inside the repository. */
  cwd: string;
  /** ANTHROPIC_API_KEY, ANTHROPIC_MODEL, ANTHROPIC_BASE_URL; PATH and HOME for git. */
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** 0: nothing at or above --fail-on · 1: failed on --fail-on · 2: usage error · 3: internal error. */
export const exitCodes = { ok: 0, failed: 1, usage: 2, internal: 3 } as const;

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCliArgs(argv);
  if (parsed.kind === "help") {
    io.stdout.write(usage);
    return exitCodes.ok;
  }
  if (parsed.kind === "usage-error") {
    io.stderr.write(`backend-architect: ${parsed.message}\n`);
    return exitCodes.usage;
  }
  try {
    return await review(parsed, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof GitRangeUsageError) {
      io.stderr.write(`backend-architect: ${error.message}\n`);
      return exitCodes.usage;
    }
    if (error instanceof GitUnavailableError) {
      io.stderr.write(`backend-architect: ${error.message}\n`);
      return exitCodes.internal;
    }
    io.stderr.write(`backend-architect: internal error: ${errorMessage(error)}\n`);
    return exitCodes.internal;
  }
}

class UsageError extends Error {}

async function review(command: ReviewCommand, io: CliIo): Promise<number> {
  const range = await readGitRange({
    cwd: io.cwd,
    env: io.env,
    ...(command.base === undefined ? {} : { base: command.base }),
    ...(command.head === undefined ? {} : { head: command.head }),
  });
  if (range.uncommitted.length > 0) {
    const n = range.uncommitted.length;
    io.stderr.write(
      `backend-architect: ${n} path${n === 1 ? " has" : "s have"} uncommitted changes; they are not reviewed (commit them to include them)\n`,
    );
  }
  const { config, problems } = await repoConfig(command, range, io.cwd);
  for (const problem of problems) io.stderr.write(`backend-architect: ${problem}\n`);

  const snapshot = snapshotOf(range);
  const architect = claudeArchitect(io.env, config, range.reader);
  const result = await reviewChanges({
    snapshot,
    rawFiles: range.rawFiles,
    contents: range.contents,
    analyzers: defaultAnalyzers,
    config,
    configProblems: problems,
    ...(architect === undefined ? {} : { architect }),
  });
  const { outcome } = result;

  if (command.format === "markdown") io.stdout.write(markdownOf(result, range, config));
  else if (command.format === "json") io.stdout.write(`${JSON.stringify(jsonOf(result, range), null, 2)}\n`);
  else io.stdout.write(`${JSON.stringify(renderSarif(outcome, allRules), null, 2)}\n`);

  const failed = result.relevant && failsOn(outcome, command.failOn);
  io.stderr.write(
    `backend-architect: ${statusLine(result, range)}${failed ? `; failing (--fail-on ${command.failOn})` : ""}\n`,
  );
  return failed ? exitCodes.failed : exitCodes.ok;
}

/** Whether the outcome reaches the --fail-on level. An acknowledged blocker (intent stated) no longer blocks. */
export function failsOn(outcome: ReviewOutcome, failOn: FailOn): boolean {
  if (failOn === "never") return false;
  const halted = outcome.verdict === "halt" || outcome.questions.length > 0;
  if (failOn === "halt") return halted;
  return halted || outcome.findings.some((f) => f.severity === "blocker" && f.acknowledged === undefined);
}

/** `.github/backend-architect.yml` at the merge-base (as the app reads the default branch), or --config. */
async function repoConfig(command: ReviewCommand, range: GitRange, cwd: string): Promise<ParsedRepoConfig> {
  let text: string | undefined;
  let source: string;
  if (command.config !== undefined) {
    source = command.config;
    try {
      text = await readFile(path.resolve(cwd, command.config), "utf8");
    } catch (error) {
      throw new UsageError(`--config ${command.config}: cannot read it (${errorMessage(error)})`);
    }
  } else {
    source = repoConfigPath;
    text = await range.contents.read(repoConfigPath, "base");
    if (text === undefined) return { config: defaultRepoConfig, problems: [] };
  }
  let raw: unknown;
  try {
    raw = parseYaml(text, { logLevel: "error" }) || {};
  } catch (error) {
    const message = (errorMessage(error).split("\n")[0] ?? "").replace(/:$/, "");
    return {
      config: defaultRepoConfig,
      problems: [`\`${source}\` is not valid YAML (${message}); defaults apply.`],
    };
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    return {
      config: defaultRepoConfig,
      problems: [`\`${source}\` must be a YAML mapping of settings; defaults apply.`],
    };
  const parsed = parseRepoConfig(raw, knownRuleIds);
  const problems = parsed.problems.map((problem) =>
    problem.replaceAll(`\`${repoConfigPath}\``, `\`${source}\``),
  );
  if ("_extends" in raw)
    problems.push(`\`${source}\`: \`_extends\` is not followed by the CLI; only this file's settings apply.`);
  return { config: parsed.config, problems };
}

/** The range as the pull request the pipeline expects: the commits' messages are its text. */
function snapshotOf(range: GitRange): PullRequestSnapshot {
  const newest = range.commitMessages.at(-1);
  return {
    owner: range.remote?.owner ?? "local",
    repo: range.remote?.repo ?? path.basename(range.root),
    number: 0,
    title: newest?.split("\n")[0] ?? `${range.base.ref}...${range.head.ref}`,
    // The stated-intent check reads title and body: `architect-ack: …` in any commit message counts.
    body: range.commitMessages.join("\n\n"),
    author: "local",
    baseSha: range.mergeBase,
    headSha: range.head.sha,
    changedFilesCount: range.rawFiles.length,
  };
}

/** The Claude architect, as the app makes it, when ANTHROPIC_API_KEY is set; otherwise the offline one. */
function claudeArchitect(
  env: NodeJS.ProcessEnv,
  config: ParsedRepoConfig["config"],
  reader: RepositoryReader,
): Architect | undefined {
  const apiKey = env.ANTHROPIC_API_KEY?.trim();
  if (apiKey === undefined || apiKey === "") return undefined;
  const baseURL = env.ANTHROPIC_BASE_URL?.trim();
  return async (input) => {
    const loaded = await loadAgent(config.agent.name, reader);
    input.notes.unshift(...loaded.problems);
    return createClaudeArchitect({
      apiKey,
      ...(baseURL === undefined || baseURL === "" ? {} : { baseURL }),
      model: config.agent.model ?? (env.ANTHROPIC_MODEL?.trim() || defaultModel),
      agent: loaded.agent,
      reader,
      maxInlineComments: config.review.maxInlineComments,
      costCeilingUsd: config.agent.costCeilingUsd,
      tokenBudget: config.agent.tokenBudget,
    })(input);
  };
}

/** `.github/agents/<name>.md` at the merge-base, else the bundled agent of that name, else backend-architect. */
async function loadAgent(name: string, reader: RepositoryReader): Promise<LoadedAgent> {
  const agentPath = `.github/agents/${name}.md`;
  return agentFromText(await reader.read(agentPath, "base"), agentPath, name);
}

function notBackendLine(range: GitRange): string {
  return `No API contract, database schema or migration, or infrastructure file changed between ${range.base.ref} and ${range.head.ref}: nothing for the backend architect to judge.`;
}

/** The review body GitHub would receive, with every inline comment listed in it (`inline: false`). */
function markdownOf(
  result: ReviewChangesResult,
  range: GitRange,
  config: ParsedRepoConfig["config"],
): string {
  if (!result.relevant) return `${notBackendLine(range)}\n`;
  const request = renderReview(result.outcome, result.files, {
    headSha: range.head.sha,
    inline: false,
    audience: "local",
    requestChanges: config.review.requestChanges,
    approve: config.review.approve && result.unchecked.length === 0,
  });
  return `${request.body}\n`;
}

function jsonOf(result: ReviewChangesResult, range: GitRange) {
  return {
    ...result.outcome,
    relevant: result.relevant,
    range: {
      base: range.base,
      head: range.head,
      mergeBase: range.mergeBase,
      uncommitted: range.uncommitted,
    },
    files: result.files.map(fileSummary),
    unchecked: result.unchecked,
  };
}

function fileSummary(file: ChangedFile) {
  return {
    path: file.path,
    ...(file.previousPath === undefined ? {} : { previousPath: file.previousPath }),
    status: file.status,
    category: file.category,
    ...(file.skipped === undefined ? {} : { skipped: file.skipped }),
    additions: file.additions,
    deletions: file.deletions,
  };
}

function statusLine(result: ReviewChangesResult, range: GitRange): string {
  const files = `${range.rawFiles.length} changed file${range.rawFiles.length === 1 ? "" : "s"}`;
  const where = `${range.base.ref}...${range.head.ref}`;
  if (!result.relevant) return `${where}: ${files}, none of them backend`;
  const { questions, findings, verdict } = result.outcome;
  const blockers = findings.filter((f) => f.severity === "blocker").length;
  const q = `${questions.length} HALT question${questions.length === 1 ? "" : "s"}`;
  const f = `${findings.length} finding${findings.length === 1 ? "" : "s"} (${blockers} blocker${blockers === 1 ? "" : "s"})`;
  return `${where}: ${files}, ${verdict}: ${q}, ${f}`;
}
