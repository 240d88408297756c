// Webhook load: the built app (dist/, `npm run build` first) in its own processes against a fake GitHub on
// localhost, signed `pull_request.synchronize` deliveries for one PR sent at a fixed rate — evenly spaced,
// open loop (bench/fixed-rate.ts: latency counted from each request's due time) — after a warm-up at the
// same rate that is not measured. Prints acknowledgement p50/p99, throughput, errors, the reviews the
// deliveries produced and whether any job was lost, for the in-process queue and (with REDIS_URL) BullMQ
// with a web process alone and with a worker beside it; then, with Redis, how long one and two worker
// processes take to finish a backlog of mocked reviews. `--bursts` adds autocannon rows (its rate mode
// sends each connection's per-second budget back to back: bursts of `connections` requests).
//   npm run build && npx tsx bench/webhooks.ts [--rate 500] [--seconds 10] [--warmup 2] [--backlog 200] [--github-latency 50] [--bursts]
import { type ChildProcess, spawn } from "node:child_process";
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { once } from "node:events";
import { cpus } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import {
  type FakeGitHub,
  pullRequestDelivery,
  sendPullRequestDelivery,
  startFakeGitHub,
  webhookSignature,
} from "../test/helpers/fake-github.js";
import { fixedRate, percentile } from "./fixed-rate.js";

const { values } = parseArgs({
  options: {
    rate: { type: "string", default: "500" },
    seconds: { type: "string", default: "10" },
    warmup: { type: "string", default: "2" },
    "github-latency": { type: "string", default: "50" },
    backlog: { type: "string", default: "200" },
    bursts: { type: "boolean", default: false },
    "backlog-only": { type: "boolean", default: false },
  },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const warmup = Number(values.warmup);
const backlog = Number(values.backlog);
const githubLatency = Number(values["github-latency"]);
/** The app's default CONCURRENCY (jobs at once per worker process). */
const concurrency = 4;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const entry = path.join(root, "dist/src/main.js");
const secret = "bench-secret";
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const pem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
const redisUrl = process.env.REDIS_URL;

const signature = (body: string) => webhookSignature(body, secret);

function startApp(
  github: FakeGitHub,
  env: Record<string, string>,
): { child: ChildProcess; ready: Promise<void> } {
  // e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the app's processes.
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, entry], {
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

type Generator = "even" | "bursts";

interface LoadResult {
  setup: string;
  generator: Generator;
  p50: number;
  p99: number;
  throughput: number;
  requests: number;
  errors: number;
  non2xx: number;
  reviews: number;
  /** Why a job counts as lost, or undefined when none was. */
  lost: string | undefined;
}

/** Fires the deliveries at `url`; latencies in ms. */
async function fire(
  url: string,
  generator: Generator,
  duration: number,
): Promise<Omit<LoadResult, "setup" | "generator" | "reviews" | "lost">> {
  const body = pullRequestDelivery("synchronize", 1);
  const headers = {
    "content-type": "application/json",
    "x-github-event": "pull_request",
    "x-hub-signature-256": signature(body),
  };
  if (generator === "even") {
    const result = await fixedRate({
      url,
      rate,
      seconds: duration,
      request: () => ({ body, headers: { ...headers, "x-github-delivery": randomUUID() } }),
    });
    return {
      p50: percentile(result.latencies, 50),
      p99: percentile(result.latencies, 99),
      throughput: result.throughput,
      requests: result.requests,
      errors: result.errors,
      non2xx: result.non2xx,
    };
  }
  const result = await autocannon({
    url,
    method: "POST",
    connections: 50,
    overallRate: rate,
    duration,
    body,
    headers,
    // Its correction assumes evenly spaced requests, which its rate mode does not send: raw latencies.
    ignoreCoordinatedOmission: true,
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          headers: { ...request.headers, "x-github-delivery": randomUUID() },
        }),
      },
    ],
  });
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    throughput: result.requests.average,
    requests: result.requests.total,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

/** One metric's value from a Prometheus text exposition (0 when absent). */
function metric(text: string, series: string): number {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

/**
 * Whether every delivery's job was handled: the newest push was reviewed after its acknowledgement (a
 * review arrived after the last answer), the process running jobs reports no failed review and nothing
 * left waiting or running, and (BullMQ) nothing is left waiting, delayed or failed in Redis.
 */
async function lostJobs(
  github: FakeGitHub,
  lastAck: number,
  jobsPort: string,
  queuePrefix: string | undefined,
): Promise<string | undefined> {
  for (let waited = 0; waited < 30_000 && !github.reviewTimes.some((at) => at > lastAck); waited += 100)
    await new Promise((resolve) => setTimeout(resolve, 100));
  if (!github.reviewTimes.some((at) => at > lastAck)) return "the newest push was never reviewed";
  // The review that answered the newest push may still be ending (its check run, the queue's bookkeeping).
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const text = await (await fetch(`http://127.0.0.1:${jobsPort}/metrics`)).text();
  const failed = metric(text, 'backend_architect_reviews_total{outcome="failed"}');
  const left =
    metric(text, 'backend_architect_queue_depth{state="waiting"}') +
    metric(text, 'backend_architect_queue_depth{state="running"}');
  if (failed > 0) return `${failed} failed reviews`;
  if (left > 0) return `${left} jobs still waiting or running`;
  if (queuePrefix !== undefined && redisUrl !== undefined) {
    const queue = new Queue("jobs", { connection: { url: redisUrl }, prefix: queuePrefix });
    const counts = await queue.getJobCounts("wait", "active", "delayed", "failed");
    await queue.close();
    const stuck = Object.entries(counts).filter(([, count]) => count > 0);
    if (stuck.length > 0) return `in Redis: ${stuck.map(([state, count]) => `${count} ${state}`).join(", ")}`;
  }
  return undefined;
}

async function removeKeys(prefix: string): Promise<void> {
  if (redisUrl === undefined) return;
  const redis = new Redis(redisUrl);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
}

async function load(
  setup: string,
  generator: Generator,
  env: Record<string, string>,
  worker?: Record<string, string>,
): Promise<LoadResult> {
  const github = await startFakeGitHub();
  const port = String(40_000 + Math.floor(Math.random() * 10_000));
  const queuePrefix = env.REDIS_URL === undefined ? undefined : `bench-${randomUUID().slice(0, 8)}`;
  const prefixed: Record<string, string> = queuePrefix === undefined ? {} : { QUEUE_PREFIX: queuePrefix };
  const app = startApp(github, { ...env, ...prefixed, PORT: port });
  const workerPort = String(Number(port) + 1);
  const workerProcess =
    worker === undefined ? undefined : startApp(github, { ...worker, ...prefixed, PORT: workerPort });
  await app.ready;
  await workerProcess?.ready;
  const url = `http://127.0.0.1:${port}/api/github/webhooks`;
  // A process just started runs cold (module loading, JIT): a warm-up at the same rate, not measured, as a
  // load balancer's slow start would give it.
  if (warmup > 0) await fire(url, generator, warmup);
  const result = await fire(url, generator, seconds);
  const lastAck = performance.now();
  const lost =
    env.ROLE === "web" && worker === undefined
      ? undefined // nothing runs jobs: they stay in Redis (and go with the prefix)
      : await lostJobs(github, lastAck, worker === undefined ? port : workerPort, queuePrefix);
  await stop(app.child);
  if (workerProcess !== undefined) await stop(workerProcess.child);
  const reviews = github.totalReviews();
  await github.close();
  if (queuePrefix !== undefined) await removeKeys(queuePrefix);
  return { setup, generator, ...result, reviews, lost };
}

interface CpuSnapshot {
  workers: number;
  bench: number;
  redis: number;
}

/** CPU seconds so far of the worker processes (their /metrics), this process and Redis (INFO cpu). */
async function cpuSnapshot(workerPorts: string[], redis: Redis): Promise<CpuSnapshot> {
  let workers = 0;
  for (const port of workerPorts) {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    workers += metric(text, "backend_architect_process_cpu_seconds_total");
  }
  const usage = process.cpuUsage();
  const info = await redis.info("cpu");
  const field = (name: string) => Number(info.match(new RegExp(`${name}:([\\d.]+)`))?.[1] ?? 0);
  return {
    workers,
    bench: (usage.user + usage.system) / 1e6,
    redis: field("used_cpu_user") + field("used_cpu_sys"),
  };
}

interface BacklogResult {
  /** First review to last, in ms. */
  elapsed: number;
  /** CPU ms per review in that span: the workers, this process (the fake GitHub), Redis. */
  cpuPerReview: CpuSnapshot;
}

/** Enqueues `count` reviews (one per PR) with no worker running, then times `workers` processes draining them. */
async function drainBacklog(workers: number, count: number, latencyMs: number): Promise<BacklogResult> {
  if (redisUrl === undefined) throw new Error("REDIS_URL is needed");
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  const github = await startFakeGitHub({ latencyMs });
  const port = String(40_000 + Math.floor(Math.random() * 10_000));
  const env = { REDIS_URL: redisUrl, QUEUE_PREFIX: prefix };
  const web = startApp(github, { ...env, PORT: port, ROLE: "web" });
  await web.ready;
  for (let number = 1; number <= count; number++) {
    const response = await sendPullRequestDelivery(port, pullRequestDelivery("opened", number), secret);
    if (!response.ok) throw new Error(`delivery ${number}: ${response.status}`);
  }
  // Each worker serves its health endpoint on a port of its own.
  const workerPorts = Array.from({ length: workers }, (_, index) => String(Number(port) + 1 + index));
  const processes = workerPorts.map((workerPort) =>
    startApp(github, { ...env, ROLE: "worker", PORT: workerPort }),
  );
  const redis = new Redis(redisUrl);
  await github.waitForReviews(1, 60_000);
  const first = await cpuSnapshot(workerPorts, redis);
  const firstCount = github.totalReviews();
  await github.waitForReviews(count, 300_000);
  const last = await cpuSnapshot(workerPorts, redis);
  redis.disconnect();
  // From the first review to the last: the workers' throughput, without their start-up time.
  const elapsed = (github.reviewTimes.at(-1) ?? 0) - (github.reviewTimes[0] ?? 0);
  const reviews = Math.max(1, count - firstCount);
  const perReview = (key: keyof CpuSnapshot) => ((last[key] - first[key]) * 1000) / reviews;
  for (const worker of processes) await stop(worker.child);
  await stop(web.child);
  await github.close();
  await removeKeys(prefix);
  return {
    elapsed,
    cpuPerReview: { workers: perReview("workers"), bench: perReview("bench"), redis: perReview("redis") },
  };
}

const generators: Generator[] = values.bursts ? ["even", "bursts"] : ["even"];
const setups: Array<{ name: string; env: Record<string, string>; worker?: Record<string, string> }> = [
  { name: "in-process (one process)", env: {} },
];
if (redisUrl !== undefined) {
  // The web process alone (no worker competing for this machine's cores): what acknowledging costs.
  setups.push({ name: "BullMQ: web only", env: { REDIS_URL: redisUrl, ROLE: "web" } });
  setups.push({
    name: "BullMQ: web + 1 worker",
    env: { REDIS_URL: redisUrl, ROLE: "web" },
    worker: { REDIS_URL: redisUrl, ROLE: "worker" },
  });
}
const rows: LoadResult[] = [];
if (!values["backlog-only"]) {
  for (const setup of setups)
    for (const generator of generators) rows.push(await load(setup.name, generator, setup.env, setup.worker));
  console.log(
    `\nWebhook acknowledgement at ${rate} requests/s for ${seconds} s after a ${warmup} s warm-up (signed synchronize, one PR)`,
  );
  console.log(
    "even: one request every 1000/rate ms, latency from its due time; bursts: autocannon, 50 connections\n",
  );
  console.log(
    "setup                     load    p50 ms  p99 ms  req/s  requests  errors  non-2xx  reviews  lost jobs",
  );
  for (const row of rows) {
    console.log(
      [
        row.setup.padEnd(24),
        row.generator.padEnd(6),
        row.p50.toFixed(1).padStart(6),
        row.p99.toFixed(1).padStart(7),
        String(Math.round(row.throughput)).padStart(5),
        String(row.requests).padStart(8),
        String(row.errors).padStart(6),
        String(row.non2xx).padStart(7),
        String(row.reviews).padStart(7),
        `  ${row.lost ?? "none"}`,
      ].join("  "),
    );
  }
  const met = (row: LoadResult) =>
    row.p99 < 20 && row.errors === 0 && row.non2xx === 0 && row.lost === undefined;
  for (const row of rows.filter((candidate) => candidate.generator === "even"))
    console.log(
      `Target p99 < 20 ms at ${rate} requests/s, no error, no lost job — ${row.setup}: ${met(row) ? "met" : "NOT met"}`,
    );
}

if (redisUrl === undefined) {
  console.log("\nNo REDIS_URL: the BullMQ rows and the backlog bench are skipped.");
} else if (backlog > 0) {
  const cpu = ({ cpuPerReview: cpu }: BacklogResult) =>
    `CPU per review: workers ${cpu.workers.toFixed(1)} ms, fake GitHub ${cpu.bench.toFixed(1)} ms, Redis ${cpu.redis.toFixed(1)} ms`;
  console.log(
    `\nBacklog of ${backlog} mocked reviews, ${concurrency} at a time per worker (first review to last):`,
  );
  // With GitHub's latency a review mostly waits, as real ones do (on GitHub and, with Claude, on the model):
  // a second worker adds review slots and a core. With none, a review is pure CPU, and on this machine the
  // workers share its cores with Redis and the fake GitHub: the ratio says how much CPU they have left.
  for (const latency of [githubLatency, 0]) {
    const one = await drainBacklog(1, backlog, latency);
    const two = await drainBacklog(2, backlog, latency);
    const ratio = one.elapsed / two.elapsed;
    console.log(`GitHub answering in ${latency} ms:`);
    console.log(`  1 worker   ${(one.elapsed / 1000).toFixed(2).padStart(6)} s  (${cpu(one)})`);
    console.log(`  2 workers  ${(two.elapsed / 1000).toFixed(2).padStart(6)} s  (${cpu(two)})`);
    console.log(
      `  ${ratio.toFixed(2)}× faster with two${latency === githubLatency ? ` — target ≥ 1.7×: ${ratio >= 1.7 ? "met" : "NOT met"}` : ` (${cpus().length} cores here)`}`,
    );
  }
}
