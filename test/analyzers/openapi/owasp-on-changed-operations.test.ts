import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadOpenApi } from "../../../src/analyzers/openapi/load-openapi.js";
import {
  owaspLimit,
  owaspOnChangedOperations,
} from "../../../src/analyzers/openapi/owasp-on-changed-operations.js";
import { changedFile } from "../../helpers/changed-file.js";

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/openapi/${name}`, import.meta.url), "utf8");

async function owasp(base: string | undefined, head: string) {
  const file = changedFile("api/spec.yaml", base, head);
  const loaded = await loadOpenApi(head, file.path);
  if (loaded.kind !== "spec" || loaded.spec.text === undefined)
    throw new Error("fixture is not a small spec");
  return owaspOnChangedOperations(loaded.spec.raw, loaded.spec.text, file.path, file.addedLines);
}

const codes = (result: Awaited<ReturnType<typeof owasp>>) =>
  result.findings.map((finding) => [
    /\((owasp:[^)]+)\)\.$/.exec(finding.message)?.[1],
    finding.severity,
    finding.line,
  ]);

describe("owaspOnChangedOperations", () => {
  it("checks the operation and schemas the PR added, not the legacy operation next to them", async () => {
    const result = await owasp(fixture("owasp.base.yaml"), fixture("owasp.head.yaml"));
    // `GET /orders` has an unbounded `customer` string and no 401 too, but the PR did not touch it.
    expect(codes(result)).toEqual([
      ["owasp:api8:2023-define-error-responses-401", "major", 37],
      ["owasp:api4:2023-string-limit", "info", 49],
      ["owasp:api4:2023-array-limit", "info", 51],
    ]);
    expect(result.findings[0]).toMatchObject({
      ruleId: "api/owasp-on-changed-operations",
      subject: "POST /orders/{id}/notes responses owasp:api8:2023-define-error-responses-401",
      message:
        "`POST /orders/{id}/notes responses`: Operation is missing responses[401] (owasp:api8:2023-define-error-responses-401).",
    });
  });

  it("stays quiet once the added operation documents 401 and bounds its strings and arrays", async () => {
    const fixed = fixture("owasp.head.yaml")
      .replace(
        '        "201":\n          description: Created',
        '        "201":\n          description: Created\n        "401":\n          description: Unauthorized\n          content:\n            application/json:\n              schema: { type: object }',
      )
      .replace(
        "        text:\n          type: string",
        "        text:\n          type: string\n          maxLength: 2000",
      )
      .replace(
        "        tags:\n          type: array",
        "        tags:\n          type: array\n          maxItems: 10",
      );
    expect(codes(await owasp(fixture("owasp.base.yaml"), fixed))).toEqual([]);
  });

  it("flags insecure servers and schemes the PR adds", async () => {
    const result = await owasp(undefined, fixture("payments.new.yaml"));
    expect(codes(result)).toEqual([
      ["owasp:api8:2023-no-server-http", "major", 6],
      ["owasp:api8:2023-define-error-responses-401", "major", 22],
      ["owasp:api8:2023-define-error-responses-401", "major", 35],
      ["owasp:api8:2023-define-error-responses-401", "major", 42],
      ["owasp:api2:2023-no-http-basic", "major", 49],
      ["owasp:api4:2023-string-limit", "info", 33],
    ]);
  });

  it(`lists at most ${owaspLimit} results and counts the rest per rule`, async () => {
    const properties = Array.from(
      { length: 30 },
      (_, i) => `                p${i}:\n                  type: string`,
    ).join("\n");
    const head = `openapi: 3.0.3
info:
  title: Wide
  version: "1"
servers:
  - url: https://wide.example.com
paths:
  /wide:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
${properties}
`;
    const result = await owasp(undefined, head);
    expect(result.findings).toHaveLength(owaspLimit);
    expect(result.findings[0]?.severity).toBe("major");
    expect(Object.fromEntries(result.unlisted)).toEqual({ "owasp:api4:2023-string-limit": 11 });
  });
});
