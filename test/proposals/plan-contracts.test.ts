import { describe, expect, it } from "vitest";
import { planContracts } from "../../src/proposals/plan-contracts.js";
import { sampleProposal } from "./sample-proposal.js";

describe("planContracts", () => {
  it("reads endpoints with their body fields from the OpenAPI fragment and tables from the DDL", async () => {
    expect(await planContracts(sampleProposal)).toEqual({
      endpoints: [
        { method: "POST", path: "/v1/shares", fields: ["post_id", "channel", "id", "status", "created_at"] },
        { method: "GET", path: "/v1/shares", fields: ["items", "next_cursor"] },
      ],
      tables: [{ table: "shares", columns: ["id", "user_id", "post_id", "channel", "status", "created_at"] }],
      types: [],
    });
  });

  it("adds the columns of ALTER TABLE … ADD COLUMN to their table", async () => {
    const contracts = await planContracts({
      apiFragment: null,
      ddl: "CREATE TABLE public.shares (id bigint PRIMARY KEY);\nALTER TABLE shares ADD COLUMN channel text, ADD COLUMN status text;\nCREATE INDEX ON shares (channel);",
    });
    expect(contracts.tables).toEqual([{ table: "shares", columns: ["id", "channel", "status"] }]);
  });

  it("reads types and fields from GraphQL SDL, extensions included", async () => {
    const contracts = await planContracts({
      apiFragment: {
        kind: "graphql",
        text: "extend type Mutation { share(postId: ID!, channel: Channel!): Share }\ntype Share { id: ID! channel: Channel! }\ninput ShareFilter { channel: Channel }\nenum Channel { FACEBOOK X }",
      },
      ddl: null,
    });
    expect(contracts).toEqual({
      endpoints: [],
      tables: [],
      types: [
        { name: "Mutation", fields: ["share"] },
        { name: "Share", fields: ["id", "channel"] },
        { name: "ShareFilter", fields: ["channel"] },
      ],
    });
  });

  it("reads nothing from fragments that do not parse", async () => {
    expect(
      await planContracts({
        apiFragment: { kind: "openapi", text: "paths: [" },
        ddl: "CREATE TABL x (id int);",
      }),
    ).toEqual({ endpoints: [], tables: [], types: [] });
  });
});
