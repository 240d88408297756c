import { describe, expect, it } from "vitest";
import { offlineArchitect } from "../../src/agent/offline-architect.js";
import type { Finding, PullRequestSnapshot } from "../../src/domain/model.js";

const pr: PullRequestSnapshot = {
  owner: "acme",
  repo: "shop",
  number: 3,
  title: "Tidy settings",
  body: "",
  author: "octocat",
  baseSha: "b".repeat(40),
  headSha: "a".repeat(40),
  changedFilesCount: 1,
};

function drop(column: string, path = "db/007.sql"): Finding {
  return {
    fingerprint: `fp-${column}`,
    ruleId: "db/drop-column",
    source: "analyzer",
    severity: "blocker",
    category: "schema",
    path,
    line: 4,
    side: "RIGHT",
    title: "Column dropped",
    message: `Drops column \`settings.${column}\`: the data is gone for good.`,
    subject: `settings.${column}`,
    haltQuestion: `This migration drops \`settings.${column}\`. Has every deployed version stopped reading and writing it?`,
  };
}

const input = (findings: Finding[]) => ({ pr, files: [], findings, omitted: [], notes: [], unchecked: [] });

describe("offlineArchitect", () => {
  it("asks the same question about several subjects of one file once, naming the others", () => {
    const outcome = offlineArchitect(input([drop("a"), drop("b"), drop("c"), drop("d", "db/008.sql")]));
    expect(outcome.verdict).toBe("halt");
    expect(outcome.questions.map(({ id, question, alsoAsks }) => ({ id, question, alsoAsks }))).toEqual([
      {
        id: "fp-a",
        question:
          "This migration drops `settings.a`. Has every deployed version stopped reading and writing it? The same question applies to `settings.b` and `settings.c`.",
        alsoAsks: ["fp-b", "fp-c"],
      },
      {
        id: "fp-d",
        question:
          "This migration drops `settings.d`. Has every deployed version stopped reading and writing it?",
        alsoAsks: undefined,
      },
    ]);
    expect(outcome.summary).toBe(
      "Cannot proceed without answers to 2 questions about the changed files: the change is irreversible or breaks a contract, and the PR does not say it is intended.",
    );
  });

  it("gives the finding's reason when the question does not already say it", () => {
    const [question] = offlineArchitect(input([drop("a")])).questions;
    expect(question?.why).toBe("Drops column `settings.a`: the data is gone for good.");
  });

  it("reports instead of asking when the description states the intent", () => {
    const outcome = offlineArchitect({
      ...input([drop("a")]),
      pr: { ...pr, body: "Drop settings.a: unused since v3." },
    });
    expect(outcome.verdict).toBe("concerns");
    expect(outcome.questions).toEqual([]);
    expect(outcome.findings.map((finding) => finding.ruleId)).toEqual(["db/drop-column"]);
  });

  it("is clear, and says so, when nothing was found", () => {
    const outcome = offlineArchitect(input([]));
    expect(outcome).toMatchObject({
      verdict: "clear",
      summary: "No issues found in the changed files.",
      model: "offline",
    });
  });
});
