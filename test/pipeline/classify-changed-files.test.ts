import { describe, expect, it } from "vitest";
import { RepoConfig } from "../../src/config/repo-config.schema.js";
import type { ContentSource, RawChangedFile } from "../../src/domain/model.js";
import { classifyChangedFiles } from "../../src/pipeline/classify-changed-files.js";
import { rawChangedFile } from "../helpers/changed-file.js";

/** Contents by path (head side), counting the reads the classifier makes. */
function headContents(files: Record<string, string>): ContentSource & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    async read(path, side) {
      reads.push(`${side}:${path}`);
      return side === "head" ? files[path] : undefined;
    },
  };
}

const presenterBase =
  "export default function presentGroup(group) {\n  return {\n    id: group.id,\n    name: group.name,\n  };\n}\n";
const presenterHead = presenterBase.replace(
  "    name: group.name,\n",
  "    name: group.name,\n    description: group.description,\n",
);

// The diff changes one line of a helper far from the route registration: only the whole file shows a route.
const routeBase = [
  'import Router from "koa-router";',
  "",
  "const router = new Router();",
  'router.post("groups.list", auth(), list);',
  "export default router;",
  "",
  "async function list(ctx) {",
  "  const groups = await findGroups(ctx);",
  "",
  "",
  "",
  "  ctx.body = groups;",
  "}",
  "",
].join("\n");
const routeHead = routeBase.replace("  ctx.body = groups;", "  ctx.body = { data: groups };");

describe("classifying the files of a pull request", () => {
  it("reads the head of a file whose folder suggests handlers when its diff shows no marker", async () => {
    const contents = headContents({
      "src/handlers/groups.ts": routeHead,
      "src/util/strings.ts": "export const a = 1;\n",
    });
    const raw: RawChangedFile[] = [
      rawChangedFile("src/handlers/groups.ts", routeBase, routeHead),
      rawChangedFile("src/util/strings.ts", "export const a = 0;\n", "export const a = 1;\n"),
    ];

    const { files, reads } = await classifyChangedFiles(raw, contents, RepoConfig.parse({}));

    expect(files.map((file) => [file.path, file.category])).toEqual([
      ["src/handlers/groups.ts", "api"],
      ["src/util/strings.ts", "other"],
    ]);
    expect(contents.reads).toEqual(["head:src/handlers/groups.ts"]);
    expect(reads).toBe(1);
    // The content read is kept for the analyzers.
    expect(files[0]?.headContent).toBe(routeHead);
  });

  it("needs no read where the path says it (a presenter) or the diff shows a route", async () => {
    const contents = headContents({});
    const raw = [
      rawChangedFile("server/presenters/group.ts", presenterBase, presenterHead),
      rawChangedFile("server/routes/groups.ts", "", 'router.post("groups.create", auth(), create);\n'),
    ];

    const { files, reads } = await classifyChangedFiles(raw, contents, RepoConfig.parse({}));

    expect(files.map((file) => file.category)).toEqual(["api", "api"]);
    expect(reads).toBe(0);
  });

  it("classifies a deleted route file from the lines it removes", async () => {
    const raw = [
      rawChangedFile(
        "lib/orders.js",
        'const router = require("express").Router();\nrouter.delete("/v1/orders/:id", destroy);\n',
        undefined,
      ),
    ];

    const { files } = await classifyChangedFiles(raw, headContents({}), RepoConfig.parse({}));

    expect(files[0]).toMatchObject({ status: "removed", category: "api" });
  });

  it("lets the repository's paths globs extend and override the classification, first match in api, schema, infra, other", async () => {
    const config = RepoConfig.parse({
      paths: {
        api: ["src/http/**"],
        schema: ["src/store/records/**"],
        infra: ["ops/**"],
        other: ["server/presenters/legacy/**", "src/http/**"],
      },
    });
    const raw = [
      rawChangedFile("src/http/orders.ts", "", "export const list = () => [];\n"),
      rawChangedFile("src/store/records/order.ts", "", "export interface Order { id: string }\n"),
      rawChangedFile("ops/deploy.sh", "", "kubectl apply -f k8s/\n"),
      rawChangedFile("server/presenters/legacy/order.ts", "", "export default (o) => ({ id: o.id });\n"),
      rawChangedFile("server/presenters/order.ts", "", "export default (o) => ({ id: o.id });\n"),
    ];
    const contents = headContents({});

    const { files } = await classifyChangedFiles(raw, contents, config);

    expect(files.map((file) => [file.path, file.category])).toEqual([
      ["src/http/orders.ts", "api"],
      ["src/store/records/order.ts", "schema"],
      ["ops/deploy.sh", "infra"],
      ["server/presenters/legacy/order.ts", "other"],
      ["server/presenters/order.ts", "api"],
    ]);
    // A file the configuration decided is never read to classify it.
    expect(contents.reads).toEqual([]);
  });

  it("reads at most 30 source files to classify them", async () => {
    const raw = Array.from({ length: 40 }, (_, index) =>
      rawChangedFile(`src/handlers/h${index}.ts`, "export const a = 0;\n", "export const a = 1;\n"),
    );
    const contents = headContents({});

    const { reads } = await classifyChangedFiles(raw, contents, RepoConfig.parse({}));

    expect(reads).toBe(30);
    expect(contents.reads).toHaveLength(30);
  });
});
