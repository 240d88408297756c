import { describe, expect, it } from "vitest";
import { parseRepoConfig } from "../../src/config/parse-repo-config.js";
import { defaultRepoConfig } from "../../src/config/repo-config.schema.js";

const known = new Set(["db/drop-column", "db/missing-lock-timeout"]);

describe("parseRepoConfig", () => {
  it("gives the defaults when there is no file", () => {
    expect(parseRepoConfig(null, known)).toEqual({ config: defaultRepoConfig, problems: [] });
    expect(defaultRepoConfig).toEqual({
      rules: {},
      paths: { api: [], schema: [], infra: [], other: [] },
      review: {
        requestChanges: true,
        maxInlineComments: 15,
        approve: false,
        ignore: [],
        skipLabel: "architect:skip",
        haltConclusion: "action_required",
      },
      commands: {
        enabled: true,
        minPermission: "write",
        authorMay: ["answer", "ask", "explain", "propose"],
        perHour: 20,
      },
      proposals: { label: "architecture" },
      agent: { name: "backend-architect", costCeilingUsd: 1, tokenBudget: 150_000 },
    });
  });

  it("names the category and the entry of a path glob that is not a string", () => {
    const { config, problems } = parseRepoConfig({ paths: { api: ["src/http/**", 42], models: [] } }, known);
    expect(problems).toEqual([
      "`.github/backend-architect.yml`: `paths.api.1` expected string, received number; defaults apply.",
      "`.github/backend-architect.yml`: `paths` has unknown field `models`; defaults apply.",
    ]);
    expect(config).toEqual(defaultRepoConfig);
  });

  it("accepts rule settings in all three forms", () => {
    const { config, problems } = parseRepoConfig(
      {
        rules: { "db/missing-lock-timeout": "off", "db/drop-column": { severity: "major" } },
        review: { maxInlineComments: 10 },
      },
      known,
    );
    expect(problems).toEqual([]);
    expect(config.rules).toEqual({
      "db/missing-lock-timeout": "off",
      "db/drop-column": { severity: "major" },
    });
    expect(config.review).toEqual({
      requestChanges: true,
      maxInlineComments: 10,
      approve: false,
      ignore: [],
      skipLabel: "architect:skip",
      haltConclusion: "action_required",
    });
  });

  it("names each bad field and falls back to the defaults", () => {
    const { config, problems } = parseRepoConfig(
      { rules: { "db/drop-column": "offf", Bad: "off" }, review: { maxInlineComments: 100, colour: "red" } },
      known,
    );
    expect(config).toEqual(defaultRepoConfig);
    expect(problems).toEqual([
      "`.github/backend-architect.yml`: `rules.db/drop-column` must be `off`, a severity (`blocker`, `major`, `minor`, `info`) or `{ enabled, severity }`; defaults apply.",
      "`.github/backend-architect.yml`: key `rules.Bad`: a rule id looks like `db/drop-column`; defaults apply.",
      "`.github/backend-architect.yml`: `review.maxInlineComments` Too big: expected number to be <=50; defaults apply.",
      "`.github/backend-architect.yml`: `review` has unknown field `colour`; defaults apply.",
    ]);
  });

  it("reports unknown rule ids but keeps the rest", () => {
    const { config, problems } = parseRepoConfig({ rules: { "db/drop-colum": "off" } }, known);
    expect(config.rules).toEqual({ "db/drop-colum": "off" });
    expect(problems).toEqual([
      "`.github/backend-architect.yml`: unknown rule id `db/drop-colum` (see docs/rules.md); ignored.",
    ]);
  });

  it("rejects a file that is not a mapping", () => {
    expect(parseRepoConfig(["rules"], known).problems).toEqual([
      "`.github/backend-architect.yml`: the file must be a YAML mapping of settings; defaults apply.",
    ]);
  });
});
