// The SARIF 2.1.0 JSON Schema (test/fixtures/sarif-schema-2.1.0.json, draft 2020-12; its source is in the .md
// beside it), compiled once with ajv's 2020 dialect and ajv-formats (`uri`, `date-time`, … are checked).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ErrorObject, ValidateFunction } from "ajv";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

let compiled: ValidateFunction | undefined;

/** The schema's complaints about `log` (`/runs/0/results/1/level must be equal to one of …`); empty when valid. */
export function sarifErrors(log: unknown): string[] {
  compiled ??= compile();
  if (compiled(log)) return [];
  return (compiled.errors ?? []).map((error: ErrorObject) => `${error.instancePath} ${error.message ?? ""}`);
}

function compile(): ValidateFunction {
  // ajv and ajv-formats are CommonJS; required as the existing OpenAPI validator does.
  const require = createRequire(import.meta.url);
  const { Ajv2020 } = require("ajv/dist/2020.js") as typeof import("ajv/dist/2020.js");
  const addFormats = require("ajv-formats") as typeof import("ajv-formats").default;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const schema = JSON.parse(
    readFileSync(path.join(projectRoot, "test/fixtures/sarif-schema-2.1.0.json"), "utf8"),
  );
  return ajv.compile(schema);
}
