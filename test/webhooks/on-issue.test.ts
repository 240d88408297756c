// decideProposal is pure: which issue events may ask for a design proposal.
import { describe, expect, it } from "vitest";
import { decideProposal, proposalTriggers } from "../../src/webhooks/on-issue.js";
import { issueLabeledPayload } from "../helpers/payloads.js";

describe("decideProposal", () => {
  it("listens to issues opened and labeled only", () => {
    expect(proposalTriggers).toEqual(["issues.opened", "issues.labeled"]);
  });

  it("turns a labeled open issue into a propose-design job (the job checks which label)", () => {
    expect(decideProposal("d-1", issueLabeledPayload({ number: 12, label: "architecture" }))).toEqual({
      propose: true,
      job: {
        kind: "propose-design",
        deliveryId: "d-1",
        installationId: 1,
        owner: "Codertocat",
        repo: "Hello-World",
        number: 12,
        trigger: "labeled",
      },
    });
  });

  it("ignores closed issues and bots", () => {
    const closed = issueLabeledPayload({ number: 12, label: "architecture" });
    closed.issue.state = "closed";
    expect(decideProposal("d-2", closed)).toEqual({ propose: false, reason: "issue is closed" });
    const bot = issueLabeledPayload({ number: 12, label: "architecture" });
    bot.sender = { ...bot.sender, login: "renovate[bot]", type: "Bot" };
    expect(decideProposal("d-3", bot)).toEqual({ propose: false, reason: "sent by the bot renovate[bot]" });
  });
});
