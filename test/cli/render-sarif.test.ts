// renderSarif on outcomes the temporary repository does not produce: removed lines, file-level findings, the
// model's own rule ids and questions, acknowledged findings. Every log must validate against SARIF 2.1.0.
import { describe, expect, it } from "vitest";
import { allRules } from "../../src/analyzers/registry.js";
import { renderSarif } from "../../src/cli/render-sarif.js";
import type { Finding, ReviewOutcome } from "../../src/domain/model.js";
import { sarifErrors } from "./sarif-validator.js";

function finding(overrides: Partial<Finding>): Finding {
  return {
    fingerprint: "0123456789abcdef",
    ruleId: "api/endpoint-removed",
    source: "analyzer",
    severity: "blocker",
    category: "api",
    path: "openapi.yaml",
    side: "RIGHT",
    title: "API operation removed",
    message: "GET /users is gone.",
    ...overrides,
  };
}

function outcome(overrides: Partial<ReviewOutcome>): ReviewOutcome {
  return {
    verdict: "concerns",
    summary: "",
    findings: [],
    questions: [],
    omitted: [],
    notes: [],
    model: "claude-sonnet-5-5",
    ...overrides,
  };
}

describe("renderSarif", () => {
  it("places removed lines and file-level findings on line 1 and names the line before the change", () => {
    const log = renderSarif(
      outcome({
        findings: [
          finding({ side: "LEFT", line: 42, endLine: 44 }),
          finding({
            fingerprint: "fedcba9876543210",
            ruleId: "k8s/missing-probes",
            severity: "info",
            category: "infra",
            path: "deploy/app #1.yaml",
            title: "Container has no readiness probe",
            message: "Add one.",
          }),
        ],
      }),
      allRules,
    );
    expect(sarifErrors(log)).toEqual([]);
    expect(log.runs[0].results).toEqual([
      {
        ruleId: "api/endpoint-removed",
        ruleIndex: allRules.findIndex((rule) => rule.id === "api/endpoint-removed"),
        level: "error",
        message: { text: "API operation removed (line 42 before the change): GET /users is gone." },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: "openapi.yaml", uriBaseId: "%SRCROOT%" },
              region: { startLine: 1, endLine: 1 },
            },
          },
        ],
        partialFingerprints: { "backendArchitect/v1": "0123456789abcdef" },
        properties: { severity: "blocker" },
      },
      {
        ruleId: "k8s/missing-probes",
        ruleIndex: allRules.findIndex((rule) => rule.id === "k8s/missing-probes"),
        level: "note",
        message: { text: "Container has no readiness probe: Add one." },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: "deploy/app%20%231.yaml", uriBaseId: "%SRCROOT%" },
              region: { startLine: 1, endLine: 1 },
            },
          },
        ],
        partialFingerprints: { "backendArchitect/v1": "fedcba9876543210" },
        properties: { severity: "info" },
      },
    ]);
  });

  it("gives the model's own rule ids a descriptor, and its questions without a rule `architect/halt`", () => {
    const log = renderSarif(
      outcome({
        verdict: "halt",
        questions: [
          { id: "q-1", question: "Who consumes this topic?", why: "Removing it breaks them." },
          {
            id: "q-2",
            ruleId: "db/drop-table",
            question: "Is `orders` backed up?",
            why: "The data is gone.",
            path: "db/m.sql",
            line: 3,
            side: "RIGHT",
          },
        ],
        findings: [
          finding({
            source: "agent",
            ruleId: "architect/api",
            severity: "minor",
            title: "Unbounded page size",
            message: "Cap `limit`.",
            line: 7,
            acknowledged: "answered by @dev (question 1)",
          }),
        ],
      }),
      allRules,
    );
    expect(sarifErrors(log)).toEqual([]);
    const [run] = log.runs;
    const rules = run.tool.driver.rules;
    expect(
      rules.slice(allRules.length).map((rule) => [rule.id, rule.shortDescription.text, rule.helpUri]),
    ).toEqual([
      ["architect/halt", "The architect cannot judge this change without the author's answer", undefined],
      ["architect/api", "Unbounded page size", undefined],
    ]);
    expect(
      run.results.map((result) => [
        result.ruleId,
        rules[result.ruleIndex]?.id,
        result.level,
        result.message.text,
        result.locations?.[0]?.physicalLocation.region,
        result.properties,
      ]),
    ).toEqual([
      [
        "architect/halt",
        "architect/halt",
        "error",
        "HALT: Who consumes this topic? Why it blocks: Removing it breaks them.",
        undefined,
        { halt: true },
      ],
      [
        "db/drop-table",
        "db/drop-table",
        "error",
        "HALT: Is `orders` backed up? Why it blocks: The data is gone.",
        { startLine: 3, endLine: 3 },
        { halt: true },
      ],
      [
        "architect/api",
        "architect/api",
        "warning",
        "Unbounded page size: Cap `limit`. Confirmed as intended: answered by @dev (question 1).",
        { startLine: 7, endLine: 7 },
        { severity: "minor", acknowledged: "answered by @dev (question 1)" },
      ],
    ]);
    expect(run.results[0]?.locations).toBeUndefined();
    expect(run.properties).toEqual({ verdict: "halt", model: "claude-sonnet-5-5" });
  });

  it("describes every catalogue rule with its title, why, what to do instead and severity", () => {
    const log = renderSarif(outcome({}), allRules);
    expect(sarifErrors(log)).toEqual([]);
    const dropColumn = log.runs[0].tool.driver.rules.find((rule) => rule.id === "db/drop-column");
    const definition = allRules.find((rule) => rule.id === "db/drop-column");
    expect(dropColumn).toEqual({
      id: "db/drop-column",
      shortDescription: { text: "Column dropped" },
      fullDescription: { text: definition?.why },
      help: { text: definition?.doInstead },
      helpUri: "https://github.com/backend-architect/backend-architect/blob/main/docs/rules.md#dbdrop-column",
      defaultConfiguration: { level: "error" },
      properties: { category: "schema", severity: "blocker", halts: true, tags: ["schema", "halt"] },
    });
    expect(log.runs[0].results).toEqual([]);
  });
});
