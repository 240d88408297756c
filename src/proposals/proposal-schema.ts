// The structured design proposal the architect agent returns for an issue (the tool input / output format,
// parsed by us). Like review-schema.ts: no length, range or pattern constraints (the API turns them into
// descriptions only, so a valid generation could then fail our own parse); fragments are checked after
// parsing by check-fragments.ts, and the body is bounded when rendered.
import { z } from "zod";

export const proposalOptionSchema = z.object({
  name: z.string().describe("The option in a few words, e.g. `Postgres table + cursor pagination`"),
  tradeoffs: z.string().describe("What it costs and what it gives, in one or two sentences"),
  chosen: z.boolean().describe("True for the one option chosen"),
});

export const apiFragmentSchema = z.object({
  kind: z.enum(["openapi", "graphql"]),
  text: z
    .string()
    .describe(
      "openapi: a self-contained OpenAPI 3 YAML document (or only its `paths:` and `components:`); " +
        "graphql: SDL that declares every type it uses. No Markdown fences.",
    ),
});

export const diagramSchema = z.object({
  kind: z.enum(["components", "sequence", "er"]),
  title: z.string().describe("One line saying what the diagram shows"),
  mermaid: z
    .string()
    .describe(
      "Mermaid source without fences: `flowchart LR` for components, `sequenceDiagram` or `erDiagram`",
    ),
});

export const milestoneSchema = z.object({
  id: z.string().describe("Short stable id: M1, M2, …"),
  title: z.string(),
  deliverables: z
    .array(z.string())
    .describe("Verifiable items naming the contract they deliver: `POST /v1/shares`, `table shares`, …"),
});

export const validationCriterionSchema = z.object({
  criterion: z.string().describe("What is measured, e.g. `p95 latency of POST /v1/shares`"),
  target: z.string().describe("The number to meet, with its unit, e.g. `< 200 ms at 300 req/s`"),
});

export const proposalQuestionSchema = z.object({
  question: z.string().describe("Cannot proceed without …: one thing the author can answer in a sentence"),
  why: z.string().describe("What the design decides with the answer"),
});

export const proposalSchema = z.object({
  requirements: z
    .array(z.string())
    .describe("The requirements as understood, one per item, with their numbers"),
  options: z.array(proposalOptionSchema).describe("Two or three options considered; exactly one chosen"),
  rationale: z.string().describe("Why the chosen option meets the requirements better than the others"),
  apiFragment: apiFragmentSchema.nullable().describe("The API sketch, or null when the design has no API"),
  ddl: z
    .string()
    .nullable()
    .describe("Postgres DDL for the data model (CREATE TABLE, indexes), or null when nothing is stored"),
  diagrams: z
    .array(diagramSchema)
    .describe("A components diagram and one of the main flow (sequence) or of the entities (er)"),
  scaling: z.object({
    caching: z.string(),
    queues: z.string(),
    indexes: z.string(),
    limits: z.string().describe("Payload sizes, page sizes, quotas"),
    retries: z.string().describe("Retries and idempotency"),
  }),
  security: z.object({
    authn: z.string(),
    authz: z.string(),
    validation: z.string().describe("Input validation"),
    rateLimits: z.string(),
  }),
  milestones: z.array(milestoneSchema).describe("Verifiable milestones, in delivery order"),
  validation: z.array(validationCriterionSchema).describe("Validation criteria, each with a number to meet"),
  questions: z
    .array(proposalQuestionSchema)
    .describe("HALT questions: non-empty only when the design cannot be made without the answers"),
});

export type ProposalOption = z.infer<typeof proposalOptionSchema>;
export type ApiFragment = z.infer<typeof apiFragmentSchema>;
export type Diagram = z.infer<typeof diagramSchema>;
export type Milestone = z.infer<typeof milestoneSchema>;
export type ValidationCriterion = z.infer<typeof validationCriterionSchema>;
export type ProposalQuestion = z.infer<typeof proposalQuestionSchema>;
export type Proposal = z.infer<typeof proposalSchema>;

/** The JSON Schema of a proposal: the tool's `input_schema` (or the output format) sent to the model. */
export const proposalJsonSchema = z.toJSONSchema(proposalSchema);
