// Reads a fixture of the infrastructure analyzers (test/fixtures/infra/).
import { readFileSync } from "node:fs";

export const infraFixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/infra/${name}`, import.meta.url), "utf8");
