import { describe, expect, it } from "vitest";
import { dockerfileAnalyzer } from "../../../src/analyzers/docker/dockerfile-analyzer.js";
import type { ChangedFile } from "../../../src/domain/model.js";
import { addedFile, changedFile } from "../../helpers/changed-file.js";
import { infraFixture } from "../infra/infra-fixture.js";

const review = (file: ChangedFile) => dockerfileAnalyzer.analyze(file, { files: [file] });
const added = (name: string, path = "Dockerfile") => addedFile(path, infraFixture(`docker/${name}`));
const summary = (findings: Awaited<ReturnType<typeof review>>["findings"]) =>
  findings.map((finding) => [finding.ruleId, finding.line, finding.side, finding.severity]);

describe("dockerfileAnalyzer", () => {
  it("applies to Dockerfiles classified as infrastructure and reads only the head", () => {
    const applies = (path: string) => dockerfileAnalyzer.appliesTo(addedFile(path, "FROM alpine:3.20\n"));
    expect(applies("Dockerfile")).toBe(true);
    expect(applies("services/api/Dockerfile.prod")).toBe(true);
    expect(applies("deploy/api.dockerfile")).toBe(true);
    expect(applies("Containerfile")).toBe(true);
    expect(applies("Dockerfile.dockerignore")).toBe(false);
    expect(applies("src/dockerfile-parser.ts")).toBe(false);
    expect(applies("k8s/deployment.yaml")).toBe(false);
    expect(dockerfileAnalyzer.needs).toEqual({ base: false, head: true });
  });

  it("I1: flags an untagged base resolved from an ARG default and a :latest runtime image", async () => {
    const { findings, notes } = await review(added("base-image.bad.Dockerfile"));
    expect(notes).toEqual([]);
    expect(summary(findings)).toEqual([
      ["infra/mutable-image-tag", 3, "RIGHT", "major"],
      ["infra/mutable-image-tag", 8, "RIGHT", "major"],
    ]);
    expect(findings[0]?.message).toContain(
      "`node` has no tag, so it pulls `:latest` (from `$" + "{NODE_IMAGE}`)",
    );
    expect(findings[1]?.subject).toBe("FROM nginx:latest");
  });

  it("I1: a major-only base tag moves like :latest; a minor version or a digest is pinned enough", async () => {
    const dockerfile = [
      "FROM alpine:3 AS certs",
      "FROM node:20-alpine AS build",
      "FROM postgres:16.2-bookworm AS tools",
      "FROM node:20@sha256:0f04e4f646a3f14bf31d8bc8d885b6c951fdcf42589d06845f64d18aec6a3c4d AS runner",
      "FROM alpine:3.19",
      "USER 1000",
      "",
    ].join("\n");
    const { findings } = await review(addedFile("Dockerfile", dockerfile));
    expect(
      findings.map((finding) => [finding.ruleId, finding.line, finding.subject, finding.message]),
    ).toEqual([
      [
        "infra/mutable-image-tag",
        1,
        "FROM alpine:3",
        "`alpine:3` names only a major version, a tag its publisher moves to every new minor and patch release: " +
          "the next build can silently get a new minor or patch release of the base, and two builds of the same " +
          "commit differ. Pin a version (`alpine:<version>`), or a digest for reproducible builds.",
      ],
      [
        "infra/mutable-image-tag",
        2,
        "FROM node:20-alpine",
        "`node:20-alpine` names only a major version, a tag its publisher moves to every new minor and patch " +
          "release: the next build can silently get a new minor or patch release of the base, and two builds of " +
          "the same commit differ. Pin a version (`node:<version>`), or a digest for reproducible builds.",
      ],
    ]);
  });

  it("I1: stays quiet on pinned tags, digests, stage references, scratch and ARGs without a default", async () => {
    expect((await review(added("base-image.good.Dockerfile"))).findings).toEqual([]);
  });

  it("I2: flags a final `USER root`, not an earlier one", async () => {
    const { findings } = await review(added("root-user.bad.Dockerfile"));
    expect(summary(findings)).toEqual([["docker/runs-as-root", 5, "RIGHT", "major"]]);
    expect((await review(added("root-user.good.Dockerfile"))).findings).toEqual([]);
  });

  it("I2: flags a final stage without USER, and trusts a distroless :nonroot base", async () => {
    const { findings } = await review(added("no-user.bad.Dockerfile"));
    expect(summary(findings)).toEqual([["docker/runs-as-root", 6, "RIGHT", "major"]]);
    expect((await review(added("no-user.good.Dockerfile"))).findings).toEqual([]);
  });

  it("I3: flags secret-named ARG/ENV literals and copied credential files, never quoting the value", async () => {
    const { findings } = await review(added("secrets.bad.Dockerfile"));
    expect(
      findings.map((finding) => [finding.ruleId, finding.line, finding.subject, finding.severity]),
    ).toEqual([
      ["docker/secret-in-image", 2, "ARG NPM_TOKEN", "blocker"],
      ["docker/secret-in-image", 3, "ENV DB_PASSWORD", "blocker"],
      ["docker/secret-in-image", 6, "COPY .env", "blocker"],
      ["docker/secret-in-image", 7, "COPY certs/server.pem", "blocker"],
      ["docker/secret-in-image", 8, "COPY id_rsa", "blocker"],
    ]);
    expect(findings[1]?.endLine).toBe(4);
    for (const finding of findings) expect(finding.message).not.toMatch(/hunter2|not-a-real/);
  });

  it("I3: stays quiet on secret files mounted at build time, templates, CA bundles and GPG fingerprints", async () => {
    expect((await review(added("secrets.good.Dockerfile"))).findings).toEqual([]);
  });

  it("flags ADD of a remote URL without --checksum and of an unpinned git repository", async () => {
    const { findings } = await review(added("remote-add.bad.Dockerfile"));
    expect(summary(findings)).toEqual([
      ["docker/add-remote-url", 2, "RIGHT", "major"],
      ["docker/add-remote-url", 3, "RIGHT", "major"],
    ]);
    expect((await review(added("remote-add.good.Dockerfile"))).findings).toEqual([]);
  });

  it("notes a service image (EXPOSE) without HEALTHCHECK as info", async () => {
    const { findings } = await review(added("healthcheck.bad.Dockerfile"));
    expect(summary(findings)).toEqual([["docker/missing-healthcheck", 4, "RIGHT", "info"]]);
    expect((await review(added("healthcheck.good.Dockerfile"))).findings).toEqual([]);
  });

  it("reports only what the PR changed; a removed USER anchors on the left side", async () => {
    const file = changedFile(
      "Dockerfile",
      infraFixture("docker/legacy.base.Dockerfile"),
      infraFixture("docker/legacy.head.Dockerfile"),
    );
    const { findings } = await review(file);
    // Untouched: `FROM ubuntu` (line 1) and `ENV API_TOKEN` (line 2) are legacy.
    expect(findings.map((finding) => [finding.ruleId, finding.line, finding.side, finding.subject])).toEqual([
      ["docker/secret-in-image", 5, "RIGHT", "ENV SERVICE_API_KEY"],
      ["docker/runs-as-root", 5, "LEFT", "final stage user"],
    ]);
    expect(file.commentable.LEFT.has(5)).toBe(true);
  });

  it("does not revive a legacy missing USER when the PR only bumps the base image", async () => {
    const file = changedFile(
      "Dockerfile",
      infraFixture("docker/base-bump.base.Dockerfile"),
      infraFixture("docker/base-bump.head.Dockerfile"),
    );
    expect([...file.addedLines]).toEqual([1]);
    expect((await review(file)).findings).toEqual([]);
  });

  it("names a changed Dockerfile whose head could not be read, and says nothing about a deleted one", async () => {
    const unreadable = { ...changedFile("Dockerfile", "FROM a:1\n", "FROM a:2\n") };
    delete unreadable.headContent;
    expect((await review(unreadable)).notes).toEqual([
      {
        path: "Dockerfile",
        message: "`Dockerfile`: the head version could not be read; its Dockerfile checks were not run.",
      },
    ]);
    expect(await review(changedFile("Dockerfile", "FROM a:1\n", undefined))).toEqual({
      findings: [],
      notes: [],
    });
  });

  it("survives a Dockerfile that is mostly garbage without throwing", async () => {
    const garbage = addedFile("Dockerfile", '\u0000\u0001FROM\n\\\n\nRUN <<EOF\nUSER\nADD\nCOPY ["\n');
    await expect(review(garbage)).resolves.toMatchObject({ notes: [] });
  });
});
