// Dispatches a conformance case to the scorer registered for its kind.
import { errorMessage } from "../../domain/error-message.js";
import type { CaseScore, ReadCaseInput } from "./case-score.js";
import type { ConformanceCase, ConformanceKind } from "./conformance-case.schema.js";
import { scoreGraphqlCase } from "./score-graphql-case.js";
import { scoreOpenApiCase } from "./score-openapi-case.js";
import { scoreSqlCase } from "./score-sql-case.js";

type CaseOfKind<K extends ConformanceKind> = Extract<ConformanceCase, { kind: K }>;

export type CaseScorers = {
  [K in ConformanceKind]?: (testCase: CaseOfKind<K>, read: ReadCaseInput) => Promise<CaseScore>;
};

/** One scorer per kind. */
export const caseScorers: CaseScorers = {
  "sql-migration": scoreSqlCase,
  "openapi-diff": scoreOpenApiCase,
  "graphql-schema-diff": scoreGraphqlCase,
};

/** Scores `testCase`; undefined when its kind has no scorer yet. A failing scorer is a disagreement. */
export async function scoreConformanceCase(
  testCase: ConformanceCase,
  read: ReadCaseInput,
  scorers: CaseScorers = caseScorers,
): Promise<CaseScore | undefined> {
  try {
    // One arm per kind keeps each scorer's case type exact (no casts).
    switch (testCase.kind) {
      case "sql-migration":
        return await scorers["sql-migration"]?.(testCase, read);
      case "openapi-diff":
        return await scorers["openapi-diff"]?.(testCase, read);
      case "graphql-schema-diff":
        return await scorers["graphql-schema-diff"]?.(testCase, read);
    }
  } catch (error) {
    const reason = errorMessage(error);
    return {
      id: testCase.id,
      kind: testCase.kind,
      expectation: "could not be scored",
      agree: false,
      detail: reason,
    };
  }
}
