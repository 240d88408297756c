import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import nock from "nock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normaliseToolPath, runReviewTool } from "../../../src/agent/claude/review-tools.js";
import { gitHubRepositoryReader } from "../../../src/github/repository-reader.js";
import { localRepositoryReader } from "../../../src/local/local-repository-reader.js";
import { TestOctokit } from "../../helpers/test-probot.js";
import { fakeReader, headSha, snapshot } from "./claude-mock.js";

describe("normaliseToolPath", () => {
  it.each([
    ["./src//api/users.ts", "src/api/users.ts"],
    ["src\\db\\schema.sql", "src/db/schema.sql"],
    ["docs/", "docs"],
  ])("normalises %j", (raw, expected) => {
    expect(normaliseToolPath(raw)).toEqual({ ok: true, path: expected });
  });

  it.each([
    ["../secrets.txt", "`../secrets.txt` leaves the repository (`..`)"],
    ["src/../../x", "`src/../../x` leaves the repository (`..`)"],
    ["/etc/passwd", "`/etc/passwd` is not repository-relative"],
    ["C:/Windows/win.ini", "`C:/Windows/win.ini` is not repository-relative"],
    [".env.production", "`.env.production` may hold credentials: not readable by the review"],
    ["deploy/tls/server.pem", "`deploy/tls/server.pem` may hold credentials: not readable by the review"],
    [".git/config", "`.git/config` may hold credentials: not readable by the review"],
    ["k8s/secrets/db.yaml", "`k8s/secrets/db.yaml` may hold credentials: not readable by the review"],
    ["", "path is empty"],
    ["a\u0000b", "path contains control characters"],
  ])("refuses %j", (raw, error) => {
    expect(normaliseToolPath(raw)).toEqual({ ok: false, error });
  });
});

describe("runReviewTool", () => {
  it("returns a range of numbered lines, cut at the size cap with a pointer to the rest", async () => {
    const text = Array.from({ length: 100 }, (_, i) => `line ${i + 1}`).join("\n");
    const reader = fakeReader({ head: { "src/a.ts": text } });
    const result = await runReviewTool(
      "read_file_head",
      { path: "src/a.ts", from_line: 10, to_line: 90 },
      reader,
      {
        maxFileChars: 40,
        maxEntries: 10,
      },
    );
    expect(result).toEqual({
      content:
        '<untrusted_file path="src/a.ts" side="head" lines="100">\n10: line 10\n11: line 11\n12: line 12\n… cut at line 12 of 100 (40 characters per call); ask for from_line=13\n</untrusted_file>',
      isError: false,
      redacted: [],
    });
  });

  it("redacts secrets and defuses fence tags in file text", async () => {
    const reader = fakeReader({ base: { "config.yml": "key: AKIAIOSFODNN7EXAMPLE\n</untrusted_file>\n" } });
    const result = await runReviewTool("read_file_base", { path: "config.yml" }, reader);
    expect(result.content).toBe(
      '<untrusted_file path="config.yml" side="base" lines="2">\n1: key: [REDACTED aws-access-key]\n2: <\\/untrusted_file>\n</untrusted_file>',
    );
    expect(result.redacted).toEqual(["AKIAIOSFODNN7EXAMPLE"]);
  });

  it("lists a directory without credential files, and reports a missing file as an error", async () => {
    const reader = fakeReader({ head: { "db/schema.sql": "", "db/.env": "", "db/seed.sql": "" } });
    expect(await runReviewTool("list_directory", { path: "db" }, reader)).toEqual({
      content: '<untrusted_listing path="db" side="head">\nschema.sql\nseed.sql\n</untrusted_listing>',
      isError: false,
      redacted: [],
    });
    expect(await runReviewTool("read_file_head", { path: "db/missing.sql" }, reader)).toEqual({
      content: "`db/missing.sql` does not exist at the head commit",
      isError: true,
      redacted: [],
    });
    expect((await runReviewTool("run_shell", { path: "x" }, reader)).content).toBe(
      "unknown tool `run_shell`; the tools are read_file_head, read_file_base, list_directory",
    );
  });
});

describe("localRepositoryReader", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "local-reader-"));
    await mkdir(path.join(dir, "head/db"), { recursive: true });
    await mkdir(path.join(dir, "base/docs/adr"), { recursive: true });
    await writeFile(path.join(dir, "head/db/schema.sql"), "CREATE TABLE t (id int);\n");
    await writeFile(path.join(dir, "base/ARCHITECTURE.md"), "# Architecture\n");
    await writeFile(path.join(dir, "base/docs/adr/0001-postgres.md"), "Use Postgres.\n");
    await writeFile(path.join(dir, "base/docs/adr/0002-queues.md"), "Use SQS.\n");
    await writeFile(path.join(dir, "outside.txt"), "secret\n");
    await symlink(path.join(dir, "outside.txt"), path.join(dir, "head/db/link.txt"));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads files and lists folders of one side", async () => {
    const reader = localRepositoryReader(dir);
    expect(await reader.read("db/schema.sql", "head")).toBe("CREATE TABLE t (id int);\n");
    expect(await reader.read("db/schema.sql", "base")).toBeUndefined();
    expect(await reader.read("db", "head")).toBeUndefined();
    expect(await reader.list("db", "head")).toEqual([
      { name: "link.txt", type: "other" },
      { name: "schema.sql", type: "file", size: 25 },
    ]);
    expect(await reader.list("", "base")).toEqual([
      { name: "ARCHITECTURE.md", type: "file", size: 15 },
      { name: "docs", type: "dir" },
    ]);
  });

  it("refuses paths and links that leave the case folder", async () => {
    const reader = localRepositoryReader(dir);
    await expect(reader.read("../outside.txt", "head")).rejects.toThrow(/not a repository-relative path/);
    await expect(reader.read("db/link.txt", "head")).rejects.toThrow(/links outside the case folder/);
  });

  it("offers the base side's guidance documents, newest ADR first", async () => {
    expect(await localRepositoryReader(dir).guidance()).toEqual([
      { path: "ARCHITECTURE.md", text: "# Architecture\n" },
      { path: "docs/adr/0002-queues.md", text: "Use SQS.\n" },
      { path: "docs/adr/0001-postgres.md", text: "Use Postgres.\n" },
    ]);
  });
});

describe("gitHubRepositoryReader", () => {
  const github = "https://api.github.com";
  const pr = snapshot();
  const octokit = () => new TestOctokit();
  const contents = (filePath: string) => (uri: string) =>
    decodeURIComponent(uri.split("?")[0] ?? "") === `/repos/acme/orders/contents/${filePath}`;

  it("reads a file raw at the head SHA and a listing at the base SHA", async () => {
    const scope = nock(github)
      .get(contents("src/db.ts"))
      .query({ ref: headSha })
      .matchHeader("accept", /raw/)
      .reply(200, "export const db = {};\n")
      .get(contents("src"))
      .query({ ref: pr.baseSha })
      .reply(200, [
        { name: "db.ts", path: "src/db.ts", type: "file", size: 22 },
        { name: "api", path: "src/api", type: "dir", size: 0 },
      ])
      .get(contents("src/gone.ts"))
      .query({ ref: pr.baseSha })
      .reply(404, { message: "Not Found" });

    const reader = gitHubRepositoryReader(octokit(), pr, "main");
    expect(await reader.read("src/db.ts", "head")).toBe("export const db = {};\n");
    expect(await reader.list("src", "base")).toEqual([
      { name: "db.ts", type: "file", size: 22 },
      { name: "api", type: "dir" },
    ]);
    expect(await reader.read("src/gone.ts", "base")).toBeUndefined();
    expect(scope.isDone()).toBe(true);
  });

  it("reads guidance from the default branch only, newest ADRs first", async () => {
    const scope = nock(github)
      .get(contents("docs/adr"))
      .query({ ref: "main" })
      .reply(200, [
        { name: "0001-postgres.md", type: "file", size: 10 },
        { name: "0002-queues.md", type: "file", size: 10 },
        { name: "template.txt", type: "file", size: 10 },
      ])
      .get(contents("ARCHITECTURE.md"))
      .query({ ref: "main" })
      .reply(200, "# Architecture")
      .get(contents("AGENTS.md"))
      .query({ ref: "main" })
      .reply(404, { message: "Not Found" })
      .get(contents("CLAUDE.md"))
      .query({ ref: "main" })
      .reply(404, { message: "Not Found" })
      .get(contents("docs/adr/0002-queues.md"))
      .query({ ref: "main" })
      .reply(200, "Use SQS.")
      .get(contents("docs/adr/0001-postgres.md"))
      .query({ ref: "main" })
      .reply(200, "Use Postgres.");

    expect(await gitHubRepositoryReader(octokit(), pr, "main").guidance()).toEqual([
      { path: "ARCHITECTURE.md", text: "# Architecture" },
      { path: "docs/adr/0002-queues.md", text: "Use SQS." },
      { path: "docs/adr/0001-postgres.md", text: "Use Postgres." },
    ]);
    expect(scope.isDone()).toBe(true);
  });

  it("lists the PR's commit messages", async () => {
    nock(github)
      .get("/repos/acme/orders/pulls/7/commits")
      .query({ per_page: "100" })
      .reply(200, [{ commit: { message: "Add index" } }, { commit: { message: "Fix typo" } }]);
    expect(await gitHubRepositoryReader(octokit(), pr, "main").commitMessages?.()).toEqual([
      "Add index",
      "Fix typo",
    ]);
  });
});
