import { describe, expect, it } from "vitest";
import {
  checkFragments,
  describeFragmentProblem,
  repairRequest,
} from "../../src/proposals/check-fragments.js";
import { sampleProposal } from "./sample-proposal.js";

describe("checkFragments", () => {
  it("keeps a proposal whose fragments all parse and validate", async () => {
    const checked = await checkFragments(sampleProposal);
    expect(checked.problems).toEqual([]);
    expect(checked.proposal).toEqual(sampleProposal);
  });

  it("reports DDL that does not parse with Postgres' message and line, and removes it", async () => {
    const checked = await checkFragments({
      ...sampleProposal,
      ddl: "CREATE TABLE shares (\n  id bigint PRIMARY KEY,\n  user_id bigint NOT NULL\n  post_id bigint\n);",
    });
    expect(checked.problems).toEqual([
      { fragment: "ddl", label: "DDL", message: 'syntax error at or near "post_id" (line 4)' },
    ]);
    expect(checked.proposal.ddl).toBeNull();
    expect(checked.proposal.apiFragment).toEqual(sampleProposal.apiFragment);
    expect(describeFragmentProblem(checked.problems[0]!)).toBe(
      'DDL: syntax error at or near "post_id" (line 4)',
    );
  });

  it("reports an OpenAPI fragment that fails validation with swagger-parser's message", async () => {
    const checked = await checkFragments({
      ...sampleProposal,
      apiFragment: {
        kind: "openapi",
        text: "paths:\n  /v1/shares:\n    post:\n      responses:\n        '201':\n          content: {}\n",
      },
    });
    expect(checked.problems).toEqual([
      {
        fragment: "openapi",
        label: "OpenAPI fragment",
        message:
          "Swagger schema validation failed.\n  #/paths/~1v1~1shares/post/responses/201 must have required property 'description'\n  #/paths/~1v1~1shares/post/responses/201 must have required property '$ref'\n  #/paths/~1v1~1shares/post/responses/201 must match exactly one schema in oneOf",
      },
    ]);
    expect(checked.proposal.apiFragment).toBeNull();
  });

  it("reports a $ref to a schema the fragment does not declare", async () => {
    const text = sampleProposal.apiFragment!.text.replace(/components:[\s\S]*$/, "");
    const checked = await checkFragments({ ...sampleProposal, apiFragment: { kind: "openapi", text } });
    expect(checked.problems.map((problem) => problem.message)).toEqual([
      'Missing $ref pointer "#/components/schemas/NewShare". Token "components" does not exist.',
    ]);
  });

  it("reports YAML that does not parse, and a document that is not OpenAPI", async () => {
    const broken = await checkFragments({
      ...sampleProposal,
      apiFragment: { kind: "openapi", text: "paths:\n  /a:\n    get: [\n" },
    });
    expect(broken.problems[0]?.message).toMatch(/^not valid YAML at line \d+: /);
    const other = await checkFragments({
      ...sampleProposal,
      apiFragment: { kind: "openapi", text: "name: shares\nversion: 2\n" },
    });
    expect(other.problems[0]?.message).toBe("neither an OpenAPI document nor its `paths:`");
  });

  it("accepts a bare map of paths by wrapping it into a minimal document", async () => {
    const checked = await checkFragments({
      ...sampleProposal,
      apiFragment: {
        kind: "openapi",
        text: "/v1/health:\n  get:\n    responses:\n      '200':\n        description: OK\n",
      },
    });
    expect(checked.problems).toEqual([]);
  });

  it("checks GraphQL SDL with graphql-js: syntax, unknown types, and extensions of root types", async () => {
    const extendsRoot = await checkFragments({
      ...sampleProposal,
      apiFragment: {
        kind: "graphql",
        text: "extend type Mutation { share(postId: ID!): Share }\ntype Share { id: ID! channel: String }",
      },
    });
    expect(extendsRoot.problems).toEqual([]);
    const unknown = await checkFragments({
      ...sampleProposal,
      apiFragment: { kind: "graphql", text: "type Share { id: ID! user: User }" },
    });
    expect(unknown.problems).toEqual([
      { fragment: "graphql", label: "GraphQL fragment", message: 'Unknown type "User".' },
    ]);
    const syntax = await checkFragments({
      ...sampleProposal,
      apiFragment: { kind: "graphql", text: "type Share {\n  id: ID!\n" },
    });
    expect(syntax.problems[0]?.message).toBe("Syntax Error: Expected Name, found <EOF>. (line 3)");
  });

  it("removes a malformed Mermaid diagram and keeps the others, naming it by position and kind", async () => {
    const checked = await checkFragments({
      ...sampleProposal,
      diagrams: [
        { kind: "sequence", title: "Broken", mermaid: "sequenceDiagram\n  App->>API POST /v1/shares\n" },
        ...sampleProposal.diagrams,
      ],
    });
    expect(checked.problems).toEqual([
      {
        fragment: "diagram",
        index: 1,
        label: "diagram 1 (sequence)",
        message:
          'line 2: "App->>API POST /v1/shares" is not a participant, note, block or message line (`A->>B: text`)',
      },
    ]);
    expect(checked.proposal.diagrams).toEqual(sampleProposal.diagrams);
  });
});

describe("repairRequest", () => {
  it("lists each failed fragment with its parser's message", () => {
    expect(
      repairRequest([{ fragment: "ddl", label: "DDL", message: 'syntax error at or near "TABL" (line 1)' }]),
    ).toBe(
      'These fragments of your proposal failed their checks:\n- DDL: syntax error at or near "TABL" (line 1)\nReturn the whole proposal again with these fragments fixed (same structure; leave the others unchanged). A fragment you cannot fix: set it to null (apiFragment, ddl) or leave the diagram out.',
    );
  });
});
