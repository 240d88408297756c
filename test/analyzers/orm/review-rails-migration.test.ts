import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ormMigrationAnalyzer } from "../../../src/analyzers/orm/orm-migration-analyzer.js";
import type { ChangedFile } from "../../../src/domain/model.js";
import { addedFile, changedFile } from "../../helpers/changed-file.js";

const fixture = (name: string) => readFileSync(`test/fixtures/orm/rails/db/migrate/${name}`, "utf8");

function migration(body: string, options: { ddlTransaction?: boolean } = {}): string {
  const indented = body
    .split("\n")
    .map((line) => (line === "" ? line : `    ${line}`))
    .join("\n");
  const disable = options.ddlTransaction === false ? "  disable_ddl_transaction!\n\n" : "";
  return `class ChangeAccounts < ActiveRecord::Migration[7.1]\n${disable}  def change\n${indented}\n  end\nend\n`;
}

async function review(file: ChangedFile) {
  const result = await ormMigrationAnalyzer.analyze(file, { files: [file] });
  expect(result.notes).toEqual([]);
  return result.findings;
}

const path = "db/migrate/20240301120000_change_accounts.rb";
const ruleIds = async (source: string) =>
  [...new Set((await review(addedFile(path, source))).map((finding) => finding.ruleId))].sort();

describe("Rails migrations: each rule fires on the risky call and stays quiet on the safe one", () => {
  const cases: Array<{ rule: string; bad: string; good: string; goodOptions?: { ddlTransaction: boolean } }> =
    [
      {
        rule: "db/drop-column",
        bad: "remove_column :accounts, :legacy_plan, :string",
        good: "add_column :accounts, :plan, :string",
      },
      {
        rule: "db/drop-table",
        bad: "drop_table :sessions",
        good: "create_table :sessions do |t|\n  t.text :token\nend",
      },
      {
        rule: "db/rename-column",
        bad: "rename_column :accounts, :name, :display_name",
        good: "add_column :accounts, :display_name, :string",
      },
      { rule: "db/rename-table", bad: "rename_table :accounts, :customers", good: "create_table :customers" },
      {
        rule: "db/change-column-type",
        bad: "change_column :accounts, :seats, :bigint",
        good: "add_column :accounts, :seats_big, :bigint",
      },
      {
        rule: "db/add-required-column",
        bad: "add_column :accounts, :region, :string, null: false",
        good: 'add_column :accounts, :region, :string, null: false, default: "eu"',
      },
      {
        rule: "db/set-not-null",
        bad: "change_column_null :accounts, :email, false",
        good: 'add_check_constraint :accounts, "email IS NOT NULL", name: "accounts_email_null", validate: false',
      },
      {
        rule: "db/drop-not-null",
        bad: "change_column_null :accounts, :email, true",
        good: 'change_column_default :accounts, :email, from: nil, to: ""',
      },
      {
        rule: "db/index-not-concurrent",
        bad: "add_index :accounts, :email",
        good: "add_index :accounts, :email, algorithm: :concurrently",
        goodOptions: { ddlTransaction: false },
      },
      {
        rule: "db/concurrently-in-transaction",
        bad: "add_index :accounts, :email, algorithm: :concurrently",
        good: "add_index :accounts, :email, algorithm: :concurrently",
        goodOptions: { ddlTransaction: false },
      },
      {
        rule: "db/blocking-constraint",
        bad: "add_foreign_key :accounts, :organizations",
        good: "add_foreign_key :accounts, :organizations, validate: false",
      },
      {
        rule: "db/table-rewrite-default",
        bad: 'add_column :accounts, :token, :uuid, default: -> { "gen_random_uuid()" }',
        good: "add_column :accounts, :token, :uuid",
      },
      {
        rule: "db/type-hygiene",
        bad: "add_column :accounts, :prefs, :json",
        good: "add_column :accounts, :prefs, :jsonb",
      },
      {
        rule: "db/destructive-data-op",
        bad: 'execute "DELETE FROM sessions"',
        good: "execute \"DELETE FROM sessions WHERE expires_at < now() - interval '30 days'\"",
      },
    ];

  it.each(cases)("$rule", async ({ rule, bad, good, goodOptions }) => {
    expect(await ruleIds(migration(bad))).toContain(rule);
    expect(await ruleIds(migration(good, goodOptions))).not.toContain(rule);
  });
});

describe("Rails migrations", () => {
  it("reports the risky calls of a whole migration on their lines, with HALT questions for irreversible ones", async () => {
    const findings = await review(addedFile(path, fixture("20240301120000_reshape_accounts.rb")));
    expect(
      findings.map((finding) => [
        finding.line,
        finding.ruleId,
        finding.subject,
        finding.haltQuestion !== undefined,
      ]),
    ).toEqual([
      [4, "db/drop-column", "accounts.legacy_plan", true],
      [5, "db/rename-column", "accounts.name", true],
      [6, "db/change-column-type", "accounts.seats", true],
      [7, "db/add-required-column", "accounts.region", false],
      [8, "db/index-not-concurrent", "accounts.region", false],
      [9, "db/blocking-constraint", "accounts.organizations", false],
      [10, "db/set-not-null", "accounts.billing_email", false],
      [14, "db/destructive-data-op", "accounts", true],
    ]);
    expect(findings[0]?.haltQuestion).toBe(
      "This migration drops `accounts.legacy_plan`. Has every deployed version stopped reading and writing it " +
        "(expand/contract step 2)? Is the data backed up or no longer needed?",
    );
    expect(findings[0]?.message).toContain("`self.ignored_columns`");
  });

  it("does not review `def down`, `dir.down` or comments: a rollback legitimately undoes `up`", async () => {
    const findings = await review(addedFile(path, fixture("20240301120000_reshape_accounts.rb")));
    expect(findings.map((finding) => finding.subject)).not.toContain("accounts_archive");
    const safe = await review(addedFile(path, fixture("20240301120100_reshape_accounts_safely.rb")));
    expect(safe.map((finding) => finding.ruleId)).not.toContain("db/drop-table");
  });

  it("keeps a `safety_assured` drop as a finding without a question, and silences mechanical rules there", async () => {
    const findings = await review(addedFile(path, fixture("20240301120100_reshape_accounts_safely.rb")));
    expect(findings.map((finding) => [finding.line, finding.ruleId, finding.haltQuestion])).toEqual([
      [23, "db/drop-column", undefined],
    ]);
    expect(findings[0]?.message).toMatch(/Marked `safety_assured`, so no question is asked/);
    const assuredIndex = migration("safety_assured do\n  add_index :accounts, :email\nend");
    expect(await ruleIds(assuredIndex)).toEqual([]);
  });

  it("exempts tables the migration creates, except for type choices", async () => {
    const body = [
      "create_table :invoices do |t|",
      "  t.string :number, null: false",
      "  t.json :lines",
      "end",
      "add_index :invoices, :number",
    ].join("\n");
    expect(await ruleIds(migration(body))).toEqual(["db/type-hygiene"]);
  });

  it("reads change_table blocks and add_reference options", async () => {
    const body = [
      "change_table :accounts do |t|",
      "  t.remove :legacy_plan",
      "  t.rename :name, :display_name",
      "  t.string :region, null: false",
      "end",
      "add_reference :accounts, :owner, foreign_key: true",
    ].join("\n");
    const findings = await review(addedFile(path, migration(body)));
    expect(findings.map((finding) => `${finding.ruleId} ${finding.subject}`)).toEqual([
      "db/drop-column accounts.legacy_plan",
      "db/rename-column accounts.name",
      "db/add-required-column accounts.region",
      "db/index-not-concurrent accounts.owner_id",
      "db/blocking-constraint accounts.owner_id",
    ]);
  });

  it("says what wraps the transaction when `execute` runs CONCURRENTLY without disable_ddl_transaction!", async () => {
    const findings = await review(
      addedFile(
        path,
        migration('execute "CREATE INDEX CONCURRENTLY accounts_email_idx ON accounts (email)"'),
      ),
    );
    const concurrent = findings.find((finding) => finding.ruleId === "db/concurrently-in-transaction");
    expect(concurrent?.line).toBe(3);
    expect(concurrent?.message).toContain("Rails runs every migration in a transaction");
    expect(concurrent?.message).toContain("`disable_ddl_transaction!`");
  });

  it("reports only the calls on lines the PR added", async () => {
    const base = migration("remove_column :accounts, :a");
    const head = migration("remove_column :accounts, :a\nremove_column :accounts, :b");
    const findings = await review(changedFile(path, base, head));
    expect(findings.map((finding) => finding.subject)).toEqual(["accounts.b"]);
  });

  it("never throws on malformed Ruby", async () => {
    const result = await ormMigrationAnalyzer.analyze(
      addedFile(
        path,
        'class X < ActiveRecord::Migration[7.1]\n  def change\n    execute <<~SQL\n    remove_column :a, "b\n',
      ),
      { files: [] },
    );
    expect(result.notes.length).toBeLessThanOrEqual(1);
  });
});
