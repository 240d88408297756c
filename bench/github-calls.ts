// GitHub calls per review: the review job against a mocked GitHub (nock), counting every request it sends
// (the installation token exchange is not one: the job gets an authenticated client). Offline and with the
// architect on Claude (the Messages API mocked too), for a first review and for the pushes that follow.
//   npm run bench   (or: npx tsx bench/github-calls.ts)
// Targets from issue #10: ≤ 6 calls for a one-migration PR offline, ≤ 7 with Claude, check run included.
import nock from "nock";
import { pino } from "pino";
import { createTokenCalibration } from "../src/agent/claude/estimate-tokens.js";
import { defaultAnalyzers } from "../src/analyzers/registry.js";
import { type ReviewJobDeps, reviewPullRequest } from "../src/jobs/review-pull-request.js";
import { anthropic, modelReply } from "../test/helpers/anthropic-mock.js";
import { api, captureReview, type MockFile, mockGitHub } from "../test/helpers/github-mock.js";
import { TestOctokit } from "../test/helpers/test-probot.js";

nock.disableNetConnect();
const pr = { owner: "acme", repo: "shop", number: 5 };
const sql = "CREATE INDEX orders_user_idx ON orders (user_id);\n";
const migration: MockFile = { filename: "db/001.sql", patch: `@@ -0,0 +1 @@\n+${sql.trim()}`, head: sql };
const readme: MockFile = { filename: "README.md", patch: "@@ -0,0 +1 @@\n+# Shop", head: "# Shop\n" };
const first = "1".repeat(40);
const second = "2".repeat(40);

interface Scenario {
  name: string;
  target?: number;
  claude: boolean;
  headSha: string;
  files: MockFile[];
  /** The body of the app's earlier review (its state names the head it reviewed). */
  previous?: string;
  compare?: { from: string; files: MockFile[] };
}

async function run(scenario: Scenario): Promise<{ calls: number; requests: string[]; status: string }> {
  nock.cleanAll();
  mockGitHub({
    ...pr,
    headSha: scenario.headSha,
    files: scenario.files,
    ...(scenario.previous === undefined
      ? {}
      : { reviews: [{ id: 1, body: scenario.previous, state: "COMMENTED" }] }),
    ...(scenario.compare === undefined
      ? {}
      : {
          compare: { from: scenario.compare.from, status: "ahead" as const, files: scenario.compare.files },
        }),
  });
  const posted = captureReview(pr);
  nock(api)
    .put(/\/reviews\/\d+$/)
    .optionally()
    .reply(200, {});
  if (scenario.claude) {
    nock(api).get(`/repos/${pr.owner}/${pr.repo}/pulls/${pr.number}/commits`).query(true).reply(200, []);
    nock(anthropic)
      .post("/v1/messages")
      .reply(
        200,
        modelReply({ verdict: "concerns", summary: "One index.", findings: [], questions: [], answers: [] }),
      );
  }
  const octokit = new TestOctokit({ auth: "token" });
  const requests: string[] = [];
  octokit.hook.before("request", (options) => {
    requests.push(
      `${options.method} ${String(options.url)
        .replace(/^https:\/\/api\.github\.com/, "")
        .replace(/\?.*$/, "")}`,
    );
  });
  const deps: ReviewJobDeps = {
    octokit,
    botLogin: "backend-architect[bot]",
    analyzers: defaultAnalyzers,
    log: pino({ level: "silent" }),
    ...(scenario.claude
      ? {
          claude: {
            apiKey: "bench",
            baseURL: anthropic,
            model: "claude-sonnet-5-5",
            calibration: createTokenCalibration(),
          },
        }
      : {}),
  };
  const result = await reviewPullRequest({ ...pr, headSha: scenario.headSha }, deps);
  if (result.status === "posted" && posted.requests.length !== 1) throw new Error("no review captured");
  return {
    calls: result.githubCalls,
    requests,
    status: result.status === "skipped" ? `skipped (${result.reason})` : result.status,
  };
}

// The first review's body carries the state the later pushes compare against.
const firstOffline = captureFirst();
async function captureFirst(): Promise<string> {
  nock.cleanAll();
  mockGitHub({ ...pr, headSha: first, files: [migration] });
  const posted = captureReview(pr);
  await reviewPullRequest(
    { ...pr, headSha: first },
    {
      octokit: new TestOctokit({ auth: "token" }),
      botLogin: "backend-architect[bot]",
      analyzers: defaultAnalyzers,
      log: pino({ level: "silent" }),
    },
  );
  return String(posted.requests[0]?.body);
}
const previous = await firstOffline;

const scenarios: Scenario[] = [
  {
    name: "one-migration PR, first review, offline",
    target: 6,
    claude: false,
    headSha: first,
    files: [migration],
  },
  {
    name: "one-migration PR, first review, Claude",
    target: 7,
    claude: true,
    headSha: first,
    files: [migration],
  },
  {
    name: "push with no backend change (README), offline",
    claude: false,
    headSha: second,
    files: [migration, readme],
    previous,
    compare: { from: first, files: [readme] },
  },
  {
    name: "push re-touching the migration, same findings, offline",
    claude: false,
    headSha: second,
    files: [migration],
    previous,
    compare: { from: first, files: [migration] },
  },
];

console.log("\nGitHub calls per review (token exchange excluded)\n");
const rows: string[][] = [["scenario", "calls", "target", "result", "requests"]];
let missed = 0;
for (const scenario of scenarios) {
  const measured = await run(scenario);
  const ok = scenario.target === undefined || measured.calls <= scenario.target;
  if (!ok) missed++;
  rows.push([
    scenario.name,
    String(measured.calls),
    scenario.target === undefined ? "—" : `≤ ${scenario.target}${ok ? "" : " MISSED"}`,
    measured.status,
    measured.requests.join(", "),
  ]);
}
const widths = [0, 1, 2, 3].map((column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
for (const row of rows)
  console.log(row.map((cell, column) => (column === 4 ? cell : cell.padEnd(widths[column] ?? 0))).join("  "));
console.log(missed === 0 ? "\nEvery target met." : `\n${missed} target(s) missed.`);
