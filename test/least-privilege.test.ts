// Least privilege, checked: every GitHub API call the source makes needs a permission the manifest
// (app.yml) grants, and the manifest grants nothing no call needs. The calls are found in the syntax tree
// (`<client>.rest.<namespace>.<method>`), their endpoints come from Octokit itself, and each endpoint's
// category from GitHub's OpenAPI description; the category → permission table below is GitHub's
// "Permissions required for GitHub Apps" for the endpoints this app uses.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  descendantsOfType,
  type SyntaxNode,
  withSyntaxTree,
} from "../src/analyzers/api-surface/syntax-tree.js";
import { TestOctokit } from "./helpers/test-probot.js";

type Access = "read" | "write";
const root = path.resolve(import.meta.dirname, "..");

/** The permission an endpoint category needs; `write` for anything but GET. `null`: the App's JWT only. */
const permissionOf: Record<string, string | null> = {
  pulls: "pull_requests",
  checks: "checks",
  issues: "issues",
  // Reactions on issue comments need issues, on review comments pull_requests; the app holds both.
  reactions: "issues",
  "repos/contents": "contents",
  "commits/commits": "contents",
  "collaborators/collaborators": "metadata",
  apps: null,
};

/** GraphQL calls by module: what they read or change. */
const graphqlNeeds: Record<string, Array<[string, Access]>> = {
  "src/github/read-default-branch-files.ts": [["contents", "read"]],
  "src/github/read-review-context.ts": [
    ["contents", "read"],
    ["pull_requests", "read"],
  ],
  "src/github/review-threads.ts": [["pull_requests", "write"]],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** `rest.<namespace>.<method>` accesses and `.graphql(` / `.config.get(` calls, per file (tree-sitter). */
async function apiCalls(): Promise<{
  rest: Array<{ file: string; namespace: string; method: string }>;
  graphql: string[];
  config: string[];
}> {
  const rest: Array<{ file: string; namespace: string; method: string }> = [];
  const graphql: string[] = [];
  const config: string[] = [];
  const property = (node: SyntaxNode | null | undefined) => node?.childForFieldName("property")?.text;
  for (const file of sourceFiles(path.join(root, "src"))) {
    const relative = path.relative(root, file);
    await withSyntaxTree("typescript", readFileSync(file, "utf8"), (tree) => {
      for (const node of descendantsOfType(tree, "member_expression")) {
        const inner = node.childForFieldName("object");
        const outer = inner?.type === "member_expression" ? inner.childForFieldName("object") : undefined;
        if (outer?.type === "member_expression" && property(outer) === "rest") {
          rest.push({ file: relative, namespace: property(inner) ?? "", method: property(node) ?? "" });
        }
        const called =
          node.parent?.type === "call_expression" &&
          node.parent.childForFieldName("function")?.id === node.id;
        if (property(node) === "graphql" && called) graphql.push(relative);
        if (
          property(node) === "get" &&
          inner?.type === "member_expression" &&
          property(inner) === "config" &&
          called
        )
          config.push(relative);
      }
    });
  }
  return { rest, graphql, config };
}

interface Operation {
  "x-github"?: { category?: string; subcategory?: string };
}
const spec = createRequire(import.meta.url)("@octokit/openapi/generated/api.github.com.json") as {
  paths: Record<string, Record<string, Operation>>;
};

function needOf(
  namespace: string,
  method: string,
): { endpoint: string; permission: string | null; access: Access } {
  const octokit = new TestOctokit() as unknown as Record<
    string,
    Record<string, Record<string, { endpoint: { DEFAULTS: { method: string; url: string } } }>>
  >;
  const defaults = octokit.rest?.[namespace]?.[method]?.endpoint.DEFAULTS;
  if (defaults === undefined) throw new Error(`Octokit has no rest.${namespace}.${method}`);
  const operation = spec.paths[defaults.url]?.[defaults.method.toLowerCase()];
  const category = operation?.["x-github"]?.category ?? "?";
  const subcategory = operation?.["x-github"]?.subcategory ?? "?";
  const key = `${category}/${subcategory}` in permissionOf ? `${category}/${subcategory}` : category;
  if (!(key in permissionOf))
    throw new Error(
      `${defaults.method} ${defaults.url} (${category}/${subcategory}): add its permission to the table`,
    );
  return {
    endpoint: `${defaults.method} ${defaults.url}`,
    permission: permissionOf[key] ?? null,
    access: defaults.method === "GET" ? "read" : "write",
  };
}

describe("least privilege", async () => {
  const manifest = parse(readFileSync(path.join(root, "app.yml"), "utf8")) as {
    default_permissions: Record<string, Access>;
  };
  const granted = manifest.default_permissions;
  const calls = await apiCalls();
  const needs = new Map<string, { access: Access; by: string[] }>();
  const need = (permission: string, access: Access, by: string) => {
    const entry = needs.get(permission) ?? { access: "read", by: [] };
    if (access === "write") entry.access = "write";
    entry.by.push(by);
    needs.set(permission, entry);
  };
  for (const call of calls.rest) {
    const { endpoint, permission, access } = needOf(call.namespace, call.method);
    if (permission !== null) need(permission, access, `${endpoint} (${call.file})`);
  }
  for (const file of new Set(calls.graphql)) {
    const table = graphqlNeeds[file];
    if (table === undefined) throw new Error(`${file} calls GraphQL: say what it needs in graphqlNeeds`);
    for (const [permission, access] of table) need(permission, access, `GraphQL (${file})`);
  }
  // Probot's config plugin reads .github/backend-architect.yml through the contents API.
  for (const file of new Set(calls.config)) need("contents", "read", `config.get (${file})`);
  // Every installation token carries metadata: read.
  need("metadata", "read", "every installation");

  it("finds the calls it checks", () => {
    expect(calls.rest.length).toBeGreaterThan(20);
    expect(new Set(calls.graphql)).toEqual(new Set(Object.keys(graphqlNeeds)));
  });

  it("grants every permission a call needs, at the level it needs", () => {
    const missing = [...needs].flatMap(([permission, { access, by }]) => {
      const has = granted[permission];
      return has === undefined || (access === "write" && has !== "write")
        ? [`${permission}: ${access} needed by ${by.join(", ")}; app.yml grants ${has ?? "nothing"}`]
        : [];
    });
    expect(missing).toEqual([]);
  });

  it("grants nothing no call needs, and write only where something writes", () => {
    const excess = Object.entries(granted).flatMap(([permission, access]) => {
      const needed = needs.get(permission);
      if (needed === undefined) return [`${permission}: ${access} is granted but no call needs it`];
      return access === "write" && needed.access === "read"
        ? [`${permission}: write is granted but calls only read (${needed.by.join(", ")})`]
        : [];
    });
    expect(excess).toEqual([]);
  });
});
