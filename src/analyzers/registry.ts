// Every analyzer the offline architect runs, in the order their findings are reported, and every rule
// they can report (for configuration checks and docs/rules.md).
import { workflowAnalyzer } from "./actions/workflow-analyzer.js";
import type { Analyzer } from "./analyzer.js";
import { apiSurfaceAnalyzer } from "./api-surface/api-surface-analyzer.js";
import { apiSurfaceRuleList } from "./api-surface/api-surface-rules.js";
import { dockerfileAnalyzer } from "./docker/dockerfile-analyzer.js";
import { graphqlAnalyzer } from "./graphql/graphql-analyzer.js";
import { graphqlRuleList } from "./graphql/graphql-rules.js";
import { infraRuleList } from "./infra/infra-rules.js";
import { manifestAnalyzer } from "./kubernetes/manifest-analyzer.js";
import { openapiAnalyzer } from "./openapi/openapi-analyzer.js";
import { openApiRuleList } from "./openapi/openapi-rules.js";
import { djangoModelAnalyzer } from "./orm/django-model-analyzer.js";
import { ormMigrationAnalyzer } from "./orm/orm-migration-analyzer.js";
import { ormModelAnalyzer } from "./orm/orm-model-analyzer.js";
import { ormRules } from "./orm/orm-rules.js";
import { prismaSchemaAnalyzer } from "./prisma/prisma-schema-analyzer.js";
import type { RuleDefinition } from "./rule.js";
import { secretAnalyzer } from "./secrets/secret-analyzer.js";
import { secretRules } from "./secrets/secret-rules.js";
import { sqlAnalyzer } from "./sql/sql-analyzer.js";
import { sqlRuleList } from "./sql/sql-rules.js";
import { terraformAnalyzer } from "./terraform/terraform-analyzer.js";

export const defaultAnalyzers: readonly Analyzer[] = [
  sqlAnalyzer,
  ormMigrationAnalyzer,
  djangoModelAnalyzer,
  ormModelAnalyzer,
  prismaSchemaAnalyzer,
  openapiAnalyzer,
  apiSurfaceAnalyzer,
  graphqlAnalyzer,
  dockerfileAnalyzer,
  manifestAnalyzer,
  terraformAnalyzer,
  workflowAnalyzer,
  secretAnalyzer,
];

export const allRules: readonly RuleDefinition[] = [
  ...sqlRuleList,
  ...Object.values(ormRules),
  ...openApiRuleList,
  ...apiSurfaceRuleList,
  ...graphqlRuleList,
  ...infraRuleList,
  ...Object.values(secretRules),
];

export const knownRuleIds: ReadonlySet<string> = new Set(allRules.map((rule) => rule.id));
