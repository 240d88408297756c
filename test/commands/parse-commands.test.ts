import { describe, expect, it } from "vitest";
import { parseCommands } from "../../src/commands/parse-commands.js";

describe("parsing /architect commands", () => {
  it("reads every command with its arguments", () => {
    const body = [
      "/architect review",
      "/architect answer 2: yes, the column is dropped after the backfill",
      "/architect ask why does this need a lock timeout?",
      "/architect explain db/index-not-concurrent",
      "/architect explain",
      "/architect ignore db/drop-column the table was never deployed",
      "/architect ignore gha/unpinned-action",
      "/architect pause",
      "/architect resume",
      "/architect propose",
      "/architect config",
      "/architect help",
    ].join("\n");
    expect(parseCommands(body)).toEqual([
      { name: "review" },
      { name: "answer", question: 2, text: "yes, the column is dropped after the backfill" },
      { name: "ask", question: "why does this need a lock timeout?" },
      { name: "explain", ruleId: "db/index-not-concurrent" },
      { name: "explain" },
      { name: "ignore", ruleId: "db/drop-column", reason: "the table was never deployed" },
      { name: "ignore", ruleId: "gha/unpinned-action" },
      { name: "pause" },
      { name: "resume" },
      { name: "propose" },
      { name: "config" },
      { name: "help" },
    ]);
  });

  it("lets several answers in one comment each run to the next command, over several lines", () => {
    const body =
      "Thanks, answers below.\n\n/architect answer 1: Only the mobile app calls it,\nand it was retired in v5.\n/architect answer #3 - Yes: public on purpose.\r\n";
    expect(parseCommands(body)).toEqual([
      { name: "answer", question: 1, text: "Only the mobile app calls it,\nand it was retired in v5." },
      { name: "answer", question: 3, text: "Yes: public on purpose." },
    ]);
  });

  it("ignores commands in code blocks, inline code, quotes, HTML comments and mid-sentence", () => {
    const body = [
      "> /architect review",
      "",
      "```",
      "/architect review",
      "```",
      "",
      "    /architect pause",
      "",
      "`/architect resume`",
      "",
      "<!-- /architect config -->",
      "",
      "Please do not run /architect review yet; /architecture is a word.",
      "/architecture review",
    ].join("\n");
    expect(parseCommands(body)).toEqual([]);
  });

  it("keeps inline code in an answer while never running a command written as inline code", () => {
    expect(
      parseCommands("/architect answer 1: `total` moved to the invoice API\n`/architect review`"),
    ).toEqual([
      { name: "answer", question: 1, text: "`total` moved to the invoice API\n`/architect review`" },
    ]);
  });

  it("accepts commands in list items and in any letter case", () => {
    expect(parseCommands("- /architect Review\n- /ARCHITECT help")).toEqual([
      { name: "review" },
      { name: "help" },
    ]);
  });

  it("says what is wrong with an unknown command or missing arguments", () => {
    expect(
      parseCommands(
        "/architect approve\n\n/architect\n\n/architect answer: yes\n\n/architect answer 2\n\n/architect ask\n\n/architect ignore",
      ),
    ).toEqual([
      { name: "invalid", line: "/architect approve", problem: "`approve` is not a command." },
      { name: "invalid", line: "/architect", problem: "No command after `/architect`." },
      {
        name: "invalid",
        line: "/architect answer: yes",
        problem: "`answer` needs a question number: `/architect answer <n>: <your answer>`.",
      },
      {
        name: "invalid",
        line: "/architect answer 2",
        problem: "`answer 2` has no answer text: `/architect answer <n>: <your answer>`.",
      },
      {
        name: "invalid",
        line: "/architect ask",
        problem: "`ask` needs a question: `/architect ask <question>`.",
      },
      {
        name: "invalid",
        line: "/architect ignore",
        problem: "`ignore` needs a rule id: `/architect ignore <rule-id> [reason]`.",
      },
    ]);
  });
});
