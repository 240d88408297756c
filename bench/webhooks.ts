// Webhook load: the built app (dist/, `npm run build` first) in its own processes against a fake GitHub on
// localhost, signed `pull_request.synchronize` deliveries for one PR fired by autocannon at a fixed rate.
// Prints acknowledgement p50/p99, throughput, errors and the reviews the deliveries produced, for the
// in-process queue and (with REDIS_URL) BullMQ with a web process and a worker; then, with Redis, how long
// one and two worker processes take to finish a backlog of mocked reviews.
//   npm run build && npx tsx bench/webhooks.ts [--rate 500] [--seconds 10] [--backlog 200]
import { type ChildProcess, spawn } from "node:child_process";
import { createHmac, generateKeyPairSync, randomUUID } from "node:crypto";
import { once } from "node:events";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { Redis } from "ioredis";
import { benchHeadSha, type FakeGitHub, startFakeGitHub } from "../test/helpers/fake-github.js";

const { values } = parseArgs({
  options: {
    rate: { type: "string", default: "500" },
    seconds: { type: "string", default: "10" },
    backlog: { type: "string", default: "200" },
    "backlog-only": { type: "boolean", default: false },
  },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const backlog = Number(values.backlog);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const entry = path.join(root, "dist/src/main.js");
const secret = "bench-secret";
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const pem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
const redisUrl = process.env.REDIS_URL;

interface Example {
  name: string;
  examples: Array<Record<string, unknown>>;
}
const examples = createRequire(import.meta.url)("@octokit/webhooks-examples") as Example[];

/** A `pull_request` delivery body for PR `number` at the bench head. */
function deliveryBody(action: "synchronize" | "opened", number: number): string {
  const example = examples
    .find((definition) => definition.name === "pull_request")
    ?.examples.find((candidate) => candidate.action === action);
  if (example === undefined) throw new Error(`no pull_request.${action} example`);
  const payload = structuredClone(example) as {
    installation?: { id: number };
    pull_request: { number: number; head: { sha: string }; user: { type: string } };
  };
  payload.installation = { id: 1 };
  payload.pull_request.number = number;
  payload.pull_request.head.sha = benchHeadSha;
  payload.pull_request.user.type = "User";
  return JSON.stringify(payload);
}

const signature = (body: string) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

function startApp(
  github: FakeGitHub,
  env: Record<string, string>,
): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, [entry], {
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      APP_ID: "1",
      PRIVATE_KEY: pem,
      WEBHOOK_SECRET: secret,
      HOST: "127.0.0.1",
      GHE_HOST: github.host,
      GHE_PROTOCOL: "http",
      LOG_LEVEL: "warn",
      LOG_FORMAT: "json",
      // The fake GitHub has no rate limits: measure the app, not Octokit's one-write-a-second pacing.
      GITHUB_THROTTLE: "off",
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const port = env.PORT;
  const ready =
    port === undefined
      ? new Promise<void>((resolve) => setTimeout(resolve, 1500))
      : (async () => {
          for (let attempt = 0; attempt < 100; attempt++) {
            const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
              (response) => response.ok,
              () => false,
            );
            if (ok) return;
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
          throw new Error("the app did not start");
        })();
  return { child, ready };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill("SIGTERM");
  await once(child, "exit");
}

interface LoadResult {
  setup: string;
  p50: number;
  p99: number;
  throughput: number;
  requests: number;
  errors: number;
  non2xx: number;
  reviews: number;
}

async function load(
  setup: string,
  env: Record<string, string>,
  worker?: Record<string, string>,
): Promise<LoadResult> {
  const github = await startFakeGitHub();
  const port = String(40_000 + Math.floor(Math.random() * 10_000));
  const app = startApp(github, { ...env, PORT: port });
  const workerProcess =
    worker === undefined ? undefined : startApp(github, { ...worker, PORT: String(Number(port) + 1) });
  await app.ready;
  await workerProcess?.ready;
  const body = deliveryBody("synchronize", 1);
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/api/github/webhooks`,
    method: "POST",
    connections: 50,
    overallRate: rate,
    duration: seconds,
    body,
    headers: {
      "content-type": "application/json",
      "x-github-event": "pull_request",
      "x-hub-signature-256": signature(body),
    },
    setupClient: (client) => {
      client.on("response", () => {});
    },
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          headers: { ...request.headers, "x-github-delivery": randomUUID() },
        }),
      },
    ],
  });
  // Let the queue finish what the burst left (at most one running and one waiting review of the PR).
  await github.waitForReviews(1, 30_000).catch(() => {});
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await stop(app.child);
  if (workerProcess !== undefined) await stop(workerProcess.child);
  const reviews = github.totalReviews();
  await github.close();
  return {
    setup,
    p50: result.latency.p50,
    p99: result.latency.p99,
    throughput: result.requests.average,
    requests: result.requests.total,
    errors: result.errors,
    non2xx: result.non2xx,
    reviews,
  };
}

/** Enqueues `count` reviews (one per PR) with no worker running, then times `workers` processes draining them. */
async function drainBacklog(workers: number, count: number): Promise<number> {
  if (redisUrl === undefined) throw new Error("REDIS_URL is needed");
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  const github = await startFakeGitHub();
  const port = String(40_000 + Math.floor(Math.random() * 10_000));
  const env = { REDIS_URL: redisUrl, QUEUE_PREFIX: prefix };
  const web = startApp(github, { ...env, PORT: port, ROLE: "web" });
  await web.ready;
  for (let number = 1; number <= count; number++) {
    const body = deliveryBody("opened", number);
    const response = await fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "pull_request",
        "x-github-delivery": randomUUID(),
        "x-hub-signature-256": signature(body),
      },
      body,
    });
    if (!response.ok) throw new Error(`delivery ${number}: ${response.status}`);
  }
  const started = performance.now();
  // Each worker serves its health endpoint on a port of its own.
  const processes = Array.from({ length: workers }, (_, index) =>
    startApp(github, { ...env, ROLE: "worker", PORT: String(Number(port) + 1 + index) }),
  );
  await github.waitForReviews(count, 300_000);
  // From the first review to the last: the workers' throughput, without their start-up time.
  const elapsed = (github.reviewTimes.at(-1) ?? started) - (github.reviewTimes[0] ?? started);
  for (const worker of processes) await stop(worker.child);
  await stop(web.child);
  await github.close();
  const redis = new Redis(redisUrl);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  return elapsed;
}

const backlogOnly = process.argv.includes("--backlog-only");
const rows: LoadResult[] = backlogOnly ? [] : [await load("in-process (one process)", {})];
if (redisUrl !== undefined && !backlogOnly) {
  // The web process alone (no worker competing for this machine's cores): what acknowledging costs.
  rows.push(
    await load("BullMQ: web only", {
      REDIS_URL: redisUrl,
      ROLE: "web",
      QUEUE_PREFIX: `bench-web-${randomUUID().slice(0, 8)}`,
    }),
  );
  rows.push(
    await load(
      "BullMQ: web + 1 worker",
      { REDIS_URL: redisUrl, ROLE: "web" },
      { REDIS_URL: redisUrl, ROLE: "worker" },
    ),
  );
}
console.log(
  `\nWebhook acknowledgement at ${rate} requests/s for ${seconds} s (signed synchronize, one PR)\n`,
);
console.log("setup                        p50 ms  p99 ms  req/s   requests  errors  non-2xx  reviews");
for (const row of rows) {
  console.log(
    [
      row.setup.padEnd(28),
      String(row.p50).padStart(6),
      String(row.p99).padStart(7),
      String(Math.round(row.throughput)).padStart(6),
      String(row.requests).padStart(9),
      String(row.errors).padStart(7),
      String(row.non2xx).padStart(8),
      String(row.reviews).padStart(8),
    ].join("  "),
  );
}
const target = rows.every((row) => row.p99 < 20 && row.errors === 0 && row.non2xx === 0);
console.log(`Target p99 < 20 ms at 500 requests/s, no error: ${target ? "met" : "NOT met"} (setups above)`);

if (redisUrl === undefined) {
  console.log("\nNo REDIS_URL: the BullMQ rows and the backlog bench are skipped.");
} else {
  const one = await drainBacklog(1, backlog);
  const two = await drainBacklog(2, backlog);
  console.log(
    `\nBacklog of ${backlog} mocked reviews: 1 worker ${(one / 1000).toFixed(1)} s, 2 workers ${(two / 1000).toFixed(1)} s — ${(one / two).toFixed(2)}× (target ≥ 1.7×)`,
  );
}
