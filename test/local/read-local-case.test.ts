import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readLocalCase } from "../../src/local/read-local-case.js";

const caseDir = (name: string) => fileURLToPath(new URL(`../fixtures/local-case/${name}`, import.meta.url));

describe("readLocalCase", () => {
  it("builds the snapshot from pr.json and the files from pr.diff", async () => {
    const local = await readLocalCase(caseDir("basic"));
    expect(local.snapshot).toEqual({
      owner: "acme",
      repo: "users-service",
      number: 42,
      title: "Add users.email and an expand parameter",
      body: "Adds the email column.",
      author: "local",
      baseSha: expect.stringMatching(/^[0-9a-f]{40}$/),
      headSha: expect.stringMatching(/^[0-9a-f]{40}$/),
      changedFilesCount: 3,
    });
    expect(local.rawFiles.map((file) => [file.path, file.status, file.additions, file.deletions])).toEqual([
      ["api/openapi.yaml", "modified", 4, 0],
      ["db/migrations/002_add_email.sql", "added", 2, 0],
      ["legacy/notes.txt", "removed", 0, 1],
    ]);
  });

  it("reads each side, with undefined where the file does not exist", async () => {
    const { contents } = await readLocalCase(caseDir("basic"));
    expect(await contents.read("db/migrations/002_add_email.sql", "head")).toMatch(/^ALTER TABLE users/);
    expect(await contents.read("db/migrations/002_add_email.sql", "base")).toBeUndefined();
    expect(await contents.read("legacy/notes.txt", "base")).toBe("this file goes away\n");
    expect(await contents.read("legacy/notes.txt", "head")).toBeUndefined();
    expect(await contents.read("api", "head")).toBeUndefined();
  });

  it("defaults number, body and author, and reads nothing when base/ is absent", async () => {
    const local = await readLocalCase(caseDir("adds-only"));
    expect(local.snapshot).toMatchObject({ number: 1, author: "local", body: "", changedFilesCount: 1 });
    expect(await local.contents.read("db/migrations/002_add_email.sql", "base")).toBeUndefined();
    expect(await local.contents.read("db/migrations/002_add_email.sql", "head")).toContain("CREATE INDEX");
    expect(await local.contents.read("assets/logo.png", "head")).toBeUndefined();
  });

  it.each([
    "../pr.json",
    "../../basic/pr.json",
    "db/../../pr.json",
    "/etc/passwd",
    "C:\\Windows\\win.ini",
    "..\\pr.json",
    "",
    "a\0b",
  ])("refuses to read %j", async (filePath) => {
    const { contents } = await readLocalCase(caseDir("basic"));
    await expect(contents.read(filePath, "head")).rejects.toThrow(/Refusing to read/);
  });

  describe("with a hand-made folder", () => {
    let dir: string;
    const validPr = {
      repo: "acme/api",
      base_sha: "a".repeat(40),
      head_sha: "b".repeat(40),
      title: "t",
      body: "",
    };

    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), "local-case-"));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    const writeCase = async (name: string, prJson: string | undefined, diff: string | undefined) => {
      const root = path.join(dir, name);
      await mkdir(path.join(root, "head"), { recursive: true });
      if (prJson !== undefined) await writeFile(path.join(root, "pr.json"), prJson);
      if (diff !== undefined) await writeFile(path.join(root, "pr.diff"), diff);
      return root;
    };

    it("names the file and the field when pr.json is invalid", async () => {
      const root = await writeCase(
        "bad-field",
        JSON.stringify({ ...validPr, head_sha: 7, repo: "no-slash" }),
        "",
      );
      const error = readLocalCase(root);
      await expect(error).rejects.toThrow(path.join(root, "pr.json"));
      await expect(error).rejects.toThrow(/field "repo": expected "owner\/name"/);
      await expect(error).rejects.toThrow(/field "head_sha"/);
    });

    it("names the file when pr.json is not JSON or is missing, and when pr.diff is missing", async () => {
      await expect(readLocalCase(await writeCase("not-json", "{ repo:", ""))).rejects.toThrow(
        /pr\.json: not valid JSON/,
      );
      await expect(readLocalCase(await writeCase("no-pr-json", undefined, ""))).rejects.toThrow(
        /pr\.json: missing/,
      );
      await expect(
        readLocalCase(await writeCase("no-diff", JSON.stringify(validPr), undefined)),
      ).rejects.toThrow(/pr\.diff: missing/);
    });

    it("refuses a symlink that leads out of the case folder", async () => {
      const root = await writeCase("symlink", JSON.stringify(validPr), "");
      await writeFile(path.join(dir, "secret.txt"), "secret");
      await symlink(path.join(dir, "secret.txt"), path.join(root, "head", "link.txt"));
      const { contents } = await readLocalCase(root);
      await expect(contents.read("link.txt", "head")).rejects.toThrow(/links outside/);
    });
  });
});
