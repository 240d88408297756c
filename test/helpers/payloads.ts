// Real webhook payloads from @octokit/webhooks-examples, adjusted per test (cloned, never mutated).
import { createRequire } from "node:module";
import type { Context } from "probot";

type Action = "opened" | "reopened" | "synchronize" | "ready_for_review" | "edited" | "closed";
export type PullRequestPayload<A extends Action = Action> = Context<`pull_request.${A}`>["payload"];

interface ExampleDefinition {
  name: string;
  examples: Array<Record<string, unknown>>;
}

const examples = createRequire(import.meta.url)("@octokit/webhooks-examples") as ExampleDefinition[];

/** A `pull_request` payload for `action`, with an installation (added when the example lacks one). */
export function pullRequestPayload<A extends Action>(action: A): PullRequestPayload<A> {
  const definition = examples.find((d) => d.name === "pull_request");
  const candidates = definition?.examples.filter((e) => e.action === action) ?? [];
  const example = candidates.find((e) => e.installation !== undefined) ?? candidates[0];
  if (example === undefined) throw new Error(`no pull_request.${action} example`);
  const payload = structuredClone(example);
  payload.installation ??= { id: 1, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
  return payload as unknown as PullRequestPayload<A>;
}
