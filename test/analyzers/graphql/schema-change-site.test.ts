import { buildSchema, findBreakingChanges, findDangerousChanges } from "graphql";
import { describe, expect, it } from "vitest";
import { schemaChangeSite } from "../../../src/analyzers/graphql/schema-change-site.js";

const old = `
  directive @cached(ttl: Int, scope: String) repeatable on FIELD_DEFINITION | OBJECT
  directive @gone on FIELD_DEFINITION
  interface Node { id: ID! }
  interface Named { name: String }
  type Query {
    user(id: ID!, org: String, first: Int = 10): User
    legacy: String
    count: Int
    ratio: Float
  }
  type User implements Node { id: ID! name: String }
  type Team { id: ID! }
  type Bot { id: ID! }
  type Old { id: ID! }
  union Member = User | Team
  enum Role { ADMIN MEMBER GUEST }
  input Filter { term: String }
`;

const next = `
  directive @cached(ttl: Int, level: Int!) on OBJECT
  interface Node { id: ID! }
  interface Named { name: String }
  type Query {
    user(id: ID!, region: String!, first: Int = 20, after: String): User
    count: String
  }
  type User implements Named { id: ID! name: String }
  type Team { id: ID! }
  type Bot { id: ID! }
  interface Old { id: ID! }
  union Member = User | Bot
  enum Role { ADMIN MEMBER OWNER }
  input Filter { term: Int, tenant: ID!, limit: Int }
`;

describe("schemaChangeSite", () => {
  it("names the element of every breaking change graphql-js reports", () => {
    const changes = findBreakingChanges(buildSchema(old), buildSchema(next));
    expect(changes.map((change) => [change.type, schemaChangeSite(change).subject])).toEqual([
      ["TYPE_REMOVED", "Float"],
      ["FIELD_REMOVED", "Query.legacy"],
      ["FIELD_REMOVED", "Query.ratio"],
      ["ARG_REMOVED", "Query.user(org)"],
      ["REQUIRED_ARG_ADDED", "Query.user(region)"],
      ["FIELD_CHANGED_KIND", "Query.count"],
      ["IMPLEMENTED_INTERFACE_REMOVED", "User (implements Node)"],
      ["TYPE_CHANGED_KIND", "Old"],
      ["TYPE_REMOVED_FROM_UNION", "Member (Team)"],
      ["VALUE_REMOVED_FROM_ENUM", "Role.GUEST"],
      ["REQUIRED_INPUT_FIELD_ADDED", "Filter.tenant"],
      ["FIELD_CHANGED_KIND", "Filter.term"],
      ["DIRECTIVE_REMOVED", "@gone"],
      ["REQUIRED_DIRECTIVE_ARG_ADDED", "@cached(level)"],
      ["DIRECTIVE_ARG_REMOVED", "@cached(scope)"],
      ["DIRECTIVE_REPEATABLE_REMOVED", "@cached (repeatable)"],
      ["DIRECTIVE_LOCATION_REMOVED", "@cached (FIELD_DEFINITION)"],
    ]);
  });

  it("names the element of every dangerous change graphql-js reports", () => {
    const changes = findDangerousChanges(buildSchema(old), buildSchema(next));
    expect(changes.map((change) => [change.type, schemaChangeSite(change).subject])).toEqual([
      ["ARG_DEFAULT_VALUE_CHANGE", "Query.user(first)"],
      ["OPTIONAL_ARG_ADDED", "Query.user(after)"],
      ["IMPLEMENTED_INTERFACE_ADDED", "User (implements Named)"],
      ["TYPE_ADDED_TO_UNION", "Member (Bot)"],
      ["VALUE_ADDED_TO_ENUM", "Role.OWNER"],
      ["OPTIONAL_INPUT_FIELD_ADDED", "Filter.limit"],
    ]);
  });

  it("keys arguments and enum values under their parents, for anchoring when they are gone", () => {
    expect(
      schemaChangeSite({ type: "ARG_REMOVED", description: "Query.user arg org was removed." } as never),
    ).toEqual({ subject: "Query.user(org)", element: "Query.user(org)", parent: "Query.user" });
  });

  it("falls back to the description for a change it does not know", () => {
    expect(schemaChangeSite({ type: "SOMETHING_NEW", description: "Something changed." } as never)).toEqual({
      subject: "Something changed.",
      element: "",
    });
  });
});
