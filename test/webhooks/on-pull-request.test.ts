import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import { createNodeMiddleware } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import { createBackendArchitect } from "../../src/app.js";
import type { Job } from "../../src/queue/job.js";
import { decideReview } from "../../src/webhooks/on-pull-request.js";
import { pullRequestPayload } from "../helpers/payloads.js";
import { createTestApp, createTestProbot, webhookSecret } from "../helpers/test-probot.js";

describe("decideReview", () => {
  it("turns an opened PR into a review job keyed by the delivery id", () => {
    const payload = pullRequestPayload("opened");
    expect(decideReview("d-1", payload)).toEqual({
      review: true,
      job: {
        kind: "review-pull-request",
        deliveryId: "d-1",
        installationId: payload.installation?.id,
        owner: "Codertocat",
        repo: "Hello-World",
        number: payload.pull_request.number,
        headSha: payload.pull_request.head.sha,
        trigger: "opened",
      },
    });
  });

  it("skips drafts, closed PRs and bot authors", () => {
    const draft = pullRequestPayload("opened");
    draft.pull_request.draft = true;
    expect(decideReview("d", draft)).toEqual({ review: false, reason: "pull request is a draft" });

    const closed = pullRequestPayload("reopened");
    closed.pull_request.state = "closed";
    expect(decideReview("d", closed)).toEqual({ review: false, reason: "pull request is closed" });

    const bot = pullRequestPayload("synchronize");
    if (bot.pull_request.user === null) throw new Error("example has a user");
    bot.pull_request.user.type = "Bot";
    bot.pull_request.user.login = "dependabot[bot]";
    expect(decideReview("d", bot)).toEqual({ review: false, reason: "author dependabot[bot] is a bot" });
  });

  it("re-reviews when the description is edited (answers to HALT questions), not on other edits", () => {
    const opened = pullRequestPayload("opened");
    const edited = { ...opened, action: "edited", changes: { body: { from: "old" } } } as const;
    expect(decideReview("d", edited)).toMatchObject({ review: true, job: { trigger: "edited" } });
    const baseEdit = {
      ...opened,
      action: "edited",
      changes: { base: { ref: { from: "dev" }, sha: { from: "x" } } },
    } as const;
    expect(decideReview("d", baseEdit)).toEqual({
      review: false,
      reason: "edit did not touch the title or description",
    });
  });
});

describe("pull_request webhooks", () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.close();
    server = undefined;
  });

  it("answers the webhook before the job runs", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const started: Job[] = [];
    const architect = createBackendArchitect({
      concurrency: 1,
      runJob: async (job) => {
        started.push(job);
        await gate;
      },
    });
    const middleware = await createNodeMiddleware(architect.appFn, { probot: createTestProbot() });
    server = createServer((req, res) => void middleware(req, res));
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    nock.enableNetConnect("127.0.0.1");

    const body = JSON.stringify(pullRequestPayload("opened"));
    const response = await fetch(
      `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-github-event": "pull_request",
          "x-github-delivery": "delivery-blocked",
          "x-hub-signature-256": `sha256=${createHmac("sha256", webhookSecret).update(body).digest("hex")}`,
        },
        body,
      },
    );

    expect(response.status).toBe(200);
    // The job is held by the gate: the response went out while it had not finished.
    expect(architect.queue().stats()).toMatchObject({ processed: 0 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(started.map((job) => job.deliveryId)).toEqual(["delivery-blocked"]);
    release();
    await architect.queue().onIdle();
    expect(architect.queue().stats()).toMatchObject({ processed: 1, failed: 0 });
  });

  it("ignores a redelivery of the same delivery id", async () => {
    const jobs: string[] = [];
    const { probot, architect } = await createTestApp({
      runJob: async (job) => {
        jobs.push(job.deliveryId);
      },
    });
    const payload = pullRequestPayload("synchronize");
    await probot.receive({ id: "same", name: "pull_request", payload });
    await probot.receive({ id: "same", name: "pull_request", payload });
    await architect.queue().onIdle();
    expect(jobs).toEqual(["same"]);
  });
});
