// docker-compose services against I1, I4 and published database ports (analyzers reference §5.5).
import type { Finding } from "../../domain/model.js";
import { describeUnpinned, imagePin, isMoving } from "../infra/image-pin.js";
import { infraRules } from "../infra/infra-rules.js";
import { anchorLine, type LineSpan, spanTouches } from "../infra/line-span.js";
import type { YamlPath } from "../infra/parse-yaml-documents.js";
import { asList, asMap } from "../infra/plain-data.js";
import { databasePorts } from "../infra/service-ports.js";
import { makeFinding } from "../make-finding.js";
import type { RuleDefinition } from "../rule.js";
import type { ManifestScope } from "./review-workload.js";
import { isRuntimeSocket, isSensitiveHostPath } from "./sensitive-host-path.js";

const hostModes = [
  ["network_mode", "shares the host's network stack: it can bind any host port and see all host traffic"],
  ["pid", "shares the host's process namespace: it can see and signal every host process"],
  ["ipc", "shares the host's IPC namespace: it can read other processes' shared memory"],
] as const;

/** A `services:` document: is it a Compose file (every service an image or a build)? */
export function isComposeDocument(value: Record<string, unknown>): boolean {
  const services = asMap(value.services);
  if (services === undefined || value.kind !== undefined) return false;
  const entries = Object.values(services);
  return (
    entries.length > 0 &&
    entries.every((service) => {
      const map = asMap(service);
      return (
        map !== undefined && (map.image !== undefined || map.build !== undefined || map.extends !== undefined)
      );
    })
  );
}

export function reviewCompose(value: Record<string, unknown>, scope: ManifestScope): Finding[] {
  const findings: Finding[] = [];
  for (const [name, entry] of Object.entries(asMap(value.services) ?? {})) {
    const service = asMap(entry);
    if (service === undefined) continue;
    const servicePath: YamlPath = ["services", name];
    const touched = (path: YamlPath) => {
      const span = scope.document.spanOf([...servicePath, ...path]);
      return spanTouches(span, scope.addedLines) ? span : undefined;
    };
    const report = (rule: RuleDefinition, span: LineSpan, subject: string, message: string) =>
      findings.push(
        makeFinding(rule, {
          path: scope.path,
          line: anchorLine(span, scope.addedLines),
          subject: `service ${name} ${subject}`,
          message,
        }),
      );

    // With `build:`, `image:` names the image Compose builds, not one it pulls.
    const image = typeof service.image === "string" ? service.image : undefined;
    const pin = image === undefined || service.build !== undefined ? undefined : imagePin(image);
    const imageSpan = isMoving(pin) ? touched(["image"]) : undefined;
    if (image !== undefined && imageSpan !== undefined && isMoving(pin)) {
      report(
        infraRules.mutableImageTag,
        imageSpan,
        "image",
        `${describeUnpinned(image, pin)}: \`docker compose pull\` on another machine, or next month, runs a ` +
          `different version of \`${name}\`. Pin a full version tag (\`16.4\`, not \`16\`).`,
      );
    }

    const privilegedSpan = service.privileged === true ? touched(["privileged"]) : undefined;
    if (privilegedSpan !== undefined) {
      report(
        infraRules.privilegedWorkload,
        privilegedSpan,
        "privileged",
        `Service \`${name}\` is \`privileged: true\`: it has every capability and all host devices, so a ` +
          "compromise is root on the host. Add the single capability it needs with `cap_add` instead.",
      );
    }
    for (const [field, effect] of hostModes) {
      const span = service[field] === "host" ? touched([field]) : undefined;
      if (span === undefined) continue;
      report(
        infraRules.privilegedWorkload,
        span,
        field,
        `Service \`${name}\` sets \`${field}: host\`, so it ${effect}. Use published ports and the Compose ` +
          "network instead.",
      );
    }
    asList(service.volumes).forEach((volume, index) => {
      const source = volumeSource(volume);
      if (source === undefined || !isSensitiveHostPath(source)) return;
      const span = touched(["volumes", index]);
      if (span === undefined) return;
      const why = isRuntimeSocket(source)
        ? "the container runtime socket lets it start privileged containers, which is root on the host"
        : "it exposes the host's system files to the container";
      report(
        infraRules.privilegedWorkload,
        span,
        `volume ${source}`,
        `Service \`${name}\` mounts \`${source}\`: ${why}. Mount only the files it needs, read-only.`,
      );
    });
    asList(service.ports).forEach((port, index) => {
      const published = publishedPort(port);
      const database = published === undefined ? undefined : databasePorts.get(published.target);
      if (published === undefined || database === undefined || !published.allInterfaces) return;
      const span = touched(["ports", index]);
      if (span === undefined) return;
      report(
        infraRules.composeDbPortOnAllInterfaces,
        span,
        `port ${published.target}`,
        `\`${published.written}\` publishes ${database} on every interface of the host, past the host ` +
          "firewall (Docker writes its own iptables rules), so anyone on the same network can reach it. " +
          `Bind it to loopback (\`"127.0.0.1:${published.target}:${published.target}"\`) or drop the mapping.`,
      );
    });
  }
  return findings;
}

/** The host side of a bind mount, short (`/src:/dst:ro`) or long (`{ type: bind, source }`) syntax. */
function volumeSource(volume: unknown): string | undefined {
  if (typeof volume === "string") {
    const source = volume.split(":")[0] ?? "";
    return source.startsWith("/") ? source : undefined;
  }
  const long = asMap(volume);
  return typeof long?.source === "string" && long.source.startsWith("/") ? long.source : undefined;
}

interface PublishedPort {
  target: number;
  allInterfaces: boolean;
  written: string;
}

const loopback = new Set(["127.0.0.1", "localhost", "::1"]);

/** `5432`, `"5432:5432"`, `"0.0.0.0:5432:5432/tcp"`, `"[::1]:5432:5432"` or `{ target, host_ip }`. */
function publishedPort(port: unknown): PublishedPort | undefined {
  if (typeof port === "number") return { target: port, allInterfaces: true, written: String(port) };
  if (typeof port === "string") {
    const spec = port.replace(/\/(?:tcp|udp|sctp)$/i, "");
    const bracketed = /^\[([^\]]+)\]:(.*)$/.exec(spec);
    const parts =
      bracketed === null ? spec.split(":") : [bracketed[1] ?? "", ...(bracketed[2] ?? "").split(":")];
    const target = Number(parts.at(-1));
    if (!Number.isInteger(target)) return undefined;
    const hostIp = parts.length === 3 ? parts[0] : undefined;
    return { target, allInterfaces: hostIp === undefined || !loopback.has(hostIp), written: port };
  }
  const long = asMap(port);
  const target = Number(long?.target);
  if (long === undefined || !Number.isInteger(target)) return undefined;
  const hostIp = typeof long.host_ip === "string" ? long.host_ip : undefined;
  return {
    target,
    allInterfaces: hostIp === undefined || !loopback.has(hostIp),
    written: `target: ${target}${hostIp === undefined ? "" : `, host_ip: ${hostIp}`}`,
  };
}
