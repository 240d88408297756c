// Reviews one Dockerfile against I1–I3, remote `ADD` and a missing `HEALTHCHECK`, on the lines the PR touched.
import {
  Add,
  Arg,
  Copy,
  type Dockerfile,
  DockerfileParser,
  Env,
  type From,
  type Instruction,
  type JSONInstruction,
} from "dockerfile-ast";
import type { Finding, Hunk } from "../../domain/model.js";
import { describeUnpinned, tagPin } from "../infra/image-pin.js";
import { infraRules } from "../infra/infra-rules.js";
import { anchorLine, spanTouches, spanTouchesExcept } from "../infra/line-span.js";
import { isSecretName } from "../infra/secret-name.js";
import { makeFinding } from "../make-finding.js";
import { type DockerStage, dockerStages, instructionSpan, stageLineage } from "./dockerfile-stages.js";

export interface DockerfileChange {
  path: string;
  /** New-file lines the PR added or changed. */
  addedLines: ReadonlySet<number>;
  /** The diff, to notice a removed `USER` line. */
  hunks: readonly Hunk[];
}

export function analyzeDockerfile(dockerfile: Dockerfile, change: DockerfileChange): Finding[] {
  const stages = dockerStages(dockerfile);
  const defaults = new Map<string, string>();
  for (const arg of dockerfile.getInitialARGs()) {
    for (const property of arg.getProperties()) {
      const value = property.getValue();
      if (value !== null) defaults.set(property.getName(), value);
    }
  }

  const findings: Finding[] = [];
  const aliases = new Set<string>();
  for (const stage of stages) {
    findings.push(...reviewBaseImage(stage.from, aliases, defaults, change));
    if (stage.alias !== undefined) aliases.add(stage.alias);
  }
  const touched = dockerfile
    .getInstructions()
    .filter((i) => spanTouches(instructionSpan(i), change.addedLines));
  for (const instruction of touched) {
    findings.push(...reviewSecrets(instruction, change.path), ...reviewRemoteAdd(instruction, change.path));
  }
  const final = stages.at(-1);
  if (final !== undefined) {
    findings.push(...reviewFinalUser(final, change), ...reviewHealthcheck(final, change));
  }
  return findings;
}

/**
 * I1: `FROM x`, `FROM x:latest` and a major-only tag (`FROM x:3`, `FROM x:20-alpine`); not `scratch`, earlier
 * stages, digests or variables we cannot resolve.
 */
function reviewBaseImage(
  from: From,
  aliases: ReadonlySet<string>,
  defaults: ReadonlyMap<string, string>,
  change: DockerfileChange,
): Finding[] {
  const span = instructionSpan(from);
  const written = from.getImage();
  if (written === null || !spanTouches(span, change.addedLines)) return [];
  const image = written.includes("$") ? resolveVariables(written, defaults) : written;
  if (image === undefined) return [];
  if (image.toLowerCase() === "scratch" || aliases.has(image.toLowerCase())) return [];
  // Let the parser split registry, name, tag and digest, also for a reference that came from an ARG.
  const parsed = image === written ? from : DockerfileParser.parse(`FROM ${image}`).getFROMs()[0];
  if (parsed === undefined || parsed.getImageDigest() !== null) return [];
  const tag = parsed.getImageTag();
  const pin = tag === null ? "untagged" : tagPin(tag);
  if (pin === "pinned") return [];
  const drift =
    pin === "major"
      ? "the next build can silently get a new minor or patch release of the base"
      : "the next build can silently get a new major version of the base";
  const name = parsed.getImageName() ?? image;
  const via = image === written ? "" : ` (from \`${written}\`)`;
  return [
    makeFinding(infraRules.mutableImageTag, {
      path: change.path,
      line: span.start,
      endLine: span.end,
      subject: `FROM ${image}`,
      message:
        `${describeUnpinned(image, pin)}${via}: ${drift}, ` +
        `and two builds of the same commit differ. Pin a version (\`${name}:<version>\`), or a digest for ` +
        "reproducible builds.",
    }),
  ];
}

/** `${NAME}`, `$NAME` and `${NAME:-default}` from global ARG defaults; `undefined` when one is unknown. */
function resolveVariables(image: string, defaults: ReadonlyMap<string, string>): string | undefined {
  let unresolved = false;
  const resolved = image.replace(
    /\$\{(\w+)(?::?-([^}]*))?\}|\$(\w+)/g,
    (_match, braced: string | undefined, fallback: string | undefined, bare: string | undefined) => {
      const value = defaults.get(braced ?? bare ?? "") ?? fallback;
      if (value === undefined || value === "") unresolved = true;
      return value ?? "";
    },
  );
  return unresolved || resolved.includes("$") ? undefined : resolved;
}

/** I2 on the final stage: the effective `USER` is root, or there is none (checked when the PR touches it). */
function reviewFinalUser(final: DockerStage, change: DockerfileChange): Finding[] {
  const lineage = stageLineage(final);
  const users = lineage.flatMap((stage) => stage.instructions.filter((i) => i.getKeyword() === "USER"));
  const last = users.at(-1);
  if (last !== undefined) {
    const span = instructionSpan(last);
    const user = last.getArgumentsContent()?.trim() ?? "";
    const name = user.split(":")[0]?.trim().toLowerCase() ?? "";
    if ((name !== "root" && name !== "0") || !spanTouches(span, change.addedLines)) return [];
    return [
      makeFinding(infraRules.dockerRunsAsRoot, {
        path: change.path,
        line: span.start,
        subject: "final stage user",
        message:
          `\`USER ${user}\` is the last user of the final stage, so the service runs as uid 0: a code-execution ` +
          "bug owns the container and is one escape away from the host. Switch back to an unprivileged user " +
          "(`USER 10001`) after the steps that need root.",
      }),
    ];
  }
  // Distroless `:nonroot` and similar bases set an unprivileged user themselves (`scratch` does not: uid 0).
  const base = lineage[0]?.from.getImage() ?? "";
  if (/nonroot/i.test(base)) return [];
  const message =
    "The final stage never sets `USER`, so the service runs as root: a code-execution bug owns the container, " +
    "and clusters enforcing `runAsNonRoot` refuse to start it. Add `USER 10001` (a user created in the image) " +
    "before `CMD`.";
  // The PR deleted the `USER` line that made it safe: the comment belongs on the removed line.
  const removed = removedLine(change.hunks, /^\s*USER\s/i);
  if (removed !== undefined) {
    return [
      makeFinding(infraRules.dockerRunsAsRoot, {
        path: change.path,
        line: removed,
        side: "LEFT",
        subject: "final stage user",
        message: `This removes the last \`USER\`. ${message}`,
      }),
    ];
  }
  // A new base version alone does not make the stage's missing USER part of this change.
  if (!spanTouchesExcept(final.span, instructionSpan(final.from), change.addedLines)) return [];
  return [
    makeFinding(infraRules.dockerRunsAsRoot, {
      path: change.path,
      line: anchorLine(final.span, change.addedLines),
      subject: "final stage user",
      message,
    }),
  ];
}

function removedLine(hunks: readonly Hunk[], pattern: RegExp): number | undefined {
  for (const hunk of hunks) {
    for (const line of hunk.lines) {
      if (line.kind === "del" && line.oldLine !== undefined && pattern.test(line.content))
        return line.oldLine;
    }
  }
  return undefined;
}

const envFile = /^\.env(?:\.[\w.-]+)?$/i;
/** `.env.example` and friends are templates checked in on purpose. */
const envTemplate = /\.(?:example|sample|template|dist|defaults?)$/i;
const privateKeyFile = /^id_(?:rsa|dsa|ecdsa|ed25519)$|\.key$/i;
/** A `.pem` is often a public CA bundle or certificate chain; those names are not secrets. */
const publicPem =
  /(?:^|[._-])(?:ca|cacert|cert|certs|certificate|chain|fullchain|bundle|root|public|pub)(?:[._-]|$)/i;

/** Files that hold credentials: `.env` (not its templates), SSH/TLS private keys, non-certificate `*.pem`. */
function isSecretFile(name: string): boolean {
  if (envFile.test(name)) return !envTemplate.test(name);
  if (privateKeyFile.test(name)) return true;
  return /\.pem$/i.test(name) && !publicPem.test(name);
}

/** I3: `ARG`/`ENV` secrets with a literal value; `COPY`/`ADD` of `.env`, private keys, `*.pem`. */
function reviewSecrets(instruction: Instruction, path: string): Finding[] {
  const keyword = instruction.getKeyword();
  const span = instructionSpan(instruction);
  const findings: Finding[] = [];
  if (instruction instanceof Arg || instruction instanceof Env) {
    for (const property of instruction.getProperties()) {
      const name = property.getName();
      const value = property.getValue();
      if (!isSecretName(name) || value === null || value.trim() === "" || /^\$\{?\w+\}?$/.test(value))
        continue;
      const where =
        keyword === "ARG"
          ? "is recorded in the image history (`docker history`) of every image built with the default"
          : "is stored in the image config, readable by anyone who can pull it (`docker inspect`)";
      findings.push(
        makeFinding(infraRules.secretInImage, {
          path,
          line: span.start,
          endLine: span.end,
          subject: `${keyword} ${name}`,
          message:
            `\`${keyword} ${name}\` has a literal value, which ${where}. Remove the value and pass it at build ` +
            `time with \`RUN --mount=type=secret,id=${name.toLowerCase()}\`, or at runtime from the ` +
            "orchestrator's secrets.",
        }),
      );
    }
  }
  if (instruction instanceof Copy || instruction instanceof Add) {
    for (const source of copySources(instruction)) {
      const file = source.replace(/\/+$/, "").split("/").pop() ?? source;
      if (!isSecretFile(file)) continue;
      findings.push(
        makeFinding(infraRules.secretInImage, {
          path,
          line: span.start,
          endLine: span.end,
          subject: `${keyword} ${source}`,
          message:
            `\`${keyword} ${source}\` copies a credential file into a layer: it stays in the image even if a ` +
            "later step deletes it, readable by anyone who can pull. Mount it for the one step that needs it " +
            "(`RUN --mount=type=secret,id=…`) and list it in `.dockerignore`.",
        }),
      );
    }
  }
  return findings;
}

/** Sources of a `COPY`/`ADD` (flags, the destination and heredoc bodies excluded); JSON form too. */
function copySources(instruction: JSONInstruction): string[] {
  const json = instruction.getJSONStrings().map((argument) => argument.getJSONValue());
  const args = json.length > 0 ? json : instruction.getArguments().map((argument) => argument.getValue());
  if (args.some((arg) => arg.startsWith("<<"))) return [];
  return args.slice(0, -1);
}

const remoteUrl = /^(?:https?|ftp):\/\//i;
const gitUrl = /^(?:git@|ssh:\/\/|git:\/\/)|\.git(?:#|$)/i;

/** `ADD <url>` without `--checksum`, or `ADD <git repo>` not pinned to a commit. */
function reviewRemoteAdd(instruction: Instruction, path: string): Finding[] {
  if (!(instruction instanceof Add)) return [];
  const hasChecksum = instruction.getFlags().some((flag) => flag.getName().toLowerCase() === "checksum");
  const span = instructionSpan(instruction);
  const findings: Finding[] = [];
  for (const source of copySources(instruction)) {
    const git = gitUrl.test(source);
    if (git ? /#[0-9a-f]{40}\b/i.test(source) : !remoteUrl.test(source) || hasChecksum) continue;
    findings.push(
      makeFinding(infraRules.dockerAddRemoteUrl, {
        path,
        line: span.start,
        endLine: span.end,
        subject: `ADD ${source}`,
        message: git
          ? `\`ADD ${source}\` clones whatever the ref points at when the image is built. Pin the commit ` +
            "(`…git#<40-hex sha>`) so every build gets the same code."
          : `\`ADD ${source}\` downloads at build time without an integrity check, so the build takes whatever ` +
            "the server returns that day. Add `--checksum=sha256:<digest>`, or download with `curl` and verify " +
            "with `sha256sum -c`.",
      }),
    );
  }
  return findings;
}

/** A final stage that `EXPOSE`s a port is a service; without `HEALTHCHECK` nothing notices it hang. */
function reviewHealthcheck(final: DockerStage, change: DockerfileChange): Finding[] {
  const instructions = stageLineage(final).flatMap((stage) => stage.instructions);
  if (instructions.some((i) => i.getKeyword() === "HEALTHCHECK")) return [];
  const expose = instructions.find((i) => i.getKeyword() === "EXPOSE");
  if (expose === undefined) return [];
  // Declaring the port is what makes it a service; that is the change worth the note.
  const touched = instructionSpan(expose);
  if (!spanTouches(touched, change.addedLines)) return [];
  const ports = expose.getArgumentsContent()?.trim() ?? "";
  return [
    makeFinding(infraRules.dockerMissingHealthcheck, {
      path: change.path,
      line: touched.start,
      subject: "final stage healthcheck",
      message:
        `The image exposes \`${ports}\` but has no \`HEALTHCHECK\`, so Docker, Compose and ECS cannot tell a ` +
        "hung server from a healthy one. Add `HEALTHCHECK CMD <probe>` (or `HEALTHCHECK NONE` if an " +
        "orchestrator probe covers it).",
    }),
  ];
}
