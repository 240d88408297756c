// Every analyzer the offline architect runs, in the order their findings are reported, and every rule
// they can report (for configuration checks and docs/rules.md).
import type { Analyzer } from "./analyzer.js";
import type { RuleDefinition } from "./rule.js";
import { sqlAnalyzer } from "./sql/sql-analyzer.js";
import { sqlRuleList } from "./sql/sql-rules.js";

export const defaultAnalyzers: readonly Analyzer[] = [sqlAnalyzer];

export const allRules: readonly RuleDefinition[] = [...sqlRuleList];

export const knownRuleIds: ReadonlySet<string> = new Set(allRules.map((rule) => rule.id));
