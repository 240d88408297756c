import { describe, expect, it } from "vitest";
import { compareToPlan } from "../../src/proposals/compare-to-plan.js";
import { planQuestions, renderAgainstPlan } from "../../src/proposals/render-plan-check.js";

const plan = {
  milestones: [
    { id: "M1", title: "Storage", deliverables: ["table shares"] },
    { id: "M2", title: "API", deliverables: ["POST /v1/shares", "GET /v1/shares"] },
  ],
  contracts: {
    endpoints: [
      { method: "POST", path: "/v1/shares", fields: [] },
      { method: "GET", path: "/v1/shares", fields: [] },
    ],
    tables: [{ table: "shares", columns: ["id", "user_id"] }],
    types: [],
  },
};

describe("renderAgainstPlan", () => {
  it("names the milestones delivered and counts the deviations; planQuestions asks them", () => {
    const comparison = compareToPlan(plan, {
      endpointsAdded: [{ method: "POST", path: "/v1/shares" }],
      endpointsRemoved: [],
      tablesCreated: [
        { table: "shares", columns: ["id", "user_id"] },
        { table: "share_events", columns: ["id"] },
      ],
      columnsAdded: [],
    });
    expect(renderAgainstPlan(9, comparison)).toBe(
      [
        "#### Against the plan (#9)",
        "",
        "- Delivers **M1** Storage: all its deliverables",
        "- Delivers **M2** API: POST /v1/shares",
        "- 1 deviation from the plan's contracts, asked as questions above.",
      ].join("\n"),
    );
    expect(planQuestions(9, comparison.deviations)).toEqual([
      {
        id: "#9/plan/table-not-in-plan/share_events",
        question:
          "The plan says no table `share_events` (its tables are `shares`); this PR creates table `share_events`. Which is intended?",
        why: "The plan of #9 is the agreed contract: either this PR follows it, or the plan changes (comment `/architect propose` on the issue after updating it).",
      },
    ]);
  });

  it("says so when a PR delivers nothing the plan names and deviates from nothing", () => {
    const empty = { endpointsAdded: [], endpointsRemoved: [], tablesCreated: [], columnsAdded: [] };
    expect(renderAgainstPlan(9, compareToPlan(plan, empty))).toBe(
      "#### Against the plan (#9)\n\n- Delivers no milestone of the plan that its contracts show (endpoints, tables).\n- No deviation from the plan's contracts.",
    );
  });
});
