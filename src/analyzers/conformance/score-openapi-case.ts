// Scores an oasdiff spec pair: the oasdiff check ids our differ detects, before any mapping to rules.
import { compareOpenApi } from "../openapi/analyze-openapi.js";
import { oasdiffIds } from "../openapi/diff-openapi.js";
import { oasdiffChecks } from "../openapi/oasdiff-checks.js";
import type { CaseScore, ReadCaseInput } from "./case-score.js";
import type { OpenApiDiffCase } from "./conformance-case.schema.js";

/**
 * `exact`: the upstream test ran every check through oasdiff's breaking-change report, which keeps ERR and
 * WARN, so our ERR/WARN ids must equal the expected list (as multisets: oa-03 expects one id twice).
 * `includes`: the test enabled one check, so each expected id must be among everything we detected.
 */
export async function scoreOpenApiCase(testCase: OpenApiDiffCase, read: ReadCaseInput): Promise<CaseScore> {
  const { id, kind, match, expected_ids: expected } = testCase;
  const [base, head] = await Promise.all([read(testCase.inputs.base), read(testCase.inputs.revision)]);
  const comparison = await compareOpenApi({ path: testCase.inputs.revision, base, head });
  const detected = oasdiffIds(comparison.changes);
  const expectation = `${match} [${expected.join(", ")}]`;

  let agree: boolean;
  if (comparison.head === undefined) agree = false;
  else if (match === "exact") {
    const breaking = detected.filter((checkId) => oasdiffChecks[checkId].level !== "INFO");
    agree = sameMultiset(breaking, expected);
  } else {
    agree = expected.every((checkId) => (detected as string[]).includes(checkId));
  }
  const score: CaseScore = { id, kind, expectation, agree };
  if (!agree) {
    const problem =
      comparison.notes[0]?.message ?? (comparison.head === undefined ? "not read as a spec" : undefined);
    score.detail = problem ?? `found: ${detected.join(", ") || "nothing"}`;
  }
  return score;
}

function sameMultiset(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join("\n") === [...b].sort().join("\n");
}
