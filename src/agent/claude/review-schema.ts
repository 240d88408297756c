// The structured answer the architect agent returns (sent as `output_config.format`, parsed by us).
// No length, range or pattern constraints: the API turns them into descriptions only, so a valid generation
// could then fail our own parse. Lengths and counts are clamped in code after parsing.
import { z } from "zod";

export const agentFindingSchema = z.object({
  path: z.string().describe("Repository-relative path of a file shown in <diff>"),
  line: z
    .number()
    .nullable()
    .describe("The number from a [R n] or [L n] tag of that file in <diff>; null for a file-level finding"),
  side: z.enum(["RIGHT", "LEFT"]).describe("RIGHT for a [R n] tag, LEFT for a [L n] tag"),
  severity: z.enum(["blocker", "major", "minor", "info"]),
  category: z
    .enum(["api", "schema", "infra", "other"])
    .describe("API contract, schema/migration, infrastructure, or other backend code"),
  title: z.string().describe("One line naming the problem"),
  message: z.string().describe("What is wrong, the concrete failure it causes here, and what to do instead"),
  suggestion: z.string().nullable().describe("Literal replacement text for the anchored line(s), or null"),
  ruleId: z
    .string()
    .nullable()
    .describe("The analyzer rule id when this is about the same issue, else area/kebab-name, or null"),
});

export const agentQuestionSchema = z.object({
  question: z.string().describe("One thing the author can answer in a sentence"),
  why: z.string().describe("What you will judge with the answer"),
  path: z.string().nullable(),
  line: z.number().nullable().describe("The number from a [R n] or [L n] tag, or null"),
  side: z.enum(["RIGHT", "LEFT"]).nullable(),
});

export const agentAnswerDecisionSchema = z.object({
  question: z.number().describe("The question number from <untrusted_halt_answers>"),
  decision: z
    .enum(["accept", "follow_up", "keep"])
    .describe(
      "accept: the answer settles the question · follow_up: it settles part, ask one narrower question · keep: it does not settle it",
    ),
  reason: z.string().describe("Why, in one or two sentences the author will read"),
  followUp: z.string().nullable().describe("The narrower question for follow_up, else null"),
});

export const agentReviewSchema = z.object({
  verdict: z
    .enum(["halt", "concerns", "clear"])
    .describe(
      "halt: cannot judge without answers · concerns: findings to address · clear: nothing to change",
    ),
  summary: z.string().describe("One line per concern reviewed, with its outcome"),
  findings: z.array(agentFindingSchema),
  questions: z.array(agentQuestionSchema).describe("HALT questions; non-empty only when verdict is halt"),
  answers: z
    .array(agentAnswerDecisionSchema)
    .describe("One decision per answered question in <untrusted_halt_answers>; empty when there are none"),
});

export type AgentFinding = z.infer<typeof agentFindingSchema>;
export type AgentQuestion = z.infer<typeof agentQuestionSchema>;
export type AgentAnswerDecision = z.infer<typeof agentAnswerDecisionSchema>;
export type AgentReview = z.infer<typeof agentReviewSchema>;
