// The code analyzers' entry points (API surface per language, ORM migrations and models) under generated
// source files: they never throw past the analyzer boundary and always return typed findings and notes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extractApiSurface } from "../../src/analyzers/api-surface/extract-api-surface.js";
import { fuzzAnalyzer, go, java, javascript, python, ruby, targets } from "./analyzer-targets.js";
import { fuzz } from "./fuzz-run.js";

const names = Object.keys(targets).filter((name) => /^api surface|^orm|^django/.test(name));

describe("code analyzers under generated source files", () => {
  for (const name of names) {
    it(`${name}: never throws, returns typed findings and notes`, async () => {
      await fuzzAnalyzer(name);
    });
  }

  it("extractApiSurface (every language) never throws on arbitrary text", async () => {
    const input = fc.tuple(
      fc.constantFrom("a.js", "a.ts", "a.tsx", "a.py", "a.rb", "a.go", "a.java", "a.mjs", "a.txt"),
      fc.oneof(javascript, python, ruby, go, java, fc.string({ unit: "binary", maxLength: 200 })),
    );
    await fuzz("extractApiSurface: never throws on any language", input, async ([path, text]) => {
      const surface = await extractApiSurface(path, text);
      expect(Array.isArray(surface.endpoints)).toBe(true);
    });
  });
});
