import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ormMigrationAnalyzer } from "../../../src/analyzers/orm/orm-migration-analyzer.js";
import type { ChangedFile } from "../../../src/domain/model.js";
import { addedFile, changedFile } from "../../helpers/changed-file.js";

const path = "shop/migrations/0042_change_product.py";
const fixture = (name: string) => readFileSync(`test/fixtures/orm/django/shop/migrations/${name}`, "utf8");

function migration(operations: string, options: { atomic?: boolean } = {}): string {
  const indented = operations
    .split("\n")
    .map((line) => `        ${line}`)
    .join("\n");
  const atomic = options.atomic === false ? "    atomic = False\n\n" : "";
  return [
    "from django.contrib.postgres.operations import AddIndexConcurrently",
    "from django.db import migrations, models",
    "",
    "",
    "class Migration(migrations.Migration):",
    `${atomic}    dependencies = [("shop", "0041_previous")]`,
    "",
    "    operations = [",
    indented,
    "    ]",
    "",
  ].join("\n");
}

async function review(file: ChangedFile, others: ChangedFile[] = []) {
  const result = await ormMigrationAnalyzer.analyze(file, { files: [file, ...others] });
  expect(result.notes).toEqual([]);
  return result.findings;
}

const ruleIds = async (source: string, others: ChangedFile[] = []) =>
  [...new Set((await review(addedFile(path, source), others)).map((finding) => finding.ruleId))].sort();

const productModels = (fields: string) =>
  `from django.db import models\n\n\nclass Product(models.Model):\n${fields}\n\n    class Meta:\n        ordering = ["pk"]\n`;

/** The app's models.py as the PR changes it: the analyzer compares AlterField with the base version. */
const modelsChange = (before: string, after: string) =>
  changedFile("shop/models.py", productModels(before), productModels(after));

describe("Django migrations: each rule fires on the risky operation and stays quiet on the safe one", () => {
  const cases: Array<{ rule: string; bad: string; good: string; goodAtomic?: boolean }> = [
    {
      rule: "db/drop-column",
      bad: 'migrations.RemoveField(model_name="product", name="legacy_sku"),',
      good: 'migrations.SeparateDatabaseAndState(\n    state_operations=[migrations.RemoveField(model_name="product", name="legacy_sku")],\n),',
    },
    {
      rule: "db/drop-table",
      bad: 'migrations.DeleteModel(name="Coupon"),',
      good: 'migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="Coupon")]),',
    },
    {
      rule: "db/rename-column",
      bad: 'migrations.RenameField(model_name="product", old_name="title", new_name="name"),',
      good: 'migrations.AddField(model_name="product", name="name", field=models.TextField(null=True)),',
    },
    {
      rule: "db/rename-table",
      bad: 'migrations.RenameModel(old_name="Product", new_name="Item"),',
      good: 'migrations.CreateModel(name="Item", fields=[("id", models.BigAutoField(primary_key=True))]),',
    },
    {
      rule: "db/add-required-column",
      bad: 'migrations.AddField(model_name="product", name="weight", field=models.PositiveIntegerField()),',
      good: 'migrations.AddField(model_name="product", name="weight", field=models.PositiveIntegerField(db_default=0)),',
    },
    {
      rule: "db/index-not-concurrent",
      bad: 'migrations.AddIndex(model_name="product", index=models.Index(fields=["name"], name="product_name_idx")),',
      good: 'AddIndexConcurrently(model_name="product", index=models.Index(fields=["name"], name="product_name_idx")),',
      goodAtomic: false,
    },
    {
      rule: "db/concurrently-in-transaction",
      bad: 'AddIndexConcurrently(model_name="product", index=models.Index(fields=["name"], name="product_name_idx")),',
      good: 'AddIndexConcurrently(model_name="product", index=models.Index(fields=["name"], name="product_name_idx")),',
      goodAtomic: false,
    },
    {
      rule: "db/blocking-constraint",
      bad: 'migrations.AddConstraint(\n    model_name="product",\n    constraint=models.CheckConstraint(condition=models.Q(price__gte=0), name="price_positive"),\n),',
      good: 'migrations.RunSQL(\n    "ALTER TABLE shop_product ADD CONSTRAINT price_positive CHECK (price >= 0) NOT VALID",\n),',
    },
    {
      rule: "db/destructive-data-op",
      bad: 'migrations.RunSQL("TRUNCATE shop_cart"),',
      good: "migrations.RunSQL(\"DELETE FROM shop_cart WHERE updated_at < now() - interval '90 days'\"),",
    },
  ];

  it.each(cases)("$rule", async ({ rule, bad, good, goodAtomic }) => {
    expect(await ruleIds(migration(bad))).toContain(rule);
    expect(await ruleIds(migration(good, goodAtomic === false ? { atomic: false } : {}))).not.toContain(rule);
  });

  it("db/change-column-type: AlterField compared with the model before the PR", async () => {
    const retype = migration(
      'migrations.AlterField(model_name="product", name="stock", field=models.BigIntegerField()),',
    );
    expect(
      await ruleIds(retype, [
        modelsChange("    stock = models.IntegerField()", "    stock = models.BigIntegerField()"),
      ]),
    ).toEqual(["db/change-column-type"]);
    const widen = migration(
      'migrations.AlterField(model_name="product", name="name", field=models.CharField(max_length=200)),',
    );
    expect(
      await ruleIds(widen, [
        modelsChange(
          "    name = models.CharField(max_length=100)",
          "    name = models.CharField(max_length=200)",
        ),
      ]),
    ).toEqual([]);
  });

  it("db/set-not-null and db/drop-not-null: AlterField changing `null`", async () => {
    const required = migration(
      'migrations.AlterField(model_name="product", name="sku", field=models.TextField()),',
    );
    const optional = migration(
      'migrations.AlterField(model_name="product", name="sku", field=models.TextField(null=True)),',
    );
    const nullable = "    sku = models.TextField(null=True)";
    const notNull = "    sku = models.TextField()";
    expect(await ruleIds(required, [modelsChange(nullable, notNull)])).toEqual(["db/set-not-null"]);
    expect(await ruleIds(optional, [modelsChange(notNull, nullable)])).toEqual(["db/drop-not-null"]);
    expect(await ruleIds(required, [modelsChange(notNull, `${notNull}  # unchanged`)])).toEqual([]);
  });

  it("asks nothing about an AlterField whose previous definition the PR does not show", async () => {
    const findings = await review(
      addedFile(
        path,
        migration(
          'migrations.AlterField(model_name="product", name="kind", field=models.CharField(choices=[("a", "A")], max_length=8)),',
        ),
      ),
    );
    expect(findings.map((finding) => [finding.ruleId, finding.severity, finding.haltQuestion])).toEqual([
      ["db/change-column-type", "minor", undefined],
    ]);
    expect(findings[0]?.message).toContain("python manage.py sqlmigrate shop <migration>");
  });
});

describe("Django migrations: a new index on an existing table", () => {
  const created =
    'migrations.CreateModel(name="Coupon", fields=[("id", models.BigAutoField(primary_key=True)), ("code", models.TextField())]),';
  const summary = (findings: Awaited<ReturnType<typeof review>>) =>
    findings.map((finding) => [
      finding.ruleId,
      finding.severity,
      finding.line,
      finding.subject,
      finding.message,
    ]);

  it("AddIndex gets the finding CREATE INDEX without CONCURRENTLY gets, also with atomic = False", async () => {
    const addIndex =
      'migrations.AddIndex(model_name="product", index=models.Index(fields=["sku"], name="shop_product_sku_idx")),';
    const expected = [
      [
        "db/index-not-concurrent",
        "blocker",
        9,
        "shop_product_sku_idx",
        "`AddIndex` builds index `shop_product_sku_idx` on `shop_product` without CONCURRENTLY: writes to " +
          "`shop_product` are blocked until it finishes. Use `AddIndexConcurrently` (django.contrib.postgres.operations) " +
          "in a migration whose class sets `atomic = False`.",
      ],
    ];
    expect(summary(await review(addedFile(path, migration(addIndex))))).toEqual(expected);
    expect(
      summary(await review(addedFile(path, migration(addIndex, { atomic: false })))).map((row) =>
        row.slice(0, 4),
      ),
    ).toEqual([["db/index-not-concurrent", "blocker", 11, "shop_product_sku_idx"]]);
  });

  it("AlterField gaining db_index=True gets the same finding, compared with the model before the PR", async () => {
    const alter = migration(
      'migrations.AlterField(model_name="product", name="sku", field=models.CharField(db_index=True, max_length=32)),',
    );
    const findings = await review(addedFile(path, alter), [
      modelsChange(
        "    sku = models.CharField(max_length=32)",
        "    sku = models.CharField(db_index=True, max_length=32)",
      ),
    ]);
    expect(summary(findings)).toEqual([
      [
        "db/index-not-concurrent",
        "blocker",
        9,
        "shop_product.sku",
        "`AlterField` builds an index on `shop_product.sku` without CONCURRENTLY: writes to `shop_product` are " +
          "blocked until it finishes. Build it with `AddIndexConcurrently` in a migration with `atomic = False` " +
          "instead of `db_index=True`.",
      ],
    ]);
  });

  it("AlterField spelling out db_index=True on a foreign key or unique field builds no new index", async () => {
    const alterFk = migration(
      'migrations.AlterField(model_name="product", name="brand", field=models.ForeignKey(db_index=True, on_delete=models.CASCADE, to="shop.brand")),',
    );
    expect(
      await review(addedFile(path, alterFk), [
        modelsChange(
          '    brand = models.ForeignKey(on_delete=models.CASCADE, to="shop.brand")',
          '    brand = models.ForeignKey(db_index=True, on_delete=models.CASCADE, to="shop.brand")',
        ),
      ]),
    ).toEqual([]);
  });

  it("AlterField with db_index=True and no previous definition is the index rule, as a minor finding", async () => {
    const alter = migration(
      'migrations.AlterField(model_name="product", name="sku", field=models.TextField(db_index=True)),',
    );
    expect(summary(await review(addedFile(path, alter)))).toEqual([
      [
        "db/index-not-concurrent",
        "minor",
        9,
        "shop_product.sku",
        "`AlterField` redefines `shop_product.sku` as `TextField(db_index=True)`, and the PR does not show the " +
          "field's previous definition. If `db_index=True` is new, Django builds the index without CONCURRENTLY: " +
          "writes to `shop_product` are blocked until it finishes. Build it with `AddIndexConcurrently` in a " +
          "migration with `atomic = False` instead; check with `python manage.py sqlmigrate shop <migration>`.",
      ],
    ]);
  });

  it("RemoveIndex says DROP INDEX blocks reads as well as writes", async () => {
    const remove = migration('migrations.RemoveIndex(model_name="product", name="shop_product_sku_idx"),');
    expect(summary(await review(addedFile(path, remove)))).toEqual([
      [
        "db/index-not-concurrent",
        "blocker",
        9,
        "shop_product_sku_idx",
        "`RemoveIndex` drops index `shop_product_sku_idx` on `shop_product` without CONCURRENTLY: reads and writes " +
          "on `shop_product` are blocked while it waits and runs. Use `RemoveIndexConcurrently` " +
          "(django.contrib.postgres.operations) in a migration whose class sets `atomic = False`.",
      ],
    ]);
  });

  it("stays quiet on AddIndex and AlterField on a table created in the same migration", async () => {
    const ops = [
      created,
      'migrations.AddIndex(model_name="coupon", index=models.Index(fields=["code"], name="shop_coupon_code_idx")),',
      'migrations.AlterField(model_name="coupon", name="code", field=models.TextField(db_index=True)),',
    ].join("\n");
    expect(await review(addedFile(path, migration(ops)))).toEqual([]);
  });
});

describe("Django migrations", () => {
  it("reports every risky operation of a migration, RunSQL statements on their own lines", async () => {
    const findings = await review(addedFile(path, fixture("0042_reshape_product.py")));
    expect(
      findings.map((finding) => [finding.line, finding.endLine, finding.ruleId, finding.subject]),
    ).toEqual([
      [9, 12, "db/drop-column", "shop_product.legacy_sku"],
      [13, undefined, "db/rename-column", "shop_product.title"],
      [14, 18, "db/add-required-column", "shop_product.weight_grams"],
      [19, 22, "db/index-not-concurrent", "shop_product_name_idx"],
      [25, 26, "db/drop-column", "shop_product.old_price"],
      [25, 26, "db/missing-lock-timeout", "shop_product"],
    ]);
  });

  it("stays quiet on the safe version: state-only removal, db_default, concurrent index with atomic = False", async () => {
    expect(await review(addedFile(path, fixture("0043_reshape_product_safely.py")))).toEqual([]);
  });

  it("does not review reverse_sql: a rollback legitimately undoes the forward migration", async () => {
    const ops =
      'migrations.RunSQL(\n    sql="CREATE TABLE shop_tag (id bigint)",\n    reverse_sql="DROP TABLE shop_tag",\n),';
    expect(await ruleIds(migration(ops))).toEqual([]);
  });

  it("explains Django's transaction when RunSQL uses CONCURRENTLY in an atomic migration", async () => {
    const ops = 'migrations.RunSQL("CREATE INDEX CONCURRENTLY product_sku_idx ON shop_product (sku)"),';
    const findings = await review(addedFile(path, migration(ops)));
    expect(findings.map((finding) => finding.ruleId)).toContain("db/concurrently-in-transaction");
    expect(
      findings.find((finding) => finding.ruleId === "db/concurrently-in-transaction")?.message,
    ).toContain("set `atomic = False` on its Migration class");
    expect(await ruleIds(migration(ops, { atomic: false }))).toEqual([]);
  });

  it("reads RunSQL given as a list of statements and (sql, params) pairs", async () => {
    const ops = [
      "migrations.RunSQL(",
      "    [",
      '        "ALTER TABLE shop_product DROP COLUMN legacy_sku",',
      '        ("UPDATE shop_product SET status = %s", ["active"]),',
      "    ],",
      "),",
    ].join("\n");
    const findings = await review(addedFile(path, migration(ops)));
    expect(findings.map((finding) => `${finding.line} ${finding.ruleId}`)).toEqual([
      "11 db/drop-column",
      "11 db/missing-lock-timeout",
      "12 db/destructive-data-op",
    ]);
  });

  it("uses the model's db_table when the PR shows it", async () => {
    const models = changedFile(
      "shop/models.py",
      'from django.db import models\n\n\nclass Product(models.Model):\n    sku = models.TextField()\n\n    class Meta:\n        db_table = "catalog_items"\n',
      'from django.db import models\n\n\nclass Product(models.Model):\n    sku = models.TextField()\n\n    class Meta:\n        db_table = "catalog_items"  # legacy name\n',
    );
    const findings = await review(
      addedFile(path, migration('migrations.RemoveField(model_name="product", name="sku"),')),
      [models],
    );
    expect(findings.map((finding) => finding.subject)).toEqual(["catalog_items.sku"]);
  });

  it("reports only operations on lines the PR added", async () => {
    const base = migration('migrations.RemoveField(model_name="product", name="a"),');
    const head = migration(
      'migrations.RemoveField(model_name="product", name="a"),\nmigrations.RemoveField(model_name="product", name="b"),',
    );
    const findings = await review(changedFile(path, base, head));
    expect(findings.map((finding) => finding.subject)).toEqual(["shop_product.b"]);
  });

  it("names the file once when RunSQL does not parse, and still reviews the other strings", async () => {
    const ops =
      'migrations.RunSQL("ALTER TABLE shop_product DROP COLUMN a"),\nmigrations.RunSQL("ALTER TABLE;"),';
    const result = await ormMigrationAnalyzer.analyze(addedFile(path, migration(ops)), { files: [] });
    expect(result.findings.map((finding) => finding.ruleId)).toContain("db/drop-column");
    expect(result.notes).toEqual([
      {
        path,
        message: `\`${path}\`: could not parse SQL at line 10 (syntax error at or near ";"); its statements were not checked.`,
      },
    ]);
  });

  it("never throws on malformed Python", async () => {
    const source =
      'class Migration(migrations.Migration):\n    operations = [\n        migrations.RemoveField(model_name="x", name=\n        migrations.RunSQL("""ALTER TABLE\n';
    const result = await ormMigrationAnalyzer.analyze(addedFile(path, source), { files: [] });
    expect(result.notes.length).toBeLessThanOrEqual(1);
  });
});
