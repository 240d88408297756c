import { describe, expect, it } from "vitest";
import { untrustedReferences } from "../../../src/analyzers/actions/untrusted-expressions.js";

describe("untrustedReferences", () => {
  it("finds attacker-controlled properties, in dotted or bracket form", () => {
    expect(untrustedReferences(" github.event.pull_request.title ")).toEqual([
      "github.event.pull_request.title",
    ]);
    expect(untrustedReferences("github.event['issue']['body']")).toEqual(["github.event.issue.body"]);
    expect(untrustedReferences("github.event.commits[0].message")).toEqual([
      "github.event.commits.0.message",
    ]);
    expect(untrustedReferences("format('{0}', github.head_ref)")).toEqual(["github.head_ref"]);
  });

  it("counts an object that contains them, passed whole", () => {
    expect(untrustedReferences("toJSON(github.event)")).toEqual(["github.event"]);
    expect(untrustedReferences("toJSON(github.event.pull_request.head)")).toEqual([
      "github.event.pull_request.head",
    ]);
  });

  it("leaves values an outsider cannot choose alone", () => {
    for (const safe of [
      "github.event.pull_request.head.sha",
      "github.event.issue.number",
      "github.event.pull_request.head.repo.full_name",
      "github.event_name",
      "github.base_ref",
      "secrets.GITHUB_TOKEN",
      "steps.meta.outputs.tags",
    ]) {
      expect(untrustedReferences(safe), safe).toEqual([]);
    }
  });
});
