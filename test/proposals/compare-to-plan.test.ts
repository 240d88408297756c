import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/proposals/compare-to-plan.js";
import { compareToPlan, type PrContracts } from "../../src/proposals/compare-to-plan.js";

const plan: Plan = {
  milestones: [
    { id: "M1", title: "Storage", deliverables: ["table shares"] },
    { id: "M2", title: "API", deliverables: ["`POST /v1/shares`", "`GET /v1/shares/{id}`"] },
  ],
  contracts: {
    endpoints: [
      { method: "POST", path: "/v1/shares", fields: ["post_id", "channel"] },
      { method: "GET", path: "/v1/shares/{id}", fields: ["id"] },
    ],
    tables: [{ table: "shares", columns: ["id", "user_id", "post_id", "channel", "created_at"] }],
    types: [],
  },
};

const none: PrContracts = { endpointsAdded: [], endpointsRemoved: [], tablesCreated: [], columnsAdded: [] };

describe("compareToPlan", () => {
  it("finds no deviation in a PR that creates the planned table, and says which milestone it delivers", () => {
    const result = compareToPlan(plan, {
      ...none,
      tablesCreated: [
        { table: "public.shares", columns: ["id", "user_id", "post_id", "channel", "created_at"] },
      ],
    });
    expect(result).toEqual({
      delivered: [{ id: "M1", title: "Storage", matched: ["table shares"], complete: true }],
      deviations: [],
    });
  });

  it("asks about a migration that adds a table the plan does not have", () => {
    const result = compareToPlan(plan, {
      ...none,
      tablesCreated: [{ table: "share_events", columns: ["id"] }],
    });
    expect(result.deviations).toEqual([
      {
        kind: "table-not-in-plan",
        id: "plan/table-not-in-plan/share_events",
        plan: "no table `share_events` (its tables are `shares`)",
        pr: "creates table `share_events`",
        question:
          "The plan says no table `share_events` (its tables are `shares`); this PR creates table `share_events`. Which is intended?",
      },
    ]);
    expect(result.delivered).toEqual([]);
  });

  it("asks about a created table that misses columns the plan has", () => {
    const result = compareToPlan(plan, {
      ...none,
      tablesCreated: [{ table: "shares", columns: ["id", "user_id", "post_id"] }],
    });
    expect(result.deviations).toEqual([
      {
        kind: "missing-columns",
        id: "plan/missing-columns/shares",
        plan: "table `shares` has columns `channel`, `created_at`",
        pr: "creates `shares` without them",
        question:
          "The plan says table `shares` has columns `channel`, `created_at`; this PR creates `shares` without them. Which is intended?",
      },
    ]);
  });

  it("asks about columns and endpoints the plan does not have, and a planned endpoint removed", () => {
    const result = compareToPlan(plan, {
      endpointsAdded: [
        { method: "post", path: "/v1/shares/" },
        { method: "GET", path: "/v1/shares/:shareId" },
        { method: "DELETE", path: "/v1/shares/:id" },
      ],
      endpointsRemoved: [{ method: "GET", path: "/v1/shares/{id}" }],
      tablesCreated: [],
      columnsAdded: [
        { table: "shares", column: "status" },
        { table: "shares", column: "channel" },
        { table: "users", column: "share_count" },
      ],
    });
    expect(result.deviations.map((deviation) => deviation.question)).toEqual([
      "The plan says no such endpoint; this PR adds `DELETE /v1/shares/:id`. Which is intended?",
      "The plan says `GET /v1/shares/{id}` is part of the API; this PR removes `GET /v1/shares/{id}`. Which is intended?",
      "The plan says table `shares` has no column `status`; this PR adds `shares.status`. Which is intended?",
    ]);
    expect(result.delivered).toEqual([
      { id: "M1", title: "Storage", matched: ["table shares"], complete: true },
      {
        id: "M2",
        title: "API",
        matched: ["`POST /v1/shares`", "`GET /v1/shares/{id}`"],
        complete: true,
      },
    ]);
  });
});
