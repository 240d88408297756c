// What a migration review returns, whatever the DSL: its DSL issues on the PR's added lines, and the SQL
// strings it passes to the database reviewed as Postgres, in line order.
import type { ChangedFile } from "../../domain/model.js";
import type { AnalysisResult } from "../analyzer.js";
import type { LineIndex } from "../line-index.js";
import { analyzeEmbeddedSql, type SqlArgument, type WrappingTransaction } from "./analyze-embedded-sql.js";
import type { MaskedSource, Range } from "./mask-source.js";
import { honourAssurance, issueFindings, type MigrationIssue } from "./migration-issue.js";

export interface MigrationReview {
  masked: MaskedSource;
  lines: LineIndex;
  issues: readonly MigrationIssue[];
  /** Tables the migration creates (see `IssueContext`). */
  createdTables: ReadonlySet<string>;
  /** Code the author marked as reviewed (Rails `safety_assured`); none elsewhere. */
  assured?: readonly Range[];
  sqlArgs: readonly SqlArgument[];
  /** Set when the framework runs the migration inside one transaction. */
  transaction?: WrappingTransaction;
}

export async function migrationResult(file: ChangedFile, review: MigrationReview): Promise<AnalysisResult> {
  const { lines } = review;
  const assured = review.assured ?? [];
  const findings = issueFindings(review.issues, {
    path: file.path,
    lines,
    addedLines: file.addedLines,
    createdTables: review.createdTables,
    assured,
  });
  const embedded = await analyzeEmbeddedSql(review.masked, file.path, review.sqlArgs, {
    changedLines: file.addedLines,
    ...(review.transaction === undefined ? {} : { transaction: review.transaction }),
  });
  const assuredLines = assured.map((range) => ({
    from: lines.lineOf(range.start),
    to: lines.lineOf(range.end),
  }));
  return {
    findings: [...findings, ...honourAssurance(embedded.findings, assuredLines)].sort(
      (a, b) => (a.line ?? 0) - (b.line ?? 0),
    ),
    notes: embedded.notes,
  };
}
