// A throwaway git repository for the CLI tests: a base commit on `main`, a `feature` branch with a dangerous
// migration, checked out. Git runs with no user or system config, so the host's settings cannot leak in.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface TempRepository {
  dir: string;
  /** The environment to run git and the CLI with (no ANTHROPIC_API_KEY: offline). */
  env: NodeJS.ProcessEnv;
  git(...args: string[]): string;
  write(file: string, text: string): void;
  remove(): void;
}

export const dangerousMigration =
  "CREATE INDEX users_age_idx ON users (age);\nALTER TABLE users DROP COLUMN legacy_email;\n";

export function createTempRepository(): TempRepository {
  const dir = mkdtempSync(path.join(tmpdir(), "backend-architect-cli-"));
  const home = mkdtempSync(path.join(tmpdir(), "backend-architect-home-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: home,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: path.join(home, "gitconfig"),
    GIT_AUTHOR_NAME: "Dev",
    GIT_AUTHOR_EMAIL: "dev@example.com",
    GIT_COMMITTER_NAME: "Dev",
    GIT_COMMITTER_EMAIL: "dev@example.com",
    GIT_AUTHOR_DATE: "2026-01-01T00:00:00Z",
    GIT_COMMITTER_DATE: "2026-01-01T00:00:00Z",
  };
  delete env.ANTHROPIC_API_KEY;
  delete env.GIT_DIR;
  delete env.GIT_WORK_TREE;
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, env, encoding: "utf8" });
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  };

  git("init", "--quiet", "--initial-branch=main");
  write("README.md", "# Orders service\n");
  write(
    "db/migrations/001_users.sql",
    "CREATE TABLE users (id bigint PRIMARY KEY, age int, legacy_email text);\n",
  );
  git("add", "--all");
  git("commit", "--quiet", "--message", "Create users");
  git("checkout", "--quiet", "-b", "feature");
  write("db/migrations/002_users_age.sql", dangerousMigration);
  git("add", "--all");
  git("commit", "--quiet", "--message", "Add migration 002");

  return {
    dir,
    env,
    git,
    write,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    },
  };
}
