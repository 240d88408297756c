import { describe, expect, it } from "vitest";
import { manifestAnalyzer } from "../../../src/analyzers/kubernetes/manifest-analyzer.js";
import type { ChangedFile, Finding } from "../../../src/domain/model.js";
import { addedFile, changedFile } from "../../helpers/changed-file.js";
import { infraFixture } from "../infra/infra-fixture.js";

const review = (file: ChangedFile) => manifestAnalyzer.analyze(file, { files: [file] });
const added = (name: string, path: string) => addedFile(path, infraFixture(name));
const summary = (findings: Finding[]) =>
  findings.map((finding) => [finding.ruleId, finding.line, finding.severity]);

describe("manifestAnalyzer", () => {
  it("applies to infrastructure YAML except workflows, and reads only the head", () => {
    const applies = (path: string) =>
      manifestAnalyzer.appliesTo(addedFile(path, "apiVersion: v1\nkind: ConfigMap\n"));
    expect(applies("k8s/deployment.yaml")).toBe(true);
    expect(applies("docker-compose.yml")).toBe(true);
    expect(applies("charts/app/values.yaml")).toBe(true);
    expect(applies(".github/workflows/ci.yml")).toBe(false);
    expect(applies("Dockerfile")).toBe(false);
    expect(applies("docs/deployment.md")).toBe(false);
    expect(manifestAnalyzer.needs).toEqual({ base: false, head: true });
  });

  describe("Kubernetes workloads", () => {
    it("flags latest/untagged images (I1), privilege escalation (I4), root (I5), resources (I6), probes (I7)", async () => {
      const { findings, notes } = await review(added("kubernetes/deployment.bad.yaml", "k8s/api.yaml"));
      expect(notes).toEqual([]);
      expect(
        findings.map((finding) => [finding.ruleId, finding.line, finding.severity, finding.subject]),
      ).toEqual([
        ["infra/mutable-image-tag", 17, "major", "Deployment/api container api image"],
        ["infra/privileged-workload", 21, "blocker", "Deployment/api container api allowPrivilegeEscalation"],
        ["k8s/run-as-root", 16, "major", "Deployment/api container api user"],
        ["k8s/missing-resources", 16, "major", "Deployment/api container api resources"],
        ["k8s/missing-probes", 16, "info", "Deployment/api container api probes"],
        ["infra/mutable-image-tag", 23, "major", "Deployment/api container metrics image"],
        ["k8s/run-as-root", 37, "major", "Deployment/api container metrics user"],
      ]);
      expect(findings[3]?.message).toContain("`requests.cpu`, `requests.memory`, `limits.memory`");
    });

    it("I1: a major-only image tag moves like latest; a minor version or a digest does not", async () => {
      const manifest = [
        "apiVersion: batch/v1",
        "kind: CronJob",
        "metadata:",
        "  name: backup",
        "spec:",
        "  schedule: '0 3 * * *'",
        "  jobTemplate:",
        "    spec:",
        "      template:",
        "        spec:",
        "          containers:",
        "            - name: dump",
        "              image: postgres:16",
        "            - name: upload",
        "              image: amazon/aws-cli:2.15.30",
        "            - name: notify",
        "              image: curlimages/curl@sha256:0f04e4f646a3f14bf31d8bc8d885b6c951fdcf42589d06845f64d18aec6a3c4d",
        "",
      ].join("\n");
      const { findings } = await review(addedFile("k8s/backup.yaml", manifest));
      const images = findings.filter((finding) => finding.ruleId === "infra/mutable-image-tag");
      expect(images.map((finding) => [finding.line, finding.subject, finding.message])).toEqual([
        [
          13,
          "CronJob/backup container dump image",
          "`postgres:16` names only a major version, a tag its publisher moves to every new minor and patch " +
            "release: pods scheduled on different nodes or restarted later can run different versions, and a " +
            "rollback does not roll anything back. Pin a full version tag (`16.4`, not `16`) or a digest.",
        ],
      ]);
    });

    it("stays quiet on the corrected Deployment", async () => {
      expect(await review(added("kubernetes/deployment.good.yaml", "k8s/api.yaml"))).toEqual({
        findings: [],
        notes: [],
      });
    });

    it("I4: flags host namespaces, privileged containers, SYS_ADMIN and sensitive host paths", async () => {
      const { findings } = await review(added("kubernetes/host-access.bad.yaml", "k8s/agent.yaml"));
      expect(findings.map((finding) => [finding.ruleId, finding.line, finding.subject])).toEqual([
        ["infra/privileged-workload", 15, "DaemonSet/node-agent hostNetwork"],
        ["infra/privileged-workload", 16, "DaemonSet/node-agent hostPID"],
        ["infra/privileged-workload", 34, "DaemonSet/node-agent hostPath /var/run/docker.sock"],
        ["infra/privileged-workload", 37, "DaemonSet/node-agent hostPath /etc"],
        ["infra/privileged-workload", 24, "DaemonSet/node-agent container agent privileged"],
        ["infra/privileged-workload", 26, "DaemonSet/node-agent container agent capabilities"],
      ]);
      expect(await review(added("kubernetes/host-access.good.yaml", "k8s/agent.yaml"))).toEqual({
        findings: [],
        notes: [],
      });
    });

    it("reads every document of a multi-document file, and probes only serving Deployments/StatefulSets", async () => {
      const { findings } = await review(added("kubernetes/cronjob-and-service.yaml", "k8s/cleanup.yaml"));
      expect(summary(findings)).toEqual([
        ["infra/mutable-image-tag", 25, "major"],
        ["k8s/run-as-root", 24, "major"],
        ["k8s/missing-resources", 24, "major"],
      ]);
    });

    it("reports only containers the PR changed, and an image bump alone does not revive legacy settings", async () => {
      const file = changedFile(
        "k8s/worker.yaml",
        infraFixture("kubernetes/legacy.base.yaml"),
        infraFixture("kubernetes/legacy.head.yaml"),
      );
      expect([...file.addedLines]).toEqual([13]);
      // `example/worker:latest` on line 10 is legacy; the sidecar's bump to 1.1.0 is pinned.
      expect(await review(file)).toEqual({ findings: [], notes: [] });

      const edited = changedFile(
        "k8s/worker.yaml",
        infraFixture("kubernetes/legacy.base.yaml"),
        infraFixture("kubernetes/legacy.base.yaml").replace('["--verbose"]', '["--verbose", "--trace"]'),
      );
      expect(summary((await review(edited)).findings)).toEqual([
        ["k8s/run-as-root", 14, "major"],
        ["k8s/missing-resources", 14, "major"],
      ]);
    });
  });

  describe("docker-compose", () => {
    it("flags unpinned images, host privileges, the Docker socket and databases published on all interfaces", async () => {
      const { findings } = await review(added("compose/docker-compose.bad.yml", "docker-compose.yml"));
      expect(findings.map((finding) => [finding.ruleId, finding.line, finding.subject])).toEqual([
        ["infra/mutable-image-tag", 7, "service db image"],
        ["compose/db-port-on-all-interfaces", 9, "service db port 5432"],
        ["infra/mutable-image-tag", 13, "service cache image"],
        ["compose/db-port-on-all-interfaces", 15, "service cache port 6379"],
        ["infra/privileged-workload", 19, "service agent privileged"],
        ["infra/privileged-workload", 20, "service agent network_mode"],
        ["infra/privileged-workload", 21, "service agent pid"],
        ["infra/privileged-workload", 23, "service agent volume /var/run/docker.sock"],
      ]);
      expect(findings[1]?.severity).toBe("major");
    });

    it("flags a major-only image tag with the reason it moves, not a minor version", async () => {
      const compose = [
        "services:",
        "  db:",
        "    image: postgres:16-bookworm",
        "  cache:",
        "    image: redis:7.2-alpine",
        "",
      ].join("\n");
      const { findings } = await review(addedFile("compose.yaml", compose));
      expect(
        findings.map((finding) => [finding.ruleId, finding.line, finding.subject, finding.message]),
      ).toEqual([
        [
          "infra/mutable-image-tag",
          3,
          "service db image",
          "`postgres:16-bookworm` names only a major version, a tag its publisher moves to every new minor and " +
            "patch release: `docker compose pull` on another machine, or next month, runs a different version of " +
            "`db`. Pin a full version tag (`16.4`, not `16`).",
        ],
      ]);
    });

    it("stays quiet on pinned images, loopback ports, narrow capabilities and built images", async () => {
      expect(await review(added("compose/docker-compose.good.yml", "docker-compose.yml"))).toEqual({
        findings: [],
        notes: [],
      });
    });
  });

  describe("Helm", () => {
    it("flags `latest` in values, not an empty tag (the chart's appVersion)", async () => {
      const { findings } = await review(added("helm/values.bad.yaml", "charts/app/values.yaml"));
      expect(findings.map((finding) => [finding.ruleId, finding.line, finding.subject])).toEqual([
        ["infra/mutable-image-tag", 3, "values image"],
        ["infra/mutable-image-tag", 7, "values worker.image"],
      ]);
      expect(await review(added("helm/values.good.yaml", "charts/app/values.yaml"))).toEqual({
        findings: [],
        notes: [],
      });
    });

    it("flags a major-only tag in values, also when YAML reads it as a number", async () => {
      const values = [
        "image:",
        "  repository: ghcr.io/acme/api",
        "  tag: 3",
        "sidecar:",
        '  image: "envoyproxy/envoy:v1"',
        "metrics:",
        "  image:",
        "    repository: prom/statsd-exporter",
        '    tag: "0.26.1"',
        "",
      ].join("\n");
      const { findings } = await review(addedFile("charts/api/values.yaml", values));
      expect(findings.map((finding) => [finding.line, finding.subject, finding.message])).toEqual([
        [
          3,
          "values image",
          "`image` deploys `ghcr.io/acme/api:3`, a major-only tag the publisher moves to every new minor and patch " +
            "release: every pod restart or new node can pull a different version, and a `helm rollback` does not " +
            "roll the image back. Pin a full version tag, or leave `tag` empty to use the chart's `appVersion`.",
        ],
        [
          5,
          "values sidecar.image",
          "`sidecar.image` deploys `envoyproxy/envoy:v1`, a major-only tag the publisher moves to every new minor " +
            "and patch release: every pod restart or new node can pull a different version, and a `helm rollback` " +
            "does not roll the image back. Pin a full version tag, or leave `tag` empty to use the chart's " +
            "`appVersion`.",
        ],
      ]);
    });

    it("skips templates quietly: Go templates are not YAML", async () => {
      const file = added(
        "kubernetes/chart/templates/deployment.yaml",
        "charts/app/templates/deployment.yaml",
      );
      expect(await review(file)).toEqual({ findings: [], notes: [] });
    });
  });

  describe("malformed input", () => {
    it("turns invalid YAML into one note naming the file and the line", async () => {
      expect(await review(added("kubernetes/invalid.yaml", "k8s/broken.yaml"))).toEqual({
        findings: [],
        notes: [
          {
            path: "k8s/broken.yaml",
            message:
              "`k8s/broken.yaml`: could not parse YAML at line 6 (Flow map in block collection must be " +
              "sufficiently indented and end with a }); it was not checked.",
          },
        ],
      });
    });

    it("stops an alias bomb with a note instead of exhausting memory", async () => {
      const levels = ["a: &a [x, x, x, x, x, x, x, x, x]"];
      for (let level = 1; level < 9; level++) {
        const previous = String.fromCharCode(96 + level);
        const name = String.fromCharCode(97 + level);
        levels.push(`${name}: &${name} [${new Array(9).fill(`*${previous}`).join(", ")}]`);
      }
      const result = await review(addedFile("k8s/bomb.yaml", `${levels.join("\n")}\n`));
      expect(result.findings).toEqual([]);
      expect(result.notes).toHaveLength(1);
      expect(result.notes[0]?.message).toMatch(
        /^`k8s\/bomb\.yaml`: could not parse YAML \(.*alias.*\); it was not checked\.$/i,
      );
    });

    it("names a generated 5 MB manifest instead of parsing it, quickly", async () => {
      const document = (index: number) =>
        `---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${index}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: example/app:latest\n`;
      const parts: string[] = [];
      let size = 0;
      for (let index = 0; size < 5_000_000; index++) {
        parts.push(document(index));
        size += parts.at(-1)?.length ?? 0;
      }
      const head = parts.join("");
      const file: ChangedFile = {
        ...addedFile("k8s/generated.yaml", ""),
        headContent: head,
        addedLines: new Set(Array.from({ length: head.split("\n").length }, (_, line) => line + 1)),
      };
      const started = performance.now();
      const result = await review(file);
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(result).toEqual({
        findings: [],
        notes: [
          {
            path: "k8s/generated.yaml",
            message:
              "`k8s/generated.yaml`: not checked: 5.0 MB is over the 1 MB limit for manifest files " +
              "(generated files are best reviewed at their source).",
          },
        ],
      });
    });
  });
});
