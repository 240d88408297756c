import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { prismaSchemaAnalyzer } from "../../../src/analyzers/prisma/prisma-schema-analyzer.js";
import type { ChangedFile } from "../../../src/domain/model.js";
import { addedFile, changedFile } from "../../helpers/changed-file.js";

const path = "prisma/schema.prisma";
const base = readFileSync("test/fixtures/prisma/base.prisma", "utf8");
const head = readFileSync("test/fixtures/prisma/head.prisma", "utf8");
const migration = addedFile("prisma/migrations/20240301120000_reshape/migration.sql", "-- generated\n");

async function review(file: ChangedFile, others: ChangedFile[] = [migration]) {
  const result = await prismaSchemaAnalyzer.analyze(file, { files: [file, ...others] });
  expect(result.notes).toEqual([]);
  return result.findings;
}

const schema = (models: string) =>
  `datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n\n${models}\n`;
const ruleIds = async (before: string, after: string) =>
  [
    ...new Set(
      (await review(changedFile(path, schema(before), schema(after)))).map((finding) => finding.ruleId),
    ),
  ].sort();

describe("prismaSchemaAnalyzer: each rule fires on the risky schema change and stays quiet on the safe one", () => {
  const model = (fields: string, extra = "") => `model User {\n  id Int @id\n${fields}${extra}\n}`;
  const cases: Array<{ rule: string; before: string; bad: string; good: string }> = [
    {
      rule: "db/drop-column",
      before: model("  email String\n  legacy String?"),
      bad: model("  email String"),
      good: model("  email String\n  legacy String? @ignore"),
    },
    {
      rule: "db/drop-table",
      before: `${model("  email String")}\n\nmodel Session {\n  id Int @id\n}`,
      bad: model("  email String"),
      good: `${model("  email String")}\n\nmodel Session {\n  id Int @id\n\n  @@ignore\n}`,
    },
    {
      rule: "db/rename-column",
      before: model('  email String @map("email")'),
      bad: model('  email String @map("email_address")'),
      good: model('  emailAddress String @map("email")'),
    },
    {
      rule: "db/rename-table",
      before: model("  email String", '\n\n  @@map("users")'),
      bad: model("  email String", '\n\n  @@map("accounts")'),
      good: `model Account {\n  id Int @id\n  email String\n\n  @@map("users")\n}`,
    },
    {
      rule: "db/change-column-type",
      before: model("  age Int\n  name String @db.VarChar(100)"),
      bad: model("  age BigInt\n  name String @db.VarChar(100)"),
      good: model("  age Int\n  name String @db.VarChar(200)"),
    },
    {
      rule: "db/set-not-null",
      before: model("  nickname String?"),
      bad: model("  nickname String"),
      good: model('  nickname String? @default("")'),
    },
    {
      rule: "db/drop-not-null",
      before: model("  nickname String"),
      bad: model("  nickname String?"),
      good: model("  nickname String"),
    },
    {
      rule: "db/add-required-column",
      before: model("  email String"),
      bad: model("  email String\n  plan String"),
      good: model('  email String\n  plan String @default("free")'),
    },
    {
      rule: "db/blocking-constraint",
      before: model("  email String"),
      bad: model("  email String @unique"),
      good: model("  email String @db.Text"),
    },
    {
      rule: "db/table-rewrite-default",
      before: model("  email String"),
      bad: model('  email String\n  token String @default(dbgenerated("gen_random_uuid()"))'),
      good: model("  email String\n  createdAt DateTime @default(now())"),
    },
  ];

  it.each(cases)("$rule", async ({ rule, before, bad, good }) => {
    expect(await ruleIds(before, bad)).toContain(rule);
    expect(await ruleIds(before, good)).not.toContain(rule);
  });
});

describe("prismaSchemaAnalyzer", () => {
  it("anchors each change on its schema line: removals on the base (LEFT) line, the rest on the head line", async () => {
    const findings = await review(changedFile(path, base, head));
    expect(
      findings.map((finding) => [
        finding.side,
        finding.line,
        finding.ruleId,
        finding.subject,
        finding.haltQuestion !== undefined,
      ]),
    ).toEqual([
      ["RIGHT", 13, "db/blocking-constraint", "users.email", false],
      ["RIGHT", 14, "db/set-not-null", "users.nickname", false],
      ["RIGHT", 15, "db/rename-column", "users.full_name", true],
      ["RIGHT", 16, "db/change-column-type", "users.age", true],
      ["LEFT", 17, "db/drop-column", "users.legacyId", true],
      ["RIGHT", 17, "db/add-required-column", "users.plan", false],
      ["RIGHT", 18, "db/add-required-column", "users.token", false],
      ["RIGHT", 22, "db/rename-table", "users", true],
      ["LEFT", 30, "db/drop-table", "AuditLog", true],
    ]);
    const token = findings.find((finding) => finding.subject === "users.token");
    expect(token?.message).toContain("`@default(uuid())` is filled in by Prisma Client, not the database");
    expect(findings.find((finding) => finding.ruleId === "db/rename-table")?.message).toContain(
      "`prisma migrate dev` generates DROP TABLE and CREATE TABLE for this, losing the data",
    );
    expect(findings.find((finding) => finding.ruleId === "db/drop-table")?.haltQuestion).toBe(
      "This migration drops `AuditLog`. Has every deployed version stopped reading and writing it (expand/contract " +
        "step 2)? Is the data backed up or no longer needed?",
    );
  });

  it("db/orm-change-without-migration: fires when the models change and no migration.sql is added", async () => {
    const findings = await review(changedFile(path, base, head), []);
    const missing = findings.filter((finding) => finding.ruleId === "db/orm-change-without-migration");
    expect(missing.map((finding) => [finding.severity, finding.line, finding.side])).toEqual([
      ["major", 13, "RIGHT"],
    ]);
  });

  it("db/orm-change-without-migration: quiet with a new migration, or when only comments and generators change", async () => {
    const withMigration = await review(changedFile(path, base, head));
    expect(withMigration.map((finding) => finding.ruleId)).not.toContain("db/orm-change-without-migration");
    const cosmetic = base
      .replace(
        'provider = "prisma-client-js"',
        'provider = "prisma-client-js"\n  previewFeatures = ["views"]',
      )
      .replace("  age       Int\n", "  /// Years, rounded down.\n  age       Int // filled at sign-up\n");
    expect(await review(changedFile(path, base, cosmetic), [])).toEqual([]);
  });

  it("does not take a model moved to another file of a multi-file schema for a dropped table", async () => {
    const users =
      'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n\nmodel User {\n  id Int @id\n}\n';
    const moved = addedFile("prisma/schema/user.prisma", "model User {\n  id Int @id\n}\n");
    const findings = await review(
      changedFile("prisma/schema/schema.prisma", users, users.replace(/model User[\s\S]*$/, "")),
      [moved, migration],
    );
    expect(findings).toEqual([]);
  });

  it("says nothing for MongoDB, which has no migrations", async () => {
    const mongo = (fields: string) =>
      `datasource db {\n  provider = "mongodb"\n  url = env("DATABASE_URL")\n}\n\nmodel User {\n  id String @id @map("_id")\n${fields}\n}\n`;
    expect(await review(changedFile(path, mongo("  email String"), mongo("  email Int")), [])).toEqual([]);
  });

  it("reports only what the PR's diff shows", async () => {
    // An unchanged line (not added) is not reported even if the comparison sees a difference there.
    const file = { ...changedFile(path, base, head), addedLines: new Set<number>() };
    const findings = await review(file);
    expect(findings.every((finding) => finding.side === "LEFT")).toBe(true);
  });

  it("turns an unparseable schema into one note naming the file", async () => {
    const result = await prismaSchemaAnalyzer.analyze(
      changedFile(path, base, "model User {\n  id Int @id\n"),
      {
        files: [],
      },
    );
    expect(result.findings).toEqual([]);
    expect(result.notes).toHaveLength(1);
    expect(result.notes[0]?.path).toBe(path);
    expect(result.notes[0]?.message).toMatch(
      /^`prisma\/schema\.prisma`: could not parse the head version of the Prisma schema .*; its models were not checked\.$/,
    );
  });

  it("says so instead of guessing when a changed schema's base version is missing", async () => {
    const { baseContent: _base, ...file } = changedFile(path, base, head);
    expect(await prismaSchemaAnalyzer.analyze(file, { files: [file] })).toEqual({
      findings: [],
      notes: [
        { path, message: `\`${path}\`: the base version could not be read; its changes were not checked.` },
      ],
    });
  });

  it("treats a new schema file as a change from nothing", async () => {
    const findings = await review(addedFile(path, head), []);
    expect(findings.map((finding) => finding.ruleId)).toEqual(["db/orm-change-without-migration"]);
  });
});
