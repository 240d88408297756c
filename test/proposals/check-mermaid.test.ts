import { describe, expect, it } from "vitest";
import { checkMermaid } from "../../src/proposals/check-mermaid.js";
import { componentsDiagram, sequenceDiagram } from "./sample-proposal.js";

describe("checkMermaid", () => {
  it("accepts well-formed flowchart, sequence and ER diagrams", () => {
    expect(checkMermaid({ kind: "components", mermaid: componentsDiagram })).toBeUndefined();
    expect(checkMermaid({ kind: "sequence", mermaid: sequenceDiagram })).toBeUndefined();
    expect(
      checkMermaid({
        kind: "er",
        mermaid:
          'erDiagram\n  USER ||--o{ SHARE : makes\n  SHARE }o..|| POST : "shares"\n  SHARE {\n    bigint id PK\n    bigint user_id FK\n    varchar(16) channel "facebook, x or linkedin"\n  }',
      }),
    ).toBeUndefined();
  });

  it("names the first malformed line", () => {
    expect(checkMermaid({ kind: "components", mermaid: "flowchart LR\n  a[API --> b[(DB)]" })).toBe(
      "line 2: unclosed `[`",
    );
    expect(checkMermaid({ kind: "components", mermaid: 'graph TD\n  a["API] --> b' })).toBe(
      'line 2: unclosed `"`',
    );
    expect(checkMermaid({ kind: "components", mermaid: "flowchart LR\n  subgraph api\n  a --> b" })).toBe(
      "1 `subgraph` block(s) without `end`",
    );
    expect(checkMermaid({ kind: "er", mermaid: "erDiagram\n  USER ||--o{ SHARE makes" })).toBe(
      'line 2: "USER ||--o{ SHARE makes" is not a relationship (`A ||--o{ B : label`) or an entity',
    );
    expect(checkMermaid({ kind: "er", mermaid: "erDiagram\n  SHARE {\n    bigint id PK\n" })).toBe(
      "line 2: the entity block is not closed with `}`",
    );
    expect(
      checkMermaid({ kind: "sequence", mermaid: "sequenceDiagram\n  loop retries\n  A->>B: call" }),
    ).toBe("a `loop` block without `end`");
  });

  it("requires the header of the diagram's kind", () => {
    expect(checkMermaid({ kind: "sequence", mermaid: "flowchart LR\n  a --> b" })).toBe(
      'line 1: a sequence diagram starts with `sequenceDiagram`, not "flowchart LR"',
    );
    expect(checkMermaid({ kind: "er", mermaid: "%% entities\n\nerDiagram" })).toBe(
      "has a header and nothing else",
    );
    expect(checkMermaid({ kind: "er", mermaid: "  \n" })).toBe("is empty");
  });

  it("refuses backticks and fences, which would break the ```mermaid block", () => {
    expect(checkMermaid({ kind: "components", mermaid: "flowchart LR\n```\na --> b" })).toBe(
      "contains a backtick (a Markdown fence or code span inside the diagram breaks the ```mermaid block)",
    );
  });
});
