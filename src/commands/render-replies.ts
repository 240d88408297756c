// The text of every reply to a command. Pure: what GitHub receives as the comment body.
import { stringify } from "yaml";
import type { RuleDefinition } from "../analyzers/rule.js";
import type { RepoConfig } from "../config/repo-config.schema.js";
import type { Finding, Question } from "../domain/model.js";
import { neutralise, quoteInline } from "../review/render-review.js";
import { commandPrefix } from "./parse-commands.js";

export function helpText(): string {
  return [
    "**Backend Architect commands** — write them at the start of a line in a comment on a PR, an issue or an inline thread:",
    "",
    "| Command | What it does |",
    "|---|---|",
    `| \`${commandPrefix} review\` | Reviews the PR's current head again now, even if nothing changed. |`,
    `| \`${commandPrefix} answer <n>: <text>\` | Answers HALT question *n* (several \`answer\` lines answer several). A reply in a question's thread answers it too. |`,
    `| \`${commandPrefix} ask <question>\` | Asks about this PR; in an inline thread, about that file and line. |`,
    `| \`${commandPrefix} explain [rule-id]\` | Why a finding matters and the safe pattern; in a finding's thread, that finding. |`,
    `| \`${commandPrefix} ignore <rule-id> [reason]\` | Stops reporting a rule on this PR; the summary lists it with your reason. |`,
    `| \`${commandPrefix} pause\` / \`resume\` | Stops / restarts automatic reviews of this PR (the skip label). |`,
    `| \`${commandPrefix} propose\` | On an issue: a design proposal. |`,
    `| \`${commandPrefix} config\` | Shows this repository's effective configuration and any problem with it. |`,
    `| \`${commandPrefix} help\` | This list. |`,
    "",
    "Writers may run every command; the author of a PR may `answer`, `ask` and `explain` on it (the repository's `commands` settings can change both).",
  ].join("\n");
}

export function renderInvalid(problem: string): string {
  return `${neutralise(problem)}\n\n${helpText()}`;
}

export function renderConfig(config: RepoConfig, problems: readonly string[], path: string): string {
  const shown = { ...config } as Record<string, unknown>;
  delete shown._extends;
  const problemText =
    problems.length === 0
      ? "No problems: the file is valid (or absent, and the defaults apply)."
      : `**Problems** (the defaults apply where a setting is invalid):\n\n${problems.map((problem) => `- ${neutralise(problem)}`).join("\n")}`;
  return [
    `**Effective configuration** — \`${path}\` on the default branch, with the defaults filled in:`,
    "",
    "```yaml",
    stringify(shown).trimEnd(),
    "```",
    "",
    problemText,
  ].join("\n");
}

export function explainRule(rule: RuleDefinition): string {
  const halts = rule.halts ? " · asks before merging (HALT) unless the PR states the intent" : "";
  return [
    `**\`${rule.id}\`** — ${rule.title}`,
    "",
    `**Why it matters.** ${rule.why}`,
    "",
    `**The safe pattern.** ${rule.doInstead}`,
    "",
    `<sub>Default severity: ${rule.severity}${halts}. Silence one place with \`architect-ignore: ${rule.id} <reason>\` on the line, or this PR with \`${commandPrefix} ignore ${rule.id} <reason>\`.</sub>`,
  ].join("\n");
}

export function unknownRule(ruleId: string, known: readonly RuleDefinition[]): string {
  const family = ruleId.split("/")[0] ?? "";
  const leaf = ruleId.split("/").pop() ?? ruleId;
  const close = known
    .filter((rule) => rule.id.startsWith(`${family}/`) || rule.id.includes(leaf))
    .slice(0, 8)
    .map((rule) => `\`${rule.id}\``);
  const hint = close.length === 0 ? "" : ` Rules of that family: ${close.join(", ")}.`;
  return `There is no rule \`${neutralise(ruleId)}\`.${hint} Every rule is listed in docs/rules.md.`;
}

export function explainWhat(): string {
  return `Which finding? Name its rule: \`${commandPrefix} explain <rule-id>\` (every finding shows its rule id), or write \`${commandPrefix} explain\` in the finding's inline thread.`;
}

export function renderOpenQuestions(
  recorded: ReadonlyArray<{ n: number }>,
  open: ReadonlyArray<{ n: number; question: string; notAccepted?: string }>,
): string {
  const answered = recorded.map((answer) => answer.n).join(", ");
  const lead =
    recorded.length === 0
      ? "Nothing was recorded."
      : `Recorded the answer${recorded.length === 1 ? "" : "s"} to question${recorded.length === 1 ? "" : "s"} ${answered}.`;
  const list = open
    .map((question) => {
      const reason =
        question.notAccepted === undefined
          ? ""
          : `\n   _The answer given did not settle it:_ ${neutralise(question.notAccepted)}`;
      return `${question.n}. ${neutralise(question.question)}${reason}`;
    })
    .join("\n");
  return `${lead} The block stays until ${open.length === 1 ? "this question is" : "these questions are"} answered:\n\n${list}`;
}

export function renderUnknownQuestions(
  missing: readonly number[],
  open: ReadonlyArray<{ n: number }>,
): string {
  const numbers = open.map((question) => question.n).join(", ");
  const which = missing.join(", ");
  return open.length === 0
    ? "There is no open HALT question on this PR to answer."
    : `There is no open question ${which} on this PR; the open question${open.length === 1 ? " is" : "s are"} ${numbers}.`;
}

/** `ask` without a model: the findings at hand, the rules the question names, and what needs the model. */
export function askOffline(
  question: string,
  findings: readonly Finding[],
  rules: readonly RuleDefinition[],
  where?: { path: string; line?: number },
  questions: readonly Question[] = [],
): string {
  const isNear = (path: string | undefined, line: number | undefined): boolean =>
    where === undefined ||
    (path === where.path &&
      (where.line === undefined || line === undefined || Math.abs(line - where.line) <= 5));
  const near = findings.filter((finding) => isNear(finding.path, finding.line));
  const asked = questions.filter((question) => isNear(question.path, question.line));
  const named = rules.filter((rule) => question.includes(rule.id));
  const scope =
    where === undefined
      ? "this PR"
      : `\`${where.path}\`${where.line === undefined ? "" : ` near line ${where.line}`}`;
  const known = [
    ...asked.map(
      (question) =>
        `- **HALT question**${question.ruleId === undefined ? "" : ` \`${question.ruleId}\``} — ${neutralise(question.question)}`,
    ),
    ...near
      .slice(0, 20)
      .map(
        (finding) =>
          `- **${finding.severity}** \`${finding.ruleId}\` \`${finding.path}${finding.line === undefined ? "" : `:${finding.line}`}\` — ${neutralise(finding.message)}`,
      ),
  ];
  return [
    `You asked: ${quoteInline(question)}`,
    `This installation runs the offline architect (no \`ANTHROPIC_API_KEY\`), so a free-form answer needs the model. What the deterministic rules know about ${scope}:`,
    known.length === 0 ? "- No finding." : known.join("\n"),
    ...named.map(explainRule),
  ].join("\n\n");
}

export function renderRateLimited(perHour: number, retryAt: Date): string {
  const time = retryAt.toISOString().slice(11, 16);
  return `This PR or issue has had ${perHour} command${perHour === 1 ? "" : "s"} in the last hour, the repository's limit (\`commands.perHour\`); nothing was run. Try again after ${time} UTC.`;
}
