// The ORM model analyzer over the real changes that edit model files (outline: sequelize-typescript;
// supabase auth: pop structs with `db:` tags). Each of them brings its migration, so nothing is reported;
// without those migrations, each model change is found on the line that makes it.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ormModelAnalyzer } from "../../../src/analyzers/orm/orm-model-analyzer.js";
import { isMigrationFile } from "../../../src/diff/classify-file.js";
import type { ChangedFile } from "../../../src/domain/model.js";
import { corpusCaseFiles } from "../../helpers/corpus-case.js";

// CI places shared/ beside the clone; vitest runs from the repository root.
const corpus = "../shared/corpus/real";
const present = existsSync(corpus);

const caseFiles = (name: string): Promise<ChangedFile[]> => corpusCaseFiles(corpus, name);

/** `path:line[ LEFT] message` for every finding on the files the analyzer applies to. */
async function review(files: readonly ChangedFile[], prFiles = files): Promise<string[]> {
  const fired: string[] = [];
  for (const file of files.filter((candidate) => ormModelAnalyzer.appliesTo(candidate))) {
    const result = await ormModelAnalyzer.analyze(file, { files: prFiles });
    expect(result.notes).toEqual([]);
    for (const finding of result.findings) {
      const where = `${finding.path}:${finding.line}${finding.side === "LEFT" ? " LEFT" : ""}`;
      fired.push(`${where} ${finding.message.slice(0, finding.message.indexOf(", but"))}`);
    }
  }
  return fired;
}

const modelCases: Record<string, { applies: string[]; withoutMigrations: string[] }> = {
  // The model's new `documentId` foreign key; the `document` association and the type of `collection` are no column.
  "outline-18": {
    applies: ["server/models/FileOperation.ts"],
    withoutMigrations: ["server/models/FileOperation.ts:152 `FileOperation` adds column `documentId`"],
  },
  // New doc comments on existing columns change nothing; the new `documentId` does.
  "outline-21": {
    applies: ["server/models/ShareSubscription.ts"],
    withoutMigrations: ["server/models/ShareSubscription.ts:49 `ShareSubscription` adds column `documentId`"],
  },
  // The new column is anchored on the first line of its declaration, a `@Length` validation.
  "outline-25": {
    applies: ["server/models/Group.ts"],
    withoutMigrations: ["server/models/Group.ts:69 `Group` adds column `description`"],
  },
  // factor.go and identity.go only gain functions; `deleted_at` is the one new column.
  "supabase-19": {
    applies: ["models/factor.go", "models/identity.go", "models/user.go"],
    withoutMigrations: ["models/user.go:65 `User` adds column `deleted_at`"],
  },
  // The realigned struct fields are unchanged columns; `is_sso_user` is new.
  "supabase-22": {
    applies: ["models/user.go"],
    withoutMigrations: ["models/user.go:23 `User` adds column `is_sso_user`"],
  },
};

describe.skipIf(!present)(
  "ormModelAnalyzer on the real corpus (skipped when ../shared/corpus/real is absent)",
  () => {
    it.each(Object.keys(modelCases))("%s: the PR's own migration answers its model change", async (name) => {
      const files = await caseFiles(name);
      const expected = modelCases[name];
      expect(files.filter((file) => ormModelAnalyzer.appliesTo(file)).map((file) => file.path)).toEqual(
        expected?.applies,
      );
      expect(await review(files)).toEqual([]);
    });

    it.each(Object.keys(modelCases))(
      "%s: without its migrations, the model change is reported",
      async (name) => {
        const files = await caseFiles(name);
        const withoutMigrations = files.filter((file) => !isMigrationFile(file.path));
        expect(await review(withoutMigrations)).toEqual(modelCases[name]?.withoutMigrations);
      },
    );

    it("reports nothing and never gives up on any case of the corpus", async () => {
      const cases = readdirSync(corpus).filter((name) => existsSync(path.join(corpus, name, "pr.json")));
      for (const name of cases) expect([name, await review(await caseFiles(name))]).toEqual([name, []]);
    });
  },
);
