// Per ORM family: which files of a PR are its migrations, and the command that writes one.
import { isMigrationFile } from "../../../diff/classify-file.js";
import type { ModelFamily } from "./data-model.js";

interface MigrationKind {
  /** Whether `path` is a migration this family's models would be answered by. */
  answers: (path: string) => boolean;
  /** The command that writes the migration, for the message. */
  tool: string;
}

const extension = (path: string) => path.slice(path.lastIndexOf(".") + 1).toLowerCase();
const migrationIn = (extensions: readonly string[]) => (path: string) =>
  isMigrationFile(path) && extensions.includes(extension(path));

export const migrationKinds: Record<ModelFamily, MigrationKind> = {
  sqlalchemy: {
    // Alembic's `versions/` folder can sit under any name (`alembic/`, `migrations/`, `db/`).
    answers: (path) => /(^|\/)versions\/[^/]+\.py$/.test(path) || migrationIn(["sql"])(path),
    tool: '`alembic revision --autogenerate -m "…"` (Flask-Migrate: `flask db migrate`)',
  },
  typeorm: {
    answers: migrationIn(["ts", "js", "mts", "mjs", "cjs", "sql"]),
    tool: "`typeorm migration:generate` (with your data source)",
  },
  sequelize: {
    answers: migrationIn(["js", "ts", "cjs", "mjs", "sql"]),
    tool: "`npx sequelize-cli migration:generate --name …` (then fill in its `up` and `down`)",
  },
  gorm: {
    answers: migrationIn(["sql", "go", "fizz"]),
    tool: "`migrate create -ext sql -dir migrations …` (golang-migrate), `goose create … sql` or `soda generate sql …`",
  },
  rails: {
    answers: migrationIn(["rb"]),
    tool: "`bin/rails generate migration …`",
  },
};
