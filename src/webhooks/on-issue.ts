// issues webhooks: an issue opened with labels, or given one, may ask for a design proposal. Filter and
// enqueue only; whether the label is the repository's proposal label is decided in the job, where the
// repository config can be read.
import type { Context, Probot } from "probot";
import { type Job, ProposeDesignJob } from "../queue/job.js";
import type { JobQueue } from "../queue/job-queue.js";

export const proposalTriggers = ["issues.opened", "issues.labeled"] as const;

type IssueContext = Context<(typeof proposalTriggers)[number]>;

export type ProposalDecision = { propose: true; job: Job } | { propose: false; reason: string };

/** Pure: whether this delivery should produce a propose-design job, and the job. */
export function decideProposal(deliveryId: string, payload: IssueContext["payload"]): ProposalDecision {
  const { issue } = payload;
  if (payload.sender.type === "Bot")
    return { propose: false, reason: `sent by the bot ${payload.sender.login}` };
  if (issue.state !== "open") return { propose: false, reason: "issue is closed" };
  if (payload.action === "opened" && (issue.labels ?? []).length === 0) {
    return { propose: false, reason: "issue opened without labels" };
  }
  if (payload.installation === undefined) return { propose: false, reason: "delivery has no installation" };
  const parsed = ProposeDesignJob.safeParse({
    kind: "propose-design",
    deliveryId,
    installationId: payload.installation.id,
    owner: payload.repository.owner.login,
    repo: payload.repository.name,
    number: issue.number,
    trigger: payload.action,
  });
  if (!parsed.success)
    return { propose: false, reason: `unexpected payload: ${parsed.error.issues[0]?.message}` };
  return { propose: true, job: parsed.data };
}

export function onIssue(app: Probot, queue: JobQueue): void {
  app.on([...proposalTriggers], async (context: IssueContext) => {
    const decision = decideProposal(context.id, context.payload);
    if (!decision.propose) {
      context.log.debug({ reason: decision.reason }, "no design proposal for this issue event");
      return;
    }
    const result = await queue.enqueue(decision.job);
    context.log.info({ delivery: context.id, ...result }, "propose-design job");
  });
}
