import { describe, expect, it } from "vitest";
import { referencedIssues } from "../../src/proposals/referenced-issues.js";

describe("referencedIssues", () => {
  it("reads closing keywords, Part of, same-repository references and issue links", () => {
    const body = [
      "Closes #9 and fixes: #12.",
      "- Resolved #3",
      "Part of acme/shop#14 (not other/repo#15).",
      "See [the plan](https://github.com/acme/shop/issues/21) and https://github.com/acme/shop/issues/22.",
      "Related to #30; https://github.com/other/repo/issues/31; https://github.com/acme/shop/pull/32",
    ].join("\n");
    expect(referencedIssues(body, "acme", "shop")).toEqual([3, 9, 12, 14, 21, 22]);
  });

  it("ignores references in code blocks, inline code and HTML comments", () => {
    const body = [
      "Implements the plan.",
      "",
      "```",
      "Closes #1",
      "```",
      "",
      "    Fixes #2",
      "",
      "`Closes #3` is how you write it. <!-- Closes #4 -->",
      "",
      "Closes #5",
    ].join("\n");
    expect(referencedIssues(body, "acme", "shop")).toEqual([5]);
  });
});
