import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatCaseScore } from "../../../src/analyzers/conformance/case-score.js";
import {
  conformanceCasesSchema,
  type GraphqlSchemaDiffCase,
} from "../../../src/analyzers/conformance/conformance-case.schema.js";
import { scoreConformanceCase } from "../../../src/analyzers/conformance/score-conformance-case.js";
import { scoreGraphqlCase } from "../../../src/analyzers/conformance/score-graphql-case.js";

const fixtures = fileURLToPath(new URL("../../fixtures/graphql/", import.meta.url));
const readFixture = (relativePath: string) => readFile(resolve(fixtures, relativePath), "utf8");

const graphqlCase = (overrides: Partial<GraphqlSchemaDiffCase>): GraphqlSchemaDiffCase => ({
  id: "gq-99",
  kind: "graphql-schema-diff",
  inputs: { old: "shop.base.graphql", new: "shop.breaking.graphql" },
  function: "findBreakingChanges",
  expected_types: [],
  ...overrides,
});

describe("scoreGraphqlCase", () => {
  it("compares the exact list of change types, in graphql-js order, and prints runs compactly", async () => {
    const score = await scoreGraphqlCase(
      graphqlCase({
        expected_types: [
          "REQUIRED_ARG_ADDED",
          "FIELD_REMOVED",
          "FIELD_REMOVED",
          "FIELD_CHANGED_KIND",
          "TYPE_REMOVED_FROM_UNION",
          "VALUE_REMOVED_FROM_ENUM",
          "REQUIRED_INPUT_FIELD_ADDED",
        ],
      }),
      readFixture,
    );
    expect(formatCaseScore(score)).toBe(
      "gq-99 graphql-schema-diff findBreakingChanges → [REQUIRED_ARG_ADDED, FIELD_REMOVED ×2, FIELD_CHANGED_KIND, TYPE_REMOVED_FROM_UNION, VALUE_REMOVED_FROM_ENUM, REQUIRED_INPUT_FIELD_ADDED] ✓",
    );
  });

  it("scores findDangerousChanges on its own, and disagrees with what it found", async () => {
    const score = await scoreGraphqlCase(
      graphqlCase({
        inputs: { old: "shop.base.graphql", new: "shop.compatible.graphql" },
        function: "findDangerousChanges",
        expected_types: ["VALUE_ADDED_TO_ENUM"],
      }),
      readFixture,
    );
    expect(score.agree).toBe(false);
    expect(score.detail).toBe(
      "found: [OPTIONAL_ARG_ADDED, ARG_DEFAULT_VALUE_CHANGE, TYPE_ADDED_TO_UNION, VALUE_ADDED_TO_ENUM, OPTIONAL_INPUT_FIELD_ADDED]",
    );
  });
});

// CI places shared/ beside the clone, so the corpus sits at ../shared/corpus/analyzers from the repo root.
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const corpus = resolve(repoRoot, "../shared/corpus/analyzers");

describe.skipIf(!existsSync(corpus))("the shared conformance corpus", () => {
  it("agrees with graphql-js on all 8 GraphQL cases", async () => {
    const cases = conformanceCasesSchema.parse(
      JSON.parse(readFileSync(resolve(corpus, "cases.json"), "utf8")),
    );
    const graphqlCases = cases.filter((testCase) => testCase.kind === "graphql-schema-diff");
    const read = (relativePath: string) => readFile(resolve(corpus, relativePath), "utf8");
    const scores = await Promise.all(graphqlCases.map((testCase) => scoreConformanceCase(testCase, read)));
    expect(graphqlCases).toHaveLength(8);
    expect(scores.filter((score) => !score?.agree).map((score) => score && formatCaseScore(score))).toEqual(
      [],
    );
  });
});
