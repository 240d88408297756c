// The committed generated files match what the code generates (run `npm run generate` after a change).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { allRules } from "../src/analyzers/registry.js";
import { renderRulesDoc } from "../src/analyzers/render-rules-doc.js";
import { repoConfigJsonSchema } from "../src/config/repo-config-json-schema.js";

describe("generated files", () => {
  it("docs/rules.md lists every rule", () => {
    expect(readFileSync("docs/rules.md", "utf8")).toBe(renderRulesDoc(allRules));
    for (const rule of allRules) expect(readFileSync("docs/rules.md", "utf8")).toContain(`## \`${rule.id}\``);
  });

  it("schema/backend-architect.schema.json matches the zod schema", () => {
    expect(readFileSync("schema/backend-architect.schema.json", "utf8")).toBe(repoConfigJsonSchema());
  });
});
