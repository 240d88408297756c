import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyseRequirements, sentencesOf } from "../../src/proposals/requirements-gap.js";

const detailed = readFileSync(new URL("../fixtures/proposals/detailed-issue.md", import.meta.url), "utf8");

describe("analyseRequirements", () => {
  it("HALTs the seed's vague issue with one question per need that changes the design", () => {
    const analysis = analyseRequirements({
      title: "Social sharing",
      body: "We need an API for our social sharing feature",
      answers: [],
    });
    expect(analysis.halt).toBe(true);
    expect(analysis.questions.map((question) => question.id)).toEqual([
      "req/scale",
      "req/latency",
      "req/consistency",
      "req/data",
      "req/auth",
    ]);
    expect(analysis.questions[0]?.question).toBe(
      "Cannot proceed without the expected scale. How many users (daily active), how many requests per second at peak (reads and writes separately), how much data, and how fast it grows? For example: 50,000 daily active users; 300 reads/s and 30 writes/s at peak; 20 GB today, growing 2 GB a month.",
    );
    expect(analysis.needs.map((need) => [need.need, need.status])).toEqual([
      ["scale", "missing"],
      ["latency", "missing"],
      ["consistency", "missing"],
      ["data", "missing"],
      ["auth", "missing"],
      ["integrations", "missing"],
      ["failure", "missing"],
      ["success", "missing"],
    ]);
  });

  it("does not HALT an issue that gives the numbers, and quotes the sentence that states each need", () => {
    const analysis = analyseRequirements({ title: "Social sharing API", body: detailed, answers: [] });
    expect(analysis.halt).toBe(false);
    expect(analysis.questions).toEqual([]);
    expect(
      Object.fromEntries(analysis.needs.map((need) => [need.need, [need.status, need.evidence]])),
    ).toEqual({
      scale: ["stated", "50,000 daily active users today, growing 10% per month."],
      latency: ["stated", "p95 under 200 ms for reading a user's shares; 99.9% monthly availability."],
      consistency: [
        "stated",
        "A user sees their own share immediately; followers see it within 5 seconds (eventual consistency is fine).",
      ],
      data: ["stated", "Shares are kept 2 years, then deleted."],
      auth: [
        "stated",
        "Users authenticate with the existing session cookie; only the owner may delete a share.",
      ],
      integrations: [
        "stated",
        "We need an API for our social sharing feature: users share a post to Facebook, X and LinkedIn from the app.",
      ],
      failure: ["stated", "Retry each channel 3 times with exponential backoff, then a dead-letter queue."],
      success: ["stated", "Success is 95% of shares delivered within 10 seconds."],
    });
  });

  it("calls a need vague when it is mentioned without numbers, and keeps the sentence for the question", () => {
    const analysis = analyseRequirements({
      title: "Sharing API",
      body: "It must be fast and scale to many users. Only logged-in people can share.",
      answers: [],
    });
    const scale = analysis.needs.find((need) => need.need === "scale");
    expect(scale).toEqual({
      need: "scale",
      label: "Users and scale",
      blocking: true,
      status: "vague",
      evidence: "It must be fast and scale to many users.",
    });
    expect(analysis.questions.find((question) => question.id === "req/latency")?.vagueEvidence).toBe(
      "It must be fast and scale to many users.",
    );
    expect(analysis.needs.find((need) => need.need === "auth")?.status).toBe("vague");
  });

  it("takes an answer to a requirement question as stating that need, with the answer as evidence", () => {
    const analysis = analyseRequirements({
      title: "Social sharing",
      body: "We need an API for our social sharing feature",
      answers: [
        { n: 1, questionIds: ["req/scale"], by: "alice", text: "About a thousand people, mostly reading." },
        {
          n: 5,
          questionIds: ["req/auth"],
          by: "alice",
          text: "Session cookie. Shares are kept 1 year.",
        },
      ],
    });
    expect(analysis.needs.find((need) => need.need === "scale")).toMatchObject({
      status: "stated",
      evidence: "About a thousand people, mostly reading.",
      answer: 1,
    });
    // An answer also counts for the other needs it happens to state.
    expect(analysis.needs.find((need) => need.need === "data")).toMatchObject({
      status: "stated",
      evidence: "Shares are kept 1 year.",
      answer: 5,
    });
    expect(analysis.questions.map((question) => question.id)).toEqual(["req/latency", "req/consistency"]);
  });

  it("counts nothing a reader cannot see, and no access rule in a sentence about scope", () => {
    const analysis = analyseRequirements({
      title: "Sharing",
      body: "<!-- 1,000,000 users, p95 under 100 ms -->\nThe scope of this feature must stay small.",
      answers: [],
    });
    expect(analysis.needs.filter((need) => need.status !== "missing")).toEqual([]);
  });
});

describe("sentencesOf", () => {
  it("splits lines and sentences but not decimals, and drops list and heading marks", () => {
    expect(sentencesOf("## Targets\n- 99.9% uptime. p95 under 2.5 s!\n1. Next")).toEqual([
      "Targets",
      "99.9% uptime.",
      "p95 under 2.5 s!",
      "Next",
    ]);
  });
});
