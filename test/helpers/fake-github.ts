// A GitHub Enterprise stand-in on localhost for load benches: the app runs unchanged with
// GHE_HOST=127.0.0.1:<port> and GHE_PROTOCOL=http, and every PR it reviews is a one-migration PR. It
// counts the reviews it receives per PR, so a bench can say how many reviews its deliveries produced.
import { createHmac, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { reviewContextData } from "./github-mock.js";

const sql = "CREATE INDEX orders_user_idx ON orders (user_id);\n";
export const benchHeadSha = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";

export interface FakeGitHub {
  url: string;
  /** Every request received, as `METHOD /path`. */
  requests: string[];
  host: string;
  /** Reviews received, by PR number. */
  reviews: Map<number, number>;
  /** When each review arrived (performance.now()), in order. */
  reviewTimes: number[];
  /** Each review's body and inline comments, one text per review, in order. */
  reviewTexts: string[];
  totalReviews(): number;
  /** Resolves once `count` reviews have arrived in total. */
  waitForReviews(count: number, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

export interface FakeGitHubOptions {
  /** How long the review POST waits before its answer, in ms (keeps a job running, e.g. to stop a worker). */
  reviewDelayMs?: number;
  /** How long every answer waits, in ms: GitHub's own latency, which a review spends waiting. */
  latencyMs?: number;
}

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const requests: string[] = [];
  const reviews = new Map<number, number>();
  const reviewTimes: number[] = [];
  const reviewTexts: string[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const total = () => [...reviews.values()].reduce((sum, n) => sum + n, 0);
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on("end", async () => {
      requests.push(`${req.method} ${new URL(req.url ?? "/", "http://localhost").pathname}`);
      if (options.latencyMs !== undefined && options.latencyMs > 0)
        await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
      // A slow review POST keeps a job running, e.g. while a test stops its worker.
      if (
        options.reviewDelayMs !== undefined &&
        req.method === "POST" &&
        /\/pulls\/\d+\/reviews$/.test(req.url ?? "")
      )
        await new Promise((resolve) => setTimeout(resolve, options.reviewDelayMs));
      try {
        answer(req, res, body);
      } catch (error) {
        json(res, 500, { message: String(error) });
      }
    });
  });
  function answer(req: IncomingMessage, res: ServerResponse, body: string): undefined {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname;
    const pr = Number(path.match(/\/pulls\/(\d+)/)?.[1] ?? 0);
    if (req.method === "POST" && /\/app\/installations\/\d+\/access_tokens$/.test(path))
      return json(res, 201, {
        token: "bench-token",
        expires_at: new Date(Date.now() + 3_600_000).toISOString(),
      });
    if (req.method === "GET" && path === "/api/v3/app") return json(res, 200, { slug: "backend-architect" });
    if (req.method === "POST" && path === "/api/graphql") {
      const { variables } = JSON.parse(body) as { variables: Record<string, unknown> };
      const number = Number(variables.number ?? 1);
      return json(res, 200, {
        data: reviewContextData(
          { owner: "o", repo: "r", number, headSha: benchHeadSha, files: [{ filename: "db/001.sql" }] },
          "b".repeat(40),
          variables,
        ),
      });
    }
    if (req.method === "GET" && /\/pulls\/\d+\/files$/.test(path))
      return json(res, 200, [
        {
          filename: "db/001.sql",
          status: "added",
          additions: 1,
          deletions: 0,
          patch: `@@ -0,0 +1 @@\n+${sql.trim()}`,
        },
      ]);
    if (req.method === "GET" && path.includes("/contents/")) {
      res.writeHead(200, { "content-type": "text/plain" }).end(sql);
      return undefined;
    }
    if (req.method === "POST" && path.endsWith("/check-runs")) return json(res, 201, { id: 1 });
    if (req.method === "PATCH" && /\/check-runs\/\d+$/.test(path)) return json(res, 200, { id: 1 });
    if (req.method === "POST" && /\/pulls\/\d+\/reviews$/.test(path)) {
      reviews.set(pr, (reviews.get(pr) ?? 0) + 1);
      reviewTimes.push(performance.now());
      const review = JSON.parse(body) as { body?: string; comments?: Array<{ body?: string }> };
      reviewTexts.push(
        [review.body ?? "", ...(review.comments ?? []).map((comment) => comment.body ?? "")].join("\n"),
      );
      const count = total();
      for (const waiter of waiters.splice(0)) {
        if (count >= waiter.count) waiter.resolve();
        else waiters.push(waiter);
      }
      return json(res, 200, { id: count });
    }
    return json(res, 404, { message: `Not Found: ${req.method} ${path}` });
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    host: `127.0.0.1:${port}`,
    reviews,
    reviewTimes,
    reviewTexts,
    totalReviews: total,
    waitForReviews(count, timeoutMs) {
      if (total() >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${total()} of ${count} reviews after ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function json(res: ServerResponse, status: number, value: unknown): undefined {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
  return undefined;
}

interface ExampleDefinition {
  name: string;
  examples: Array<Record<string, unknown>>;
}

/**
 * A `pull_request` delivery body (from @octokit/webhooks-examples) for PR `number` at the fake GitHub's
 * head, sent by a user; with installation 1 as an App receives it, or none as an Actions event file holds it.
 */
export function pullRequestDelivery(
  action: "opened" | "synchronize",
  number: number,
  options: { installation?: boolean } = {},
): string {
  const examples = createRequire(import.meta.url)("@octokit/webhooks-examples") as ExampleDefinition[];
  const example = examples
    .find((definition) => definition.name === "pull_request")
    ?.examples.find((candidate) => candidate.action === action);
  if (example === undefined) throw new Error(`no pull_request.${action} example`);
  const payload = structuredClone(example) as {
    installation?: { id: number };
    pull_request: { number: number; head: { sha: string }; user: { type: string } };
  };
  if (options.installation === false) delete payload.installation;
  else payload.installation = { id: 1 };
  payload.pull_request.number = number;
  payload.pull_request.head.sha = benchHeadSha;
  payload.pull_request.user.type = "User";
  return JSON.stringify(payload);
}

/** The `x-hub-signature-256` header of `body` under `secret`. */
export function webhookSignature(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** POSTs a signed `pull_request` delivery with a fresh delivery id to the app on `port`. */
export function sendPullRequestDelivery(port: string, body: string, secret: string): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": "pull_request",
      "x-github-delivery": randomUUID(),
      "x-hub-signature-256": webhookSignature(body, secret),
    },
    body,
  });
}
