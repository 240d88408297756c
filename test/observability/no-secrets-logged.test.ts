// A full review at debug level, with a real installation token, API key, webhook secret and private key in
// play: no log line may carry any of them.
import { Writable } from "node:stream";
import nock from "nock";
import { Probot } from "probot";
import { describe, expect, it } from "vitest";
import { createBackendArchitect } from "../../src/app.js";
import { createLogger, redacted, scrubSecrets } from "../../src/observability/logger.js";
import { anthropic, mockRepositoryReads, modelReply } from "../helpers/anthropic-mock.js";
import { captureReview, mockGitHub } from "../helpers/github-mock.js";
import { pullRequestPayload } from "../helpers/payloads.js";
import { TestOctokit, testPrivateKey } from "../helpers/test-probot.js";

const token = `ghs_${"A1b2C3d4E5".repeat(4)}`;
const apiKey = "sk-ant-api03-bench-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2";
const webhookSecret = "whsec-9f8e7d6c5b4a";

describe("logging", () => {
  it("writes no token, key or secret during a full review at debug level", async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(
          ...chunk
            .toString()
            .split("\n")
            .filter((line) => line !== ""),
        );
        done();
      },
    });
    const log = createLogger({
      level: "trace",
      format: "json",
      secrets: [webhookSecret, apiKey, testPrivateKey],
      destination,
    });
    const probot = new Probot({
      appId: 123,
      privateKey: testPrivateKey,
      secret: webhookSecret,
      log,
      Octokit: TestOctokit,
    });
    const architect = createBackendArchitect({
      concurrency: 1,
      anthropic: { apiKey, baseURL: anthropic, model: "claude-sonnet-5-5" },
    });
    await probot.load(architect.appFn);
    const sql = "CREATE INDEX users_age_idx ON users (age);\n";
    mockGitHub({
      owner: "Codertocat",
      repo: "Hello-World",
      number: 2,
      headSha: "ec26c3e57ca3a959ca5aad62de7213c562f8c821",
      token,
      files: [{ filename: "db/migrations/001.sql", patch: `@@ -0,0 +1 @@\n+${sql.trim()}`, head: sql }],
    });
    mockRepositoryReads();
    nock(anthropic)
      .post("/v1/messages")
      .reply(
        200,
        modelReply({ verdict: "concerns", summary: "One index.", findings: [], questions: [], answers: [] }),
      );
    const review = captureReview({ owner: "Codertocat", repo: "Hello-World", number: 2 });
    // The model's key, echoed back in an error, must not reach the log either.
    log.error({ err: new Error(`upstream said: invalid x-api-key ${apiKey}`) }, "simulated failure");
    log.debug({ headers: { authorization: `token ${token}` } }, "simulated request");

    await probot.receive({ id: "d-secrets", name: "pull_request", payload: pullRequestPayload("opened") });
    await architect.queue().onIdle();

    expect(review.requests).toHaveLength(1);
    expect(lines.length).toBeGreaterThan(5);
    const keyBody = testPrivateKey.split("\n")[1] ?? "";
    for (const line of lines) {
      expect(line).not.toContain(token);
      expect(line).not.toContain(apiKey);
      expect(line).not.toContain(webhookSecret);
      expect(line).not.toContain(keyBody);
    }
    expect(lines.some((line) => line.includes(redacted))).toBe(true);
  });

  it("scrubs patterns and exact values, JSON-escaped or not", () => {
    expect(scrubSecrets(`a ${token} b`, [])).toBe(`a ${redacted} b`);
    expect(scrubSecrets("Authorization: Bearer abc.def.ghi-jkl", [])).toBe(`Authorization: ${redacted}`);
    expect(scrubSecrets('{"k":"line1\\nsecret-value-1"}', ["line1\nsecret-value-1"])).toBe(
      `{"k":"${redacted}"}`,
    );
    expect(scrubSecrets("short abc", ["abc"])).toBe("short abc");
  });
});
