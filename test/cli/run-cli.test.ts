// `backend-architect review` on a real temporary git repository: exit codes, the Markdown body, JSON, and
// SARIF validated against the SARIF 2.1.0 schema (test/fixtures/sarif-schema-2.1.0.json, see the .md beside it).
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import nock from "nock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRules } from "../../src/analyzers/registry.js";
import { runCli } from "../../src/cli/run-cli.js";
import { anthropic, modelReply } from "../helpers/anthropic-mock.js";
import { projectRoot, sarifErrors } from "./sarif-validator.js";
import { createTempRepository, type TempRepository } from "./temp-git-repository.js";

const migration = "db/migrations/002_users_age.sql";

let repo: TempRepository;
let headSha: string;
let baseSha: string;

beforeAll(() => {
  repo = createTempRepository();
  headSha = repo.git("rev-parse", "HEAD").trim();
  baseSha = repo.git("rev-parse", "main").trim();
  // A branch with a history of its own: nothing in common with `feature`.
  const orphan = repo.git("commit-tree", "main^{tree}", "-m", "Unrelated").trim();
  repo.git("branch", "orphan", orphan);
});
afterAll(() => repo.remove());

async function cli(argv: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    cwd: options.cwd ?? repo.dir,
    env: options.env ?? repo.env,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

const haltStatus =
  "backend-architect: main...HEAD: 1 changed file, halt: 1 HALT question, 2 findings (1 blocker)";

// Each run parses SQL and starts git several times: generous under a loaded CI machine.
describe("backend-architect review", { timeout: 60_000 }, () => {
  it("fails on the HALT by default and prints the review body GitHub would receive", async () => {
    const { code, stdout, stderr } = await cli(["review"]);
    expect(code).toBe(1);
    expect(stderr).toBe(`${haltStatus}; failing (--fail-on halt)\n`);
    expect(stdout.split("\n").slice(0, 8)).toEqual([
      "### Backend Architect — changes requested: 1 question to answer",
      "",
      "Cannot proceed without answers to 1 question about 1 schema/migration file: the change is irreversible or breaks a contract, and the PR does not say it is intended.",
      "",
      "#### Questions — the architect cannot judge this change without your answers",
      "",
      `1. \`${migration}:2\` \`db/drop-column\` — This migration drops \`users.legacy_email\`. Has every deployed version stopped reading and writing it (expand/contract step 2)? Is the data backed up or no longer needed?`,
      "   _Why it blocks:_ Drops column `users.legacy_email`: instances of the previous release still running during the deploy fail on every query that names it, and the data is gone for good. Stop reading and writing the column first (e.g. ignore it in the ORM), deploy that, then drop it in a later migration.",
    ]);
    // Inline comments are listed in the body (inline: false), so the index finding is there too.
    expect(stdout).toContain(
      `#### Findings\n\n- **blocker** \`db/index-not-concurrent\` \`${migration}:1\` — Index built or dropped without CONCURRENTLY\n`,
    );
    expect(stdout).toContain(
      `#### Hygiene\n\n- **info** \`db/missing-lock-timeout\` \`${migration}:1\` — No lock_timeout before lock-taking DDL\n`,
    );
    // Answered in a commit message, not with a PR comment; no hidden state marker (only the app reads it).
    expect(stdout).toContain(
      "To go on, change the code or state your intent in a commit message of the range (for example `architect-ack: db/drop-column users.legacy_email` followed by your reason).",
    );
    expect(stdout).not.toContain("/architect answer");
    expect(
      stdout.endsWith(
        `<sub>Reviewed ${headSha.slice(0, 7)} by the offline architect (deterministic rules, no model). Every finding names its rule id.</sub>\n`,
      ),
    ).toBe(true);
  });

  it("exits 0 with --fail-on never, and 1 with --fail-on blocker", async () => {
    const never = await cli(["review", "--fail-on", "never"]);
    expect(never.code).toBe(0);
    expect(never.stderr).toBe(`${haltStatus}\n`);
    const blocker = await cli(["review", "--fail-on=blocker"]);
    expect(blocker.code).toBe(1);
    expect(blocker.stderr).toBe(`${haltStatus}; failing (--fail-on blocker)\n`);
  });

  it("passes the HALT when a commit message acknowledges it, but --fail-on blocker still fails on the index", async () => {
    repo.git("branch", "acked", "feature");
    repo.git("checkout", "--quiet", "acked");
    try {
      repo.git(
        "commit",
        "--quiet",
        "--allow-empty",
        "--message",
        "architect-ack: db/drop-column users.legacy_email nothing has read it since v2",
      );
      const halt = await cli(["review", "--format", "json"]);
      expect(halt.code).toBe(0);
      const outcome = JSON.parse(halt.stdout);
      expect(outcome.verdict).toBe("concerns");
      expect(outcome.questions).toEqual([]);
      expect(
        outcome.findings.map((f: { ruleId: string; acknowledged?: string }) => [f.ruleId, f.acknowledged]),
      ).toEqual([
        ["db/index-not-concurrent", undefined],
        ["db/drop-column", "stated in the PR description"],
        ["db/missing-lock-timeout", undefined],
      ]);
      const blocker = await cli(["review", "--fail-on", "blocker"]);
      expect(blocker.code).toBe(1);
      expect(blocker.stderr).toBe(
        "backend-architect: main...HEAD: 1 changed file, concerns: 0 HALT questions, 3 findings (2 blockers); failing (--fail-on blocker)\n",
      );
    } finally {
      repo.git("checkout", "--quiet", "feature");
    }
  });

  it("prints the outcome, the range and a summary of the files as JSON", async () => {
    const { code, stdout } = await cli(["review", "--format", "json", "--base", "main", "--head", "feature"]);
    expect(code).toBe(1);
    const json = JSON.parse(stdout);
    expect(json.verdict).toBe("halt");
    expect(json.model).toBe("offline");
    expect(json.relevant).toBe(true);
    expect(json.range).toEqual({
      base: { ref: "main", sha: baseSha },
      head: { ref: "feature", sha: headSha },
      mergeBase: baseSha,
      uncommitted: [],
    });
    expect(json.files).toEqual([
      { path: migration, status: "added", category: "schema", additions: 2, deletions: 0 },
    ]);
    expect(json.questions).toEqual([
      expect.objectContaining({
        ruleId: "db/drop-column",
        path: migration,
        line: 2,
        subject: "users.legacy_email",
      }),
    ]);
    expect(
      json.findings.map((f: { ruleId: string; severity: string; line: number }) => [
        f.ruleId,
        f.severity,
        f.line,
      ]),
    ).toEqual([
      ["db/index-not-concurrent", "blocker", 1],
      ["db/missing-lock-timeout", "info", 1],
    ]);
    expect(json.unchecked).toEqual([]);
  });

  it("writes SARIF 2.1.0 that validates against the schema, with rule ids and locations", async () => {
    const { code, stdout } = await cli(["review", "--format", "sarif"]);
    expect(code).toBe(1);
    const sarif = JSON.parse(stdout);
    expect(sarifErrors(sarif)).toEqual([]);

    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs).toHaveLength(1);
    const [run] = sarif.runs;
    expect(run.tool.driver.name).toBe("backend-architect");
    const ruleIds = run.tool.driver.rules.map((rule: { id: string }) => rule.id);
    expect(ruleIds).toEqual([...allRules.map((rule) => rule.id), "architect/halt"]);
    const results = run.results.map(
      (result: {
        ruleId: string;
        ruleIndex: number;
        level: string;
        locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: object } }>;
      }) => ({
        ruleId: result.ruleId,
        rule: ruleIds[result.ruleIndex],
        level: result.level,
        uri: result.locations[0]?.physicalLocation.artifactLocation.uri,
        region: result.locations[0]?.physicalLocation.region,
      }),
    );
    expect(results).toEqual([
      {
        ruleId: "db/drop-column",
        rule: "db/drop-column",
        level: "error",
        uri: migration,
        region: { startLine: 2, endLine: 2 },
      },
      {
        ruleId: "db/index-not-concurrent",
        rule: "db/index-not-concurrent",
        level: "error",
        uri: migration,
        region: { startLine: 1, endLine: 1 },
      },
      {
        ruleId: "db/missing-lock-timeout",
        rule: "db/missing-lock-timeout",
        level: "note",
        uri: migration,
        region: { startLine: 1, endLine: 1 },
      },
    ]);
    expect(run.results[0].message.text).toBe(
      "HALT: This migration drops `users.legacy_email`. Has every deployed version stopped reading and writing it (expand/contract step 2)? Is the data backed up or no longer needed? Why it blocks: Drops column `users.legacy_email`: instances of the previous release still running during the deploy fail on every query that names it, and the data is gone for good. Stop reading and writing the column first (e.g. ignore it in the ORM), deploy that, then drop it in a later migration.",
    );
    expect(run.results[0].partialFingerprints).toEqual({
      "backendArchitect/v1": expect.stringMatching(/^[0-9a-f]{16}$/),
    });
  });

  it("links every catalogue rule to its section of docs/rules.md", async () => {
    const { stdout } = await cli(["review", "--format", "sarif", "--fail-on", "never"]);
    const rulesDoc = readFileSync(path.join(projectRoot, "docs/rules.md"), "utf8");
    const rules: Array<{ id: string; helpUri?: string }> = JSON.parse(stdout).runs[0].tool.driver.rules;
    for (const rule of rules.filter((r) => r.id !== "architect/halt")) {
      const anchor = rule.helpUri?.split("#")[1] ?? "";
      expect(rule.helpUri).toBe(
        `https://github.com/backend-architect/backend-architect/blob/main/docs/rules.md#${anchor}`,
      );
      expect(rulesDoc).toContain(`[\`${rule.id}\`](#${anchor})`);
    }
  });

  it("reads the repository config from --config", async () => {
    const configDir = mkdtempSync(path.join(tmpdir(), "backend-architect-config-"));
    try {
      const config = path.join(configDir, "architect.yml");
      writeFileSync(config, "rules:\n  db/missing-lock-timeout: off\n  db/index-not-concurrent: major\n");
      const { code, stdout } = await cli([
        "review",
        "--format",
        "json",
        "--config",
        config,
        "--fail-on",
        "blocker",
      ]);
      expect(code).toBe(1);
      const json = JSON.parse(stdout);
      expect(json.findings.map((f: { ruleId: string; severity: string }) => [f.ruleId, f.severity])).toEqual([
        ["db/index-not-concurrent", "major"],
      ]);
      expect(json.notes).toEqual([]);
      const missing = await cli(["review", "--config", path.join(configDir, "nope.yml")]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(
        new RegExp(
          `^backend-architect: --config ${path.join(configDir, "nope.yml")}: cannot read it \\(.*ENOENT.*\\)\\n$`,
        ),
      );
    } finally {
      rmSync(configDir, { recursive: true, force: true });
    }
  });

  it("says that uncommitted changes are not reviewed", async () => {
    repo.write("db/migrations/003_drop_users.sql", "DROP TABLE users;\n");
    try {
      const { code, stderr } = await cli(["review", "--format", "json"]);
      expect(code).toBe(1);
      expect(stderr).toBe(
        `backend-architect: 1 path has uncommitted changes; they are not reviewed (commit them to include them)\n${haltStatus}; failing (--fail-on halt)\n`,
      );
    } finally {
      rmSync(path.join(repo.dir, "db/migrations/003_drop_users.sql"));
    }
  });

  it("exits 0 with a one-line notice when nothing backend changed", async () => {
    const { code, stdout, stderr } = await cli(["review", "--base", "feature"]);
    expect(code).toBe(0);
    expect(stdout).toBe(
      "No API contract, database schema or migration, or infrastructure file changed between feature and HEAD: nothing for the backend architect to judge.\n",
    );
    expect(stderr).toBe("backend-architect: feature...HEAD: 0 changed files, none of them backend\n");
  });

  it.each([
    [
      ["review", "--format", "xml"],
      'backend-architect: --format must be markdown, json or sarif (got "xml")\n',
    ],
    [
      ["review", "--fail-on", "major"],
      'backend-architect: --fail-on must be halt, blocker or never (got "major")\n',
    ],
    [
      ["review", "--frobnicate"],
      "backend-architect: unknown option --frobnicate: see backend-architect --help\n",
    ],
    [["review", "--base"], "backend-architect: --base needs a value\n"],
    [["review", "--base", "--head", "x"], "backend-architect: --base needs a value\n"],
    [["lint"], 'backend-architect: unknown command "lint": the only command is `review`\n'],
    [[], "backend-architect: missing command: try `backend-architect review`\n"],
    [["review", "--base", "nope"], "backend-architect: --base nope: no such commit in this repository\n"],
    [["review", "--head=-x"], 'backend-architect: --head "-x" is not a valid git ref\n'],
    [
      ["review", "--base", "orphan"],
      "backend-architect: orphan and HEAD have no common ancestor: nothing to compare\n",
    ],
  ])("exits 2 on a usage error: %j", async (argv, message) => {
    const { code, stdout, stderr } = await cli(argv);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(message);
  });

  it("prints the usage with --help", async () => {
    const { code, stdout } = await cli(["review", "--help"]);
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toBe(
      "Usage: backend-architect review [--base REF] [--head REF] [--format markdown|json|sarif]",
    );
  });

  it("exits 3 outside a git repository, and when git cannot run", async () => {
    const outside = mkdtempSync(path.join(tmpdir(), "backend-architect-outside-"));
    try {
      const env = { ...repo.env, GIT_CEILING_DIRECTORIES: path.dirname(outside) };
      const notRepo = await cli(["review"], { cwd: outside, env });
      expect(notRepo.code).toBe(3);
      expect(notRepo.stderr).toMatch(
        new RegExp(
          `^backend-architect: ${outside} is not inside a git repository \\(not a git repository.*\\)\\n$`,
        ),
      );
      const noGit = await cli(["review"], { cwd: repo.dir, env: { ...repo.env, PATH: outside } });
      expect(noGit.code).toBe(3);
      expect(noGit.stderr).toBe(
        `backend-architect: cannot run git in ${repo.dir}: git is not installed (or not on PATH), or the directory does not exist\n`,
      );
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it("reviews with Claude when ANTHROPIC_API_KEY is set, on the model ANTHROPIC_MODEL names", async () => {
    let sent: { model?: string; messages?: unknown } | undefined;
    nock(anthropic)
      .post("/v1/messages", (body: { model?: string }) => {
        sent = body;
        return true;
      })
      .reply(
        200,
        modelReply({
          verdict: "halt",
          summary: "The migration drops a column that may still be read, and builds an index with a lock.",
          findings: [],
          questions: [],
          answers: [],
        }),
      );
    const env = {
      ...repo.env,
      ANTHROPIC_API_KEY: "test-key",
      ANTHROPIC_BASE_URL: anthropic,
      ANTHROPIC_MODEL: "claude-sonnet-4-6",
    };
    const { code, stdout } = await cli(["review"], { env });
    expect(nock.isDone()).toBe(true);
    expect(sent?.model).toBe("claude-sonnet-4-6");
    expect(JSON.stringify(sent?.messages)).toContain(migration);
    expect(code).toBe(1);
    expect(stdout.split("\n")[0]).toBe("### Backend Architect — changes requested: 1 question to answer");
    expect(stdout).toContain(`<sub>Reviewed ${headSha.slice(0, 7)} by \`claude-sonnet-4-6\`.`);
  });

  it("runs as a real process: npx tsx src/cli/main.ts", async () => {
    const main = path.join(projectRoot, "src/cli/main.ts");
    const { code, stdout, stderr } = await new Promise<{
      code: number | null;
      stdout: string;
      stderr: string;
    }>((resolve) => {
      execFile(
        "npx",
        ["--prefix", projectRoot, "--no", "tsx", main, "review", "--format", "sarif"],
        { cwd: repo.dir, env: { ...repo.env, npm_config_update_notifier: "false" } },
        (error, out, err) =>
          resolve({ code: error === null ? 0 : (error.code as number), stdout: out, stderr: err }),
      );
    });
    expect(stderr).toBe(`${haltStatus}; failing (--fail-on halt)\n`);
    expect(code).toBe(1);
    expect(sarifErrors(JSON.parse(stdout))).toEqual([]);
  }, 60_000);
});
