// Scores a graphql-js SDL pair: the change types the named function returns on our lenient schema build.
import { compareGraphql } from "../graphql/analyze-graphql.js";
import type { CaseScore, ReadCaseInput } from "./case-score.js";
import type { GraphqlSchemaDiffCase } from "./conformance-case.schema.js";

/** `expected_types` is the exact list, order and repetitions included (gq-07 expects none). */
export async function scoreGraphqlCase(
  testCase: GraphqlSchemaDiffCase,
  read: ReadCaseInput,
): Promise<CaseScore> {
  const { id, kind, expected_types: expected } = testCase;
  const [base, head] = await Promise.all([read(testCase.inputs.old), read(testCase.inputs.new)]);
  const comparison = compareGraphql({ path: testCase.inputs.new, base, head });
  const changes = testCase.function === "findBreakingChanges" ? comparison.breaking : comparison.dangerous;
  const types = changes.map((change) => change.type);
  const agree = types.join("\n") === expected.join("\n");
  const expectation = `${testCase.function} → [${summarise(expected)}]`;
  const score: CaseScore = { id, kind, expectation, agree };
  if (!agree) score.detail = comparison.notes[0]?.message ?? `found: [${summarise(types)}]`;
  return score;
}

/** `FIELD_REMOVED, FIELD_CHANGED_KIND ×12` */
function summarise(types: readonly string[]): string {
  const runs: Array<[string, number]> = [];
  for (const type of types) {
    const last = runs.at(-1);
    if (last !== undefined && last[0] === type) last[1]++;
    else runs.push([type, 1]);
  }
  return runs.map(([type, count]) => (count === 1 ? type : `${type} ×${count}`)).join(", ");
}
