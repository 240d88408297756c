// Validates a repository's merged configuration. Errors are values shown on the PR; defaults then apply.
import type { z } from "zod";
import { defaultRepoConfig, RepoConfig } from "./repo-config.schema.js";

export interface ParsedRepoConfig {
  config: RepoConfig;
  /** One line each, naming the field: shown in the review's notes. */
  problems: string[];
}

export const repoConfigPath = ".github/backend-architect.yml";

export function parseRepoConfig(raw: unknown, knownRuleIds: ReadonlySet<string>): ParsedRepoConfig {
  if (raw === null || raw === undefined) return { config: defaultRepoConfig, problems: [] };
  const parsed = RepoConfig.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `\`${repoConfigPath}\`: ${describeIssue(issue)}; defaults apply.`,
    );
    return { config: defaultRepoConfig, problems };
  }
  const problems = Object.keys(parsed.data.rules)
    .filter((ruleId) => !knownRuleIds.has(ruleId))
    .map((ruleId) => `\`${repoConfigPath}\`: unknown rule id \`${ruleId}\` (see docs/rules.md); ignored.`);
  return { config: parsed.data, problems };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.length > 0 ? `\`${issue.path.map(String).join(".")}\`` : "the file";
  if (issue.code === "invalid_key") {
    const inner = issue.issues[0]?.message ?? issue.message;
    return `key ${field}: ${inner}`;
  }
  if (issue.code === "invalid_type" && issue.path.length === 0)
    return "the file must be a YAML mapping of settings";
  if (issue.code === "unrecognized_keys")
    return `${field} has unknown field${issue.keys.length === 1 ? "" : "s"} ${issue.keys.map((key) => `\`${key}\``).join(", ")}`;
  return `${field} ${issue.message.replace(/^Invalid input: /, "")}`;
}
