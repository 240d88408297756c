import { describe, expect, it } from "vitest";
import { locateHclBlocks } from "../../../src/analyzers/terraform/locate-hcl-blocks.js";

const source = `# comment with resource "fake" "block" {
terraform {
  required_version = ">= 1.6"
}

resource "aws_iam_policy" "p" {
  name = "p-\${var.env}-{x}"
  policy = <<-EOT
    { "Statement": [{ "Action": "*" }] }
    }
  EOT
  tags = {
    Team = "core" # }
  }
  lifecycle { prevent_destroy = true }
}

/* resource "commented" "out" {
} */
moved {
  from = aws_iam_policy.old
  to   = aws_iam_policy.p
}
`;

describe("locateHclBlocks", () => {
  const blocks = locateHclBlocks(source);

  it("finds top-level blocks with labels and line spans, skipping comments", () => {
    expect(blocks.map((block) => [block.type, block.labels, block.span])).toEqual([
      ["terraform", [], { start: 2, end: 4 }],
      ["resource", ["aws_iam_policy", "p"], { start: 6, end: 16 }],
      ["moved", [], { start: 20, end: 23 }],
    ]);
  });

  it("finds attributes past strings with templates, heredocs, object values and one-line blocks", () => {
    const policy = blocks[1];
    expect(policy?.attributes.map((attribute) => [attribute.name, attribute.span])).toEqual([
      ["name", { start: 7, end: 7 }],
      ["policy", { start: 8, end: 11 }],
      ["tags", { start: 12, end: 14 }],
    ]);
    const lifecycle = policy?.blocks[0];
    expect(lifecycle?.type).toBe("lifecycle");
    expect(
      lifecycle?.attributes.map((attribute) => [attribute.name, attribute.span.start, attribute.expression]),
    ).toEqual([["prevent_destroy", 15, "true"]]);
    expect(blocks[2]?.attributes.map((attribute) => attribute.expression)).toEqual([
      "aws_iam_policy.old",
      "aws_iam_policy.p",
    ]);
  });

  it("never throws on text it cannot follow", () => {
    for (const broken of [
      'resource "a" "b" {\n  x = "unterminated\n',
      "}}}\n{{{",
      "<<EOF\n",
      'a = "${',
      "/* open",
    ]) {
      expect(() => locateHclBlocks(broken)).not.toThrow();
    }
  });
});
