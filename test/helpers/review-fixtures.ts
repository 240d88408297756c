// The review-rendering tests' common case: a migration that builds two indexes without CONCURRENTLY, a
// finding on its first added line, and an offline outcome to put findings and questions in.
import { toChangedFile } from "../../src/diff/to-changed-file.js";
import type { Finding, ReviewOutcome } from "../../src/domain/model.js";

/** `db/001.sql`, lines 11–12 added: `CREATE INDEX b ON t (c);` and `CREATE INDEX d ON t (e);`. */
export const indexMigration = toChangedFile({
  path: "db/001.sql",
  status: "modified",
  additions: 2,
  deletions: 1,
  patch:
    "@@ -10,3 +10,4 @@\n SELECT 1;\n-DROP INDEX a;\n+CREATE INDEX b ON t (c);\n+CREATE INDEX d ON t (e);\n SELECT 2;",
});

/** A blocker `db/index-not-concurrent` on `db/001.sql:11`. */
export function indexFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    fingerprint: "fp",
    ruleId: "db/index-not-concurrent",
    source: "analyzer",
    severity: "blocker",
    category: "schema",
    path: "db/001.sql",
    line: 11,
    side: "RIGHT",
    title: "Index built without CONCURRENTLY",
    message: "Blocks writes while it builds.",
    ...overrides,
  };
}

/** An offline `concerns` outcome with nothing in it. */
export function offlineOutcome(overrides: Partial<ReviewOutcome> = {}): ReviewOutcome {
  return {
    verdict: "concerns",
    summary: "1 finding in 1 schema/migration file.",
    findings: [],
    questions: [],
    omitted: [],
    notes: [],
    model: "offline",
    ...overrides,
  };
}
