import { describe, expect, it } from "vitest";
import { statesIntent } from "../../src/agent/stated-intent.js";
import type { Finding } from "../../src/domain/model.js";

const dropEmail: Finding = {
  fingerprint: "f1",
  ruleId: "db/drop-column",
  source: "analyzer",
  severity: "blocker",
  category: "schema",
  path: "db/migrations/002.sql",
  line: 1,
  side: "RIGHT",
  title: "Column dropped",
  message: "…",
  subject: "users.email",
  haltQuestion: "This migration drops `users.email`. …",
};

describe("statesIntent", () => {
  it("accepts a sentence naming the column with a matching verb", () => {
    expect(statesIntent("Cleanup\nDrop users.email: every reader was removed in #120.", dropEmail)).toBe(
      true,
    );
    expect(statesIntent("We remove the legacy email column now that v2 shipped.", dropEmail)).toBe(true);
  });

  it("does not accept the column named without the action, or the action about something else", () => {
    expect(statesIntent("Adds validation to users.email", dropEmail)).toBe(false);
    expect(statesIntent("Drop the unused index. Also touch email templates… fixed typo", dropEmail)).toBe(
      false,
    );
    expect(statesIntent("", dropEmail)).toBe(false);
  });

  it("accepts an architect-ack marker for the rule, with or without the matching subject", () => {
    expect(statesIntent("architect-ack: db/drop-column users.email", dropEmail)).toBe(true);
    expect(statesIntent("architect-ack: db/drop-column", dropEmail)).toBe(true);
    expect(statesIntent("architect-ack: db/drop-column orders.total", dropEmail)).toBe(false);
    expect(statesIntent("architect-ack: db/drop-table users.email", dropEmail)).toBe(false);
  });

  it("accepts a BREAKING CHANGE note", () => {
    expect(statesIntent("feat!: v2 users\n\nBREAKING CHANGE: email moved to contacts", dropEmail)).toBe(true);
  });

  it("matches renames only with a rename verb", () => {
    const rename: Finding = { ...dropEmail, ruleId: "db/rename-column", subject: "users.name" };
    expect(statesIntent("Rename users.name to full_name (maintenance window on Sunday)", rename)).toBe(true);
    expect(statesIntent("Drop users.name", rename)).toBe(false);
  });

  it("needs the whole subject outside database rules", () => {
    const destroy: Finding = {
      ...dropEmail,
      ruleId: "tf/stateful-resource-destroy",
      subject: "aws_db_instance.main",
    };
    expect(statesIntent("Remove the main menu entry", destroy)).toBe(false);
    expect(statesIntent("Destroy aws_db_instance.main: data migrated to Aurora in #88", destroy)).toBe(true);
  });

  it("accepts a removal named in the title for GraphQL and API contracts", () => {
    const mutation: Finding = {
      ...dropEmail,
      ruleId: "graphql/breaking-change",
      subject: "Mutation.orderAddNote",
    };
    expect(statesIntent("Remove deprecated orderAddNote mutation (#19579)", mutation)).toBe(true);
    expect(statesIntent("Add orderAddNote tests", mutation)).toBe(false);
    const endpoint: Finding = { ...dropEmail, ruleId: "api/request-newly-required", subject: "POST /users" };
    expect(statesIntent("POST /users now requires an email (v2, clients notified)", endpoint)).toBe(true);
    expect(statesIntent("Require email on signup", endpoint)).toBe(false);
    // A mutation declared in code (Graphene, Strawberry) is named like its SDL field.
    const inCode: Finding = {
      ...dropEmail,
      ruleId: "api/endpoint-removed",
      subject: "Mutation.orderAddNote",
    };
    expect(statesIntent("Remove deprecated orderAddNote mutation (#19579)", inCode)).toBe(true);
  });

  it("accepts an endpoint opened on purpose, in the words people use for it", () => {
    const opened: Finding = { ...dropEmail, ruleId: "api/auth-weakened", subject: "GET /v1/catalog" };
    expect(statesIntent("Make GET /v1/catalog public: it only lists published products.", opened)).toBe(true);
    expect(statesIntent("GET /v1/catalog no longer requires a session (rate limited per IP).", opened)).toBe(
      true,
    );
    expect(statesIntent("Speed up GET /v1/catalog", opened)).toBe(false);
    expect(statesIntent("Make the catalog public", opened)).toBe(false);
  });

  it("accepts a finding merged from several columns only when the PR names each of them", () => {
    const merged: Finding = {
      ...dropEmail,
      subject: "users.email, users.phone",
      subjects: ["users.email", "users.phone"],
    };
    expect(statesIntent("Drop users.email: every reader was removed in #120.", merged)).toBe(false);
    expect(statesIntent("Drop users.email and users.phone: no reader is left.", merged)).toBe(true);
    expect(statesIntent("architect-ack: db/drop-column", merged)).toBe(true);
  });
});
