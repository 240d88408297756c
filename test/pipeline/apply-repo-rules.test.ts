import { describe, expect, it } from "vitest";
import { toChangedFile } from "../../src/diff/to-changed-file.js";
import type { Finding } from "../../src/domain/model.js";
import { applyRuleSettings, silenceMarkedFindings } from "../../src/pipeline/apply-repo-rules.js";

function finding(ruleId: string, line: number, severity: Finding["severity"] = "blocker"): Finding {
  return {
    fingerprint: `${ruleId}:${line}`,
    ruleId,
    source: "analyzer",
    severity,
    category: "schema",
    path: "db/001.sql",
    line,
    side: "RIGHT",
    title: "t",
    message: "m",
  };
}

describe("applyRuleSettings", () => {
  it("drops rules turned off and applies severity overrides", () => {
    const findings = [
      finding("db/missing-lock-timeout", 1, "info"),
      finding("db/index-not-concurrent", 2),
      finding("db/type-hygiene", 3, "info"),
      finding("db/drop-not-null", 4, "major"),
    ];
    const kept = applyRuleSettings(findings, {
      "db/missing-lock-timeout": "off",
      "db/type-hygiene": { enabled: false },
      "db/index-not-concurrent": "minor",
      "db/drop-not-null": { severity: "blocker" },
    });
    expect(kept.map((f) => `${f.ruleId}:${f.severity}`)).toEqual([
      "db/index-not-concurrent:minor",
      "db/drop-not-null:blocker",
    ]);
  });
});

describe("silenceMarkedFindings", () => {
  const sql = [
    "-- architect-ignore: db/index-not-concurrent table has 40 rows, built in CI",
    "CREATE INDEX a ON t (c);",
    "CREATE INDEX b ON t (d); -- architect-ignore: db/drop-column wrong rule",
    "CREATE INDEX c ON t (e); /* architect-ignore: db/index-not-concurrent */",
  ].join("\n");
  const file = toChangedFile({
    path: "db/001.sql",
    status: "added",
    additions: 4,
    deletions: 0,
    patch: `@@ -0,0 +1,4 @@\n${sql
      .split("\n")
      .map((line) => `+${line}`)
      .join("\n")}`,
  });

  it("silences a finding marked on its line or the line above, for that rule only, and keeps the reason", () => {
    const findings = [
      finding("db/index-not-concurrent", 2),
      finding("db/index-not-concurrent", 3),
      finding("db/index-not-concurrent", 4),
    ];
    const { kept, silenced } = silenceMarkedFindings(findings, new Map([[file.path, file]]));
    expect(kept.map((f) => f.line)).toEqual([3]);
    expect(silenced.map(({ finding: f, reason }) => [f.line, reason])).toEqual([
      [2, "table has 40 rows, built in CI"],
      [4, "no reason given"],
    ]);
  });

  it("reads markers from the head content when it is loaded", () => {
    const withContent = { ...file, hunks: [], headContent: sql };
    const { silenced } = silenceMarkedFindings(
      [finding("db/index-not-concurrent", 2)],
      new Map([[file.path, withContent]]),
    );
    expect(silenced).toHaveLength(1);
  });
});
