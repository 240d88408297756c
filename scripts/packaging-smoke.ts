// How the app is shipped, followed without Docker or an Actions runner (this machine has neither).
//
// The container: builds what `Dockerfile` describes in a temporary directory by
// following its instructions (COPY, RUN, ENV, USER, …; any other instruction stops the check, so a Dockerfile
// change this cannot follow is noticed), then runs the image's CMD as its USER against a fake GitHub: the
// HEALTHCHECK command passes, a signed webhook gives a review, SIGTERM exits 0. Then the services of
// `docker-compose.yml` that build this image run the same way, with their `environment` (Redis at REDIS_URL
// instead of the `redis` service): a web process queues, a worker reviews, and each service's stop grace
// period leaves room for the app's own (SHUTDOWN_GRACE_SECONDS).
//
// What only a real engine can check is left out: the base image itself (it is pulled from a registry), file
// ownership inside layers, `.dockerignore`.
//
// The Action: `action.yml`'s composite steps run as a runner would run them — from the committed tree
// (`git archive HEAD`, the action's checkout), with `${{ github.action_path }}`, `${{ github.token }}` and
// `${{ inputs.* }}` expanded, `bash -eo pipefail`, and the runner's GITHUB_* variables for a `pull_request`
// event whose API is the fake GitHub; the review must be posted. `actions/setup-node` is not run (the Node
// here stands in for it); any other `uses:` or expression stops the check.
//
// Run by CI after the build: `npm run smoke:packaging`.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { once } from "node:events";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DockerfileParser, type Instruction } from "dockerfile-ast";
import { Redis } from "ioredis";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { dockerStages } from "../src/analyzers/docker/dockerfile-stages.js";
import {
  type FakeGitHub,
  pullRequestDelivery,
  sendPullRequestDelivery,
  startFakeGitHub,
} from "../test/helpers/fake-github.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const work = mkdtempSync(path.join(tmpdir(), "backend-architect-image-"));
// The image's USER must be able to read it (mkdtemp makes it 0700).
chmodSync(work, 0o755);
const secret = "smoke-secret";
const pem = generateKeyPairSync("rsa", { modulusLength: 2048 })
  .privateKey.export({ type: "pkcs1", format: "pem" })
  .toString();

interface Image {
  dir: string;
  env: Record<string, string>;
  user?: { uid: number; gid: number };
  cmd: string[];
  healthcheck?: string[];
}

function fail(message: string): never {
  throw new Error(`image smoke: ${message}`);
}

/** `CMD ["a", "b"]` (exec form) → ["a", "b"]; the shell form is refused: signals would go to sh. */
function execForm(instruction: Instruction, text: string): string[] {
  const parsed = z.array(z.string()).safeParse(JSON.parse(text.trim()));
  if (!parsed.success) fail(`line ${instruction.getRange().start.line + 1}: not an exec-form array`);
  return parsed.data;
}

/** Follows every stage of the Dockerfile; returns the last one as the image. */
function build(): Image {
  const stages = dockerStages(DockerfileParser.parse(readFileSync(path.join(root, "Dockerfile"), "utf8")));
  const built = new Map<string, { dir: string; workdir: string }>();
  let image: Image | undefined;
  for (const [index, stage] of stages.entries()) {
    const dir = path.join(work, `stage-${index}`);
    let workdir = "/";
    const env: Record<string, string> = {};
    const current: Image = { dir, env, cmd: [] };
    // A path inside the stage's filesystem → a path under its directory.
    const inStage = (target: string) => path.join(dir, path.posix.resolve(workdir, target));
    for (const instruction of stage.instructions) {
      const keyword = instruction.getKeyword();
      const args = instruction.getArguments().map((argument) => argument.getValue());
      const line = instruction.getRange().start.line + 1;
      if (keyword === "WORKDIR") workdir = path.posix.resolve(workdir, args[0] ?? "/");
      else if (keyword === "ENV")
        for (const property of (
          instruction as unknown as {
            getProperties(): Array<{ getName(): string; getValue(): string | null }>;
          }
        ).getProperties())
          env[property.getName()] = property.getValue() ?? "";
      else if (keyword === "COPY") {
        const from = (instruction as unknown as { getFromFlag(): { getValue(): string | null } | null })
          .getFromFlag()
          ?.getValue();
        const sources = args.slice(0, -1);
        const target = inStage(args.at(-1) ?? ".");
        const origin = from === undefined || from === null ? undefined : built.get(from.toLowerCase());
        if (from !== undefined && from !== null && origin === undefined)
          fail(`line ${line}: no stage ${from}`);
        for (const source of sources) {
          const resolved =
            origin === undefined
              ? path.join(root, source)
              : path.join(origin.dir, path.posix.resolve(origin.workdir, source));
          const destination =
            args.at(-1)?.endsWith("/") || sources.length > 1
              ? path.join(target, path.basename(source))
              : target;
          cpSync(resolved, destination, { recursive: true });
        }
      } else if (keyword === "RUN") {
        const command = instruction.getArgumentsContent() ?? "";
        console.log(`stage ${stage.alias ?? index}: RUN ${command.replace(/\s+/g, " ")}`);
        execFileSync("sh", ["-c", command], {
          cwd: inStage("."),
          stdio: ["ignore", "ignore", "inherit"],
          // A cache of its own, as in an image build: a RUN that cleans it must not clean this machine's.
          env: { ...process.env, ...env, npm_config_cache: path.join(work, "npm-cache") },
        });
      } else if (keyword === "USER") {
        const [uid, gid] = (args[0] ?? "").split(":").map(Number);
        if (uid === undefined || Number.isNaN(uid)) fail(`line ${line}: USER must be numeric (uid:gid)`);
        current.user = { uid, gid: gid ?? uid };
      } else if (keyword === "CMD")
        current.cmd = execForm(instruction, instruction.getArgumentsContent() ?? "");
      else if (keyword === "HEALTHCHECK") {
        const content = instruction.getArgumentsContent() ?? "";
        const at = content.search(/\bCMD\b/);
        if (at < 0) fail(`line ${line}: HEALTHCHECK without CMD`);
        current.healthcheck = execForm(instruction, content.slice(at + 3));
      } else if (keyword !== "EXPOSE") fail(`line ${line}: ${keyword} is not followed by this check`);
    }
    built.set(stage.alias ?? String(index), { dir, workdir });
    current.dir = inStage(".");
    image = current;
  }
  if (image === undefined || image.cmd.length === 0) fail("no final stage with a CMD");
  return image;
}

/** Whether this process may start others as another user (root may). */
const canSwitchUser = process.getuid?.() === 0;

function start(image: Image, env: Record<string, string>, command = image.cmd): ChildProcess {
  const [file, ...args] = command;
  if (file === undefined) fail("empty command");
  return spawn(file === "node" ? process.execPath : file, args, {
    cwd: image.dir,
    env: { PATH: process.env.PATH ?? "", ...image.env, ...env },
    stdio: ["ignore", "ignore", "inherit"],
    ...(canSwitchUser && image.user !== undefined ? image.user : {}),
  });
}

async function healthy(
  image: Image,
  env: Record<string, string>,
  port: string,
  app: ChildProcess,
): Promise<void> {
  const check = image.healthcheck ?? [
    "node",
    "-e",
    `fetch('http://127.0.0.1:${port}/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`,
  ];
  for (let attempt = 0; attempt < 150; attempt++) {
    if (app.exitCode !== null) fail(`the process exited ${app.exitCode} before its HEALTHCHECK passed`);
    const probe = start(image, env, check);
    const [code] = (await once(probe, "exit")) as [number | null];
    if (code === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  fail("the HEALTHCHECK never passed");
}

async function deliver(port: string, number: number): Promise<void> {
  const response = await sendPullRequestDelivery(port, pullRequestDelivery("opened", number), secret);
  if (!response.ok) fail(`the webhook was answered ${response.status}`);
}

async function reviewed(github: FakeGitHub, count: number): Promise<void> {
  await github.waitForReviews(count, 60_000);
  const body = github.reviewTexts.at(-1) ?? "";
  // The fake GitHub's PR adds `CREATE INDEX` without CONCURRENTLY: the review must say so.
  if (!body.includes("CONCURRENTLY")) fail(`the review does not name the blocking index:\n${body}`);
}

async function stopped(child: ChildProcess, name: string): Promise<void> {
  child.kill("SIGTERM");
  const [code] = (await once(child, "exit")) as [number | null];
  if (code !== 0) fail(`${name} exited ${code} on SIGTERM`);
}

const port = () => String(41_000 + Math.floor(Math.random() * 8_000));
const credentials = (github: FakeGitHub) => ({
  APP_ID: "1",
  PRIVATE_KEY: pem,
  WEBHOOK_SECRET: secret,
  GHE_HOST: github.host,
  GHE_PROTOCOL: "http",
  LOG_LEVEL: "warn",
});

/** Docker's duration syntax (`1m30s`, `60s`) in seconds. */
function seconds(duration: string): number {
  let total = 0;
  for (const [, value, unit] of duration.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s)/g))
    total += Number(value) * ({ h: 3600, m: 60, s: 1, ms: 0.001 }[unit as "h" | "m" | "s" | "ms"] ?? 0);
  return total;
}

const Service = z.object({
  build: z.unknown().optional(),
  environment: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
  stop_grace_period: z.string().optional(),
});
const Compose = z.object({ services: z.record(z.string(), Service) });

async function compose(image: Image): Promise<void> {
  const redisUrl = process.env.REDIS_URL;
  if (redisUrl === undefined || redisUrl === "") {
    console.log("compose: skipped, REDIS_URL is not set");
    return;
  }
  const file = Compose.parse(parseYaml(readFileSync(path.join(root, "docker-compose.yml"), "utf8")));
  const github = await startFakeGitHub();
  const prefix = `smoke-${randomUUID().slice(0, 8)}`;
  const services = Object.entries(file.services).filter(([, service]) => service.build !== undefined);
  const running: Array<{ name: string; child: ChildProcess; port: string; role: string }> = [];
  try {
    for (const [name, service] of services) {
      const environment = Object.fromEntries(
        Object.entries(service.environment).map(([key, value]) => [key, String(value)]),
      );
      const grace = Number(environment.SHUTDOWN_GRACE_SECONDS ?? 25);
      const stopGrace = seconds(service.stop_grace_period ?? "10s");
      if (environment.ROLE !== "web" && stopGrace < grace + 5)
        fail(
          `${name}: stop_grace_period ${stopGrace} s leaves no room for SHUTDOWN_GRACE_SECONDS ${grace} s (Docker kills it first)`,
        );
      const servicePort = port();
      const child = start(image, {
        ...credentials(github),
        ...environment,
        REDIS_URL: redisUrl,
        QUEUE_PREFIX: prefix,
        PORT: servicePort,
      });
      running.push({ name, child, port: servicePort, role: environment.ROLE ?? "both" });
    }
    for (const service of running) await healthy(image, { PORT: service.port }, service.port, service.child);
    const web = running.find((service) => service.role === "web");
    if (web === undefined) fail("compose: no service with ROLE web");
    await deliver(web.port, 2);
    await reviewed(github, 1);
    for (const service of running) await stopped(service.child, `compose service ${service.name}`);
    console.log(
      `compose: ${running.map((service) => `${service.name} (${service.role})`).join(", ")} — a webhook to the web process was reviewed by the worker; both stopped cleanly`,
    );
  } finally {
    for (const service of running) if (service.child.exitCode === null) service.child.kill("SIGKILL");
    await github.close();
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
}

const Step = z.object({
  name: z.string().optional(),
  uses: z.string().optional(),
  run: z.string().optional(),
  shell: z.string().optional(),
  "working-directory": z.string().optional(),
  env: z.record(z.string(), z.string()).default({}),
});
const Action = z.object({
  inputs: z.record(z.string(), z.object({ default: z.string().optional() })).default({}),
  runs: z.object({ using: z.literal("composite"), steps: z.array(Step) }),
});

async function action(): Promise<void> {
  const checkout = path.join(work, "action");
  mkdirSync(checkout);
  execFileSync("sh", ["-c", `git -C "${root}" archive HEAD | tar -x -C "${checkout}"`]);
  const definition = Action.parse(parseYaml(readFileSync(path.join(checkout, "action.yml"), "utf8")));
  const github = await startFakeGitHub();
  try {
    const context: Record<string, string> = {
      "github.action_path": checkout,
      "github.token": "ghs_smoketesttoken",
    };
    const expand = (text: string): string =>
      text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) => {
        const value = context[expression];
        if (value === undefined) fail(`action.yml: \${{ ${expression} }} is not followed by this check`);
        return value;
      });
    for (const [name, input] of Object.entries(definition.inputs))
      context[`inputs.${name}`] = expand(input.default ?? "");
    const eventPath = path.join(work, "event.json");
    writeFileSync(eventPath, pullRequestDelivery("opened", 3, { installation: false }));
    const runner = {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? work,
      CI: "true",
      GITHUB_ACTIONS: "true",
      GITHUB_EVENT_NAME: "pull_request",
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: "Codertocat/Hello-World",
      GITHUB_RUN_ID: "4242",
      GITHUB_RUN_ATTEMPT: "1",
      GITHUB_ACTION_PATH: checkout,
      GITHUB_API_URL: `${github.url}/api/v3`,
      GITHUB_GRAPHQL_URL: `${github.url}/api/graphql`,
      RUNNER_TEMP: work,
    };
    for (const step of definition.runs.steps) {
      if (step.uses !== undefined) {
        if (!step.uses.startsWith("actions/setup-node@"))
          fail(`action.yml: ${step.uses} is not followed by this check`);
        console.log(`action: ${step.uses} skipped (Node ${process.versions.node} here)`);
        continue;
      }
      if (step.run === undefined) continue;
      if (step.shell !== "bash")
        fail(`action.yml: step ${step.name}: shell must be bash (a composite run step needs one)`);
      const env = Object.fromEntries(Object.entries(step.env).map(([key, value]) => [key, expand(value)]));
      console.log(`action: ${step.name ?? "run"}`);
      // Not execFileSync: the fake GitHub answers from this process's event loop.
      const child = spawn("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", expand(step.run)], {
        cwd: expand(step["working-directory"] ?? checkout),
        env: { ...runner, ...env },
        stdio: ["ignore", "ignore", "inherit"],
      });
      const [code] = (await once(child, "exit")) as [number | null];
      if (code !== 0) fail(`action.yml: step ${step.name ?? "run"} exited ${code}`);
    }
    if (github.totalReviews() !== 1) fail(`the action posted ${github.totalReviews()} reviews, not 1`);
    await reviewed(github, 1);
    console.log(
      "action: the composite steps installed, built and reviewed the pull_request event; one review posted",
    );
  } finally {
    await github.close();
  }
}

async function main(): Promise<void> {
  const image = build();
  const github = await startFakeGitHub();
  const appPort = port();
  const app = start(image, { ...credentials(github), PORT: appPort });
  try {
    await healthy(image, { PORT: appPort }, appPort, app);
    await deliver(appPort, 1);
    await reviewed(github, 1);
    await stopped(app, "the image's CMD");
    console.log(
      `image: CMD ${JSON.stringify(image.cmd)} as ${canSwitchUser && image.user ? `uid ${image.user.uid}` : "this user"}: HEALTHCHECK passed, a webhook was reviewed, SIGTERM exited 0`,
    );
  } finally {
    if (app.exitCode === null) app.kill("SIGKILL");
    await github.close();
  }
  await compose(image);
  await action();
}

try {
  await main();
} finally {
  rmSync(work, { recursive: true, force: true });
}
