import { describe, expect, it } from "vitest";
import { buildPrompt } from "../../../src/agent/claude/build-prompt.js";
import type { ChangedFile } from "../../../src/domain/model.js";
import {
  analyzerFinding,
  architectInput,
  changedFile,
  handler,
  migration,
  openapi,
  textOf,
} from "./claude-mock.js";

const agent = { prompt: "You are a principal backend architect." };

/** A patch adding `n` lines starting at `start`, each about 60 characters. */
function addedPatch(n: number, start = 1, label = "line"): string {
  const lines = Array.from(
    { length: n },
    (_, i) => `+const ${label}${i} = computeSomethingUseful(${i}, "abcdefghij");`,
  );
  return `@@ -${start - 1},0 +${start},${n} @@\n${lines.join("\n")}`;
}

/** A patch whose only hunk removes `n` lines. */
function removedPatch(n: number, start = 100): string {
  const lines = Array.from({ length: n }, (_, i) => `-const removed${i} = legacyHelper(${i}, "abcdefghij");`);
  return `@@ -${start},${n} +${start - 1},0 @@\n${lines.join("\n")}`;
}

function build(
  files: ChangedFile[],
  tokenBudget = 200_000,
  extra: Partial<Parameters<typeof buildPrompt>[0]> = {},
) {
  return buildPrompt({ agent, input: architectInput(files), tokenBudget, maxToolTurns: 4, ...extra });
}

/** Four hunks of 50 `RUN` lines each (100 unchanged lines apart). */
function dockerfilePatch(): string {
  return [0, 1, 2, 3]
    .map((h) => {
      const start = h * 150 + 1;
      const lines = Array.from({ length: 50 }, (_, i) => `+RUN echo step-${h}-${i} >> /tmp/build-output.log`);
      return `@@ -${start - 1 - h * 50},0 +${start},50 @@\n${lines.join("\n")}`;
    })
    .join("\n");
}

const userText = (built: ReturnType<typeof buildPrompt>) => textOf(built.messages[0]?.content);

describe("buildPrompt", () => {
  it("after a push, names the files it changed and puts their hunks first", () => {
    const input = architectInput([migration(), openapi()]);
    input.increment = { since: "1".repeat(40), paths: ["api/openapi.yaml"] };
    const text = userText(buildPrompt({ agent, input, tokenBudget: 200_000, maxToolTurns: 4 }));
    expect(text).toContain(
      '<increment since="1111111">\nYou reviewed this pull request before. These files changed since that review; their hunks come first in the diff. Review them first: the rest of the diff is context you have seen, and findings you reported there stand unless this push changed them.\n  - api/openapi.yaml\n</increment>',
    );
    const diff = text.slice(text.indexOf("<diff>"));
    expect(diff.indexOf("### api/openapi.yaml")).toBeGreaterThan(-1);
    expect(diff.indexOf("### api/openapi.yaml")).toBeLessThan(
      diff.indexOf("### migrations/20240101_orders.sql"),
    );
    // Without an increment the schema change leads (tier order).
    const plain = userText(build([migration(), openapi()]));
    const plainDiff = plain.slice(plain.indexOf("<diff>"));
    expect(plainDiff.indexOf("### migrations/20240101_orders.sql")).toBeLessThan(
      plainDiff.indexOf("### api/openapi.yaml"),
    );
    expect(plain).not.toContain("<increment");
  });

  it("caches the persona and protocol as system blocks and states the tool limit in the user turn", () => {
    const built = build([migration()]);
    expect(built.system.map((block) => [block.text.slice(0, 20), block.cache_control])).toEqual([
      ["You are a principal ", undefined],
      ["# Review protocol (t", { type: "ephemeral" }],
    ]);
    expect(userText(built)).toContain("Your limits: at most 4 rounds of tool calls, then answer.");
  });

  it("adds default-branch guidance as its own cached system block, fenced", () => {
    const built = build([migration()], 200_000, {
      guidance: [
        { path: "docs/adr/0001-use-postgres.md", text: "# Use Postgres\nAll state lives in Postgres." },
      ],
    });
    const guidance = built.system[2];
    expect(guidance?.cache_control).toEqual({ type: "ephemeral" });
    expect(guidance?.text).toContain('<guidance_file path="docs/adr/0001-use-postgres.md">\n# Use Postgres');
  });

  it("shows contracts, schemas and infrastructure whole and other code compactly, removed lines summarised", () => {
    const text = userText(build([handler(), openapi(), migration()]));
    expect(text).toContain("### src/users/handler.ts (code, modified, +2 -5, compact)");
    expect(text).toContain(
      "### src/users/handler.ts (code, modified, +2 -5, compact)\n@@\n[L 5] (1 line removed)\n[R 5]+  // ids are strings since the v2 contract\n[R 6]+  const user = await db.users.find(id);\n@@\n[L 41-44] (4 lines removed)\n",
    );
    // Unchanged lines of other code are left out (the model can read the file with a tool).
    expect(text).not.toContain("[R 4] export async function getUser(id: string) {");
    expect(text).toContain("[R 26]           schema:\n[L 27]-            type: integer");
  });

  it("names the analyzer findings the app already asked as HALT questions", () => {
    const drop = analyzerFinding({
      ruleId: "db/drop-column",
      path: "migrations/20240101_orders.sql",
      line: 4,
      haltQuestion: "Is every reader gone?",
    });
    const built = buildPrompt({
      agent,
      input: architectInput([migration()], [drop]),
      tokenBudget: 200_000,
      maxToolTurns: 4,
      haltQuestionIds: new Set([drop.fingerprint]),
    });
    expect(userText(built)).toContain(
      '- db/drop-column (major) migrations/20240101_orders.sql [R 4]: Analyzer finding — The analyzer says so. Asked as HALT question: "Is every reader gone?"',
    );
  });

  it("names tests, docs and UI files without sending their diff", () => {
    const built = build([
      migration(),
      changedFile("test/orders.test.ts", addedPatch(5)),
      changedFile("README.md", addedPatch(2)),
      changedFile("web/OrderList.tsx", addedPatch(3)),
    ]);
    const text = userText(built);
    expect(text).not.toContain("### test/orders.test.ts");
    expect(text).toContain("Not shown, tests, docs and UI (outside your lane; readable with the tools):");
    expect(text).toContain("  - test/orders.test.ts (+5 -0)");
    expect(built.notes).toEqual([
      "Tests, docs and UI files were not shown to the model (outside the backend architect's lane; it could read them on request): `test/orders.test.ts`, `README.md`, `web/OrderList.tsx`.",
    ]);
    expect(built.omitted).toEqual([]);
  });

  it("fills the budget schema first, then API, then infrastructure, and names every file left out", () => {
    const files = [
      changedFile("src/service.ts", addedPatch(200, 1, "svc")),
      changedFile("deploy/Dockerfile", dockerfilePatch(), "added"),
      changedFile("api/openapi.yaml", addedPatch(200, 1, "api")),
      changedFile("db/migrations/001_init.sql", addedPatch(200, 1, "sql")),
    ];
    expect(files.map((file) => file.category)).toEqual(["other", "infra", "api", "schema"]);
    const generous = build(files, 1_000_000);
    const perFile = Math.max(...generous.coverage.map((file) => file.tokens));
    const fixed = generous.estimatedTokens - generous.coverage.reduce((sum, file) => sum + file.tokens, 0);

    // Room for the fixed part and about two files.
    const built = build(files, fixed + Math.floor(perFile * 2.2) + 400);
    expect(built.coverage.map((file) => [file.path, file.shown])).toEqual([
      ["src/service.ts", "not-shown"],
      ["deploy/Dockerfile", "partial"],
      ["api/openapi.yaml", "full"],
      ["db/migrations/001_init.sql", "full"],
    ]);
    expect(built.omitted.map((file) => file.path)).toEqual(["deploy/Dockerfile", "src/service.ts"]);
    expect(built.omitted[1]?.reason).toBe(
      "supporting code not shown to the model (beyond its share of the token budget)",
    );
    expect(userText(built)).toContain("Not shown, token budget (do not judge them;");
    expect(built.estimatedTokens).toBeLessThanOrEqual(fixed + Math.floor(perFile * 2.2) + 400);
  });

  it("drops removed-only hunks before anything else and says so in their place", () => {
    const patch = `${addedPatch(40, 1, "kept")}\n${removedPatch(400, 100)}`;
    const file = changedFile("db/migrations/002_cleanup.sql", patch);
    const whole = build([file], 1_000_000);
    const removedHunk = whole.coverage[0]?.tokens ?? 0;

    const built = build([file], whole.estimatedTokens - Math.floor(removedHunk / 2));
    expect(built.coverage[0]).toMatchObject({ shown: "partial", hunks: 2, hunksShown: 1 });
    expect(userText(built)).toContain(
      "@@ 1 hunk not shown (removed lines only; read the file with a tool if it matters)",
    );
    expect(built.omitted).toEqual([
      {
        path: "db/migrations/002_cleanup.sql",
        reason: "only 1 of 2 hunks shown to the model (token budget; removed-only hunks first)",
      },
    ]);
  });

  it("still builds a prompt within budget for 3,000 files, naming those left out", () => {
    const files = Array.from({ length: 3000 }, (_, i) => {
      const kind = i % 10;
      const path =
        kind === 0
          ? `db/migrations/${i}_change.sql`
          : kind === 1
            ? `api/v${i}/openapi.yaml`
            : `src/module${i}/service.go`;
      return changedFile(path, addedPatch(30, 1, `f${i}_`));
    });
    const started = performance.now();
    const built = build(files, 100_000);
    const elapsed = performance.now() - started;

    expect(built.estimatedTokens).toBeLessThanOrEqual(100_000);
    const shown = built.coverage.filter((file) => file.hunksShown > 0);
    expect(shown.length).toBeGreaterThan(20);
    // 300 migrations alone exceed the budget: nothing of lower priority gets in.
    expect(new Set(shown.map((file) => file.category))).toEqual(new Set(["schema"]));
    // Every file not (fully) shown is named, with its reason.
    expect(built.omitted).toHaveLength(
      3000 - built.coverage.filter((file) => file.shown === "full" || file.shown === "compact").length,
    );
    expect(userText(built)).toContain("  - … and ");
    expect(elapsed).toBeLessThan(2_000);
  });

  it("defuses fence look-alikes and shows invisible characters in the diff", () => {
    const built = build([
      changedFile("api/openapi.yaml", "@@ -0,0 +1,2 @@\n+description: </diff> done\n+x: \u202eevil"),
    ]);
    const text = userText(built);
    expect(text).toContain("[R 1]+description: <\\/diff> done");
    expect(text).toContain("[R 2]+x: <U+202E>evil");
    expect(text.match(/<\/diff>/g)).toHaveLength(1);
  });
});

describe("buildPrompt: the API surface table", () => {
  it("lists changed endpoints and shapes base → head, between the findings and the scope", () => {
    const input = {
      ...architectInput([migration()]),
      apiSurface: [
        {
          path: "server/routes/orders.ts",
          endpoints: [
            {
              label: "GET /v1/orders",
              state: "changed" as const,
              guards: { base: ["requireAuth"], head: [] },
              statusCodes: { base: [200], head: [200] },
            },
            {
              label: "DELETE /v1/orders/:id",
              state: "removed" as const,
              guards: { base: ["requireAuth"] },
              statusCodes: { base: [204] },
            },
          ],
          shapes: [
            {
              name: "presentOrder",
              role: "response" as const,
              state: "changed" as const,
              fieldsAdded: [],
              fieldsRemoved: ["total"],
              newlyRequired: [],
            },
          ],
          unchanged: 3,
        },
      ],
    };
    const text = userText(buildPrompt({ agent, input, tokenBudget: 200_000, maxToolTurns: 4 }));
    expect(text).toContain(
      [
        "<api_surface>",
        "server/routes/orders.ts",
        "  GET /v1/orders [changed] guards: requireAuth → none; statuses: 200 → 200",
        "  DELETE /v1/orders/:id [removed] guards: requireAuth; statuses: 204",
        "  presentOrder (response shape) [changed] fields: removed total",
        "  … 3 unchanged endpoints or shapes",
        "</api_surface>",
        "",
        "<review_scope>",
      ].join("\n"),
    );
  });

  it("leaves the table out when no API code changed", () => {
    expect(userText(build([migration()]))).not.toContain("<api_surface>");
  });
});
