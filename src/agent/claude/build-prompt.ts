// Builds the request for the architect agent: cached system blocks (persona, protocol, repository guidance)
// and one user turn (fenced PR metadata, analyzer findings, scope, the tagged diff) packed into a token
// budget by priority. Pure: the same input always gives the same prompt.
import { zodOutputFormat } from "@anthropic-ai/sdk/helpers/zod";
import type { MessageParam, TextBlockParam, Tool } from "@anthropic-ai/sdk/resources/messages/messages";
import picomatch from "picomatch";
import type { FileSurfaceTable } from "../../analyzers/api-surface/surface-table.js";
import type { ChangedFile, DiffLine, Finding, HaltAnswer, Hunk, OmittedFile } from "../../domain/model.js";
import type { ArchitectInput } from "../architect.js";
import { estimateTokens, requestOverheadTokens } from "./estimate-tokens.js";
import { redactLines, redactSecrets } from "./redact-secrets.js";
import type { GuidanceDocument } from "./repository-reader.js";
import { reviewProtocol } from "./review-protocol.js";
import { agentReviewSchema } from "./review-schema.js";
import { reviewTools } from "./review-tools.js";
import { sanitiseCode, sanitiseUntrusted } from "./sanitise-untrusted.js";

export interface BuildPromptOptions {
  /** The persona: the agent definition's system prompt (loaded from the app or the default branch). */
  agent: { prompt: string };
  input: ArchitectInput;
  /** Guidance documents from the default branch, in the order they should be offered. */
  guidance?: readonly GuidanceDocument[];
  commitMessages?: readonly string[];
  /** Input tokens the whole request may use (system, tools, user turn), as the API counts them. */
  tokenBudget: number;
  /** Rounds of tool calls the model may make; stated in the user turn. */
  maxToolTurns: number;
  /** API tokens per estimated token, learnt from earlier reviews (1 = trust the estimate). */
  calibration?: number;
  /** Ids of the analyzer findings already asked as HALT questions (the offline architect's questions). */
  haltQuestionIds?: ReadonlySet<string>;
  /** Tool definitions sent with the request (counted in the budget). */
  tools?: readonly Tool[];
  /**
   * Another task on the same input (`/architect ask`): its protocol replaces the review protocol, its blocks
   * (the question, the thread) go before the diff, its instruction closes the user turn. No output schema.
   */
  task?: { protocol: string; blocks: readonly string[]; instruction: string };
}

/** How much of one changed file the model sees. */
export interface FileCoverage {
  path: string;
  category: ChangedFile["category"];
  /**
   * full: every hunk · compact: every hunk, fewer unchanged lines · partial: some hunks (budget) ·
   * not-shown: none (budget) · peripheral: tests/docs/UI, named only · ignored: lockfile/vendored/generated ·
   * no-diff: binary, too large, or a rename without changes.
   */
  shown: "full" | "compact" | "partial" | "not-shown" | "peripheral" | "ignored" | "no-diff";
  hunks: number;
  hunksShown: number;
  /** Estimated tokens this file takes in the prompt. */
  tokens: number;
}

export interface BuiltPrompt {
  system: TextBlockParam[];
  messages: MessageParam[];
  /** Files the model does not see (fully), each with the reason: they go into the review's "Not reviewed". */
  omitted: OmittedFile[];
  /** Summary notes about what the model did not see (grouped, e.g. test files). */
  notes: string[];
  /** Offline estimate of the request's input tokens (system, tools, output schema, user turn). */
  estimatedTokens: number;
  /** The part of `estimatedTokens` that is the user turn (the per-PR content; the rest is the cached prefix). */
  estimatedUserTokens: number;
  coverage: FileCoverage[];
  /** Secret values redacted from the prompt: never to be echoed back. */
  redactedValues: string[];
}

/** Guidance may take at most this share of the budget: the diff is what is being reviewed. */
const guidanceShare = 0.1;
/** In the first packing pass one file may take at most this share of the diff budget. */
const firstPassFileShare = 0.25;
/** Lines longer than this are cut (minified code, data): they cost tokens and say little. */
const maxLineChars = 400;
/** Names listed per group in the scope section; the review's summary names them all. */
const maxNamesInScope = 200;
const maxBodyChars = 10_000;
const maxCommits = 50;
const maxCommitChars = 1_000;
const maxFindingsInPrompt = 150;
/** Other code always gets at least this many tokens, however small the contract change it supports. */
const restFloorTokens = 2_000;
/** Reserve per shown file for the "N hunks not shown" stubs. */
const stubReserveTokens = 20;

const cached = { type: "ephemeral" } as const;
const instruction = "Review this pull request by the review protocol and answer with the JSON review object.";
const outputSchemaJson = JSON.stringify(zodOutputFormat(agentReviewSchema).schema);

/**
 * Tests, docs, changelogs, translations and UI code: outside a backend architect's lane. They are named in
 * the scope (the model can read them with a tool) but their diff is not sent.
 */
const isPeripheral = picomatch(
  [
    "**/{test,tests,__tests__,spec,specs,testdata,fixtures,__fixtures__,__snapshots__,e2e,cypress,playwright}/**",
    "**/*.{test,spec,e2e}.*",
    "**/*_{test,spec}.*",
    "**/test_*.py",
    "**/*{Test,Tests,Spec,IT}.{java,kt,scala,cs}",
    "**/*.{md,markdown,mdx,txt,rst,adoc}",
    "**/{CHANGELOG,CHANGES,HISTORY,NEWS,AUTHORS,CONTRIBUTORS,LICENSE,NOTICE}*",
    "**/{i18n,locale,locales,translations,lang}/**",
    "**/*.{po,pot,mo,xliff,xlf}",
    "**/*.{tsx,jsx,vue,svelte,astro,css,scss,sass,less,styl,html,htm,hbs,ejs,njk,liquid}",
    "**/*.{svg,png,jpg,jpeg,gif,webp,ico,woff,woff2,ttf,eot,mp4,mp3,pdf}",
    "**/{static,assets,public}/**",
    "**/*.snap",
  ],
  { dot: true, nocase: true },
);

type Tier = 0 | 1 | 2 | 3;
const categoryTier: Record<ChangedFile["category"], Tier> = { schema: 0, api: 1, infra: 2, other: 3 };

interface RenderedHunk {
  text: string;
  tokens: number;
  deletionOnly: boolean;
  shown: boolean;
}

interface FilePlan {
  file: ChangedFile;
  tier: Tier;
  compact: boolean;
  header: string;
  headerTokens: number;
  hunks: RenderedHunk[];
  charged: boolean;
  tokens: number;
  findings: number;
  /** For other code: how closely its path relates to the contracts under review (higher first). */
  affinity: number;
}

export function buildPrompt(options: BuildPromptOptions): BuiltPrompt {
  const { input } = options;
  const calibration = options.calibration ?? 1;
  // Everything below is counted in estimated tokens; the API's count is `calibration` times that.
  const budget = Math.max(0, Math.floor(options.tokenBudget / calibration));
  const tools = options.tools ?? reviewTools;
  const redactedValues: string[] = [];

  const persona = options.agent.prompt;
  const protocol = options.task?.protocol ?? reviewProtocol;
  const taskBlocks = options.task?.blocks.join("\n\n") ?? "";
  const closing = options.task?.instruction ?? instruction;
  let fixed =
    requestOverheadTokens +
    estimateTokens(persona, "prose") +
    estimateTokens(protocol, "prose") +
    estimateTokens(JSON.stringify(tools)) +
    (options.task === undefined ? estimateTokens(outputSchemaJson) : 0) +
    estimateTokens(taskBlocks, "prose");

  const system: TextBlockParam[] = [
    { type: "text", text: persona },
    { type: "text", text: protocol, cache_control: cached },
  ];
  const guidance = renderGuidance(options.guidance ?? [], Math.floor(budget * guidanceShare), redactedValues);
  if (guidance !== undefined) {
    system.push({ type: "text", text: guidance.text, cache_control: cached });
    fixed += guidance.tokens;
  }

  const systemTokens = fixed;
  const metadata = renderMetadata(input, options.commitMessages ?? [], redactedValues);
  const findings = renderFindings(input.findings, options.haltQuestionIds ?? new Set());
  const apiSurface = renderApiSurface(input.apiSurface ?? []);
  const answers = renderAnswers(input.answers ?? [], redactedValues);
  const increment = renderIncrement(input.increment);
  fixed +=
    estimateTokens(increment, "prose") +
    estimateTokens(metadata, "prose") +
    estimateTokens(findings, "prose") +
    estimateTokens(apiSurface) +
    estimateTokens(answers, "prose");

  // Sort the files into what is packed (by tier) and what is only named.
  const findingsByPath = new Map<string, number>();
  for (const finding of input.findings) {
    findingsByPath.set(finding.path, (findingsByPath.get(finding.path) ?? 0) + 1);
  }
  const coverage = new Map<string, FileCoverage>();
  const plans: FilePlan[] = [];
  const peripheral: ChangedFile[] = [];
  const ignored: ChangedFile[] = [];
  const noDiff: ChangedFile[] = [];
  for (const file of input.files) {
    const base = {
      path: file.path,
      category: file.category,
      hunks: file.hunks.length,
      hunksShown: 0,
      tokens: 0,
    };
    if (file.skipped !== undefined) {
      ignored.push(file);
      coverage.set(file.path, { ...base, shown: "ignored" });
    } else if (file.hunks.length === 0) {
      noDiff.push(file);
      coverage.set(file.path, { ...base, shown: "no-diff" });
    } else if (file.category === "other" && isPeripheral(file.path) && !findingsByPath.has(file.path)) {
      peripheral.push(file);
      coverage.set(file.path, { ...base, shown: "peripheral" });
    } else {
      plans.push(planFile(file, findingsByPath.get(file.path) ?? 0, redactedValues));
    }
  }
  // Within a tier: files with analyzer findings, then (for other code) the files nearest the contracts under
  // review, then the bigger changes; the path breaks ties so the prompt is deterministic.
  const subjects = subjectWords(plans.filter((plan) => plan.tier < 3).map((plan) => plan.file.path));
  for (const plan of plans) if (plan.tier === 3) plan.affinity = affinity(plan.file.path, subjects);
  // After a push, the files it changed come first: they are what this run is about.
  const inIncrement = (plan: FilePlan) => (input.increment?.paths.includes(plan.file.path) === true ? 0 : 1);
  plans.sort(
    (a, b) =>
      inIncrement(a) - inIncrement(b) ||
      a.tier - b.tier ||
      b.findings - a.findings ||
      b.affinity - a.affinity ||
      b.file.additions + b.file.deletions - (a.file.additions + a.file.deletions) ||
      a.file.path.localeCompare(b.file.path),
  );

  // The scope names what is not shown, so its size depends on the packing: reserve it from an upper bound.
  const scopeReserve = Math.min(
    estimateTokens(
      [...peripheral, ...ignored, ...noDiff, ...plans.map((plan) => plan.file)]
        .slice(0, maxNamesInScope * 3)
        .map((file) => file.path)
        .join("\n"),
      "code",
    ) + 300,
    Math.floor(budget * 0.1) + 300,
  );
  const diffBudget = Math.max(0, budget - fixed - scopeReserve);
  pack(plans, diffBudget, restFloorTokens);

  const omitted: OmittedFile[] = [];
  const notShown: string[] = [];
  const diffParts: string[] = [];
  for (const plan of plans) {
    const shownCount = plan.hunks.filter((hunk) => hunk.shown).length;
    const total = plan.hunks.length;
    const deletionOnlyLeft = plan.hunks.some((hunk) => !hunk.shown && hunk.deletionOnly);
    let shown: FileCoverage["shown"];
    if (shownCount === 0) {
      shown = "not-shown";
      notShown.push(plan.file.path);
      omitted.push({
        path: plan.file.path,
        reason:
          plan.tier === 3
            ? "supporting code not shown to the model (beyond its share of the token budget)"
            : `not shown to the model: token budget (${plan.file.category}, ${total} hunk${total === 1 ? "" : "s"})`,
      });
    } else if (shownCount < total) {
      shown = "partial";
      omitted.push({
        path: plan.file.path,
        reason: `only ${shownCount} of ${total} hunks shown to the model (token budget${deletionOnlyLeft ? "; removed-only hunks first" : ""})`,
      });
    } else {
      shown = plan.compact ? "compact" : "full";
    }
    coverage.set(plan.file.path, {
      path: plan.file.path,
      category: plan.file.category,
      hunks: total,
      hunksShown: shownCount,
      shown,
      tokens: plan.tokens,
    });
    if (shownCount > 0) diffParts.push(renderFilePlan(plan));
  }

  const scope = renderScope({
    files: input.files,
    shown: plans.length - notShown.length,
    partial: omitted.length - notShown.length,
    notShown,
    peripheral,
    ignored,
    noDiff,
    maxToolTurns: options.maxToolTurns,
  });
  const diff = `<diff>\n${diffParts.join("\n")}\n</diff>`;
  const userText = [metadata, answers, increment, findings, apiSurface, taskBlocks, scope, diff, closing]
    .filter((part) => part !== "")
    .join("\n\n");

  const notes: string[] = [];
  if (peripheral.length > 0) notes.push(peripheralNote(peripheral));

  const estimatedUserTokens =
    estimateTokens(metadata, "prose") +
    estimateTokens(answers, "prose") +
    estimateTokens(increment, "prose") +
    estimateTokens(findings, "prose") +
    estimateTokens(apiSurface) +
    estimateTokens(scope) +
    estimateTokens(diff) +
    estimateTokens(taskBlocks, "prose") +
    estimateTokens(closing, "prose") +
    10;
  const estimatedTokens = systemTokens + estimatedUserTokens;
  return {
    system,
    messages: [{ role: "user", content: [{ type: "text", text: userText }] }],
    omitted,
    notes,
    estimatedTokens,
    estimatedUserTokens,
    coverage: input.files.map(
      (file) =>
        coverage.get(file.path) ?? {
          path: file.path,
          category: file.category,
          hunks: file.hunks.length,
          hunksShown: 0,
          shown: "not-shown",
          tokens: 0,
        },
    ),
    redactedValues: [...new Set(redactedValues)],
  };
}

/**
 * Greedy packing by priority. Contracts, schemas and infrastructure first: pass 1 takes each file's changed
 * hunks (not the removed-only ones) in tier order, at most `firstPassFileShare` of the budget per file so one
 * huge file cannot starve the rest; pass 2 the rest of those hunks; pass 3 their removed-only hunks, so those
 * are the first thing dropped when space runs out. Then other code the same way, within its own share.
 * A piece that does not fit is skipped; smaller later pieces may still fit.
 */
function pack(plans: FilePlan[], budget: number, restFloor: number): void {
  let left = budget;
  const relevant = plans.filter((plan) => plan.tier < 3);
  const rest = plans.filter((plan) => plan.tier === 3);
  const take = (plan: FilePlan, hunk: RenderedHunk, cap: number): void => {
    const header = plan.charged ? 0 : plan.headerTokens + stubReserveTokens;
    const cost = hunk.tokens + header;
    // The cap bounds how far one file extends beyond its first hunk: a file's first hunk always competes,
    // so a big contract hunk is never passed over for a lower-priority file.
    if (cost > left || (plan.tokens > 0 && plan.tokens + cost > cap)) return;
    hunk.shown = true;
    plan.charged = true;
    plan.tokens += cost;
    left -= cost;
  };
  const changedHunks = (group: FilePlan[], cap: number) => {
    for (const plan of group) {
      for (const hunk of plan.hunks) if (!hunk.deletionOnly && !hunk.shown) take(plan, hunk, cap);
    }
  };
  const removedHunks = (group: FilePlan[]) => {
    for (const plan of group)
      for (const hunk of plan.hunks) if (hunk.deletionOnly) take(plan, hunk, Infinity);
  };

  changedHunks(relevant, Math.max(200, Math.floor(budget * firstPassFileShare)));
  changedHunks(relevant, Infinity);
  removedHunks(relevant);
  // Other code is evidence for the contracts under review: it gets as much room as they take (at least
  // `restFloor`), never the whole budget, and what does not fit is named.
  const relevantTokens = budget - left;
  left = Math.min(left, Math.max(restFloor, relevantTokens));
  changedHunks(rest, Math.max(200, Math.floor(left * firstPassFileShare)));
  changedHunks(rest, Infinity);
  removedHunks(rest);
}

function planFile(file: ChangedFile, findings: number, redacted: string[]): FilePlan {
  const tier = categoryTier[file.category];
  // Other code is supporting evidence: its changed lines with one line of context are enough, and the
  // model can read the whole file with a tool. Contracts, schemas and infrastructure are shown whole.
  const compact = tier === 3;
  const header = renderFileHeader(file, compact);
  const context = compact ? 0 : file.category === "infra" ? infraContextLines : contractContextLines;
  const hunks = file.hunks.map((hunk) => renderHunk(hunk, context, compact, redacted));
  return {
    file,
    tier,
    compact,
    header,
    headerTokens: estimateTokens(header),
    hunks,
    charged: false,
    tokens: 0,
    findings,
    affinity: 0,
  };
}

function renderFileHeader(file: ChangedFile, compact: boolean): string {
  const from =
    file.previousPath !== undefined && file.previousPath !== file.path
      ? `, from ${safePath(file.previousPath)}`
      : "";
  const label = file.category === "other" ? "code" : file.category;
  return `### ${safePath(file.path)} (${label}, ${file.status}${from}, +${file.additions} -${file.deletions}${compact ? ", compact" : ""})`;
}

/**
 * Unchanged lines kept on each side of a change. API and schema hunks keep GitHub's three: the enclosing
 * path, type or table is what gives a contract change its meaning. Infrastructure manifests are long and
 * repetitive, so one line is kept there; the model can read the whole file with its tools.
 */
const contractContextLines = 3;
const infraContextLines = 1;

function renderHunk(hunk: Hunk, context: number, compact: boolean, redacted: string[]): RenderedHunk {
  const deletionOnly = hunk.lines.every((line) => line.kind !== "add");
  const keep = nearChanges(hunk.lines, context);
  const contents = redactLines(
    hunk.lines.map((line) => line.content),
    redacted,
  );
  const out: string[] = ["@@"];
  // "⋯" marks unchanged lines left out between two shown lines; none at the ends of a hunk.
  let elided = false;
  const push = (line: string) => {
    if (elided && out.length > 1) out.push("⋯");
    elided = false;
    out.push(line);
  };
  let removedRun: number[] = [];
  const flushRemoved = () => {
    if (removedRun.length === 0) return;
    const first = removedRun[0];
    const last = removedRun[removedRun.length - 1];
    const n = removedRun.length;
    push(`[L ${first}${last === first ? "" : `-${last}`}] (${n} line${n === 1 ? "" : "s"} removed)`);
    removedRun = [];
  };
  hunk.lines.forEach((line, index) => {
    // Compact view: removed lines of other code are summarised by their old line numbers.
    if (compact && line.kind === "del") {
      removedRun.push(line.oldLine ?? 0);
      return;
    }
    flushRemoved();
    if (!keep[index]) {
      elided = true;
      return;
    }
    push(renderLine(line, contents[index] ?? ""));
  });
  flushRemoved();
  const text = out.join("\n");
  return { text, tokens: estimateTokens(text) + 1, deletionOnly, shown: false };
}

function renderLine(line: DiffLine, content: string): string {
  const text = sanitiseCode(
    content.length > maxLineChars
      ? `${content.slice(0, maxLineChars)}… (${content.length - maxLineChars} more characters)`
      : content,
  );
  if (line.kind === "add") return `[R ${line.newLine}]+${text}`;
  if (line.kind === "del") return `[L ${line.oldLine}]-${text}`;
  return `[R ${line.newLine}] ${text}`;
}

/** Marks the lines within `distance` of an added or removed line. */
function nearChanges(lines: readonly DiffLine[], distance: number): boolean[] {
  const keep = lines.map(() => false);
  lines.forEach((line, index) => {
    if (line.kind === "context") return;
    for (let i = Math.max(0, index - distance); i <= Math.min(lines.length - 1, index + distance); i++) {
      keep[i] = true;
    }
  });
  return keep;
}

function renderFilePlan(plan: FilePlan): string {
  const out: string[] = [plan.header];
  let hiddenRun = 0;
  let hiddenRemovedOnly = true;
  const flush = () => {
    if (hiddenRun === 0) return;
    out.push(
      `@@ ${hiddenRun} hunk${hiddenRun === 1 ? "" : "s"} not shown (${hiddenRemovedOnly ? "removed lines only" : "token budget"}; read the file with a tool if it matters)`,
    );
    hiddenRun = 0;
    hiddenRemovedOnly = true;
  };
  for (const hunk of plan.hunks) {
    if (hunk.shown) {
      flush();
      out.push(hunk.text);
    } else {
      hiddenRun++;
      hiddenRemovedOnly &&= hunk.deletionOnly;
    }
  }
  flush();
  return out.join("\n");
}

function renderMetadata(input: ArchitectInput, commits: readonly string[], redacted: string[]): string {
  const { pr } = input;
  const clean = (text: string, max: number) => {
    const cut = text.length > max ? `${text.slice(0, max)}\n… (cut at ${max} characters)` : text;
    const { text: safe, values } = redactSecrets(sanitiseUntrusted(cut));
    redacted.push(...values);
    return safe.trim();
  };
  const lines = [
    "<untrusted_pr_metadata>",
    `Repository: ${safePath(`${pr.owner}/${pr.repo}`)}`,
    `Pull request: #${pr.number} by ${safePath(pr.author)}`,
    `Title: ${clean(pr.title, 500).replace(/\s*\n\s*/g, " ")}`,
    "Description:",
    clean(pr.body, maxBodyChars) || "(empty)",
  ];
  if (commits.length > 0) {
    lines.push("Commit messages:");
    for (const message of commits.slice(0, maxCommits)) {
      lines.push(`- ${clean(message, maxCommitChars).replace(/\n/g, "\n  ")}`);
    }
    if (commits.length > maxCommits) lines.push(`- … ${commits.length - maxCommits} more commits`);
  }
  lines.push("</untrusted_pr_metadata>");
  return lines.join("\n");
}

/** An answer is cut at this length in the prompt (the state keeps at most 2,000 characters). */
const maxAnswerChars = 2_000;

/**
 * Answers to earlier HALT questions, written by the PR's author or a writer: untrusted like the description.
 * Empty when nothing was answered, so the common prompt does not change.
 */
/** The files a push changed since the last review (their names are untrusted: `safePath`). */
function renderIncrement(increment: ArchitectInput["increment"]): string {
  if (increment === undefined) return "";
  const listed = increment.paths.slice(0, maxNamesInScope).map((path) => `  - ${safePath(path)}`);
  if (increment.paths.length > maxNamesInScope)
    listed.push(`  - … and ${increment.paths.length - maxNamesInScope} more`);
  return [
    `<increment since="${increment.since.slice(0, 7)}">`,
    "You reviewed this pull request before. These files changed since that review; their hunks come first in the diff. Review them first: the rest of the diff is context you have seen, and findings you reported there stand unless this push changed them.",
    ...listed,
    "</increment>",
  ].join("\n");
}

function renderAnswers(answers: readonly HaltAnswer[], redacted: string[]): string {
  if (answers.length === 0) return "";
  const clean = (text: string) => {
    const cut = text.length > maxAnswerChars ? `${text.slice(0, maxAnswerChars)} … (cut)` : text;
    const { text: safe, values } = redactSecrets(sanitiseUntrusted(cut));
    redacted.push(...values);
    return safe.trim();
  };
  const lines = ["<untrusted_halt_answers>"];
  for (const answer of [...answers].sort((a, b) => a.n - b.n)) {
    lines.push(
      `Question ${answer.n}: ${answer.question === undefined ? "(text not recorded)" : clean(answer.question)}`,
    );
    lines.push(`Answer by ${safePath(answer.by)}: ${clean(answer.text)}`);
  }
  lines.push("</untrusted_halt_answers>");
  return lines.join("\n");
}

/** More findings of one rule than this are stated once and then only located. */
const repeatedFindingThreshold = 3;

function renderFindings(findings: readonly Finding[], asked: ReadonlySet<string>): string {
  if (findings.length === 0) return "<analyzer_findings>\nNone.\n</analyzer_findings>";
  const rank = { blocker: 0, major: 1, minor: 2, info: 3 } as const;
  const sorted = [...findings].sort((a, b) => rank[a.severity] - rank[b.severity]);
  const tagOf = (finding: Finding) =>
    finding.line === undefined ? "" : ` [${finding.side === "LEFT" ? "L" : "R"} ${finding.line}]`;
  // A rule that fires many times (51 index builds in one PR) is stated once, then only located: the
  // model needs where, not the same paragraph 51 times.
  const byRule = new Map<string, Finding[]>();
  for (const finding of sorted.slice(0, maxFindingsInPrompt)) {
    if (finding.haltQuestion !== undefined && asked.has(finding.fingerprint)) continue;
    byRule.set(finding.ruleId, [...(byRule.get(finding.ruleId) ?? []), finding]);
  }
  const lines: string[] = [];
  const stated = new Set<string>();
  for (const finding of sorted.slice(0, maxFindingsInPrompt)) {
    const group = byRule.get(finding.ruleId);
    if (group !== undefined && group.length > repeatedFindingThreshold) {
      if (stated.has(finding.ruleId)) continue;
      stated.add(finding.ruleId);
      const places = group.map((item) => `${safePath(item.path)}${tagOf(item)}`).join(", ");
      lines.push(
        `- ${finding.ruleId} (${finding.severity}) ×${group.length}: ${sanitiseCode(finding.title)} — ${sanitiseCode(oneLine(finding.message))} At: ${places}`,
      );
      continue;
    }
    const base = `- ${finding.ruleId} (${finding.severity}) ${safePath(finding.path)}${tagOf(finding)}: ${sanitiseCode(finding.title)} — ${sanitiseCode(oneLine(finding.message))}`;
    const question =
      finding.haltQuestion !== undefined && asked.has(finding.fingerprint)
        ? ` Asked as HALT question: "${sanitiseCode(oneLine(finding.haltQuestion))}"`
        : "";
    lines.push(base + question);
  }
  if (sorted.length > maxFindingsInPrompt) {
    lines.push(`- … ${sorted.length - maxFindingsInPrompt} more findings of lower severity`);
  }
  return `<analyzer_findings>\n${lines.join("\n")}\n</analyzer_findings>`;
}

/** Rows of the endpoint table at most: the diff is what is reviewed, the table only points into it. */
const maxSurfaceRows = 80;

/**
 * What the parsers extracted from the changed API code, base → head: endpoints with their guards and
 * success statuses, request/response shapes with the fields that came and went. Empty when nothing changed.
 */
function renderApiSurface(tables: readonly FileSurfaceTable[]): string {
  const lines: string[] = [];
  let rows = 0;
  const list = (items: readonly (string | number)[] | undefined) =>
    items === undefined
      ? ""
      : items.length === 0
        ? "none"
        : items.map((item) => sanitiseCode(String(item))).join(", ");
  for (const table of tables) {
    if (rows >= maxSurfaceRows) break;
    lines.push(safePath(table.path));
    for (const row of table.endpoints) {
      if (rows++ >= maxSurfaceRows) break;
      const guards =
        row.state === "changed"
          ? `${list(row.guards.base)} → ${list(row.guards.head)}`
          : list(row.guards.head ?? row.guards.base);
      const statuses =
        row.state === "changed"
          ? `${list(row.statusCodes.base)} → ${list(row.statusCodes.head)}`
          : list(row.statusCodes.head ?? row.statusCodes.base);
      lines.push(`  ${sanitiseCode(row.label)} [${row.state}] guards: ${guards}; statuses: ${statuses}`);
    }
    for (const row of table.shapes) {
      if (rows++ >= maxSurfaceRows) break;
      const parts = [
        row.fieldsRemoved.length > 0 ? `removed ${list(row.fieldsRemoved)}` : "",
        row.fieldsAdded.length > 0 ? `added ${list(row.fieldsAdded)}` : "",
        row.newlyRequired.length > 0 ? `now required ${list(row.newlyRequired)}` : "",
      ].filter((part) => part !== "");
      lines.push(
        `  ${sanitiseCode(row.name)} (${row.role} shape) [${row.state}]${parts.length > 0 ? ` fields: ${parts.join("; ")}` : ""}`,
      );
    }
    if (table.unchanged > 0)
      lines.push(
        `  … ${table.unchanged} unchanged endpoint${table.unchanged === 1 ? "" : "s"} or shape${table.unchanged === 1 ? "" : "s"}`,
      );
  }
  if (lines.length === 0) return "";
  const total = tables.reduce((sum, table) => sum + table.endpoints.length + table.shapes.length, 0);
  if (total > maxSurfaceRows) lines.push(`… ${total - maxSurfaceRows} more rows not listed`);
  return `<api_surface>
${lines.join("\n")}
</api_surface>`;
}

interface ScopeParts {
  files: readonly ChangedFile[];
  shown: number;
  partial: number;
  notShown: readonly string[];
  peripheral: readonly ChangedFile[];
  ignored: readonly ChangedFile[];
  noDiff: readonly ChangedFile[];
  maxToolTurns: number;
}

function renderScope(parts: ScopeParts): string {
  const counts = { schema: 0, api: 0, infra: 0, other: 0 };
  for (const file of parts.files) counts[file.category]++;
  const lines = [
    "<review_scope>",
    `Files changed: ${parts.files.length} (${counts.schema} schema/migration, ${counts.api} API contract, ${counts.infra} infrastructure, ${counts.other} other).`,
    `Shown in <diff>: ${parts.shown} file${parts.shown === 1 ? "" : "s"}${parts.partial > 0 ? `, ${parts.partial} of them only in part` : ""}.`,
  ];
  const names = (paths: readonly string[]) => {
    const listed = paths.slice(0, maxNamesInScope).map((path) => `  - ${safePath(path)}`);
    if (paths.length > maxNamesInScope) listed.push(`  - … and ${paths.length - maxNamesInScope} more`);
    return listed;
  };
  if (parts.notShown.length > 0) {
    lines.push(
      "Not shown, token budget (do not judge them; read one with a tool only if a shown change depends on it):",
      ...names(parts.notShown),
    );
  }
  if (parts.peripheral.length > 0) {
    lines.push(
      "Not shown, tests, docs and UI (outside your lane; readable with the tools):",
      ...names(parts.peripheral.map((file) => `${file.path} (+${file.additions} -${file.deletions})`)),
    );
  }
  if (parts.noDiff.length > 0) {
    lines.push(
      "No diff available (binary, too large, or renamed without changes):",
      ...names(parts.noDiff.map((file) => file.path)),
    );
  }
  if (parts.ignored.length > 0) {
    lines.push(`Ignored: ${parts.ignored.length} lockfile, vendored or generated files.`);
  }
  lines.push(
    parts.maxToolTurns > 0
      ? `Your limits: at most ${parts.maxToolTurns} round${parts.maxToolTurns === 1 ? "" : "s"} of tool calls, then answer.`
      : "Your limits: no tool calls in this review; answer from what is shown.",
    "</review_scope>",
  );
  return lines.join("\n");
}

function renderGuidance(
  docs: readonly GuidanceDocument[],
  budget: number,
  redacted: string[],
): { text: string; tokens: number } | undefined {
  const parts: string[] = [];
  let tokens = estimateTokens("<repository_guidance>\n</repository_guidance>", "prose");
  for (const doc of docs) {
    const { text, values } = redactSecrets(sanitiseUntrusted(doc.text));
    const part = `<guidance_file path="${safePath(doc.path)}">\n${text.trim()}\n</guidance_file>`;
    const cost = estimateTokens(part, "prose");
    // A document that does not fit is skipped whole: half an ADR can say the opposite of the whole.
    if (tokens + cost > budget) continue;
    redacted.push(...values);
    parts.push(part);
    tokens += cost;
  }
  if (parts.length === 0) return undefined;
  return {
    text: `<repository_guidance>\nThe repository's own guidance documents, from its default branch: its conventions and decisions.\n\n${parts.join("\n\n")}\n</repository_guidance>`,
    tokens,
  };
}

function peripheralNote(files: readonly ChangedFile[]): string {
  const shown = files.slice(0, 30).map((file) => `\`${file.path}\``);
  const more = files.length > 30 ? ` and ${files.length - 30} more` : "";
  return `Tests, docs and UI files were not shown to the model (outside the backend architect's lane; it could read them on request): ${shown.join(", ")}${more}.`;
}

const backendPath =
  /(?:^|\/)(?:api|apis|server|backend|routes?|handlers?|controllers?|models?|schemas?|serializers?|resolvers?|services?|repositor(?:y|ies)|dao|db|database|entities|presenters?|graphql|grpc|queues?|jobs?|tasks?|workers?|consumers?|events?|internal|migrations?)(?:\/|$)/i;

/** Words (4+ letters) of the relevant files' names: `add-documentId-to-fileOperation.js` → document, file, operation. */
function subjectWords(paths: readonly string[]): Set<string> {
  const words = new Set<string>();
  for (const path of paths) {
    const name = path.slice(path.lastIndexOf("/") + 1).replace(/\.[^.]*$/, "");
    for (const word of splitWords(name)) words.add(word);
  }
  for (const common of [
    "migration",
    "migrations",
    "schema",
    "index",
    "values",
    "chart",
    "template",
    "templates",
  ]) {
    words.delete(common);
  }
  return words;
}

function affinity(path: string, subjects: ReadonlySet<string>): number {
  let score = backendPath.test(path) ? 1 : 0;
  for (const word of splitWords(path)) if (subjects.has(word)) score += 2;
  return score;
}

function splitWords(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((word) => word.length >= 4)
    .map((word) => (word.endsWith("s") && word.length > 4 ? word.slice(0, -1) : word));
}

/** A path or name from the PR, made safe to print inside the prompt (one line, no fence tags). */
function safePath(path: string): string {
  return sanitiseCode(path.replace(/[\r\n]+/g, "␤"));
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ");
}
