import { describe, expect, it } from "vitest";
import {
  type ProposalState,
  parseProposalMarker,
  recordDelivery,
  renderProposalMarker,
  replaceProposalMarker,
  tickMilestones,
} from "../../src/proposals/proposal-state.js";

const state: ProposalState = {
  v: 1,
  kind: "proposal",
  requirements: ["p95 under 200 ms --> for reads <!-- not a comment -->"],
  questions: [],
  numbered: [["req/scale"], ["req/latency"]],
  answers: [{ n: 1, questionIds: ["req/scale"], by: "alice", text: "50k DAU } -->" }],
  milestones: [
    { id: "M1", title: "Storage", deliverables: ["table shares"], done: false, prs: [] },
    { id: "M2", title: "API", deliverables: ["POST /v1/shares"], done: false, prs: [] },
  ],
  contracts: {
    endpoints: [{ method: "POST", path: "/v1/shares", fields: ["post_id"] }],
    tables: [{ table: "shares", columns: ["id", "user_id"] }],
    types: [],
  },
  criteria: [{ criterion: "p95 latency of GET /v1/shares", target: "< 200 ms" }],
};

describe("proposal state marker", () => {
  it("round-trips, also when the text inside holds `-->` or `<!--`", () => {
    const marker = renderProposalMarker(state);
    expect(marker.startsWith("<!-- backend-architect:proposal {")).toBe(true);
    expect(marker.indexOf("-->")).toBe(marker.length - 3);
    expect(parseProposalMarker(`${marker}\n### Backend Architect — design proposal`)).toEqual(state);
  });

  it("reads only a marker on the first line, so one quoted further down cannot pose as the state", () => {
    const body = `### Proposal\n\n\`\`\`sql\n${renderProposalMarker(state)}\n\`\`\``;
    expect(parseProposalMarker(body)).toBeUndefined();
    expect(parseProposalMarker(null)).toBeUndefined();
    expect(parseProposalMarker('<!-- backend-architect:proposal {"v":2} -->')).toBeUndefined();
    expect(parseProposalMarker("<!-- backend-architect:proposal {not json} -->")).toBeUndefined();
  });

  it("replaces the marker in place, or puts one on the first line", () => {
    const next = { ...state, questions: ["req/auth"] };
    const body = `${renderProposalMarker(state)}\nbody`;
    expect(replaceProposalMarker(body, next)).toBe(`${renderProposalMarker(next)}\nbody`);
    expect(replaceProposalMarker("body", next)).toBe(`${renderProposalMarker(next)}\nbody`);
  });
});

describe("milestone progress", () => {
  it("records the PR that delivers a milestone and marks it done when merged", () => {
    const opened = recordDelivery(state, { pr: 12, milestoneIds: ["M1", "M9"], merged: false });
    expect(opened.milestones[0]).toEqual({
      id: "M1",
      title: "Storage",
      deliverables: ["table shares"],
      done: false,
      prs: [12],
    });
    const merged = recordDelivery(opened, { pr: 12, milestoneIds: ["M1"], merged: true });
    expect(merged.milestones.map((milestone) => [milestone.id, milestone.done, milestone.prs])).toEqual([
      ["M1", true, [12]],
      ["M2", false, []],
    ]);
  });

  it("ticks the task list of a rendered body and updates its marker", () => {
    const body = `${renderProposalMarker(state)}\n#### Milestones\n\n- [ ] **M1** Storage\n  - table shares\n- [ ] **M2** API\n\n- [ ] **M1** is mentioned in prose too`;
    const done = recordDelivery(state, { pr: 12, milestoneIds: ["M1"], merged: true });
    const ticked = tickMilestones(body, done);
    expect(ticked).toBe(
      `${renderProposalMarker(done)}\n#### Milestones\n\n- [x] **M1** Storage\n  - table shares\n- [ ] **M2** API\n\n- [x] **M1** is mentioned in prose too`,
    );
    expect(parseProposalMarker(ticked)).toEqual(done);
  });
});
