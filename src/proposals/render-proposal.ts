// The one comment a proposal keeps on its issue, in three forms: a HALT (numbered "Cannot proceed without …"
// questions), the proposal itself, and the offline skeleton (the decisions to make). Pure: returns the body
// (state marker on its first line) and the state it carries. Untrusted text (the issue, the answers, the
// model's prose shaped by them) is neutralised like render-review.ts does; fragments go in fences longer
// than any backtick run inside them, so they cannot close the fence.
import { maxBodyLength, neutralise, quoteInline } from "../review/render-review.js";
import { numberQuestions } from "../review/review-state.js";
import { describeFragmentProblem, type FragmentProblem } from "./check-fragments.js";
import type { Proposal, ProposalQuestion } from "./proposal-schema.js";
import {
  emptyContracts,
  type PlanContracts,
  type PlanMilestone,
  type ProposalState,
  renderProposalMarker,
} from "./proposal-state.js";
import {
  type NeedAssessment,
  openPointOf,
  type ProposalAnswer,
  type RequirementsAnalysis,
} from "./requirements-gap.js";

export const planCheckpoint = "**Backend architecture plan ready — proceed with implementation?**";

/** A question of a HALT: from the requirements analysis, or from the model (`agentQuestionId`). */
export interface ProposalHaltQuestion {
  id: string;
  question: string;
  why: string;
  /** The sentence that mentioned the need without numbers. */
  vagueEvidence?: string;
}

export interface ProposalComment {
  body: string;
  state: ProposalState;
}

export interface RenderContext {
  /** The state of this issue's proposal comment before this run: question numbers, milestone progress. */
  previous?: ProposalState;
  /** Every answer given on the issue so far. */
  answers: readonly ProposalAnswer[];
}

/** The fragment a single proposal may hold at most; a longer one is left out with a note. */
export const maxFragmentLength = 15_000;
const maxRequirements = 40;
const maxProseLength = 3000;
const maxStateLine = 300;
const maxStateAnswers = 30;
const maxMilestones = 30;
const maxDeliverables = 20;
const maxCriteria = 30;

/** A stable id for a model-made question: the same wording on the next run keeps its number. */
export function agentQuestionId(question: string): string {
  const words = question.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  return `agent/${words.slice(0, 8).join("-")}`;
}

/** The model's HALT questions (`proposal.questions`), with stable ids, for `renderHalt`. */
export function agentHaltQuestions(questions: readonly ProposalQuestion[]): ProposalHaltQuestion[] {
  return questions.map((question) => ({
    id: agentQuestionId(question.question),
    question: question.question,
    why: question.why,
  }));
}

/** The HALT form: no design, numbered questions, how to answer, and what was understood. */
export function renderHalt(
  analysis: RequirementsAnalysis,
  context: RenderContext & { questions?: readonly ProposalHaltQuestion[] },
): ProposalComment {
  const questions: readonly ProposalHaltQuestion[] = context.questions ?? analysis.questions;
  const { numbers, numbered } = numberQuestions(questions, context.previous?.numbered);
  const ordered = questions
    .map((question, index) => ({ question, n: numbers[index] ?? index + 1 }))
    .sort((a, b) => a.n - b.n);
  const count = ordered.length;
  const first = ordered[0]?.n ?? 1;

  const sections = [
    `### Backend Architect — design proposal: ${count} question${count === 1 ? "" : "s"} to answer`,
    "Cannot proceed without the answers below: each one changes the design, and the architect does not guess them. No design is proposed until they are answered.",
    `#### Questions\n\n${ordered.map(({ question, n }) => renderQuestion(question, n)).join("\n")}`,
    [
      "#### How to answer",
      "",
      `- Comment \`/architect answer ${first}: <your answer>\` (one line per question; an answer may run over several lines), or`,
      "- edit the issue so that it states the numbers, then comment `/architect propose`.",
      "",
      "Each answer runs the planning again; the `needs-clarification` label is removed when nothing blocks.",
    ].join("\n"),
    `#### Understood so far\n\n${analysis.needs.map(renderNeed).join("\n")}`,
  ];
  const answers = renderAnswers(context.answers);
  if (answers !== undefined) sections.push(answers);

  const state: ProposalState = {
    v: 1,
    kind: "halt",
    requirements: understood(analysis),
    questions: questions.map((question) => question.id),
    numbered,
    answers: [...context.answers],
    milestones: [],
    contracts: emptyContracts,
    criteria: [],
  };
  return finish(state, sections, undefined);
}

export interface ProposalInput extends RenderContext {
  /** The proposal after `checkFragments`: failed fragments are already removed. */
  proposal: Proposal;
  analysis: RequirementsAnalysis;
  /** The problems `checkFragments` (after any repair round) reported: each becomes a note. */
  problems: readonly FragmentProblem[];
  /** `planContracts` of the checked proposal. */
  contracts: PlanContracts;
  /** The model that wrote it, for the footer. */
  model: string;
}

/** The proposal form, ending with the seed's checkpoint. */
export function renderProposal(input: ProposalInput): ProposalComment {
  const { proposal } = input;
  const notes = input.problems.map(
    (problem) => `${neutralise(describeFragmentProblem(problem))} — left out of this proposal.`,
  );
  const sections = ["### Backend Architect — design proposal"];

  const requirements = proposal.requirements.slice(0, maxRequirements).map((line) => `- ${inline(line)}`);
  sections.push(`#### Requirements as understood\n\n${requirements.join("\n") || "_None stated._"}`);
  const openPoints = input.analysis.needs.flatMap((need) => {
    const point = need.blocking ? undefined : openPointOf(need);
    return point === undefined ? [] : [`- **${need.label}** (${need.status}): ${neutralise(point)}`];
  });
  if (openPoints.length > 0) {
    sections.push(`#### Open points (they do not block this plan)\n\n${openPoints.join("\n")}`);
  }

  if (proposal.options.length > 0) {
    const rows = proposal.options.map(
      (option) => `| ${cell(option.name)} | ${cell(option.tradeoffs)} | ${option.chosen ? "✅" : ""} |`,
    );
    sections.push(
      `#### Options considered\n\n| Option | Trade-offs | Chosen |\n| --- | --- | --- |\n${rows.join("\n")}\n\n**Why:** ${inline(proposal.rationale)}`,
    );
  }

  const api = proposal.apiFragment;
  if (api !== null) {
    if (api.text.length > maxFragmentLength)
      notes.push(tooLong(`${api.kind === "openapi" ? "OpenAPI" : "GraphQL"} fragment`, api.text));
    else sections.push(`#### API sketch\n\n${fence(api.kind === "openapi" ? "yaml" : "graphql", api.text)}`);
  }
  if (proposal.ddl !== null) {
    if (proposal.ddl.length > maxFragmentLength) notes.push(tooLong("DDL", proposal.ddl));
    else sections.push(`#### Data model\n\n${fence("sql", proposal.ddl)}`);
  }
  const diagrams = proposal.diagrams.flatMap((diagram) => {
    if (diagram.mermaid.length > maxFragmentLength) {
      notes.push(tooLong(`the ${diagramNames[diagram.kind]} diagram`, diagram.mermaid));
      return [];
    }
    return [
      `**${diagramNames[diagram.kind]}** — ${inline(diagram.title)}\n\n${fence("mermaid", diagram.mermaid)}`,
    ];
  });
  if (diagrams.length > 0) sections.push(`#### Diagrams\n\n${diagrams.join("\n\n")}`);

  const { scaling, security } = proposal;
  sections.push(
    [
      "#### Scaling and failure",
      "",
      `- **Caching:** ${inline(scaling.caching)}`,
      `- **Queues:** ${inline(scaling.queues)}`,
      `- **Indexes:** ${inline(scaling.indexes)}`,
      `- **Limits:** ${inline(scaling.limits)}`,
      `- **Retries and idempotency:** ${inline(scaling.retries)}`,
    ].join("\n"),
    [
      "#### Security",
      "",
      `- **Authentication:** ${inline(security.authn)}`,
      `- **Authorization:** ${inline(security.authz)}`,
      `- **Input validation:** ${inline(security.validation)}`,
      `- **Rate limits:** ${inline(security.rateLimits)}`,
    ].join("\n"),
  );

  const milestones = planMilestones(proposal, input.previous);
  if (milestones.length > 0) {
    sections.push(`#### Milestones\n\n${milestones.map(renderMilestone).join("\n")}`);
  }
  if (proposal.validation.length > 0) {
    const rows = proposal.validation.map((item) => `| ${cell(item.criterion)} | ${cell(item.target)} |`);
    sections.push(`#### Validation criteria\n\n| Criterion | Target |\n| --- | --- |\n${rows.join("\n")}`);
  }
  if (notes.length > 0) sections.push(`#### Notes\n\n${notes.map((note) => `- ${note}`).join("\n")}`);
  const answers = renderAnswers(input.answers);
  if (answers !== undefined) sections.push(answers);
  sections.push(
    `<sub>Proposed by \`${neutralise(input.model)}\` from the issue and the repository's default branch. Comment \`/architect propose\` to plan again after the issue changes. PRs that reference this issue are reviewed against this plan.</sub>`,
  );

  const state: ProposalState = {
    v: 1,
    kind: "proposal",
    requirements: proposal.requirements,
    questions: [],
    numbered: input.previous?.numbered ?? [],
    answers: [...input.answers],
    milestones,
    contracts: input.contracts,
    criteria: proposal.validation.slice(0, maxCriteria).map((item) => ({
      criterion: flat(item.criterion),
      target: flat(item.target),
    })),
  };
  return finish(state, sections, planCheckpoint);
}

/** The offline form: no model, so the decisions are listed with their usual options, not made. */
export function renderSkeleton(analysis: RequirementsAnalysis, context: RenderContext): ProposalComment {
  const sections = [
    "### Backend Architect — design proposal skeleton",
    "No model is configured for this app, so the architect lists the decisions this design needs and their usual options instead of making them.",
    `#### Requirements as understood\n\n${analysis.needs.map(renderNeed).join("\n")}`,
  ];
  const rows = skeletonDecisions.map(
    (decision) =>
      `| ${decision.decision} | ${decision.options.join(" · ")} | ${decidedWith(decision, analysis.needs)} |`,
  );
  sections.push(
    `#### Decisions to make\n\n| Decision | Usual options | Decide with |\n| --- | --- | --- |\n${rows.join("\n")}`,
    [
      "#### What the plan will contain",
      "",
      "- An API sketch (OpenAPI or GraphQL fragment) and the data model as Postgres DDL",
      "- A components diagram and a sequence or ER diagram",
      "- Scaling and failure plan, security, milestones as a task list, and validation criteria with numbers",
    ].join("\n"),
  );
  const answers = renderAnswers(context.answers);
  if (answers !== undefined) sections.push(answers);
  sections.push(
    "<sub>Offline skeleton (deterministic, no model). Decide the rows above in this issue, or configure `ANTHROPIC_API_KEY` for the app and comment `/architect propose`.</sub>",
  );
  const state: ProposalState = {
    v: 1,
    kind: "skeleton",
    requirements: understood(analysis),
    questions: [],
    numbered: context.previous?.numbered ?? [],
    answers: [...context.answers],
    milestones: [],
    contracts: emptyContracts,
    criteria: [],
  };
  return finish(state, sections, undefined);
}

const diagramNames = { components: "Components", sequence: "Main flow", er: "Entities" } as const;

interface SkeletonDecision {
  decision: string;
  options: string[];
  /** The needs whose answers decide it. */
  needs: NeedAssessment["need"][];
}

const skeletonDecisions: readonly SkeletonDecision[] = [
  {
    decision: "API style",
    options: ["REST described in OpenAPI", "GraphQL (SDL)"],
    needs: ["integrations"],
  },
  {
    decision: "Storage",
    options: ["Postgres table(s) with foreign keys", "document store (MongoDB, DynamoDB)"],
    needs: ["data", "scale"],
  },
  {
    decision: "Delivery",
    options: ["synchronous REST call", "queue + worker (SQS, RabbitMQ, Kafka) with retries"],
    needs: ["latency", "failure", "integrations"],
  },
  {
    decision: "Pagination",
    options: ["cursor (keyset) on a unique, indexed sort key", "offset/limit"],
    needs: ["scale"],
  },
  {
    decision: "Caching",
    options: ["none", "read-through cache (Redis) with a TTL", "HTTP caching (ETag, Cache-Control)"],
    needs: ["latency", "consistency"],
  },
  {
    decision: "Consistency",
    options: ["one transaction in the primary database", "eventual, with an outbox and events"],
    needs: ["consistency"],
  },
  {
    decision: "Authentication and authorization",
    options: [
      "session cookie",
      "JWT bearer tokens",
      "OAuth2 client credentials for services",
      "owner checks",
      "RBAC roles",
    ],
    needs: ["auth"],
  },
  {
    decision: "Idempotency of writes",
    options: ["`Idempotency-Key` header", "natural unique key with `ON CONFLICT`"],
    needs: ["failure", "consistency"],
  },
  {
    decision: "Retention",
    options: ["scheduled delete job", "time partitions dropped when expired", "keep forever"],
    needs: ["data"],
  },
];

function decidedWith(decision: SkeletonDecision, needs: readonly NeedAssessment[]): string {
  return decision.needs
    .map((id) => {
      const need = needs.find((candidate) => candidate.need === id);
      if (need === undefined) return undefined;
      if (need.status === "stated" && need.evidence !== undefined)
        return `${need.label}: ${cell(quoteInline(need.evidence, 120), false)}`;
      return `${need.label} (${need.status === "vague" ? "vague" : "not stated"})`;
    })
    .filter((text) => text !== undefined)
    .join("; ");
}

function renderQuestion(question: ProposalHaltQuestion, n: number): string {
  const lines = [`${n}. ${inline(question.question)}`];
  if (question.vagueEvidence !== undefined) {
    lines.push(`   The issue says ${quoteInline(question.vagueEvidence, 200)}, without numbers.`);
  }
  lines.push(`   _Why it blocks:_ ${inline(question.why)}`);
  return lines.join("\n");
}

function renderNeed(need: NeedAssessment): string {
  const source = need.answer === undefined ? "" : ` (answer ${need.answer})`;
  switch (need.status) {
    case "stated":
      return `- **${need.label}** — stated${source}: ${quoteInline(need.evidence ?? "", 200)}`;
    case "vague":
      return `- **${need.label}** — mentioned without numbers${source}: ${quoteInline(need.evidence ?? "", 200)}`;
    case "missing":
      return `- **${need.label}** — not stated`;
  }
}

function renderAnswers(answers: readonly ProposalAnswer[]): string | undefined {
  if (answers.length === 0) return undefined;
  const lines = answers.map(
    (answer) =>
      `- Question ${answer.n}, answered by ${neutralise(`@${answer.by}`)}: ${quoteInline(answer.text)}`,
  );
  return `#### Answers\n\n${lines.join("\n")}`;
}

function understood(analysis: RequirementsAnalysis): string[] {
  return analysis.needs.flatMap((need) =>
    need.status === "stated" && need.evidence !== undefined ? [`${need.label}: ${flat(need.evidence)}`] : [],
  );
}

/** Milestones of the proposal, keeping the progress (done, PRs) recorded for the same id before. */
function planMilestones(proposal: Proposal, previous: ProposalState | undefined): PlanMilestone[] {
  const seen = new Set<string>();
  return proposal.milestones.slice(0, maxMilestones).flatMap((milestone, index) => {
    const id = milestoneId(milestone.id, index);
    if (seen.has(id)) return [];
    seen.add(id);
    const before = previous?.milestones.find((known) => known.id === id);
    return [
      {
        id,
        title: flat(milestone.title),
        deliverables: milestone.deliverables.slice(0, maxDeliverables).map((line) => flat(line)),
        done: before?.done ?? false,
        prs: before?.prs ?? [],
      },
    ];
  });
}

/** Ids are written bold in the task list and matched by `tickMilestones`: letters, digits, `.`, `-`, `_`. */
function milestoneId(raw: string, index: number): string {
  const id = raw.replace(/[^\w.-]/g, "").slice(0, 20);
  return id === "" ? `M${index + 1}` : id;
}

function renderMilestone(milestone: PlanMilestone): string {
  const prs = milestone.prs.length === 0 ? "" : ` (${milestone.prs.map((pr) => `#${pr}`).join(", ")})`;
  const lines = [`- [${milestone.done ? "x" : " "}] **${milestone.id}** ${inline(milestone.title)}${prs}`];
  for (const deliverable of milestone.deliverables) lines.push(`  - ${inline(deliverable)}`);
  return lines.join("\n");
}

function tooLong(what: string, text: string): string {
  return `${what} is ${text.length.toLocaleString("en-US")} characters, over the ${maxFragmentLength.toLocaleString("en-US")} a comment can hold with the rest — left out of this proposal.`;
}

/** Text on one line, neutralised and cut: list items and paragraphs cannot open blocks or ping anyone. */
function inline(text: string): string {
  return neutralise(flat(text, maxProseLength));
}

/** One line, cut at `max` characters (the state keeps shorter lines than the body shows). */
function flat(text: string, max = maxStateLine): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/**
 * The state kept in the marker, bounded so it always fits in the body with room to spare: answers and
 * lines are cut, lists capped. (Contracts come from checked fragments of at most `maxFragmentLength`.)
 */
function bounded(state: ProposalState): ProposalState {
  return {
    ...state,
    requirements: state.requirements.slice(0, maxRequirements).map((line) => flat(line)),
    answers: state.answers
      .slice(-maxStateAnswers)
      .map((answer) => ({ ...answer, text: flat(answer.text, 500) })),
    milestones: state.milestones.slice(0, maxMilestones).map((milestone) => ({
      ...milestone,
      title: flat(milestone.title),
      deliverables: milestone.deliverables.slice(0, maxDeliverables).map((line) => flat(line)),
    })),
  };
}

/** A table cell: one line, pipes escaped. */
function cell(text: string, neutralised = true): string {
  const value = neutralised ? inline(text) : text;
  return value.replace(/\|/g, "\\|");
}

/** A fenced block whose fence is longer than any backtick run in `text`, so the text cannot close it. */
function fence(language: string, text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = "`".repeat(Math.max(3, longest + 1));
  return `${ticks}${language}\n${text.replace(/\s+$/, "")}\n${ticks}`;
}

function finish(
  state: ProposalState,
  sections: readonly string[],
  last: string | undefined,
): ProposalComment {
  const kept = bounded(state);
  return { body: assemble(kept, sections, last), state: kept };
}

/**
 * Marker first, then the sections, then the checkpoint as the last line. A body over GitHub's limit is cut
 * at a section boundary with a note; the marker and the checkpoint always stay.
 */
function assemble(state: ProposalState, sections: readonly string[], last: string | undefined): string {
  const marker = renderProposalMarker(state);
  const tail = last === undefined ? "" : `\n\n${last}`;
  const cutNote = "_…the rest of this proposal was cut to stay under GitHub's size limit._";
  const room = maxBodyLength - marker.length - tail.length - cutNote.length - 10;
  const kept: string[] = [];
  let length = 0;
  for (const section of sections) {
    if (length + section.length + 2 > room) {
      kept.push(cutNote);
      break;
    }
    kept.push(section);
    length += section.length + 2;
  }
  return `${marker}\n${kept.join("\n\n")}${tail}`;
}
