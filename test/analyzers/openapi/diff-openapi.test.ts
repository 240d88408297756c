import { describe, expect, it } from "vitest";
import { type ApiModel, toApiModel } from "../../../src/analyzers/openapi/api-model.js";
import { type ApiChange, diffOpenApi, oasdiffIds } from "../../../src/analyzers/openapi/diff-openapi.js";
import { loadOpenApi } from "../../../src/analyzers/openapi/load-openapi.js";

async function model(yaml: string): Promise<ApiModel> {
  const loaded = await loadOpenApi(yaml, "spec.yaml");
  if (loaded.kind !== "spec") throw new Error(`fixture is not a spec: ${JSON.stringify(loaded)}`);
  return toApiModel(loaded.spec.api);
}

async function diff(base: string, head: string, now?: Date): Promise<ApiChange[]> {
  return diffOpenApi(await model(base), await model(head), now === undefined ? {} : { now });
}

/** An OpenAPI 3 document with `paths` and `components` given as YAML, indented as shown. */
const spec = (paths: string, components = "", top = "") =>
  `openapi: 3.0.3\ninfo:\n  title: t\n  version: "1"\n${top}paths:\n${paths}${components === "" ? "" : `components:\n${components}`}`;

const echo = (requestSchema: string, responseSchema: string) =>
  spec(`  /echo:
    post:
      requestBody:
        content:
          application/json:
            schema:
${requestSchema}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
${responseSchema.replace(/^/gm, "  ")}
`);

const objectSchema = (properties: string, extra = "") =>
  `              type: object\n${extra}              properties:\n${properties}`;

describe("diffOpenApi", () => {
  it("finds nothing between a spec and itself", async () => {
    const yaml = echo(
      objectSchema("                a: { type: string }\n"),
      objectSchema("                b: { type: string }\n"),
    );
    expect(await diff(yaml, yaml)).toEqual([]);
  });

  it("tells request and response apart: what a client may send vs what it may receive", async () => {
    const base = echo(
      objectSchema("                a: { type: integer, enum: [1, 2] }\n"),
      objectSchema("                b: { type: integer, enum: [1, 2] }\n"),
    );
    // Widening a request and narrowing a response are safe; the reverse breaks clients.
    const safe = echo(
      objectSchema("                a: { type: number, enum: [1, 2, 3] }\n"),
      objectSchema("                b: { type: integer, enum: [1] }\n"),
    );
    expect(await diff(base, safe)).toEqual([]);
    const unsafe = echo(
      objectSchema("                a: { type: integer, enum: [1] }\n"),
      objectSchema("                b: { type: number, enum: [1, 2, 3] }\n"),
    );
    expect(oasdiffIds(await diff(base, unsafe))).toEqual([
      "request-property-enum-value-removed",
      "response-property-type-changed",
    ]);
  });

  it("ignores readOnly properties in requests and writeOnly properties in responses", async () => {
    const base = echo(
      objectSchema("                id: { type: string, readOnly: true }\n"),
      objectSchema("                secret: { type: string, writeOnly: true }\n"),
    );
    const head = echo(
      objectSchema(
        "                id: { type: integer, readOnly: true }\n",
        "              required: [id]\n",
      ),
      objectSchema("                other: { type: string }\n"),
    );
    expect(await diff(base, head)).toEqual([]);
  });

  it("reads OpenAPI 3.1 nullability from the type list", async () => {
    const base = echo(
      objectSchema('                a: { type: ["string", "null"] }\n'),
      objectSchema("                b: { type: string }\n"),
    ).replace("openapi: 3.0.3", "openapi: 3.1.0");
    const head = echo(
      objectSchema("                a: { type: string }\n"),
      objectSchema('                b: { type: ["string", "null"] }\n'),
    ).replace("openapi: 3.0.3", "openapi: 3.1.0");
    expect(oasdiffIds(await diff(base, head))).toEqual([
      "request-property-became-not-nullable",
      "response-property-became-nullable",
    ]);
  });

  it("merges allOf parts as one object and survives recursive schemas", async () => {
    const components = `  schemas:
    Node:
      allOf:
        - $ref: "#/components/schemas/Base"
        - type: object
          required: [children]
          properties:
            children: { type: array, items: { $ref: "#/components/schemas/Node" } }
    Base:
      type: object
      properties:
        name: { type: string }
`;
    const paths = `  /tree:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Node" }
`;
    const head = components.replace("name: { type: string }", "name: { type: integer }");
    const changes = await diff(spec(paths, components), spec(paths, head));
    // The recursion (`children[]` is a Node again) is the same pair of schemas: compared once.
    expect(changes.map((change) => [change.id, change.target])).toEqual([
      ["response-property-type-changed", "response 200 .name"],
    ]);
  });

  it("matches path parameters by position, so renaming `{id}` changes nothing", async () => {
    const path = (name: string) => `  /users/{${name}}:
    get:
      parameters:
        - { name: ${name}, in: path, required: true, schema: { type: string } }
      responses:
        "200": { description: ok }
`;
    expect(await diff(spec(path("id")), spec(path("userId")))).toEqual([]);
  });

  it("reports new required parameters, new path parameters and a newly required body", async () => {
    const base = spec(`  /files:
    put:
      parameters:
        - { name: version, in: query, schema: { type: string } }
      requestBody:
        content:
          application/octet-stream: { schema: { type: string, format: binary } }
      responses:
        "200": { description: ok }
`);
    const head = spec(`  /files:
    put:
      parameters:
        - { name: version, in: query, schema: { type: string } }
        - { name: X-Tenant, in: header, required: true, schema: { type: string } }
        - { name: dryRun, in: query, schema: { type: boolean } }
      requestBody:
        required: true
        content:
          application/octet-stream: { schema: { type: string, format: binary } }
      responses:
        "200": { description: ok }
`);
    expect((await diff(base, head)).map((change) => [change.id, change.target, change.message])).toEqual([
      ["new-required-request-parameter", "header.X-Tenant", "new required header parameter `X-Tenant`"],
      ["request-body-became-required", "request", "the request body became required"],
    ]);
  });

  it("reports request properties and parameters a client may still send, but not readOnly ones", async () => {
    const base = spec(`  /token:
    post:
      parameters:
        - { name: grant_type, in: query, required: true, schema: { type: string } }
        - { name: redirect_to, in: query, schema: { type: string } }
        - { name: legacy, in: query, deprecated: true, schema: { type: string } }
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                id_token: { type: string }
                issuer: { type: string }
                created_at: { type: string, readOnly: true }
      responses:
        "200": { description: ok }
`);
    const head = spec(`  /token:
    post:
      parameters:
        - { name: grant_type, in: query, required: true, schema: { type: string } }
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                id_token: { type: string }
      responses:
        "200": { description: ok }
`);
    const stillSent =
      "; a client that still sends it now has it ignored, or its request rejected where unknown inputs are forbidden";
    expect(
      (await diff(base, head)).map((change) => [change.id, change.target, change.side, change.message]),
    ).toEqual([
      [
        "request-parameter-removed",
        "query.redirect_to",
        "LEFT",
        `query parameter \`redirect_to\` was removed${stillSent}`,
      ],
      [
        "request-parameter-removed-with-deprecation",
        "query.legacy",
        "LEFT",
        `query parameter \`legacy\` was removed${stillSent}`,
      ],
      [
        "request-property-removed",
        "request .issuer",
        "LEFT",
        `request property \`issuer\` was removed${stillSent}`,
      ],
    ]);
    // The other direction is additive: nothing a client sends stops working.
    expect(await diff(head, base)).toEqual([]);
  });

  it("reports removed global security once per operation, and reduced OAuth scopes", async () => {
    const top = (security: string) => `security:\n${security}`;
    const schemes = `  securitySchemes:
    oauth:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: https://auth.example.com/token
          scopes: { read: r, write: w }
`;
    const paths = `  /a:
    get:
      responses: { "200": { description: ok } }
  /b:
    post:
      security:
        - oauth: [read, write]
      responses: { "200": { description: ok } }
`;
    const base = spec(paths, schemes, top("  - oauth: [read]\n"));
    const head = spec(paths.replace("[read, write]", "[read]"), schemes, top("  []\n")).replace(
      "security:\n  []",
      "security: []",
    );
    expect(
      (await diff(base, head)).map((change) => [change.id, change.operation, change.pointer.join("/")]),
    ).toEqual([
      ["api-global-security-removed", "GET /a", "security"],
      ["api-security-scope-removed", "POST /b", "paths//b/post/security"],
    ]);
  });

  it("asks for security on a new write operation only when the spec models authentication", async () => {
    const schemes = "  securitySchemes:\n    key: { type: apiKey, in: header, name: X-Key }\n";
    const base = spec('  /a:\n    get:\n      responses: { "200": { description: ok } }\n', schemes);
    const head = spec(
      `  /a:
    get:
      responses: { "200": { description: ok } }
    delete:
      responses: { "204": { description: gone } }
`,
      schemes,
    );
    expect(oasdiffIds(await diff(base, head))).toEqual([]);
    expect((await diff(base, head)).map((change) => change.id)).toEqual(["owasp:api2:2023-write-restricted"]);
    const withoutSchemes = await diff(
      spec("  /a:\n    get:\n      responses: {}\n"),
      spec("  /b:\n    post:\n      responses: {}\n"),
    );
    expect(withoutSchemes.map((change) => change.id)).toEqual(["api-path-removed-without-deprecation"]);
  });

  it("judges x-sunset against today", async () => {
    const base = spec(`  /a:
    get:
      deprecated: true
      x-sunset: "2030-06-01"
      responses: {}
`);
    const head = spec("  /b:\n    get:\n      responses: {}\n");
    const [before] = await diff(base, head, new Date("2030-05-31T12:00:00Z"));
    const [after] = await diff(base, head, new Date("2030-06-01T00:00:00Z"));
    expect(before).toMatchObject({ id: "api-path-removed-before-sunset" });
    expect(after).toMatchObject({ id: "api-path-removed-with-deprecation", sunsetPassed: true });
  });

  it("leaves draft and alpha operations unprotected, as oasdiff does", async () => {
    const base = spec("  /a:\n    get:\n      x-stability-level: draft\n      responses: {}\n");
    expect(await diff(base, spec("  /b:\n    get:\n      responses: {}\n"))).toEqual([]);
  });

  it("reports nothing for a new file", async () => {
    expect(
      diffOpenApi(
        undefined,
        await model(
          echo(objectSchema("                a: { type: string }\n"), "              type: string\n"),
        ),
      ),
    ).toEqual([]);
  });
});
