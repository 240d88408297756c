// Catalogue rule D16 (shared analyzers reference §3.1): the ORM's schema changed but the PR brings no
// migration. The DSL analyzers report D1–D15 under the SQL rule ids (sql/sql-rules.ts).
import type { RuleDefinition } from "../rule.js";

export const ormRules = {
  ormChangeWithoutMigration: {
    id: "db/orm-change-without-migration",
    category: "schema",
    severity: "major",
    halts: false,
    title: "Schema model changed without a migration",
    why:
      "The models and the database drift apart: the new code deploys expecting columns, tables or constraints the " +
      "database does not have and fails on its first query against them, or the next developer's `migrate` run " +
      "produces a surprise migration that nobody reviewed.",
    doInstead:
      "Generate the migration in the same PR (`prisma migrate dev --create-only`, `python manage.py makemigrations`, " +
      "`alembic revision --autogenerate`, `typeorm migration:generate`, `sequelize-cli migration:generate`, " +
      "`migrate create -ext sql` / `goose create` / `soda generate sql` for Go, `bin/rails generate migration`), " +
      "review the SQL it produces, and commit both together.",
  },
} satisfies Record<string, RuleDefinition>;
