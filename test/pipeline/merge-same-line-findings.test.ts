import { describe, expect, it } from "vitest";
import { fingerprintOf, makeFinding } from "../../src/analyzers/make-finding.js";
import { breakingChangeQuestion } from "../../src/analyzers/sql/migration-review.js";
import { sqlRules } from "../../src/analyzers/sql/sql-rules.js";
import type { Finding } from "../../src/domain/model.js";
import { mergeSameLineFindings } from "../../src/pipeline/merge-same-line-findings.js";

const path = "db/migrations/V7__orders.sql";

const retype = (column: string, type: string, line = 2): Finding =>
  makeFinding(sqlRules.changeColumnType, {
    path,
    line,
    endLine: 4,
    subject: `orders.${column}`,
    message:
      `Changes the type of \`shop.orders.${column}\` to \`${type}\`: unless the change is binary-compatible, ` +
      "Postgres rewrites the table. Otherwise add a new column, dual-write, backfill, switch reads, then drop the old one.",
    haltQuestion: breakingChangeQuestion(`\`shop.orders.${column}\``),
  });

describe("mergeSameLineFindings", () => {
  it("makes two findings of one rule on one line one finding naming both subjects, with one question", () => {
    const [merged, ...rest] = mergeSameLineFindings([retype("total", "bigint"), retype("tax", "numeric")]);
    expect(rest).toEqual([]);
    expect(merged).toEqual({
      ...retype("total", "bigint"),
      fingerprint: fingerprintOf("db/change-column-type", path, "orders.total, orders.tax"),
      subject: "orders.total, orders.tax",
      subjects: ["orders.total", "orders.tax"],
      message:
        "Changes the type of `shop.orders.total` / `shop.orders.tax` to `bigint` / `numeric`: unless the change is " +
        "binary-compatible, Postgres rewrites the table. Otherwise add a new column, dual-write, backfill, switch " +
        "reads, then drop the old one.",
      haltQuestion:
        "Renaming or retyping `shop.orders.total` / `shop.orders.tax` breaks old instances during a rolling deploy. " +
        "Is this a deliberate one-step change (maintenance window), or should it be add → dual-write → backfill → " +
        "switch → drop?",
    });
  });

  it("keeps messages that do not line up whole, numbered after the subjects they are about", () => {
    const drop = (column: string, message: string) =>
      makeFinding(sqlRules.dropColumn, { path, line: 9, subject: `orders.${column}`, message });
    const [merged] = mergeSameLineFindings([
      drop("coupon", "Drops `shop.orders.coupon`."),
      drop("legacy_ref", "Drops `shop.orders.legacy_ref`, which a view still reads."),
    ]);
    expect(merged?.message).toBe(
      "`orders.coupon` and `orders.legacy_ref`: (1) Drops `shop.orders.coupon`. (2) Drops " +
        "`shop.orders.legacy_ref`, which a view still reads.",
    );
    expect(merged?.haltQuestion).toBeUndefined();
  });

  it("leaves findings on other lines, of other rules and without a line as they are, in order", () => {
    const fileLevel = makeFinding(sqlRules.missingLockTimeout, { path, subject: "orders" });
    const lock = makeFinding(sqlRules.missingLockTimeout, { path, line: 2, subject: "orders" });
    const findings = [retype("total", "bigint"), lock, retype("tax", "numeric", 6), fileLevel];
    expect(mergeSameLineFindings(findings)).toEqual(findings);
  });
});
