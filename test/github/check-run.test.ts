import nock from "nock";
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/domain/model.js";
import {
  checkConclusion,
  completeCheckRun,
  startCheckRun,
  toAnnotations,
} from "../../src/github/check-run.js";
import { TestOctokit } from "../helpers/test-probot.js";

const api = "https://api.github.com";
const repository = { owner: "acme", repo: "shop" };
const headSha = "c".repeat(40);

function finding(overrides: Partial<Finding>): Finding {
  return {
    fingerprint: "f1",
    ruleId: "db/drop-column",
    source: "analyzer",
    severity: "blocker",
    category: "schema",
    path: "db/migrations/002.sql",
    line: 3,
    side: "RIGHT",
    title: "Column dropped",
    message: "Dropping `users.email` loses data.",
    ...overrides,
  };
}

function capturePatches(id: number, count: number): Array<Record<string, unknown>> {
  const bodies: Array<Record<string, unknown>> = [];
  nock(api)
    .patch(`/repos/acme/shop/check-runs/${id}`, (body: Record<string, unknown>) => {
      bodies.push(body);
      return true;
    })
    .times(count)
    .reply(200, { id });
  return bodies;
}

describe("checkConclusion", () => {
  it("turns a HALT into action_required, or failure when configured", () => {
    expect(checkConclusion("halt", { haltConclusion: "action_required" })).toBe("action_required");
    expect(checkConclusion("halt", { haltConclusion: "failure" })).toBe("failure");
  });

  it("turns concerns into neutral and clear into success", () => {
    expect(checkConclusion("concerns", { haltConclusion: "failure" })).toBe("neutral");
    expect(checkConclusion("clear", { haltConclusion: "failure" })).toBe("success");
  });
});

describe("toAnnotations", () => {
  it("maps severities to levels, most severe first, with the rule id in the title", () => {
    const annotations = toAnnotations([
      finding({
        severity: "info",
        path: "k8s/deploy.yaml",
        line: 9,
        ruleId: "k8s/no-limits",
        title: "No limits",
      }),
      finding({ severity: "minor", line: 5, endLine: 7, ruleId: "db/x", title: "Minor" }),
      finding({ severity: "major", line: 4, ruleId: "db/y", title: "Major" }),
      finding({ severity: "blocker", line: 3 }),
    ]);
    expect(annotations).toEqual([
      {
        path: "db/migrations/002.sql",
        start_line: 3,
        end_line: 3,
        annotation_level: "failure",
        title: "Column dropped (db/drop-column)",
        message: "Dropping `users.email` loses data.",
      },
      {
        path: "db/migrations/002.sql",
        start_line: 4,
        end_line: 4,
        annotation_level: "warning",
        title: "Major (db/y)",
        message: "Dropping `users.email` loses data.",
      },
      {
        path: "db/migrations/002.sql",
        start_line: 5,
        end_line: 7,
        annotation_level: "warning",
        title: "Minor (db/x)",
        message: "Dropping `users.email` loses data.",
      },
      {
        path: "k8s/deploy.yaml",
        start_line: 9,
        end_line: 9,
        annotation_level: "notice",
        title: "No limits (k8s/no-limits)",
        message: "Dropping `users.email` loses data.",
      },
    ]);
  });

  it("puts a removed-line finding and a file-level finding on line 1, saying which base line it was", () => {
    const annotations = toAnnotations([
      finding({ side: "LEFT", line: 12, path: "src/routes.ts", message: "Route `GET /users` removed." }),
      finding({ line: undefined, path: "openapi.yaml", message: "Spec has no security schemes." }),
    ]);
    expect(annotations.map((a) => [a.path, a.start_line, a.end_line, a.message])).toEqual([
      ["openapi.yaml", 1, 1, "Spec has no security schemes."],
      [
        "src/routes.ts",
        1,
        1,
        "On line 12 of the base version (removed by this PR): Route `GET /users` removed.",
      ],
    ]);
  });

  it("leaves out findings on files absent at head when the head's paths are given", () => {
    const annotations = toAnnotations(
      [finding({ path: "db/old.sql", side: "LEFT" }), finding({ path: "db/new.sql" })],
      { pathsAtHead: new Set(["db/new.sql"]) },
    );
    expect(annotations.map((a) => a.path)).toEqual(["db/new.sql"]);
  });

  it("cuts a title at 255 characters", () => {
    const [annotation] = toAnnotations([finding({ title: "t".repeat(300), ruleId: "r/x" })]);
    expect(annotation?.title).toBe(`${"t".repeat(254)}…`);
  });
});

describe("startCheckRun", () => {
  it("creates the Backend Architect check run in progress for the head SHA", async () => {
    const bodies: unknown[] = [];
    nock(api)
      .post("/repos/acme/shop/check-runs", (body) => {
        bodies.push(body);
        return true;
      })
      .reply(201, { id: 77 });
    const id = await startCheckRun(new TestOctokit({ auth: "t" }), repository, headSha);
    expect(id).toBe(77);
    expect(bodies).toEqual([{ name: "Backend Architect", head_sha: headSha, status: "in_progress" }]);
  });

  it("sends only owner and repo of a pull-request ref (no stray fields)", async () => {
    const bodies: unknown[] = [];
    nock(api)
      .post("/repos/acme/shop/check-runs", (body) => {
        bodies.push(body);
        return true;
      })
      .reply(201, { id: 78 });
    await startCheckRun(
      new TestOctokit({ auth: "t" }),
      { ...repository, number: 5 } as typeof repository,
      headSha,
    );
    expect(bodies).toEqual([{ name: "Backend Architect", head_sha: headSha, status: "in_progress" }]);
  });
});

describe("completeCheckRun", () => {
  it("completes a HALT as action_required with the review as details_url and the output", async () => {
    const bodies = capturePatches(77, 1);
    await completeCheckRun(new TestOctokit({ auth: "t" }), repository, 77, {
      conclusion: "action_required",
      detailsUrl: "https://github.com/acme/shop/pull/5#pullrequestreview-4242",
      title: "HALT: 1 question",
      summary: "1. Is dropping `users.email` intended?",
      text: "Details",
      annotations: toAnnotations([finding({})]),
    });
    expect(bodies).toEqual([
      {
        conclusion: "action_required",
        details_url: "https://github.com/acme/shop/pull/5#pullrequestreview-4242",
        output: {
          title: "HALT: 1 question",
          summary: "1. Is dropping `users.email` intended?",
          text: "Details",
          annotations: [
            {
              path: "db/migrations/002.sql",
              start_line: 3,
              end_line: 3,
              annotation_level: "failure",
              title: "Column dropped (db/drop-column)",
              message: "Dropping `users.email` loses data.",
            },
          ],
        },
      },
    ]);
  });

  it("sends 120 annotations as 50 with the conclusion, then 50 and 20 in further updates", async () => {
    const bodies = capturePatches(77, 3);
    const findings = Array.from({ length: 120 }, (_, index) =>
      finding({ line: index + 1, severity: "minor" }),
    );
    await completeCheckRun(new TestOctokit({ auth: "t" }), repository, 77, {
      conclusion: "neutral",
      title: "Concerns",
      summary: "120 findings",
      annotations: toAnnotations(findings),
    });
    expect(bodies.map((body) => Object.keys(body))).toEqual([
      ["conclusion", "output"],
      ["output"],
      ["output"],
    ]);
    const outputs = bodies.map(
      (body) => body.output as { title: string; summary: string; annotations: Array<{ start_line: number }> },
    );
    expect(outputs.map((output) => output.annotations.length)).toEqual([50, 50, 20]);
    expect(outputs.map((output) => output.annotations[0]?.start_line)).toEqual([1, 51, 101]);
    expect(outputs.every((output) => output.title === "Concerns" && output.summary === "120 findings")).toBe(
      true,
    );
  });

  it("completes a clear review with no annotations in one request", async () => {
    const bodies = capturePatches(9, 1);
    await completeCheckRun(new TestOctokit({ auth: "t" }), repository, 9, {
      conclusion: "success",
      title: "Clear",
      summary: "Nothing found.",
      annotations: [],
    });
    expect(bodies).toEqual([
      { conclusion: "success", output: { title: "Clear", summary: "Nothing found.", annotations: [] } },
    ]);
  });

  it("cuts a summary longer than GitHub's 65,535 characters and says so", async () => {
    const bodies = capturePatches(9, 1);
    await completeCheckRun(new TestOctokit({ auth: "t" }), repository, 9, {
      conclusion: "neutral",
      title: "Concerns",
      summary: "x".repeat(70_000),
      annotations: [],
    });
    const summary = (bodies[0]!.output as { summary: string }).summary;
    expect(summary.length).toBe(65_535);
    expect(summary.endsWith("\n\n… (cut at GitHub's limit; the full review is on the pull request)")).toBe(
      true,
    );
    expect(summary.startsWith("x".repeat(65_000))).toBe(true);
  });
});
