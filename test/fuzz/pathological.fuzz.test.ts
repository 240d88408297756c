// Pathological inputs as explicit examples, each timed and bounded: deeply nested YAML and JSON, a YAML alias
// bomb, a 10 MB single-line file, a 100,000-line patch, invalid UTF-8, NUL bytes and lone surrogates. Every
// stage returns (findings, notes or a typed error) within the bound instead of throwing or hanging.
import { describe, expect, it } from "vitest";
import { workflowAnalyzer } from "../../src/analyzers/actions/workflow-analyzer.js";
import type { AnalysisResult, Analyzer } from "../../src/analyzers/analyzer.js";
import { apiSurfaceAnalyzer } from "../../src/analyzers/api-surface/api-surface-analyzer.js";
import { dockerfileAnalyzer } from "../../src/analyzers/docker/dockerfile-analyzer.js";
import { graphqlAnalyzer } from "../../src/analyzers/graphql/graphql-analyzer.js";
import { manifestAnalyzer } from "../../src/analyzers/kubernetes/manifest-analyzer.js";
import { openapiAnalyzer } from "../../src/analyzers/openapi/openapi-analyzer.js";
import { prismaSchemaAnalyzer } from "../../src/analyzers/prisma/prisma-schema-analyzer.js";
import { defaultAnalyzers } from "../../src/analyzers/registry.js";
import { secretAnalyzer } from "../../src/analyzers/secrets/secret-analyzer.js";
import { sqlAnalyzer } from "../../src/analyzers/sql/sql-analyzer.js";
import { terraformAnalyzer } from "../../src/analyzers/terraform/terraform-analyzer.js";
import { parseCommands } from "../../src/commands/parse-commands.js";
import { classifyFile } from "../../src/diff/classify-file.js";
import { toChangedFile } from "../../src/diff/to-changed-file.js";
import type { Category, ChangedFile } from "../../src/domain/model.js";
import { anchorOf } from "../../src/review/anchor.js";
import { timeBounded } from "./fuzz-run.js";

/** Generous: the machine is shared; a hang or a quadratic blow-up still fails it. */
const boundMs = 10_000;

/** An added file as the pipeline would hand it over: a patch of `+` lines, the head content attached. */
function addedFile(path: string, category: Category, head: string): ChangedFile {
  const lines = head.split("\n");
  const patch = `@@ -0,0 +1,${lines.length} @@\n${lines.map((line) => `+${line}`).join("\n")}`;
  const file = toChangedFile({ path, status: "added", additions: lines.length, deletions: 0, patch }, head);
  return { ...file, category };
}

/** The diff stage (patch parsing, classification) and the analyzer, timed together. */
async function analyzeWithin(
  name: string,
  analyzer: Analyzer,
  makeFile: () => ChangedFile,
): Promise<AnalysisResult> {
  const result = await timeBounded(name, boundMs, () => {
    const file = makeFile();
    return analyzer.analyze(file, { files: [file] });
  });
  expect(Array.isArray(result.findings)).toBe(true);
  expect(Array.isArray(result.notes)).toBe(true);
  return result;
}

const depth = 10_000;
const deepYamlBlock = Array.from({ length: depth }, (_, level) => `${"  ".repeat(level)}k${level}:`).join(
  "\n",
);
const deepYamlFlow = `${"[".repeat(depth)}1${"]".repeat(depth)}`;
const deepJson = `{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{},"x":${"[".repeat(depth)}1${"]".repeat(depth)}}`;
const yamlBomb = [
  "openapi: 3.0.3",
  "a: &a [x, x, x, x, x, x, x, x, x, x]",
  "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
  "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
  "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
  "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]",
  "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]",
  "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]",
  "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]",
  "i: [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]",
].join("\n");
const tenMegabytes = 10 * 1024 * 1024;

describe("deeply nested YAML and JSON (depth 10,000) and a YAML alias bomb", () => {
  const cases: Array<[string, Analyzer, string, Category, string]> = [
    [
      "openapi: block YAML nested 10,000 deep",
      openapiAnalyzer,
      "api/openapi.yaml",
      "api",
      `openapi: 3.0.3\nx:\n${deepYamlBlock.replace(/^/gm, "  ")}`,
    ],
    [
      "openapi: flow YAML nested 10,000 deep",
      openapiAnalyzer,
      "api/openapi.yaml",
      "api",
      `openapi: 3.0.3\nx: ${deepYamlFlow}`,
    ],
    ["openapi: JSON nested 10,000 deep", openapiAnalyzer, "openapi.json", "api", deepJson],
    [
      "openapi: YAML alias bomb (10^9 nodes if expanded)",
      openapiAnalyzer,
      "api/openapi.yaml",
      "api",
      yamlBomb,
    ],
    [
      "kubernetes: flow YAML nested 10,000 deep",
      manifestAnalyzer,
      "k8s/deploy.yaml",
      "infra",
      `apiVersion: v1\nkind: Pod\nspec: ${deepYamlFlow}`,
    ],
    [
      "kubernetes: YAML alias bomb",
      manifestAnalyzer,
      "k8s/deploy.yaml",
      "infra",
      `apiVersion: v1\nkind: Pod\n${yamlBomb}`,
    ],
    [
      "workflow: flow YAML nested 10,000 deep",
      workflowAnalyzer,
      ".github/workflows/ci.yml",
      "infra",
      `on: push\njobs: ${deepYamlFlow}`,
    ],
    [
      "workflow: YAML alias bomb",
      workflowAnalyzer,
      ".github/workflows/ci.yml",
      "infra",
      `on: push\n${yamlBomb}`,
    ],
  ];
  for (const [name, analyzer, path, category, content] of cases) {
    it(`${name}: returns within ${boundMs / 1000} s`, async () => {
      await analyzeWithin(`pathological ${name}`, analyzer, () => addedFile(path, category, content));
    });
  }

  it("classifies deeply nested JSON and YAML within the bound", async () => {
    await timeBounded("pathological classifyFile: nested 10,000 deep", boundMs, () => {
      expect(classifyFile("api/spec.json", deepJson)).toBe("other");
      expect(classifyFile("api/openapi.json", deepJson)).toBe("api");
      expect(classifyFile("k8s/x.yaml", `apiVersion: v1\nkind: Pod\n${deepYamlBlock}`)).toBe("infra");
    });
  });
});

describe("a 10 MB single-line file", () => {
  const line = "a".repeat(tenMegabytes);
  const cases: Array<[string, Analyzer, string, Category, string]> = [
    ["sql", sqlAnalyzer, "db/migrations/001.sql", "schema", `CREATE TABLE t (c text DEFAULT '${line}');`],
    [
      "openapi",
      openapiAnalyzer,
      "api/openapi.yaml",
      "api",
      `openapi: 3.0.3\ninfo: {title: '${line}', version: '1'}`,
    ],
    ["graphql", graphqlAnalyzer, "schema.graphql", "api", `type Query { a: Int } # ${line}`],
    ["dockerfile", dockerfileAnalyzer, "Dockerfile", "infra", `FROM node:20\nRUN echo ${line}`],
    [
      "terraform",
      terraformAnalyzer,
      "infra/main.tf",
      "infra",
      `resource "aws_s3_bucket" "b" { bucket = "${line}" }`,
    ],
    [
      "api surface (minified JS)",
      apiSurfaceAnalyzer,
      "src/routes/app.js",
      "api",
      `router.get('/x', h);${"x;".repeat(tenMegabytes / 2)}`,
    ],
    ["prisma", prismaSchemaAnalyzer, "prisma/schema.prisma", "schema", `model A { id Int @id } // ${line}`],
    ["secrets", secretAnalyzer, "config/app.env", "other", `TOKEN=${line}`],
  ];
  for (const [name, analyzer, path, category, content] of cases) {
    it(`${name}: returns within ${boundMs / 1000} s`, async () => {
      await analyzeWithin(`pathological 10 MB line: ${name}`, analyzer, () =>
        addedFile(path, category, content),
      );
    });
  }

  it("parses and classifies a patch with a 10 MB line within the bound", async () => {
    const file = await timeBounded("pathological 10 MB line: toChangedFile", boundMs, () =>
      toChangedFile({
        path: "dist/x.sql",
        status: "added",
        additions: 1,
        deletions: 0,
        patch: `@@ -0,0 +1 @@\n+${line}`,
      }),
    );
    expect([...file.addedLines]).toEqual([1]);
  });

  it("parses a 10 MB comment for commands within the bound", async () => {
    const commands = await timeBounded("pathological 10 MB line: parseCommands", boundMs, () =>
      parseCommands(`/architect ask ${line}`),
    );
    expect(commands.map((command) => command.name)).toEqual(["ask"]);
  });
});

describe("a 100,000-line patch", () => {
  const count = 100_000;
  const head = Array.from({ length: count }, (_, n) => `INSERT INTO t VALUES (${n});`).join("\n");
  const patch = `@@ -0,0 +1,${count} @@\n${head.replace(/^/gm, "+")}`;

  it("parses, classifies and anchors within the bound", async () => {
    const file = await timeBounded("pathological 100k-line patch: toChangedFile + anchors", boundMs, () => {
      const parsed = toChangedFile({
        path: "db/seed.sql",
        status: "added",
        additions: count,
        deletions: 0,
        patch,
      });
      const files = new Map([[parsed.path, parsed]]);
      expect(anchorOf({ path: parsed.path, side: "RIGHT", line: 99_990, endLine: 100_500 }, files)).toEqual({
        path: parsed.path,
        side: "RIGHT",
        line: 100_000,
        startLine: 99_990,
      });
      return parsed;
    });
    expect(file.addedLines.size).toBe(count);
    expect(file.category).toBe("schema");
  });

  it("secrets: scans every added line within the bound", async () => {
    await analyzeWithin("pathological 100k-line patch: secrets", secretAnalyzer, () =>
      addedFile("db/seed.sql", "schema", head),
    );
  });

  it("sql: analyzes 100,000 statements within the bound", async () => {
    await analyzeWithin("pathological 100k-line patch: sql", sqlAnalyzer, () =>
      addedFile("db/migrations/002_seed.sql", "schema", head),
    );
  });
});

describe("invalid UTF-8, NUL bytes and lone surrogates", () => {
  // What a content read yields for bytes that are not UTF-8: U+FFFD replacement characters.
  const invalidUtf8 = Buffer.from([
    0x66, 0x72, 0x6f, 0x6d, 0x20, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc, 0xff,
    0xfe,
  ]).toString("utf8");
  const hostile = `${invalidUtf8}\n\u0000\u0000CREATE TABLE \u0000t (id int);\n\uD800 \uDFFF \uDBFF\nopenapi: 3.0.3\u0000\nFROM \uD800\n${"\u0000".repeat(1000)}`;
  const paths: Record<string, [string, Category]> = {
    sql: ["db/migrations/001.sql", "schema"],
    "orm-migrations": ["db/migrate/20240101_x.rb", "schema"],
    "django-models": ["users/models.py", "schema"],
    "orm-models": ["src/models/user.ts", "schema"],
    prisma: ["prisma/schema.prisma", "schema"],
    openapi: ["api/openapi.yaml", "api"],
    "api-surface": ["src/routes/users.ts", "api"],
    graphql: ["schema.graphql", "api"],
    dockerfile: ["Dockerfile", "infra"],
    manifest: ["k8s/deploy.yaml", "infra"],
    terraform: ["infra/main.tf", "infra"],
    workflow: [".github/workflows/ci.yml", "infra"],
    secrets: ["config/app.env", "other"],
  };
  it("every analyzer returns findings or notes within the bound", async () => {
    for (const analyzer of defaultAnalyzers) {
      const [path, category] = paths[analyzer.id] ?? ["x.txt", "other" as Category];
      const file = addedFile(path, category, hostile);
      expect(analyzer.appliesTo(file), analyzer.id).toBe(true);
      await analyzeWithin(
        `pathological invalid UTF-8 / NUL / surrogates: ${analyzer.id}`,
        analyzer,
        () => file,
      );
    }
  });

  it("the diff stage and command parsing take them within the bound", async () => {
    await timeBounded("pathological invalid UTF-8 / NUL / surrogates: diff + commands", boundMs, () => {
      const file = toChangedFile({
        path: "a.sql",
        status: "added",
        additions: 1,
        deletions: 0,
        patch: `@@ -0,0 +1,9 @@\n${hostile.replace(/^/gm, "+")}`,
      });
      expect(file.patchMissing).toBe(false);
      parseCommands(`/architect answer 1: ${hostile}`);
    });
  });
});
