// Shape of the conformance corpus' `cases.json` (shared/corpus/analyzers; MANIFEST.md explains the scoring).
import { z } from "zod";

const caseId = z.string().regex(/^[a-z]{2}-\d{2}$/, { error: "must look like `sq-01`" });

/** A squawk SQL snippet: the mapped rule must (not) be among our findings. */
export const sqlMigrationCaseSchema = z.object({
  id: caseId,
  kind: z.literal("sql-migration"),
  /** Path of the `.sql` file, relative to the corpus folder. */
  inputs: z.object({ sql: z.string().min(1) }),
  /** squawk's rule name, e.g. `adding-required-field`; mapped to our id per analyzers.md §6. */
  rule: z.string().min(1),
  expect: z.enum(["fires", "does-not-fire"]),
  /** Everything squawk-cli 2.66.0 emitted on the file at default settings (multi-label scoring). */
  squawk_cli_2_66_0_all_default_rules: z.array(z.string()).optional(),
});

/** An oasdiff spec pair: `exact` = all checks on, the id list is complete; `includes` = the ids must be present. */
export const openApiDiffCaseSchema = z.object({
  id: caseId,
  kind: z.literal("openapi-diff"),
  inputs: z.object({ base: z.string().min(1), revision: z.string().min(1) }),
  expected_ids: z.array(z.string()),
  match: z.enum(["exact", "includes"]),
  oasdiff_level: z.enum(["ERR", "WARN", "INFO"]).optional(),
});

/** A graphql-js SDL pair: `expected_types` is the exact list the named function returns. */
export const graphqlSchemaDiffCaseSchema = z.object({
  id: caseId,
  kind: z.literal("graphql-schema-diff"),
  inputs: z.object({ old: z.string().min(1), new: z.string().min(1) }),
  function: z.enum(["findBreakingChanges", "findDangerousChanges"]),
  expected_types: z.array(z.string()),
});

export const conformanceCaseSchema = z.discriminatedUnion("kind", [
  sqlMigrationCaseSchema,
  openApiDiffCaseSchema,
  graphqlSchemaDiffCaseSchema,
]);

export const conformanceCasesSchema = z.array(conformanceCaseSchema).min(1);

export type ConformanceCase = z.infer<typeof conformanceCaseSchema>;
export type ConformanceKind = ConformanceCase["kind"];
export type SqlMigrationCase = z.infer<typeof sqlMigrationCaseSchema>;
export type OpenApiDiffCase = z.infer<typeof openApiDiffCaseSchema>;
export type GraphqlSchemaDiffCase = z.infer<typeof graphqlSchemaDiffCaseSchema>;

/** Every kind the corpus may hold, in report order. */
export const conformanceKinds: readonly ConformanceKind[] = [
  "sql-migration",
  "openapi-diff",
  "graphql-schema-diff",
];
