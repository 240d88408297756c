import { describe, expect, it } from "vitest";
import { parseSql } from "../../../src/analyzers/sql/parse-sql.js";

/** `[startLine, endLine, statement kind]` for each statement, or the syntax error. */
async function spans(sql: string) {
  const parsed = await parseSql(sql);
  if (!parsed.ok) throw new Error(`unexpected syntax error: ${parsed.error.message}`);
  return parsed.statements.map((statement) => [
    statement.startLine,
    statement.endLine,
    Object.keys(statement.node)[0],
  ]);
}

describe("parseSql", () => {
  it("anchors each statement on its first line of real SQL, past blank lines and comments", async () => {
    const sql = [
      "-- 001: add email", //                 1
      "", //                                  2
      "/* a block comment", //                3
      "   spanning lines */", //              4
      "ALTER TABLE users ADD COLUMN email text;", // 5
      "  -- between statements", //           6
      "", //                                  7
      "   CREATE INDEX CONCURRENTLY users_email_idx ON users (email);", // 8
    ].join("\n");
    expect(await spans(sql)).toEqual([
      [5, 5, "AlterTableStmt"],
      [8, 8, "IndexStmt"],
    ]);
  });

  it("spans multi-line statements up to their last real line, not a trailing comment or the semicolon", async () => {
    const sql = [
      "CREATE TABLE events (", //       1
      "  id bigint PRIMARY KEY,", //     2
      "  payload jsonb -- the body", //  3
      ")", //                            4
      "-- why the table exists", //      5
      ";", //                            6
      "SELECT 1", //                     7
      "-- trailing comment at the end of the file", // 8
      "/* and another */", //            9
      "", //                             10
    ].join("\n");
    expect(await spans(sql)).toEqual([
      [1, 4, "CreateStmt"],
      [7, 7, "SelectStmt"],
    ]);
  });

  it("counts lines correctly after multi-byte text (positions from the parser are UTF-8 bytes)", async () => {
    const sql = [
      "-- Ajoute la colonne « résumé » 😀 — 説明", // 1
      "COMMENT ON TABLE users IS 'Utilisateurs ünïcödé 👩‍💻';", // 2
      "", // 3
      'ALTER TABLE users ADD COLUMN "résumé" text;', // 4
    ].join("\n");
    expect(await spans(sql)).toEqual([
      [2, 2, "CommentStmt"],
      [4, 4, "AlterTableStmt"],
    ]);
    // 120 bytes of emoji but 30 code points: a byte offset read as a string index would land past line 4.
    const dense = `-- ${"😀".repeat(30)}\nSELECT 1;\nSELECT 2;\nSELECT 3;`;
    expect(await spans(dense)).toEqual([
      [2, 2, "SelectStmt"],
      [3, 3, "SelectStmt"],
      [4, 4, "SelectStmt"],
    ]);
  });

  it("does not mistake comment markers inside strings, quoted identifiers or dollar quotes for comments", async () => {
    const sql = [
      "SELECT '--not a comment', E'it\\'s /* not */ either', \"odd--name\"", // 1
      ";", // 2
      "CREATE FUNCTION f() RETURNS int AS $body$", // 3
      "  SELECT 1; -- still the body", // 4
      "$body$ LANGUAGE sql;", // 5
      "SELECT $1::int", // 6
    ].join("\n");
    expect(await spans(sql)).toEqual([
      [1, 1, "SelectStmt"],
      [3, 5, "CreateFunctionStmt"],
      [6, 6, "SelectStmt"],
    ]);
  });

  it("ignores a UTF-8 byte-order mark, which Postgres' lexer would reject", async () => {
    expect(await spans("\uFEFFALTER TABLE users DROP COLUMN legacy;")).toEqual([[1, 1, "AlterTableStmt"]]);
  });

  it("returns no statements for an empty or comment-only file", async () => {
    expect(await spans("")).toEqual([]);
    expect(await spans("  \n-- nothing yet\n/* still nothing */\n")).toEqual([]);
  });

  it("returns a syntax error as a value with Postgres' message and the line of the error", async () => {
    const sql = "-- 😀 ünïcödé\nALTER TABLE users ADD COLUMN a text;\nCREATE TABL widgets (id bigint);\n";
    expect(await parseSql(sql)).toEqual({
      ok: false,
      error: { message: 'syntax error at or near "TABL"', line: 3 },
    });
  });

  it("reports an unterminated statement at the end of the input", async () => {
    expect(await parseSql("SELECT 1;\n\nCREATE TABLE t (a int")).toEqual({
      ok: false,
      error: { message: "syntax error at end of input", line: 3 },
    });
  });
});
