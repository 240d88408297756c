// The SQL analyzer family: reviews `.sql` migrations (Flyway, golang-migrate, dbmate, Prisma's migration.sql…).
import type { FileStatus } from "../../domain/model.js";
import type { Analyzer } from "../analyzer.js";
import { analyzeSql } from "./analyze-sql.js";

/** Statuses where the head revision exists, so missing head content is a gathering gap worth naming. */
const hasHeadRevision: ReadonlySet<FileStatus> = new Set([
  "added",
  "modified",
  "renamed",
  "copied",
  "changed",
]);

export const sqlAnalyzer: Analyzer = {
  id: "sql",
  appliesTo: (file) => file.skipped === undefined && file.path.toLowerCase().endsWith(".sql"),
  needs: { base: false, head: true },
  async analyze(file) {
    if (file.headContent === undefined) {
      if (!hasHeadRevision.has(file.status)) return { findings: [], notes: [] };
      return {
        findings: [],
        notes: [
          {
            path: file.path,
            message: `${file.path}: the head version could not be read; its SQL was not checked`,
          },
        ],
      };
    }
    // Only statements the PR added are reported; the whole file still decides transactions and lock_timeout.
    return analyzeSql(file.headContent, file.path, { changedLines: file.addedLines });
  },
};
