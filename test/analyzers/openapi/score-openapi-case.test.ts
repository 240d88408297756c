import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatCaseScore } from "../../../src/analyzers/conformance/case-score.js";
import {
  conformanceCasesSchema,
  type OpenApiDiffCase,
} from "../../../src/analyzers/conformance/conformance-case.schema.js";
import { scoreConformanceCase } from "../../../src/analyzers/conformance/score-conformance-case.js";
import { scoreOpenApiCase } from "../../../src/analyzers/conformance/score-openapi-case.js";

const fixtures = fileURLToPath(new URL("../../fixtures/openapi/", import.meta.url));
const readFixture = (relativePath: string) => readFile(resolve(fixtures, relativePath), "utf8");

const openApiCase = (overrides: Partial<OpenApiDiffCase>): OpenApiDiffCase => ({
  id: "oa-99",
  kind: "openapi-diff",
  inputs: { base: "sunset.base.yaml", revision: "sunset.head.yaml" },
  expected_ids: [],
  match: "exact",
  ...overrides,
});

describe("scoreOpenApiCase", () => {
  it("compares ERR and WARN ids as a multiset for `exact` cases, leaving INFO out", async () => {
    // The fixture removes three deprecated operations: one before its sunset (ERR), two sanctioned (INFO).
    const score = await scoreOpenApiCase(
      openApiCase({ expected_ids: ["api-path-removed-before-sunset"] }),
      readFixture,
    );
    expect(formatCaseScore(score)).toBe("oa-99 openapi-diff exact [api-path-removed-before-sunset] ✓");
  });

  it("disagrees on an `exact` case when an extra breaking id is detected, and says what it found", async () => {
    const score = await scoreOpenApiCase(
      openApiCase({
        inputs: { base: "users.base.yaml", revision: "users.breaking.yaml" },
        expected_ids: ["api-path-removed-without-deprecation"],
      }),
      readFixture,
    );
    expect(score.agree).toBe(false);
    expect(score.detail).toMatch(/^found: request-parameter-became-required, /);
  });

  it("only needs the expected ids among its detections for `includes` cases", async () => {
    const score = await scoreOpenApiCase(
      openApiCase({
        inputs: { base: "users.base.yaml", revision: "users.breaking.yaml" },
        expected_ids: ["response-property-type-changed", "api-security-removed"],
        match: "includes",
      }),
      readFixture,
    );
    expect(score.agree).toBe(true);
  });

  it("disagrees when the revision is not a spec it can read", async () => {
    const score = await scoreOpenApiCase(
      openApiCase({ inputs: { base: "users.base.yaml", revision: "invalid.yaml" } }),
      readFixture,
    );
    expect(score.agree).toBe(false);
    expect(score.detail).toMatch(/not valid YAML\/JSON/);
  });
});

// CI places shared/ beside the clone, so the corpus sits at ../shared/corpus/analyzers from the repo root.
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const corpus = resolve(repoRoot, "../shared/corpus/analyzers");

describe.skipIf(!existsSync(corpus))("the shared conformance corpus", () => {
  it("agrees with oasdiff on all 14 OpenAPI cases", async () => {
    const cases = conformanceCasesSchema.parse(
      JSON.parse(readFileSync(resolve(corpus, "cases.json"), "utf8")),
    );
    const openApiCases = cases.filter((testCase) => testCase.kind === "openapi-diff");
    const read = (relativePath: string) => readFile(resolve(corpus, relativePath), "utf8");
    const scores = await Promise.all(openApiCases.map((testCase) => scoreConformanceCase(testCase, read)));
    expect(openApiCases).toHaveLength(14);
    expect(scores.filter((score) => !score?.agree).map((score) => score && formatCaseScore(score))).toEqual(
      [],
    );
  });
});
