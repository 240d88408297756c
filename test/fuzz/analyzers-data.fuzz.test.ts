// Every data and infrastructure analyzer's entry point (`analyze(file, ctx)`) under generated files: it never
// throws past the analyzer boundary and always returns typed findings and notes.
import { describe, it } from "vitest";
import { fuzzAnalyzer, targets } from "./analyzer-targets.js";

const names = Object.keys(targets).filter((name) => !/^api surface|^orm|^django/.test(name));

describe("data and infrastructure analyzers under generated files", () => {
  for (const name of names) {
    it(`${name}: never throws, returns typed findings and notes`, async () => {
      await fuzzAnalyzer(name);
    });
  }
});
