import { describe, expect, it } from "vitest";
import { decideRerun } from "../../src/webhooks/on-check.js";

const sha = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const source = {
  deliveryId: "d-7",
  installationId: 1,
  owner: "Codertocat",
  repo: "Hello-World",
  headSha: sha,
  pullRequests: [{ number: 2, head: { sha } }],
};

describe("decideRerun", () => {
  it("reviews the PR of the re-run head again", () => {
    expect(decideRerun(source)).toEqual({
      jobs: [
        {
          kind: "review-pull-request",
          deliveryId: "d-7",
          installationId: 1,
          owner: "Codertocat",
          repo: "Hello-World",
          number: 2,
          headSha: sha,
          trigger: "rerequested",
        },
      ],
    });
  });

  it("gives each PR of a shared head its own delivery key", () => {
    const decision = decideRerun({
      ...source,
      pullRequests: [
        { number: 2, head: { sha } },
        { number: 3, head: { sha } },
      ],
    });
    expect(decision.jobs.map((job) => job.deliveryId)).toEqual(["d-7#2", "d-7#3"]);
  });

  it("says why nothing runs for a fork's head and for a delivery without an installation", () => {
    expect(decideRerun({ ...source, pullRequests: [] })).toEqual({
      jobs: [],
      reason:
        "GitHub names no pull request for this head (a PR from a fork): push again or comment `/architect review`",
    });
    expect(decideRerun({ ...source, installationId: undefined })).toEqual({
      jobs: [],
      reason: "delivery has no installation",
    });
  });
});
