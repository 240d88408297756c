import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openapiAnalyzer } from "../../../src/analyzers/openapi/openapi-analyzer.js";
import type { ChangedFile, Finding } from "../../../src/domain/model.js";
import { changedFile } from "../../helpers/changed-file.js";

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/openapi/${name}`, import.meta.url), "utf8");

async function review(file: ChangedFile) {
  return openapiAnalyzer.analyze(file, { files: [file] });
}

/** `[ruleId, sub-code, side, line]` per finding: what a reviewer sees, in order. */
function sites(findings: readonly Finding[]) {
  return findings.map((finding) => [
    finding.ruleId,
    /\((?:oasdiff: )?([^()]+)\)\.(?: |$)/.exec(finding.message)?.[1],
    finding.side,
    finding.line,
  ]);
}

const contractRules = (findings: readonly Finding[]) =>
  findings.filter((finding) => finding.ruleId !== "api/owasp-on-changed-operations");

describe("openapiAnalyzer", () => {
  it("applies to API-contract YAML/JSON files and reads both sides", () => {
    const file = changedFile("api/openapi.yaml", undefined, "openapi: 3.0.3\n");
    expect(openapiAnalyzer.appliesTo(file)).toBe(true);
    expect(openapiAnalyzer.appliesTo({ ...file, path: "api/openapi.json" })).toBe(true);
    expect(openapiAnalyzer.appliesTo({ ...file, path: "api/users.graphql" })).toBe(false);
    expect(openapiAnalyzer.appliesTo({ ...file, skipped: "generated" })).toBe(false);
    // A YAML file the classifier did not recognise still applies once its content says it is a spec.
    expect(
      openapiAnalyzer.appliesTo({
        ...file,
        path: "docs/users-api.yml",
        category: "other",
        headContent: "swagger: '2.0'\n",
      }),
    ).toBe(true);
    expect(
      openapiAnalyzer.appliesTo({ ...file, path: "config.yml", category: "other", headContent: "a: 1\n" }),
    ).toBe(false);
    expect(openapiAnalyzer.needs).toEqual({ base: true, head: true });
  });

  it("reports one finding per contract break, with oasdiff's check id, on the line that changed", async () => {
    const file = changedFile("api/users.yaml", fixture("users.base.yaml"), fixture("users.breaking.yaml"));
    const { findings, notes } = await review(file);
    expect(notes).toEqual([]);
    expect(sites(contractRules(findings))).toEqual([
      ["api/request-newly-required", "request-parameter-became-required", "RIGHT", 16],
      ["api/enum-changed", "request-parameter-enum-value-removed", "LEFT", 24],
      // Changes inside the shared `User` schema: one finding each, at the component, naming every operation.
      ["api/response-field-removed", "response-optional-property-removed", "LEFT", 119],
      ["api/response-field-removed", "response-property-became-optional", "LEFT", 113],
      ["api/type-or-nullability-changed", "response-property-type-changed", "RIGHT", 98],
      ["api/enum-changed", "response-property-enum-value-added", "RIGHT", 102],
      ["api/request-newly-required", "new-required-request-property", "RIGHT", 105],
      ["api/request-constraint-tightened", "request-property-max-length-decreased", "RIGHT", 109],
      ["api/status-or-media-type-removed", "request-body-media-type-removed", "LEFT", 42],
      ["api/security-weakened", "api-security-removed", "RIGHT", 69],
      ["api/endpoint-removed", "api-path-removed-without-deprecation", "LEFT", 89],
    ]);
    // Every anchor is a line GitHub accepts on its side.
    for (const finding of findings) {
      expect(file.commentable[finding.side].has(finding.line ?? -1), finding.message).toBe(true);
    }
  });

  it("uses the catalogue's severities and asks the HALT question only for contract breaks", async () => {
    const file = changedFile("api/users.yaml", fixture("users.base.yaml"), fixture("users.breaking.yaml"));
    const findings = contractRules((await review(file)).findings);
    const bySubCode = (code: string) =>
      findings.find((finding) => finding.message.includes(`(oasdiff: ${code})`));

    const removed = bySubCode("api-path-removed-without-deprecation");
    expect(removed).toMatchObject({ severity: "blocker", subject: "GET /users/{id}/avatar" });
    expect(removed?.haltQuestion).toBe(
      "`GET /users/{id}/avatar`: the path and this operation were removed without being deprecated first. " +
        "Which clients consume this, and is this a deliberate breaking change (new major version, deprecation notice sent)?",
    );
    expect(bySubCode("response-optional-property-removed")).toMatchObject({
      severity: "major",
      subject: "GET /users response 200 [].nickname",
      message:
        "`GET /users`: response 200 property `[].nickname` (optional) was removed " +
        "(oasdiff: response-optional-property-removed). The same change reaches `POST /users`, `GET /users/{id}`.",
    });
    expect(bySubCode("response-optional-property-removed")?.haltQuestion).toMatch(
      /^`GET \/users` and 2 other operations: response 200 property/,
    );
    expect(bySubCode("response-property-enum-value-added")).toMatchObject({ severity: "major" });
    expect(bySubCode("response-property-enum-value-added")?.haltQuestion).toBeUndefined();
    expect(bySubCode("request-parameter-enum-value-removed")).toMatchObject({ severity: "blocker" });
    expect(bySubCode("request-property-max-length-decreased")).toMatchObject({ severity: "major" });
    expect(bySubCode("request-property-max-length-decreased")?.haltQuestion).toBeUndefined();
    expect(bySubCode("api-security-removed")?.haltQuestion).toBe(
      "This removes authentication from `PATCH /users/{id}` (no longer requires authentication (it required " +
        "`bearerAuth`)). Is public access intended? What compensating control applies?",
    );
    expect(bySubCode("request-parameter-became-required")?.subject).toBe("GET /users query.limit");
  });

  it("stays quiet on the compatible version of the same edits", async () => {
    const file = changedFile("api/users.yaml", fixture("users.base.yaml"), fixture("users.compatible.yaml"));
    const { findings, notes } = await review(file);
    expect(contractRules(findings)).toEqual([]);
    expect(notes).toEqual([]);
  });

  it("lets an operation go after its sunset date, and asks about every other removal", async () => {
    const file = changedFile("api/sunset.yaml", fixture("sunset.base.yaml"), fixture("sunset.head.yaml"));
    const { findings } = await review(file);
    expect(
      findings.map((finding) => [
        finding.subject,
        finding.severity,
        finding.line,
        finding.haltQuestion !== undefined,
      ]),
    ).toEqual([
      ["DELETE /users/{id}", "info", 18, false],
      ["GET /reports", "blocker", 32, true],
      ["GET /exports", "blocker", 40, true],
    ]);
    expect(findings[0]?.message).toBe(
      "`DELETE /users/{id}`: this operation was removed after its deprecation and sunset date 2020-01-31, as " +
        "announced (oasdiff: api-removed-with-deprecation).",
    );
    expect(findings[1]?.message).toContain("(oasdiff: api-path-removed-before-sunset)");
    expect(findings[2]?.message).toContain("without an `x-sunset` date");
  });

  it("treats a new spec file as all new: nothing breaks, new write operations need security", async () => {
    const file = changedFile("api/payments.yaml", undefined, fixture("payments.new.yaml"));
    const { findings, notes } = await review(file);
    expect(notes).toEqual([]);
    expect(sites(contractRules(findings))).toEqual([
      ["api/security-weakened", "owasp:api2:2023-write-restricted", "RIGHT", 24],
    ]);
    // `POST /refunds` says `security: []` itself: a stated decision, not a question.
    expect(findings.some((finding) => finding.subject === "POST /refunds")).toBe(false);
  });

  it("diffs Swagger 2.0: body parameters, `produces` and definitions", async () => {
    const file = changedFile("api/pets.yaml", fixture("swagger2.base.yaml"), fixture("swagger2.head.yaml"));
    const { findings } = await review(file);
    expect(sites(contractRules(findings))).toEqual([
      ["api/request-constraint-tightened", "request-parameter-max-length-decreased", "RIGHT", 29],
      ["api/response-field-removed", "response-optional-property-removed", "LEFT", 44],
      ["api/status-or-media-type-removed", "response-media-type-removed", "LEFT", 7],
      ["api/request-newly-required", "new-required-request-property", "RIGHT", 40],
      // `tag` became `species` in the shared `Pet` definition: clients may still send `tag`.
      ["api/request-property-removed", "request-property-removed", "LEFT", 44],
    ]);
  });

  it("reports a request property removed from the body as a minor finding on the deleted line", async () => {
    const base = `openapi: 3.0.3
info: { title: auth, version: "1" }
paths:
  /token:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                id_token: { type: string }
                client_id: { type: string }
                issuer: { type: string }
      responses:
        "200": { description: ok }
`;
    const head = base.replace("                client_id: { type: string }\n", "");
    const file = changedFile("openapi.yaml", base, head);
    const { findings, notes } = await review(file);
    expect(notes).toEqual([]);
    expect(contractRules(findings)).toEqual([
      {
        fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
        ruleId: "api/request-property-removed",
        source: "analyzer",
        severity: "minor",
        category: "api",
        path: "openapi.yaml",
        line: 13,
        side: "LEFT",
        title: "Request property or parameter removed",
        message:
          "`POST /token`: request property `client_id` was removed; a client that still sends it now has it " +
          "ignored, or its request rejected where unknown inputs are forbidden (oasdiff: request-property-removed).",
        subject: "POST /token request .client_id",
      },
    ]);
    expect(file.commentable.LEFT.has(13)).toBe(true);
  });

  it("diffs JSON specs, and a renamed path parameter is not a new one", async () => {
    const file = changedFile("api/orders.json", fixture("orders.base.json"), fixture("orders.head.json"));
    const { findings } = await review(file);
    expect(sites(contractRules(findings))).toEqual([
      ["api/type-or-nullability-changed", "response-property-became-nullable", "RIGHT", 18],
    ]);
  });

  it("has nothing to say about a deleted spec, and names a head it could not read", async () => {
    const removed = changedFile("api/old.yaml", fixture("users.base.yaml"), "");
    expect(await review({ ...removed, status: "removed" })).toEqual({ findings: [], notes: [] });
    const unread = changedFile("api/users.yaml", fixture("users.base.yaml"), fixture("users.base.yaml"));
    delete unread.headContent;
    expect((await review(unread)).notes).toEqual([
      {
        path: "api/users.yaml",
        message: "`api/users.yaml`: the head version could not be read; its API contract was not checked.",
      },
    ]);
  });
});

describe("openapiAnalyzer on malformed input", () => {
  it("skips YAML that mentions OpenAPI but is not a spec, without a note", async () => {
    const file = changedFile("api/gateway.yaml", undefined, fixture("not-a-spec.yaml"));
    expect(await review(file)).toEqual({ findings: [], notes: [] });
  });

  it("names a spec that is not valid YAML, and reports nothing else", async () => {
    const file = changedFile("api/broken.yaml", fixture("users.base.yaml"), fixture("invalid.yaml"));
    expect(await review(file)).toEqual({
      findings: [],
      notes: [
        {
          path: "api/broken.yaml",
          message: expect.stringMatching(
            /^`api\/broken\.yaml`: not valid YAML\/JSON at line \d+ \(.+\); its API contract was not checked\.$/,
          ),
        },
      ],
    });
  });

  it("compares a spec whose base is broken as a new spec, and says so", async () => {
    const file = changedFile("api/users.yaml", fixture("invalid.yaml"), fixture("users.base.yaml"));
    const { findings, notes } = await review(file);
    expect(contractRules(findings)).toEqual([]);
    expect(notes.map((note) => note.message)).toEqual([
      expect.stringMatching(
        /^`api\/users\.yaml`: the base version could not be read \(not valid YAML\/JSON at line \d+ .*\); the head was checked as a new spec, without a contract diff\.$/,
      ),
    ]);
  });

  it("never follows $refs to files or URLs, and survives dangling local ones", async () => {
    const file = changedFile("api/hostile.yaml", undefined, fixture("hostile-refs.yaml"));
    const { notes } = await review(file);
    expect(notes).toEqual([
      {
        path: "api/hostile.yaml",
        message:
          "`api/hostile.yaml`: 2 `$ref`s to other files or URLs were not followed; changes behind them were not compared.",
      },
    ]);
  });

  it("compares a 5 MB generated spec without line anchors, with one note, in seconds", async () => {
    const base = generatedSpec(3_000, 100);
    const head = base.replace("/things2999/{id}:\n    get:", "/things2999/{id}:\n    head:");
    expect(head.length).toBeGreaterThan(5_000_000);
    const started = performance.now();
    const { findings, notes } = await review(changedFile("api/generated.yaml", base, head));
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(findings.map((finding) => [finding.ruleId, finding.subject, finding.line])).toEqual([
      ["api/endpoint-removed", "GET /things2999/{id}", undefined],
    ]);
    expect(notes).toEqual([
      {
        path: "api/generated.yaml",
        message:
          "`api/generated.yaml` is over 1 MB: its contract changes are reported for the file rather than on lines, " +
          "and the OWASP checks were skipped.",
      },
    ]);
  }, 30_000);
});

/** A spec of `count` operations with one schema each, padded to about 1.7 KB per operation. */
function generatedSpec(count: number, padding: number): string {
  const lines = ["openapi: 3.0.3", "info:", "  title: Generated", '  version: "1"', "paths:"];
  for (let i = 0; i < count; i++) {
    lines.push(
      `  /things${i}/{id}:`,
      "    get:",
      "      parameters:",
      "        - { name: id, in: path, required: true, schema: { type: string } }",
      "      responses:",
      '        "200":',
      "          description: ok",
      "          content:",
      "            application/json:",
      `              schema: { $ref: "#/components/schemas/Thing${i}" }`,
    );
  }
  lines.push("components:", "  schemas:");
  for (let i = 0; i < count; i++) {
    lines.push(`    Thing${i}:`, "      type: object", "      properties:");
    for (let p = 0; p < 12; p++) {
      lines.push(`        field${p}: { type: string, description: "${"x".repeat(padding)}" }`);
    }
  }
  return `${lines.join("\n")}\n`;
}
