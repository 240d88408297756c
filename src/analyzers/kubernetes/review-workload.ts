// Kubernetes workloads (Pod templates of Deployments, StatefulSets, Jobs, …) against I1 and I4–I7.
import type { Finding } from "../../domain/model.js";
import { describeUnpinned, imagePin, isMoving } from "../infra/image-pin.js";
import { infraRules } from "../infra/infra-rules.js";
import { anchorLine, type LineSpan, spanTouches, spanTouchesExcept } from "../infra/line-span.js";
import type { YamlDocument, YamlPath } from "../infra/parse-yaml-documents.js";
import { asList, asMap } from "../infra/plain-data.js";
import { makeFinding } from "../make-finding.js";
import type { RuleDefinition } from "../rule.js";
import { isRuntimeSocket, isSensitiveHostPath } from "./sensitive-host-path.js";

export interface ManifestScope {
  path: string;
  addedLines: ReadonlySet<number>;
  document: YamlDocument;
}

/** Where each workload kind keeps its pod spec. */
const podSpecPaths: Readonly<Record<string, readonly string[]>> = {
  Pod: ["spec"],
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  ReplicationController: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};

/** Long-running kinds that take Service traffic, where a readiness probe decides rollouts. */
const servingKinds = new Set(["Deployment", "StatefulSet"]);

const hostNamespaces = [
  [
    "hostNetwork",
    "shares the node's network namespace: it can bind node ports and sniff other pods' traffic",
  ],
  ["hostPID", "shares the node's process namespace: it can see and signal every process on the node"],
  ["hostIPC", "shares the node's IPC namespace: it can read other processes' shared memory"],
] as const;

/** Reviews one Kubernetes object at `base` (the document root, or an item of a `List`). */
export function reviewWorkload(
  object: Record<string, unknown>,
  base: YamlPath,
  scope: ManifestScope,
): Finding[] {
  const kind = typeof object.kind === "string" ? object.kind : "";
  const specPath = podSpecPaths[kind];
  if (specPath === undefined) return [];
  const name = stringAt(asMap(object.metadata)?.name) ?? "(unnamed)";
  const workload = `${kind} \`${name}\``;
  const podPath = [...base, ...specPath];
  const pod = asMap(valueAt(object, specPath));
  if (pod === undefined) return [];

  const findings: Finding[] = [];
  const report = (rule: RuleDefinition, span: LineSpan, subject: string, message: string) =>
    findings.push(
      makeFinding(rule, {
        path: scope.path,
        line: anchorLine(span, scope.addedLines),
        subject: `${kind}/${name} ${subject}`,
        message,
      }),
    );
  const touched = (path: YamlPath) => {
    const span = scope.document.spanOf(path);
    return spanTouches(span, scope.addedLines) ? span : undefined;
  };

  for (const [field, effect] of hostNamespaces) {
    const span = pod[field] === true ? touched([...podPath, field]) : undefined;
    if (span === undefined) continue;
    report(
      infraRules.privilegedWorkload,
      span,
      field,
      `${workload} sets \`${field}: true\`, so it ${effect}. Remove it and expose the workload through a Service.`,
    );
  }
  asList(pod.volumes).forEach((volume, index) => {
    const hostPath = stringAt(asMap(asMap(volume)?.hostPath)?.path);
    if (hostPath === undefined || !isSensitiveHostPath(hostPath)) return;
    const span = touched([...podPath, "volumes", index]);
    if (span === undefined) return;
    const why = isRuntimeSocket(hostPath)
      ? "the container runtime socket lets the pod start privileged containers on the node, i.e. root on the host"
      : "it exposes the node's system files to the pod, enough to read credentials or take over the kubelet";
    report(
      infraRules.privilegedWorkload,
      span,
      `hostPath ${hostPath}`,
      `${workload} mounts \`${hostPath}\` from the host: ${why}. Use a scoped volume (ConfigMap, Secret, PVC) ` +
        "or a dedicated API instead.",
    );
  });

  const podSecurity = asMap(pod.securityContext);
  for (const list of ["initContainers", "containers"] as const) {
    asList(pod[list]).forEach((entry, index) => {
      const container = asMap(entry);
      if (container === undefined) return;
      const containerPath = [...podPath, list, index];
      const label = `container \`${stringAt(container.name) ?? index}\` of ${workload}`;
      const subject = `${list === "containers" ? "" : "init "}container ${stringAt(container.name) ?? index}`;
      const containerSpan = scope.document.spanOf(containerPath);
      const imageLines =
        container.image === undefined ? undefined : scope.document.spanOf([...containerPath, "image"]);
      // The "missing setting" rules need a change to the container itself, not only a new image version.
      const containerTouched = spanTouchesExcept(containerSpan, imageLines, scope.addedLines);

      const image = stringAt(container.image);
      const pin = image === undefined ? undefined : imagePin(image);
      const imageSpan = touched([...containerPath, "image"]);
      if (image !== undefined && isMoving(pin) && imageSpan !== undefined) {
        report(
          infraRules.mutableImageTag,
          imageSpan,
          `${subject} image`,
          `${describeUnpinned(image, pin)}: pods scheduled on different nodes or restarted later can run ` +
            "different versions, and a rollback does not roll anything back. Pin a full version tag (`16.4`, not `16`) or a digest.",
        );
      }

      const security = asMap(container.securityContext);
      const securityPath = [...containerPath, "securityContext"];
      const escalations: Array<[string, boolean, string]> = [
        ["privileged", security?.privileged === true, "has every capability and all host devices"],
        [
          "allowPrivilegeEscalation",
          security?.allowPrivilegeEscalation === true,
          "lets a process gain more privileges than its parent (setuid binaries, file capabilities)",
        ],
      ];
      for (const [field, set, effect] of escalations) {
        const span = set ? touched([...securityPath, field]) : undefined;
        if (span === undefined) continue;
        report(
          infraRules.privilegedWorkload,
          span,
          `${subject} ${field}`,
          `${capitalise(label)} sets \`${field}: true\`, so it ${effect}: a compromise of this process is a ` +
            "compromise of the node. Remove it and add only the capability the process needs.",
        );
      }
      const added = asList(asMap(security?.capabilities)?.add).filter(
        (capability): capability is string =>
          typeof capability === "string" && /^(?:CAP_)?(?:SYS_ADMIN|ALL)$/i.test(capability),
      );
      const capabilitySpan = added.length > 0 ? touched([...securityPath, "capabilities", "add"]) : undefined;
      if (capabilitySpan !== undefined) {
        report(
          infraRules.privilegedWorkload,
          capabilitySpan,
          `${subject} capabilities`,
          `${capitalise(label)} adds \`${added.join("`, `")}\`, which is as good as \`privileged: true\` ` +
            "(mounts, namespaces, device access). Add the narrow capability actually needed instead.",
        );
      }

      if (list !== "containers") return;
      findings.push(
        ...reviewNonRoot(
          container,
          containerPath,
          podSecurity,
          podPath,
          label,
          `${kind}/${name} ${subject}`,
          {
            ...scope,
            containerTouched,
          },
        ),
      );
      if (!containerTouched) return;
      const missing = missingResources(asMap(container.resources));
      if (missing.length > 0) {
        report(
          infraRules.kubernetesMissingResources,
          containerSpan,
          `${subject} resources`,
          `${capitalise(label)} has no ${missing.map((field) => `\`${field}\``).join(", ")}: the scheduler ` +
            "cannot place it safely, and without a memory limit a leak can OOM-kill its neighbours. Set them " +
            "from observed usage.",
        );
      }
      const ports = asList(container.ports).length > 0;
      if (servingKinds.has(kind) && ports && container.readinessProbe === undefined) {
        const liveness = container.livenessProbe === undefined ? " (nor a `livenessProbe`)" : "";
        report(
          infraRules.kubernetesMissingProbes,
          containerSpan,
          `${subject} probes`,
          `${capitalise(label)} serves a port but has no \`readinessProbe\`${liveness}: it receives traffic ` +
            "before it can answer, and a rollout proceeds even if the new pods never work. Add a " +
            "`readinessProbe` on a cheap health endpoint.",
        );
      }
    });
  }
  return findings;
}

/** I5 for one container, with pod-level `securityContext` as the default kube applies. */
function reviewNonRoot(
  container: Record<string, unknown>,
  containerPath: YamlPath,
  podSecurity: Record<string, unknown> | undefined,
  podPath: YamlPath,
  label: string,
  subject: string,
  scope: ManifestScope & { containerTouched: boolean },
): Finding[] {
  const security = asMap(container.securityContext);
  const ownUser = security?.runAsUser;
  const runAsUser = ownUser ?? podSecurity?.runAsUser;
  const runAsNonRoot = security?.runAsNonRoot ?? podSecurity?.runAsNonRoot;
  const containerSpan = scope.document.spanOf(containerPath);
  const finding = (span: LineSpan, message: string) =>
    makeFinding(infraRules.kubernetesRunAsRoot, {
      path: scope.path,
      line: anchorLine(span, scope.addedLines),
      subject: `${subject} user`,
      message,
    });

  if (runAsUser === 0) {
    const userPath =
      ownUser === undefined
        ? [...podPath, "securityContext", "runAsUser"]
        : [...containerPath, "securityContext", "runAsUser"];
    const userSpan = scope.document.spanOf(userPath);
    const span = spanTouches(userSpan, scope.addedLines) ? userSpan : containerSpan;
    if (span === containerSpan && !scope.containerTouched) return [];
    return [
      finding(
        span,
        `${capitalise(label)} runs with \`runAsUser: 0\`, i.e. as root. Use the image's unprivileged uid ` +
          "and `runAsNonRoot: true`.",
      ),
    ];
  }
  const nonRootUser = typeof runAsUser === "number" && runAsUser > 0;
  if (runAsNonRoot === true || nonRootUser || !scope.containerTouched) return [];
  return [
    finding(
      containerSpan,
      `${capitalise(label)} sets neither \`runAsNonRoot: true\` nor a non-zero \`runAsUser\`, so it runs as ` +
        "the image's user, usually root. Set `securityContext.runAsNonRoot: true` (and `runAsUser`) on the " +
        "pod or the container.",
    ),
  ];
}

/** The requests and limit a container needs; a CPU limit is left out on purpose (it throttles). */
function missingResources(resources: Record<string, unknown> | undefined): string[] {
  const requests = asMap(resources?.requests);
  const limits = asMap(resources?.limits);
  const missing: string[] = [];
  // Kubernetes defaults a missing request to the limit, so either one answers for the request.
  if (requests?.cpu === undefined && limits?.cpu === undefined) missing.push("requests.cpu");
  if (requests?.memory === undefined && limits?.memory === undefined) missing.push("requests.memory");
  if (limits?.memory === undefined) missing.push("limits.memory");
  return missing;
}

function valueAt(object: unknown, path: readonly string[]): unknown {
  let current = object;
  for (const key of path) current = asMap(current)?.[key];
  return current;
}

function stringAt(value: unknown): string | undefined {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
