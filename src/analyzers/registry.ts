// Every analyzer the offline architect runs, in the order their findings are reported, and every rule
// they can report (for configuration checks and docs/rules.md).
import { workflowAnalyzer } from "./actions/workflow-analyzer.js";
import type { Analyzer } from "./analyzer.js";
import { dockerfileAnalyzer } from "./docker/dockerfile-analyzer.js";
import { infraRuleList } from "./infra/infra-rules.js";
import { manifestAnalyzer } from "./kubernetes/manifest-analyzer.js";
import type { RuleDefinition } from "./rule.js";
import { sqlAnalyzer } from "./sql/sql-analyzer.js";
import { sqlRuleList } from "./sql/sql-rules.js";
import { terraformAnalyzer } from "./terraform/terraform-analyzer.js";

export const defaultAnalyzers: readonly Analyzer[] = [
  sqlAnalyzer,
  dockerfileAnalyzer,
  manifestAnalyzer,
  terraformAnalyzer,
  workflowAnalyzer,
];

export const allRules: readonly RuleDefinition[] = [...sqlRuleList, ...infraRuleList];

export const knownRuleIds: ReadonlySet<string> = new Set(allRules.map((rule) => rule.id));
