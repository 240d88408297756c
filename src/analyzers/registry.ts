// Every analyzer the offline architect runs, in the order their findings are reported.
import type { Analyzer } from "./analyzer.js";
import { sqlAnalyzer } from "./sql/sql-analyzer.js";

export const defaultAnalyzers: readonly Analyzer[] = [sqlAnalyzer];
