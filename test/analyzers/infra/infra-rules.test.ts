import { describe, expect, it } from "vitest";
import { infraRuleList } from "../../../src/analyzers/infra/infra-rules.js";

describe("infraRules", () => {
  it("covers I1–I13 (I13 split in three) plus three documented additions, with severities and HALT marks", () => {
    expect(infraRuleList.map((rule) => [rule.id, rule.severity, rule.halts])).toEqual([
      ["infra/mutable-image-tag", "major", false],
      ["docker/runs-as-root", "major", false],
      ["docker/secret-in-image", "blocker", false],
      ["docker/add-remote-url", "major", false],
      ["docker/missing-healthcheck", "info", false],
      ["infra/privileged-workload", "blocker", false],
      ["compose/db-port-on-all-interfaces", "major", false],
      ["k8s/run-as-root", "major", false],
      ["k8s/missing-resources", "major", false],
      ["k8s/missing-probes", "info", false],
      ["tf/public-exposure", "blocker", true],
      ["tf/unencrypted-storage", "major", false],
      ["tf/iam-wildcard-or-static-creds", "blocker", false],
      ["tf/stateful-resource-destroy", "blocker", true],
      ["gha/pwn-request", "blocker", true],
      ["gha/script-injection", "blocker", false],
      ["gha/unpinned-action", "major", false],
      ["gha/excessive-permissions", "major", false],
    ]);
  });

  it("gives every rule the infra category, a one-line title, a why and a safe pattern", () => {
    for (const rule of infraRuleList) {
      expect(rule.category).toBe("infra");
      expect(rule.title).toMatch(/^[A-Z`][^\n]+[^.]$/);
      expect(rule.why.length).toBeGreaterThan(80);
      expect(rule.doInstead.length).toBeGreaterThan(40);
    }
    expect(new Set(infraRuleList.map((rule) => rule.id)).size).toBe(infraRuleList.length);
  });
});
