import { describe, expect, it } from "vitest";
import { proposalJsonSchema, proposalSchema } from "../../src/proposals/proposal-schema.js";
import { sampleProposal } from "./sample-proposal.js";

describe("proposalSchema", () => {
  it("accepts a complete proposal and rejects one without milestones", () => {
    expect(proposalSchema.parse(sampleProposal)).toEqual(sampleProposal);
    const { milestones: _, ...partial } = sampleProposal;
    expect(proposalSchema.safeParse(partial).success).toBe(false);
  });

  it("gives the model a JSON Schema with every section required", () => {
    expect(proposalJsonSchema.type).toBe("object");
    expect(proposalJsonSchema.required).toEqual([
      "requirements",
      "options",
      "rationale",
      "apiFragment",
      "ddl",
      "diagrams",
      "scaling",
      "security",
      "milestones",
      "validation",
      "questions",
    ]);
  });
});
