// End to end for APIs defined in code: a real Probot app receives a real webhook payload, GitHub is nock,
// and the pull requests are the fixture cases in test/fixtures/api-surface (base/, head/, pr.diff, pr.json).
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readLocalCase } from "../src/local/read-local-case.js";
import { captureReview, type MockFile, mockGitHub } from "./helpers/github-mock.js";
import { pullRequestPayload } from "./helpers/payloads.js";
import { createTestApp } from "./helpers/test-probot.js";

const headSha = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const pr = { owner: "Codertocat", repo: "Hello-World", number: 2 };

interface CapturedReview {
  commit_id: string;
  event: string;
  body: string;
  comments: Array<{ path: string; line: number; side: string; body: string }>;
}

/** The fixture case as GitHub would list it: patches from pr.diff, contents at base and head. */
async function fixturePullRequest(name: string): Promise<{ title: string; body: string; files: MockFile[] }> {
  const local = await readLocalCase(path.join("test/fixtures/api-surface", name));
  const files: MockFile[] = [];
  for (const raw of local.rawFiles) {
    const file: MockFile = {
      filename: raw.path,
      status: raw.status === "removed" ? "removed" : raw.status === "added" ? "added" : "modified",
    };
    if (raw.patch !== undefined) file.patch = raw.patch;
    const head = await local.contents.read(raw.path, "head");
    const base = await local.contents.read(raw.path, "base");
    if (head !== undefined) file.head = head;
    if (base !== undefined) file.base = base;
    files.push(file);
  }
  return { title: local.snapshot.title, body: local.snapshot.body, files };
}

async function review(name: string): Promise<CapturedReview> {
  const fixture = await fixturePullRequest(name);
  const github = mockGitHub({ ...pr, headSha, ...fixture });
  const captured = captureReview(pr);
  const { probot, architect } = await createTestApp();
  await probot.receive({
    id: `delivery-${name}`,
    name: "pull_request",
    payload: pullRequestPayload("opened"),
  });
  await architect.queue().onIdle();
  expect(architect.queue().stats()).toMatchObject({ processed: 1, failed: 0 });
  github.done();
  expect(captured.requests).toHaveLength(1);
  return captured.requests[0] as unknown as CapturedReview;
}

const anchors = (request: CapturedReview) =>
  request.comments.map(({ path: file, line, side, body }) => ({
    path: file,
    line,
    side,
    head: body.split("\n")[0],
  }));

describe("reviewing APIs defined in code end to end", () => {
  it("asks before an Express PR removes a route, drops authentication from another and a field from the response", async () => {
    const request = await review("express-orders");

    expect(request.event).toBe("REQUEST_CHANGES");
    expect(request.commit_id).toBe(headSha);
    expect(anchors(request)).toEqual([
      {
        path: "src/presenters/order.js",
        line: 5,
        side: "LEFT",
        head: "**HALT — question 1** · `api/response-field-removed`",
      },
      {
        path: "src/routes/orders.js",
        line: 8,
        side: "RIGHT",
        head: "**HALT — question 2** · `api/auth-weakened`",
      },
      {
        path: "src/routes/orders.js",
        line: 19,
        side: "LEFT",
        head: "**HALT — question 3** · `api/endpoint-removed`",
      },
    ]);
    expect(request.body).toContain("### Backend Architect — changes requested: 3 questions to answer");
    expect(request.body).toContain(
      "2. `src/routes/orders.js:8` `api/auth-weakened` — This removes authentication or authorization from `GET /v1/orders` (no longer requires `requireAuth`). Is public access intended? What compensating control applies?",
    );
    expect(request.body).toContain(
      "3. `src/routes/orders.js:19` `api/endpoint-removed` — `DELETE /v1/orders/:id` is removed. Which clients still call it, and is this a deliberate breaking change (new major version, deprecation notice sent)?",
    );
    expect(request.body).toContain(
      "1. `src/presenters/order.js:5` `api/response-field-removed` — `presentOrder` no longer returns `total`.",
    );
  });

  it("asks before a DRF PR opens a viewset to anonymous callers and removes serializer fields", async () => {
    const request = await review("drf-orders");

    expect(request.event).toBe("REQUEST_CHANGES");
    expect(anchors(request)).toEqual([
      {
        path: "shop/serializers.py",
        line: 9,
        side: "LEFT",
        head: "**HALT — question 1** · `api/response-field-removed`",
      },
      { path: "shop/views.py", line: 9, side: "RIGHT", head: "**HALT — question 2** · `api/auth-weakened`" },
    ]);
    expect(request.body).toContain(
      "2. `shop/views.py:9` `api/auth-weakened` — This removes authentication or authorization from `OrderViewSet` (now allows anonymous callers through `permissions.AllowAny` and no longer requires `permissions.IsAuthenticated`). Is public access intended? What compensating control applies?",
    );
    expect(request.body).toContain(
      "1. `shop/serializers.py:9` `api/response-field-removed` — `OrderSerializer` no longer has `total` and `currency`.",
    );
  });

  it("finds nothing to ask or comment on in a pure refactor that keeps routes, guards and responses", async () => {
    const request = await review("express-refactor");

    expect(request.event).toBe("COMMENT");
    expect(request.comments).toEqual([]);
    expect(request.body.split("\n").slice(0, 3)).toEqual([
      "### Backend Architect — no issues found",
      "",
      "No issues found in 1 API contract.",
    ]);
  });
});
