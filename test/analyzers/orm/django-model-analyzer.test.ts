import { describe, expect, it } from "vitest";
import { djangoAppOf, djangoModelAnalyzer } from "../../../src/analyzers/orm/django-model-analyzer.js";
import type { ChangedFile } from "../../../src/domain/model.js";
import { addedFile, changedFile } from "../../helpers/changed-file.js";

const before = [
  "from django.db import models",
  "",
  "",
  "class Webhook(models.Model):",
  "    name = models.CharField(max_length=255)",
  "    target_url = models.URLField(max_length=2048)",
  "",
  "    class Meta:",
  '        ordering = ("pk",)',
  "",
  "    def __str__(self):",
  "        return self.name",
  "",
].join("\n");

const withField = before.replace(
  "    target_url = models.URLField(max_length=2048)\n",
  "    target_url = models.URLField(max_length=2048)\n    identifier = models.CharField(max_length=256, null=True, blank=True)\n",
);

const path = "saleor/webhook/models.py";
const migration = addedFile("saleor/webhook/migrations/0013_webhook_identifier.py", "class Migration: ...\n");

async function review(file: ChangedFile, others: ChangedFile[] = []) {
  const result = await djangoModelAnalyzer.analyze(file, { files: [file, ...others] });
  expect(result.notes).toEqual([]);
  return result.findings;
}

describe("djangoModelAnalyzer (db/orm-change-without-migration)", () => {
  it("fires when a field is added and the app gets no migration, on the new field's line", async () => {
    const findings = await review(changedFile(path, before, withField));
    expect(findings.map((finding) => [finding.ruleId, finding.severity, finding.line, finding.side])).toEqual(
      [["db/orm-change-without-migration", "major", 7, "RIGHT"]],
    );
    expect(findings[0]?.message).toContain("`Webhook` (identifier)");
    expect(findings[0]?.message).toContain("`saleor/webhook/migrations/`");
    expect(findings[0]?.message).toContain("python manage.py makemigrations webhook");
  });

  it("stays quiet when the PR adds a migration to the same app", async () => {
    expect(await review(changedFile(path, before, withField), [migration])).toEqual([]);
  });

  it("does not accept a migration of another app", async () => {
    const other = addedFile("saleor/order/migrations/0200_x.py", "class Migration: ...\n");
    expect(await review(changedFile(path, before, withField), [other])).toHaveLength(1);
  });

  it("anchors a removed field on the deleted line", async () => {
    const findings = await review(changedFile(path, withField, before));
    expect(findings.map((finding) => [finding.line, finding.side])).toEqual([[7, "LEFT"]]);
  });

  it("fires on schema Meta options (indexes) and stays quiet on ordering, methods and comments", async () => {
    const indexed = before.replace(
      '        ordering = ("pk",)\n',
      '        ordering = ("pk",)\n        indexes = [models.Index(fields=["name"])]\n',
    );
    expect(await review(changedFile(path, before, indexed))).toHaveLength(1);
    const cosmetic = before
      .replace('ordering = ("pk",)', 'ordering = ("-pk",)')
      .replace("return self.name", 'return f"{self.name}"')
      .replace(
        "    name = models.CharField(max_length=255)",
        "    # The display name.\n    name = models.CharField(max_length=255)  # shown in the dashboard",
      );
    expect(await review(changedFile(path, before, cosmetic))).toEqual([]);
  });

  it("ignores generic relations, which have no column", async () => {
    const generic = before.replace(
      "    target_url = models.URLField(max_length=2048)\n",
      "    target_url = models.URLField(max_length=2048)\n    prefixes = GenericRelation(to='ipam.Prefix', related_query_name='webhook')\n",
    );
    expect(await review(changedFile(path, before, generic))).toEqual([]);
  });

  it("knows where a models package's app is", () => {
    expect(djangoAppOf("netbox/ipam/models/ip.py")).toBe("netbox/ipam");
    expect(djangoAppOf("netbox/extras/models/models.py")).toBe("netbox/extras");
    expect(djangoAppOf("saleor/webhook/models.py")).toBe("saleor/webhook");
    expect(djangoAppOf("models.py")).toBe("");
    expect(djangoAppOf("app/bar_models.py")).toBeUndefined();
    expect(djangoAppOf("app/tests/models.py")).toBeUndefined();
  });

  it("never throws on malformed Python", async () => {
    const broken =
      'from django.db import models\nclass A(models.Model:\n    x = models.CharField(max_length=\n    """\n';
    const result = await djangoModelAnalyzer.analyze(changedFile(path, before, broken), { files: [] });
    expect(result.notes).toEqual([]);
  });
});
