// readGitRange on a real temporary repository: the diff split into files (renames, quoted names), contents at
// the merge-base and head, the architect's reader, default refs, and what is refused.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GitRangeUsageError, GitUnavailableError, readGitRange } from "../../src/cli/git-range.js";
import { createTempRepository, type TempRepository } from "./temp-git-repository.js";

let repo: TempRepository;
const createUsers = "CREATE TABLE users (id bigint PRIMARY KEY, age int, legacy_email text);\n";

beforeEach(() => {
  repo = createTempRepository();
});
afterEach(() => repo.remove());

describe("readGitRange", { timeout: 60_000 }, () => {
  it("diffs head against its merge-base with main, not against main's newer commits", async () => {
    repo.git("checkout", "--quiet", "main");
    repo.write("ARCHITECTURE.md", "# Orders\nMigrations are expand/contract.\n");
    repo.write("docs/adr/0001-postgres.md", "# Use Postgres\n");
    repo.git("add", "--all");
    repo.git("commit", "--quiet", "--message", "Guidance");
    repo.git("checkout", "--quiet", "feature");

    const range = await readGitRange({ cwd: repo.dir, env: repo.env });
    expect(range.base.ref).toBe("main");
    expect(range.head.ref).toBe("HEAD");
    expect(range.mergeBase).toBe(repo.git("merge-base", "main", "feature").trim());
    expect(range.mergeBase).not.toBe(range.base.sha);
    // main's later commit (ARCHITECTURE.md) is not part of the change.
    expect(range.rawFiles).toEqual([
      {
        path: "db/migrations/002_users_age.sql",
        status: "added",
        additions: 2,
        deletions: 0,
        patch:
          "@@ -0,0 +1,2 @@\n+CREATE INDEX users_age_idx ON users (age);\n+ALTER TABLE users DROP COLUMN legacy_email;",
      },
    ]);
    expect(range.commitMessages).toEqual(["Add migration 002"]);
    expect(range.uncommitted).toEqual([]);
    // Guidance comes from the merge-base, where there was none yet.
    expect(await range.reader.guidance()).toEqual([]);
  });

  it("reports renames with their previous path and reads each side at its own commit", async () => {
    repo.git("mv", "db/migrations/001_users.sql", "db/migrations/001 créer users.sql");
    repo.write("db/migrations/001 créer users.sql", `${createUsers}-- renamed\n`);
    repo.git("rm", "--quiet", "README.md");
    repo.git("add", "--all");
    repo.git("commit", "--quiet", "--message", "Rename the first migration\n\nAnd drop the README.");

    const range = await readGitRange({ cwd: `${repo.dir}/db`, env: repo.env, base: "main", head: "feature" });
    expect(range.rawFiles.map((file) => [file.status, file.path, file.previousPath])).toEqual([
      ["removed", "README.md", undefined],
      ["renamed", "db/migrations/001 créer users.sql", "db/migrations/001_users.sql"],
      ["added", "db/migrations/002_users_age.sql", undefined],
    ]);
    expect(range.commitMessages).toEqual([
      "Add migration 002",
      "Rename the first migration\n\nAnd drop the README.",
    ]);
    const { contents, reader } = range;
    expect(await contents.read("db/migrations/001_users.sql", "base")).toBe(createUsers);
    expect(await contents.read("db/migrations/001_users.sql", "head")).toBeUndefined();
    expect(await contents.read("db/migrations/001 créer users.sql", "head")).toBe(
      `${createUsers}-- renamed\n`,
    );
    expect(await contents.read("README.md", "head")).toBeUndefined();
    expect(await contents.read("db/migrations", "head")).toBeUndefined();
    await expect(contents.read("../outside.sql", "head")).rejects.toThrow(
      'Refusing "../outside.sql": not a repository-relative path',
    );
    await expect(reader.read("/etc/passwd", "base")).rejects.toThrow("not a repository-relative path");

    expect(await reader.list("", "head")).toEqual([{ name: "db", type: "dir" }]);
    expect(await reader.list("db/migrations", "base")).toEqual([
      { name: "001_users.sql", type: "file", size: Buffer.byteLength(createUsers) },
    ]);
    expect(await reader.list("README.md", "base")).toBeUndefined();
    expect(await reader.list("nowhere", "head")).toBeUndefined();
    expect(await reader.commitMessages?.()).toEqual(range.commitMessages);
  });

  it("prefers origin/HEAD as the base and reads owner/name from the origin remote", async () => {
    repo.git("remote", "add", "origin", "git@github.com:acme/orders.git");
    repo.git("update-ref", "refs/remotes/origin/main", "main");
    repo.git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main");
    const range = await readGitRange({ cwd: repo.dir, env: repo.env });
    expect(range.base).toEqual({ ref: "origin/HEAD", sha: repo.git("rev-parse", "main").trim() });
    expect(range.remote).toEqual({ owner: "acme", repo: "orders" });
  });

  it("lists uncommitted paths, a rename once, only when head is HEAD", async () => {
    repo.git("mv", "README.md", "README.txt");
    repo.write("db/migrations/002_users_age.sql", "SELECT 1;\n");
    repo.write("notes.txt", "draft\n");
    const range = await readGitRange({ cwd: repo.dir, env: repo.env });
    expect(range.uncommitted).toEqual(["README.txt", "db/migrations/002_users_age.sql", "notes.txt"]);
    // The working tree does not change the range.
    expect(range.rawFiles.map((file) => file.path)).toEqual(["db/migrations/002_users_age.sql"]);
    const named = await readGitRange({ cwd: repo.dir, env: repo.env, head: "feature" });
    expect(named.uncommitted).toEqual([]);
  });

  it("refuses a repository without main, master or origin/HEAD unless --base is given", async () => {
    repo.git("branch", "--move", "main", "trunk");
    await expect(readGitRange({ cwd: repo.dir, env: repo.env })).rejects.toThrow(
      new GitRangeUsageError(
        "no base to compare with: none of origin/HEAD, main, master exists; pass --base REF",
      ),
    );
    const range = await readGitRange({ cwd: repo.dir, env: repo.env, base: "trunk" });
    expect(range.base.ref).toBe("trunk");
  });

  it("throws GitUnavailableError when git cannot run", async () => {
    await expect(
      readGitRange({ cwd: repo.dir, env: { ...repo.env, PATH: "/nonexistent" } }),
    ).rejects.toBeInstanceOf(GitUnavailableError);
  });
});
