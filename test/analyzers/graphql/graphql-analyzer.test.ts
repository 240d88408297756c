import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeGraphql } from "../../../src/analyzers/graphql/analyze-graphql.js";
import { graphqlAnalyzer } from "../../../src/analyzers/graphql/graphql-analyzer.js";
import type { ChangedFile, Finding } from "../../../src/domain/model.js";
import { changedFile } from "../../helpers/changed-file.js";

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/graphql/${name}`, import.meta.url), "utf8");

async function review(file: ChangedFile) {
  return graphqlAnalyzer.analyze(file, { files: [file] });
}

const sites = (findings: readonly Finding[]) =>
  findings.map((finding) => [finding.ruleId, finding.subject, finding.side, finding.line, finding.severity]);

describe("graphqlAnalyzer", () => {
  it("applies to SDL files and reads both sides", () => {
    const file = changedFile("schema/shop.graphql", undefined, "type Query { a: Int }\n");
    expect(graphqlAnalyzer.appliesTo(file)).toBe(true);
    expect(graphqlAnalyzer.appliesTo({ ...file, path: "subgraphs/reviews.GRAPHQLS" })).toBe(true);
    expect(graphqlAnalyzer.appliesTo({ ...file, path: "ops/cart.gql" })).toBe(true);
    expect(graphqlAnalyzer.appliesTo({ ...file, path: "schema/shop.graphql.md" })).toBe(false);
    expect(graphqlAnalyzer.appliesTo({ ...file, skipped: "generated" })).toBe(false);
    expect(graphqlAnalyzer.needs).toEqual({ base: true, head: true });
  });

  it("reports each breaking change once, on the changed line or where the removed element was", async () => {
    const file = changedFile(
      "schema/shop.graphql",
      fixture("shop.base.graphql"),
      fixture("shop.breaking.graphql"),
    );
    const { findings, notes } = await review(file);
    expect(notes).toEqual([]);
    expect(sites(findings)).toEqual([
      ["graphql/breaking-change", "Query.product(channel)", "RIGHT", 3, "blocker"],
      // Deprecated with a removal date that has passed: reported, not asked about.
      ["graphql/breaking-change", "Product.legacyCode", "LEFT", 16, "info"],
      ["graphql/breaking-change", "Product.description", "LEFT", 17, "blocker"],
      ["graphql/breaking-change", "Product.price", "RIGHT", 15, "blocker"],
      ["graphql/breaking-change", "SearchResult (Article)", "RIGHT", 28, "blocker"],
      ["graphql/breaking-change", "Availability.DISCONTINUED", "LEFT", 39, "blocker"],
      ["graphql/breaking-change", "CheckoutInput.email", "RIGHT", 42, "blocker"],
    ]);
    for (const finding of findings) {
      expect(file.commentable[finding.side].has(finding.line ?? -1), finding.message).toBe(true);
    }
    expect(findings[0]).toMatchObject({
      message:
        "`Query.product(channel)`: A required arg channel on Query.product was added (graphql-js: REQUIRED_ARG_ADDED).",
      haltQuestion:
        "`Query.product(channel)`: A required arg channel on Query.product was added. Which clients consume this, " +
        "and is this a deliberate breaking change (new major version, deprecation notice sent)?",
    });
    expect(findings[1]?.haltQuestion).toBeUndefined();
    expect(findings[1]?.message).toBe(
      "`Product.legacyCode`: Product.legacyCode was removed. It was deprecated with the removal date 2021-06-30, " +
        "which has passed (graphql-js: FIELD_REMOVED).",
    );
  });

  it("keeps a removal after a deprecation date that has not come yet as a question", () => {
    const { findings } = analyzeGraphql({
      path: "schema.graphql",
      base: fixture("shop.base.graphql"),
      head: fixture("shop.breaking.graphql"),
      now: new Date("2021-06-29T00:00:00Z"),
    });
    expect(findings.find((finding) => finding.subject === "Product.legacyCode")).toMatchObject({
      severity: "blocker",
      haltQuestion: expect.stringContaining("`Product.legacyCode`: Product.legacyCode was removed."),
    });
  });

  it("reports only dangerous changes for the compatible version, without questions", async () => {
    const file = changedFile(
      "schema/shop.graphql",
      fixture("shop.base.graphql"),
      fixture("shop.compatible.graphql"),
    );
    const { findings } = await review(file);
    expect(sites(findings)).toEqual([
      ["graphql/dangerous-change", "Query.product(channel)", "RIGHT", 3, "major"],
      ["graphql/dangerous-change", "Query.products(first)", "RIGHT", 4, "major"],
      // The union spans several lines: the member line the PR added carries the finding.
      ["graphql/dangerous-change", "SearchResult (Video)", "RIGHT", 35, "major"],
      ["graphql/dangerous-change", "Availability.PREORDER", "RIGHT", 48, "major"],
      ["graphql/dangerous-change", "CheckoutInput.email", "RIGHT", 54, "major"],
    ]);
    expect(findings.every((finding) => finding.haltQuestion === undefined)).toBe(true);
  });

  it("stays quiet when only descriptions and new types change", async () => {
    const head = fixture("shop.base.graphql")
      .replace('"""The storefront schema."""', '"""The storefront schema, v2."""')
      .concat("\ntype Banner {\n  id: ID!\n}\n");
    expect(await review(changedFile("schema/shop.graphql", fixture("shop.base.graphql"), head))).toEqual({
      findings: [],
      notes: [],
    });
  });

  it("compares a federated subgraph: @key, extended root types and types owned by other subgraphs", async () => {
    const file = changedFile(
      "subgraphs/reviews.graphqls",
      fixture("reviews.base.graphqls"),
      fixture("reviews.head.graphqls"),
    );
    const { findings, notes } = await review(file);
    expect(notes).toEqual([]);
    expect(sites(findings)).toEqual([
      ["graphql/breaking-change", "Review.rating", "RIGHT", 6, "blocker"],
      ["graphql/breaking-change", "Query.reviews(after)", "RIGHT", 12, "blocker"],
    ]);
  });

  it("treats a new schema file as all new: nothing breaks", async () => {
    expect(await review(changedFile("schema/shop.graphql", undefined, fixture("shop.base.graphql")))).toEqual(
      {
        findings: [],
        notes: [],
      },
    );
  });

  it("skips client query documents quietly", async () => {
    const file = changedFile(
      "web/queries.graphql",
      fixture("queries.graphql"),
      fixture("queries.graphql").replace("name", "name\n    price"),
    );
    expect(await review(file)).toEqual({ findings: [], notes: [] });
  });

  it("names an SDL file it cannot parse, and reports nothing else", async () => {
    const file = changedFile("schema/shop.graphql", fixture("shop.base.graphql"), fixture("invalid.graphql"));
    expect(await review(file)).toEqual({
      findings: [],
      notes: [
        {
          path: "schema/shop.graphql",
          message:
            '`schema/shop.graphql`: not valid GraphQL at line 2 (Syntax Error: Expected Name, found ":".); its schema was not compared.',
        },
      ],
    });
  });

  it("names a base it cannot parse instead of reporting the whole schema as new", async () => {
    const file = changedFile("schema/shop.graphql", fixture("invalid.graphql"), fixture("shop.base.graphql"));
    const { findings, notes } = await review(file);
    expect(findings).toEqual([]);
    expect(notes.map((note) => note.message)).toEqual([
      expect.stringMatching(
        /^`schema\/shop\.graphql`: the base version could not be read \(not valid GraphQL at line 2/,
      ),
    ]);
  });

  it("has nothing to say about a deleted schema, and names a head it could not read", async () => {
    const removed = changedFile("schema/old.graphql", fixture("shop.base.graphql"), "");
    expect(await review({ ...removed, status: "removed" })).toEqual({ findings: [], notes: [] });
    const unread = changedFile(
      "schema/shop.graphql",
      fixture("shop.base.graphql"),
      fixture("shop.base.graphql"),
    );
    delete unread.headContent;
    expect((await review(unread)).notes).toEqual([
      {
        path: "schema/shop.graphql",
        message: "`schema/shop.graphql`: the head version could not be read; its schema was not compared.",
      },
    ]);
  });
});
