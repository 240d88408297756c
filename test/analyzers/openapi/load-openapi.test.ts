import { describe, expect, it } from "vitest";
import { toApiModel } from "../../../src/analyzers/openapi/api-model.js";
import { anchorMaxBytes, loadOpenApi } from "../../../src/analyzers/openapi/load-openapi.js";

const minimal = (version: string, extra = "") =>
  `openapi: ${version}\ninfo:\n  title: t\n  version: 1\npaths:\n  /a:\n    get:\n      responses: {}\n${extra}`;

describe("loadOpenApi", () => {
  it("reads specs swagger-parser would refuse: unknown or numeric versions, numeric info.version", async () => {
    for (const version of ["3.2.0", "3.0", '"3.1.9"']) {
      const loaded = await loadOpenApi(minimal(version), "spec.yaml");
      expect(loaded.kind, version).toBe("spec");
    }
  });

  it("tells documents that are not specs from specs that are broken", async () => {
    expect(await loadOpenApi("name: service\nport: 8080\n", "config.yaml")).toEqual({ kind: "not-a-spec" });
    expect(await loadOpenApi("- openapi: 3.0.0\n", "list.yaml")).toEqual({ kind: "not-a-spec" });
    expect(await loadOpenApi("docs:\n  openapi: 3.0.0\n", "nested.yaml")).toEqual({ kind: "not-a-spec" });
    expect(await loadOpenApi("openapi: 3.0.0\npaths: [\n", "broken.yaml")).toMatchObject({
      kind: "invalid",
      reason: expect.stringMatching(/^not valid YAML\/JSON at line \d+/),
    });
  });

  it("keeps the document as written for linting, and the dereferenced one for diffing", async () => {
    const loaded = await loadOpenApi(
      minimal(
        "3.0.3",
        "components:\n  schemas:\n    A: { $ref: '#/components/schemas/B' }\n    B: { type: string }\n",
      ),
      "spec.yaml",
    );
    if (loaded.kind !== "spec") throw new Error("not loaded");
    expect((loaded.spec.raw.components as { schemas: { A: unknown } }).schemas.A).toEqual({
      $ref: "#/components/schemas/B",
    });
    expect((loaded.spec.api.components as { schemas: { A: unknown } }).schemas.A).toEqual({ type: "string" });
  });

  it(`reads specs over ${anchorMaxBytes / 1_000_000} MB with swagger-parser's parser, dates included`, async () => {
    const padding = `x-padding: "${"p".repeat(anchorMaxBytes)}"\n`;
    const source = minimal("3.0.3").replace(
      "      responses: {}",
      "      deprecated: true\n      x-sunset: 2020-01-31\n      responses: {}",
    );
    const loaded = await loadOpenApi(`${source}${padding}`, "big.yaml");
    if (loaded.kind !== "spec") throw new Error(JSON.stringify(loaded));
    expect(loaded.spec.text).toBeUndefined();
    expect(toApiModel(loaded.spec.api).operations.get("GET /a")).toMatchObject({
      deprecated: true,
      sunset: expect.stringMatching(/^2020-01-31/),
    });
  });
});
