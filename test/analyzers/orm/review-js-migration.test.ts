import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ormMigrationAnalyzer } from "../../../src/analyzers/orm/orm-migration-analyzer.js";
import type { ChangedFile } from "../../../src/domain/model.js";
import { addedFile, changedFile } from "../../helpers/changed-file.js";

const fixture = (name: string) => readFileSync(`test/fixtures/orm/js/migrations/${name}`, "utf8");

async function review(file: ChangedFile) {
  const result = await ormMigrationAnalyzer.analyze(file, { files: [file] });
  expect(result.notes).toEqual([]);
  return result.findings;
}

const sequelizePath = "server/migrations/20240301120000-change.js";
const sequelize = (up: string, down = "") =>
  `module.exports = {\n  async up(queryInterface, Sequelize) {\n${up}\n  },\n  async down(queryInterface) {\n${down}\n  },\n};\n`;
const knexPath = "db/migrations/20240301120000_change.js";
const knex = (up: string, config = "") => `${config}exports.up = async (knex) => {\n${up}\n};\n`;
const typeormPath = "src/migrations/1709294400000-Change.ts";
const typeorm = (up: string, extra = "") =>
  `export class Change1709294400000 implements MigrationInterface {\n${extra}  public async up(queryRunner: QueryRunner): Promise<void> {\n${up}\n  }\n}\n`;

const ruleIds = async (path: string, source: string) =>
  [...new Set((await review(addedFile(path, source))).map((finding) => finding.ruleId))].sort();

describe("JavaScript migrations: each rule fires on the risky call and stays quiet on the safe one", () => {
  const cases: Array<{ dsl: string; rule: string; path: string; bad: string; good: string }> = [
    {
      dsl: "Sequelize",
      rule: "db/drop-column",
      path: sequelizePath,
      bad: sequelize('await queryInterface.removeColumn("accounts", "legacyPlan");'),
      good: sequelize("", 'await queryInterface.removeColumn("accounts", "legacyPlan");'),
    },
    {
      dsl: "Sequelize",
      rule: "db/drop-table",
      path: sequelizePath,
      bad: sequelize('await queryInterface.dropTable("sessions");'),
      good: sequelize('await queryInterface.createTable("sessions", { id: { type: Sequelize.UUID } });'),
    },
    {
      dsl: "Sequelize",
      rule: "db/rename-column",
      path: sequelizePath,
      bad: sequelize('await queryInterface.renameColumn("accounts", "name", "displayName");'),
      good: sequelize(
        'await queryInterface.addColumn("accounts", "displayName", { type: Sequelize.STRING });',
      ),
    },
    {
      dsl: "Sequelize",
      rule: "db/change-column-type",
      path: sequelizePath,
      bad: sequelize('await queryInterface.changeColumn("accounts", "seats", { type: Sequelize.BIGINT });'),
      good: sequelize('await queryInterface.addColumn("accounts", "seatsBig", { type: Sequelize.BIGINT });'),
    },
    {
      dsl: "Sequelize",
      rule: "db/add-required-column",
      path: sequelizePath,
      bad: sequelize(
        'await queryInterface.addColumn("accounts", "region", { type: Sequelize.STRING, allowNull: false });',
      ),
      good: sequelize(
        'await queryInterface.addColumn("accounts", "region", { type: Sequelize.STRING, allowNull: false, defaultValue: "eu" });',
      ),
    },
    {
      dsl: "Sequelize",
      rule: "db/index-not-concurrent",
      path: sequelizePath,
      bad: sequelize('await queryInterface.addIndex("accounts", ["region"]);'),
      good: sequelize('await queryInterface.addIndex("accounts", ["region"], { concurrently: true });'),
    },
    {
      dsl: "Sequelize",
      rule: "db/concurrently-in-transaction",
      path: sequelizePath,
      bad: sequelize(
        'await queryInterface.addIndex("accounts", ["region"], { concurrently: true, transaction });',
      ),
      good: sequelize('await queryInterface.addIndex("accounts", ["region"], { concurrently: true });'),
    },
    {
      dsl: "Sequelize",
      rule: "db/blocking-constraint",
      path: sequelizePath,
      bad: sequelize(
        'await queryInterface.addConstraint("accounts", { fields: ["email"], type: "unique" });',
      ),
      good: sequelize(
        'await queryInterface.sequelize.query("CREATE UNIQUE INDEX CONCURRENTLY accounts_email_key ON accounts (email)");',
      ),
    },
    {
      dsl: "Sequelize",
      rule: "db/destructive-data-op",
      path: sequelizePath,
      bad: sequelize('await queryInterface.bulkDelete("sessions", {});'),
      good: sequelize('await queryInterface.bulkDelete("sessions", { userId: null });'),
    },
    {
      dsl: "Sequelize",
      rule: "db/type-hygiene",
      path: sequelizePath,
      bad: sequelize('await queryInterface.addColumn("accounts", "prefs", { type: Sequelize.JSON });'),
      good: sequelize('await queryInterface.addColumn("accounts", "prefs", { type: Sequelize.JSONB });'),
    },
    {
      dsl: "Knex",
      rule: "db/drop-column",
      path: knexPath,
      bad: knex(
        '  await knex.schema.alterTable("accounts", (t) => {\n    t.dropColumn("legacy_plan");\n  });',
      ),
      good: knex('  await knex.schema.alterTable("accounts", (t) => {\n    t.text("plan");\n  });'),
    },
    {
      dsl: "Knex",
      rule: "db/add-required-column",
      path: knexPath,
      bad: knex(
        '  await knex.schema.table("accounts", (t) => {\n    t.string("region").notNullable();\n  });',
      ),
      good: knex(
        '  await knex.schema.table("accounts", (t) => {\n    t.string("region").notNullable().defaultTo("eu");\n  });',
      ),
    },
    {
      dsl: "Knex",
      rule: "db/change-column-type",
      path: knexPath,
      bad: knex(
        '  await knex.schema.alterTable("accounts", function (t) {\n    t.bigInteger("seats").alter();\n  });',
      ),
      good: knex(
        '  await knex.schema.alterTable("accounts", function (t) {\n    t.bigInteger("seats_big");\n  });',
      ),
    },
    {
      dsl: "Knex",
      rule: "db/index-not-concurrent",
      path: knexPath,
      bad: knex('  await knex.schema.alterTable("accounts", (t) => {\n    t.index(["region"]);\n  });'),
      good: knex(
        '  await knex.raw("CREATE INDEX CONCURRENTLY accounts_region_idx ON accounts (region)");',
        "exports.config = { transaction: false };\n",
      ),
    },
    {
      dsl: "Knex",
      rule: "db/concurrently-in-transaction",
      path: knexPath,
      bad: knex('  await knex.raw("CREATE INDEX CONCURRENTLY accounts_region_idx ON accounts (region)");'),
      good: knex(
        '  await knex.raw("CREATE INDEX CONCURRENTLY accounts_region_idx ON accounts (region)");',
        "exports.config = { transaction: false };\n",
      ),
    },
    {
      dsl: "Knex",
      rule: "db/rename-table",
      path: knexPath,
      bad: knex('  await knex.schema.renameTable("accounts", "customers");'),
      good: knex('  await knex.schema.createTable("customers", (t) => {\n    t.bigIncrements("id");\n  });'),
    },
    {
      dsl: "TypeORM",
      rule: "db/drop-column",
      path: typeormPath,
      bad: typeorm('    await queryRunner.query(`ALTER TABLE "account" DROP COLUMN "legacyPlan"`);'),
      good: typeorm('    await queryRunner.query(`ALTER TABLE "account" ADD "plan" text`);'),
    },
    {
      dsl: "TypeORM",
      rule: "db/add-required-column",
      path: typeormPath,
      bad: typeorm(
        '    await queryRunner.addColumn("account", new TableColumn({ name: "region", type: "varchar" }));',
      ),
      good: typeorm(
        '    await queryRunner.addColumn("account", new TableColumn({ name: "region", type: "varchar", isNullable: true }));',
      ),
    },
    {
      dsl: "TypeORM",
      rule: "db/concurrently-in-transaction",
      path: typeormPath,
      bad: typeorm(
        '    await queryRunner.query(`CREATE INDEX CONCURRENTLY "IDX_region" ON "account" ("region")`);',
      ),
      good: typeorm(
        '    await queryRunner.query(`CREATE INDEX CONCURRENTLY "IDX_region" ON "account" ("region")`);',
        "  transaction = false;\n",
      ),
    },
  ];

  it.each(cases)("$dsl $rule", async ({ rule, path, bad, good }) => {
    expect(await ruleIds(path, bad)).toContain(rule);
    expect(await ruleIds(path, good)).not.toContain(rule);
  });
});

describe("JavaScript migrations", () => {
  it("Sequelize: reviews `up`, never `down`, with embedded SQL on its own lines", async () => {
    const findings = await review(addedFile(sequelizePath, fixture("20240301120000-reshape-accounts.js")));
    expect(
      findings.map((finding) => [finding.line, finding.endLine, finding.ruleId, finding.subject]),
    ).toEqual([
      [7, undefined, "db/drop-column", "accounts.legacyPlan"],
      [8, 11, "db/add-required-column", "accounts.region"],
      [12, undefined, "db/index-not-concurrent", "accounts.region"],
      [14, 15, "db/rename-column", "accounts.name"],
      [14, 15, "db/missing-lock-timeout", "accounts"],
    ]);
    expect(findings[0]?.message).toMatch(
      /^`queryInterface\.removeColumn` drops column `accounts\.legacyPlan`/,
    );
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: the text under test is source code that contains `${…}`
  it("TypeORM: maps SQL inside template literals back to the file's lines, `${…}` included", async () => {
    const source = fixture("1709294400000-ReshapeAccounts.ts.txt");
    const findings = await review(addedFile(typeormPath, source));
    const lines = source.split("\n");
    expect(findings.map((finding) => [finding.line, finding.ruleId])).toEqual([
      [10, "db/add-required-column"],
      [10, "db/missing-lock-timeout"],
      [13, "db/index-not-concurrent"],
      [15, "db/drop-column"],
    ]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text under test is source code that contains `${…}`
    expect(lines[9]).toContain('ALTER TABLE "${schema}"."account"');
    expect(lines[12]).toContain('CREATE INDEX "IDX_account_region"');
    expect(lines[14]).toContain('DROP COLUMN "legacyPlan"');
    // The placeholder that made the SQL parse is not what the author reads.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text under test is source code that contains `${…}`
    expect(findings[0]?.message).toContain("`${schema}.account.region`");
    const shown = findings.flatMap((finding) => [finding.message, finding.subject, finding.haltQuestion]);
    expect(shown.join("\n")).not.toMatch(/t_{3,}/);
  });

  it("TypeORM: ignores the `down` method", async () => {
    const findings = await review(addedFile(typeormPath, fixture("1709294400000-ReshapeAccounts.ts.txt")));
    expect(findings.filter((finding) => finding.line !== undefined && finding.line > 17)).toEqual([]);
  });

  it("Knex: reads builder callbacks and raw SQL, and ignores `exports.down`", async () => {
    const findings = await review(addedFile(knexPath, fixture("20240301_reshape_accounts.knex.js")));
    expect(findings.map((finding) => [finding.line, finding.ruleId, finding.subject])).toEqual([
      [4, "db/drop-column", "accounts.legacy_plan"],
      [5, "db/add-required-column", "accounts.region"],
      [6, "db/change-column-type", "accounts.seats"],
      [7, "db/index-not-concurrent", "accounts_region_idx"],
      [9, "db/rename-column", "accounts.name"],
      [9, "db/missing-lock-timeout", "accounts"],
    ]);
  });

  it("Knex: a table created in the same migration is exempt, and arrow `down` properties are skipped", async () => {
    const source = [
      "module.exports = {",
      "  up: (knex) =>",
      '    knex.schema.createTable("invoices", (t) => {',
      '      t.string("number").notNullable();',
      '      t.index(["number"]);',
      "    }),",
      '  down: (knex) => knex.schema.dropTable("invoices"),',
      "};",
    ].join("\n");
    expect(await review(addedFile(knexPath, source))).toEqual([]);
  });

  it("Knex: `?` bindings do not break the SQL", async () => {
    const source = knex(
      '  await knex.raw("UPDATE accounts SET region = ? WHERE id = ?", ["eu", 1]);\n  await knex.raw("DELETE FROM ??", ["sessions"]);',
    );
    expect(await ruleIds(knexPath, source)).toEqual(["db/destructive-data-op"]);
  });

  it("reports only the calls on lines the PR added", async () => {
    const base = sequelize('await queryInterface.removeColumn("accounts", "a");');
    const head = sequelize(
      'await queryInterface.removeColumn("accounts", "a");\nawait queryInterface.removeColumn("accounts", "b");',
    );
    const findings = await review(changedFile(sequelizePath, base, head));
    expect(findings.map((finding) => finding.subject)).toEqual(["accounts.b"]);
  });

  it("skips SQL it cannot know (built at runtime) without a note", async () => {
    const source = typeorm(
      "    const sql = build();\n    await queryRunner.query(sql);\n    await queryRunner.query(makeSql(`x`));",
    );
    expect(await review(addedFile(typeormPath, source))).toEqual([]);
  });

  it("never throws on malformed JavaScript", async () => {
    for (const source of [
      "module.exports = { async up(q) { await q.query(`ALTER TABLE",
      "exports.down = (",
      "/* unterminated",
      "`${",
    ]) {
      const result = await ormMigrationAnalyzer.analyze(addedFile(knexPath, source), { files: [] });
      expect(result.notes.length).toBeLessThanOrEqual(1);
    }
  });
});
