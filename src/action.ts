// GitHub Action entry: the same app, run once on the event that triggered the workflow, with the workflow's
// token, waiting until the review (or command) it queued is done.
//
// Why not @probot/adapter-github-actions (4.0.3, the latest): it depends on `probot@^13` (a second Probot
// beside our 14, with its own Octokit), and it resolves as soon as the webhook handlers return. Ours only
// enqueue, so the review would still be running when the step ends and a failed review would not fail the
// step. This file does what the adapter does (read GITHUB_EVENT_NAME/GITHUB_EVENT_PATH, a Probot with
// `githubToken` auth, `probot.receive`) and then waits for the queue to drain.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { type Logger, pino } from "pino";
import { Probot, ProbotOctokit } from "probot";
import { z } from "zod";
import { defaultModel } from "./agent/claude/claude-architect.js";
import { type BackendArchitectOptions, createBackendArchitect } from "./app.js";

type WebhookEvent = Parameters<Probot["receive"]>[0];

/** The identity behind the workflow's GITHUB_TOKEN: GitHub's own `github-actions` app. */
export const actionsAppSlug = "github-actions";

// `process.env` gives "" for inputs that were not set: an empty value means "not set".
const optional = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));

// `\u0024{{`: the Actions expression `${{`, escaped so it does not read as a JS template slot.
const missingToken = "GITHUB_TOKEN must be set (env: GITHUB_TOKEN: \u0024{{ github.token }})";

/** What the action reads from its environment (the runner's default variables and the step's `env:`). */
export const ActionEnv = z.object({
  /** The token reviews are posted with: `${{ github.token }}` unless the workflow passes another. */
  GITHUB_TOKEN: z.string({ error: missingToken }).min(1, { error: missingToken }),
  GITHUB_EVENT_NAME: z.string({
    error: "GITHUB_EVENT_NAME is not set: run this inside a GitHub Actions job",
  }),
  GITHUB_EVENT_PATH: z.string({
    error: "GITHUB_EVENT_PATH is not set: run this inside a GitHub Actions job",
  }),
  GITHUB_RUN_ID: z.string({ error: "GITHUB_RUN_ID is not set: run this inside a GitHub Actions job" }),
  GITHUB_RUN_ATTEMPT: z.string().default("1"),
  /** `https://api.github.com`, or the GHES API URL the runner gives. */
  GITHUB_API_URL: z.url().default("https://api.github.com"),
  /** Input `anthropic-api-key`: without it the offline architect (deterministic rules) reviews. Secret. */
  INPUT_ANTHROPIC_API_KEY: optional,
  /** Input `model`: the Claude model id. */
  INPUT_MODEL: optional,
});
export type ActionEnv = z.infer<typeof ActionEnv>;

/** Events whose workflows GitHub runs with a read-only token and no secrets when the PR comes from a fork. */
const readOnlyOnForks = new Set(["pull_request", "pull_request_review", "pull_request_review_comment"]);

export type ActionResult =
  /** The event was handled; `failed` jobs threw (the step fails). */
  | { status: "done"; processed: number; failed: number }
  /** Nothing could be posted, on purpose; the step passes with this notice. */
  | { status: "skipped"; reason: string }
  /** The environment or the event file is wrong; the step fails. */
  | { status: "invalid"; errors: string[] };

export interface RunActionOptions {
  log?: Logger;
  /** The Octokit class to build on (tests pass one without throttling or retries). */
  Octokit?: typeof ProbotOctokit;
  /** Replaces the analyzers (tests). */
  analyzers?: BackendArchitectOptions["analyzers"];
}

/** Handles the one event of this workflow run. Never throws for a bad environment: that is a result. */
export async function runAction(
  environment: Record<string, string | undefined>,
  options: RunActionOptions = {},
): Promise<ActionResult> {
  const parsedEnv = ActionEnv.safeParse(environment);
  if (!parsedEnv.success) return { status: "invalid", errors: parsedEnv.error.issues.map((i) => i.message) };
  const env = parsedEnv.data;
  const log = options.log ?? pino({ level: "info", name: "backend-architect" });

  const event = readEvent(env.GITHUB_EVENT_PATH);
  if (!event.ok) return { status: "invalid", errors: [event.error] };
  const payload = event.payload;

  // The payload of `pull_request_target` is a `pull_request` payload: the app handles it the same way.
  // It is safe here because the action reads the PR through the API and never runs the PR's code.
  const name = env.GITHUB_EVENT_NAME === "pull_request_target" ? "pull_request" : env.GITHUB_EVENT_NAME;
  const fork = forkPullRequest(payload);
  if (readOnlyOnForks.has(env.GITHUB_EVENT_NAME) && fork !== undefined) {
    return {
      status: "skipped",
      reason:
        `${fork} is a fork: under \`${env.GITHUB_EVENT_NAME}\` GitHub gives the workflow a read-only token and no ` +
        "secrets, so nothing can be posted. See docs/github-action.md for reviewing fork PRs.",
    };
  }

  // Actions payloads carry no installation; the app keys its jobs and caches by one. The token belongs to
  // this repository, so its id stands in for the installation (no token exchange happens with `githubToken`).
  const repositoryId = repositoryIdOf(payload);
  const withInstallation =
    payload.installation === undefined && repositoryId !== undefined
      ? { ...payload, installation: { id: repositoryId } }
      : payload;

  const probot = new Probot({
    githubToken: env.GITHUB_TOKEN,
    baseUrl: env.GITHUB_API_URL,
    log,
    Octokit: withActionsIdentity(options.Octokit ?? ProbotOctokit),
  });
  const architect = createBackendArchitect({
    concurrency: 1,
    ...(options.analyzers === undefined ? {} : { analyzers: options.analyzers }),
    ...(env.INPUT_ANTHROPIC_API_KEY === undefined
      ? {}
      : { anthropic: { apiKey: env.INPUT_ANTHROPIC_API_KEY, model: env.INPUT_MODEL ?? defaultModel } }),
  });
  await probot.load(architect.appFn);
  // Probot dispatches any event name; the app has handlers only for the events it reviews or answers.
  const delivery = {
    id: `actions-${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT}`,
    name,
    payload: withInstallation,
  } as WebhookEvent;
  await probot.receive(delivery);
  await architect.queue().onIdle();
  const { processed, failed } = architect.queue().stats();
  return { status: "done", processed, failed };
}

/**
 * `GET /app` needs the app's JWT, which a workflow never has; the app asks it once for its own login
 * (`<slug>[bot]`). With the workflow's token that login is `github-actions[bot]`.
 */
function withActionsIdentity(Octokit: typeof ProbotOctokit): typeof ProbotOctokit {
  return Octokit.plugin((octokit) => {
    octokit.hook.wrap("request", async (request, options) => {
      if (options.method === "GET" && options.url === "/app") {
        return { status: 200, url: options.url, headers: {}, data: { slug: actionsAppSlug } };
      }
      return request(options);
    });
    return {};
  });
}

const EventPayload = z.looseObject({
  installation: z.looseObject({ id: z.number() }).optional(),
  repository: z.looseObject({ id: z.number(), full_name: z.string() }).optional(),
  pull_request: z
    .looseObject({
      number: z.number(),
      head: z.looseObject({ repo: z.looseObject({ full_name: z.string() }).nullable() }),
    })
    .optional(),
});
type EventPayload = z.infer<typeof EventPayload>;

function readEvent(path: string): { ok: true; payload: EventPayload } | { ok: false; error: string } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return { ok: false, error: `GITHUB_EVENT_PATH ${path}: cannot read the event file (${code})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: `GITHUB_EVENT_PATH ${path}: the event file is not JSON` };
  }
  const parsed = EventPayload.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      error: `GITHUB_EVENT_PATH ${path}: not a webhook payload (${parsed.error.issues[0]?.message})`,
    };
  }
  return { ok: true, payload: parsed.data };
}

/** `owner/repo#n` of a PR whose head lives in another repository (a fork, or a deleted one), else undefined. */
function forkPullRequest(payload: EventPayload): string | undefined {
  const pr = payload.pull_request;
  const base = payload.repository?.full_name;
  if (pr === undefined || base === undefined) return undefined;
  return pr.head.repo?.full_name === base ? undefined : `${base}#${pr.number}`;
}

function repositoryIdOf(payload: EventPayload): number | undefined {
  return payload.repository?.id;
}

/** Runs the action and sets the step's outcome: workflow commands for the log, the exit code for the step. */
async function main(): Promise<void> {
  const result = await runAction(process.env);
  if (result.status === "invalid") {
    for (const error of result.errors) console.log(`::error::backend-architect: ${error}`);
    process.exitCode = 1;
  } else if (result.status === "skipped") {
    console.log(`::notice::backend-architect: ${result.reason}`);
  } else if (result.failed > 0) {
    console.log(
      `::error::backend-architect: ${result.failed} of ${result.processed} job(s) failed; see the log above`,
    );
    process.exitCode = 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.log(`::error::backend-architect: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
