import { describe, expect, it } from "vitest";
import { type AnalyzeSqlOptions, analyzeSql } from "../../../src/analyzers/sql/analyze-sql.js";

const path = "db/migrate/001.sql";
const lines = (...sql: string[]) => sql.join("\n");
const analyze = (sql: string, options?: AnalyzeSqlOptions) => analyzeSql(sql, path, options);

/** `line ruleId` per finding: where and what, in file order. */
async function fired(sql: string, options?: AnalyzeSqlOptions): Promise<string[]> {
  const result = await analyze(sql, options);
  expect(result.notes).toEqual([]);
  return result.findings.map((finding) => `${finding.line} ${finding.ruleId}`);
}

async function ruleIds(sql: string): Promise<string[]> {
  return [...new Set((await analyze(sql)).findings.map((finding) => finding.ruleId))];
}

// Every file starts with a lock_timeout unless the case is about it, so only the rule under test fires.
const timeout = "SET lock_timeout = '5s';";

describe("analyzeSql: each rule fires on the risky form and stays quiet on the safe one", () => {
  const cases: { rule: string; bad: string; good: string }[] = [
    {
      rule: "db/drop-column",
      bad: "ALTER TABLE users DROP COLUMN email;",
      good: "ALTER TABLE users ADD COLUMN email_normalized text;",
    },
    {
      rule: "db/drop-table",
      bad: "DROP TABLE IF EXISTS legacy_sessions;",
      good: "CREATE TABLE staging (id bigint); DROP TABLE staging;",
    },
    {
      rule: "db/rename-column",
      bad: "ALTER TABLE users RENAME COLUMN name TO full_name;",
      good: "ALTER TABLE users ADD COLUMN full_name text;",
    },
    {
      rule: "db/rename-table",
      bad: "ALTER TABLE users RENAME TO accounts;",
      good: "CREATE TABLE accounts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);",
    },
    {
      rule: "db/change-column-type",
      bad: "ALTER TABLE users ALTER COLUMN age TYPE bigint;",
      good: lines(
        "ALTER TABLE users ADD COLUMN nick varchar(20), ADD COLUMN bio varchar(200);",
        "ALTER TABLE users ADD COLUMN price numeric(10,2), ADD COLUMN net cidr;",
        "ALTER TABLE users ALTER COLUMN nick TYPE varchar(40), ALTER COLUMN bio TYPE text;",
        "ALTER TABLE users ALTER COLUMN price TYPE numeric(12,2), ALTER COLUMN net TYPE inet;",
      ),
    },
    {
      rule: "db/add-required-column",
      bad: 'ALTER TABLE "recipe" ADD COLUMN "public" boolean NOT NULL;',
      good: 'ALTER TABLE "recipe" ADD COLUMN "public" boolean NOT NULL DEFAULT false;',
    },
    {
      rule: "db/set-not-null",
      bad: "ALTER TABLE users ALTER COLUMN email SET NOT NULL;",
      good: lines(
        "ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;",
        "ALTER TABLE users VALIDATE CONSTRAINT users_email_nn;",
        "ALTER TABLE users ALTER COLUMN email SET NOT NULL;",
      ),
    },
    {
      // Postgres 18's native form of the same pattern.
      rule: "db/set-not-null",
      bad: "ALTER TABLE users ADD CONSTRAINT users_email_nn NOT NULL email;",
      good: lines(
        "ALTER TABLE users ADD CONSTRAINT users_email_nn NOT NULL email NOT VALID;",
        "ALTER TABLE users VALIDATE CONSTRAINT users_email_nn;",
        "ALTER TABLE users ALTER COLUMN email SET NOT NULL;",
      ),
    },
    {
      rule: "db/drop-not-null",
      bad: "ALTER TABLE users ALTER COLUMN email DROP NOT NULL;",
      good: "ALTER TABLE users ALTER COLUMN email SET DEFAULT '';",
    },
    {
      rule: "db/index-not-concurrent",
      bad: "CREATE INDEX users_email_idx ON users (email);",
      good: "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);",
    },
    {
      rule: "db/index-not-concurrent",
      bad: "DROP INDEX users_email_idx;",
      good: "DROP INDEX CONCURRENTLY users_email_idx;",
    },
    {
      rule: "db/index-not-concurrent",
      bad: "REINDEX INDEX users_email_idx;",
      good: "REINDEX INDEX CONCURRENTLY users_email_idx;",
    },
    {
      rule: "db/concurrently-in-transaction",
      bad: "BEGIN;\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);\nCOMMIT;",
      good: "BEGIN;\nCOMMIT;\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);",
    },
    {
      rule: "db/blocking-constraint",
      bad: "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);",
      good: lines(
        "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;",
        "ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;",
      ),
    },
    {
      rule: "db/blocking-constraint",
      bad: "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);",
      good: lines(
        "CREATE UNIQUE INDEX CONCURRENTLY users_email_idx ON users (email);",
        "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;",
      ),
    },
    {
      rule: "db/blocking-constraint",
      bad: "ALTER TABLE accounts ADD CONSTRAINT positive_balance CHECK (balance >= 0);",
      good: "ALTER TABLE accounts ADD CONSTRAINT positive_balance CHECK (balance >= 0) NOT VALID;",
    },
    {
      rule: "db/blocking-constraint",
      bad: "ALTER TABLE orders ADD COLUMN coupon_id bigint REFERENCES coupons (id);",
      good: lines(
        "ALTER TABLE orders ADD COLUMN coupon_id bigint;",
        "ALTER TABLE orders ADD CONSTRAINT orders_coupon_fk FOREIGN KEY (coupon_id) REFERENCES coupons (id) NOT VALID;",
      ),
    },
    {
      rule: "db/blocking-constraint",
      bad: "ALTER TABLE users ADD PRIMARY KEY (id);",
      good: lines(
        "CREATE UNIQUE INDEX CONCURRENTLY users_pkey_idx ON users (id);",
        "ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_pkey_idx;",
      ),
    },
    {
      rule: "db/table-rewrite-default",
      bad: "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();",
      good: lines(
        "ALTER TABLE users ADD COLUMN created_at timestamptz DEFAULT now(),",
        "  ADD COLUMN seen_at timestamptz DEFAULT CURRENT_TIMESTAMP,",
        "  ADD COLUMN settings jsonb NOT NULL DEFAULT '{}'::jsonb,",
        "  ADD COLUMN tz_at timestamptz DEFAULT (now() AT TIME ZONE 'utc'),",
        "  ADD COLUMN virtual_total int GENERATED ALWAYS AS (1 + 1) VIRTUAL;",
      ),
    },
    {
      rule: "db/destructive-data-op",
      bad: "DELETE FROM sessions;",
      good: "DELETE FROM sessions WHERE expires_at < now();",
    },
    {
      rule: "db/destructive-data-op",
      bad: "UPDATE users SET active = true;",
      good: "UPDATE users SET active = true WHERE id = 1;",
    },
    {
      rule: "db/type-hygiene",
      bad: "CREATE TABLE events (id serial PRIMARY KEY, at timestamp, body json, code char(3));",
      good: "CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at timestamptz, body jsonb, code text);",
    },
  ];

  it.each(cases)("$rule: $bad", async ({ rule, bad, good }) => {
    expect(await ruleIds(`${timeout}\n${bad}`)).toContain(rule);
    expect(await ruleIds(`${timeout}\n${good}`)).not.toContain(rule);
  });

  it("db/missing-lock-timeout: fires without a lock_timeout and stays quiet once one is set", async () => {
    expect(await fired("ALTER TABLE users ADD COLUMN bio text;")).toEqual(["1 db/missing-lock-timeout"]);
    expect(await fired(`${timeout}\nALTER TABLE users ADD COLUMN bio text;`)).toEqual([]);
  });

  it("db/destructive-data-op covers TRUNCATE, DROP SCHEMA and DROP DATABASE", async () => {
    expect(
      await fired(lines(timeout, "TRUNCATE audit CASCADE;", "DROP SCHEMA legacy;", "DROP DATABASE app;")),
    ).toEqual(["2 db/destructive-data-op", "3 db/destructive-data-op", "4 db/destructive-data-op"]);
  });
});

describe("analyzeSql: findings", () => {
  it("anchors on the statement's lines and asks the HALT question for a dropped column", async () => {
    const result = await analyze(
      lines(
        "-- Remove the legacy email column (replaced by email_normalized)",
        timeout,
        "",
        "ALTER TABLE users",
        "  DROP COLUMN email;",
      ),
    );
    expect(result).toEqual({
      notes: [],
      findings: [
        {
          fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
          ruleId: "db/drop-column",
          source: "analyzer",
          severity: "blocker",
          category: "schema",
          path,
          line: 4,
          endLine: 5,
          side: "RIGHT",
          title: "Column dropped",
          subject: "users.email",
          message:
            "Drops column `users.email`: instances of the previous release still running during the deploy fail on " +
            "every query that names it, and the data is gone for good. Stop reading and writing the column first " +
            "(e.g. ignore it in the ORM), deploy that, then drop it in a later migration.",
          haltQuestion:
            "This migration drops `users.email`. Has every deployed version stopped reading and writing it " +
            "(expand/contract step 2)? Is the data backed up or no longer needed?",
        },
      ],
    });
  });

  it("gives plain findings no HALT question", async () => {
    const [finding] = (await analyze('ALTER TABLE "recipe" ADD COLUMN "public" boolean NOT NULL;')).findings;
    expect(finding).toMatchObject({
      ruleId: "db/add-required-column",
      severity: "blocker",
      subject: "recipe.public",
      message:
        "Adds `recipe.public` as NOT NULL without a default: the statement fails on any table that already has " +
        "rows, so it passes on an empty development database and breaks in production. Add it with a constant " +
        "`DEFAULT` (metadata-only since Postgres 11), or add it nullable, backfill in batches, then enforce NOT " +
        "NULL through a validated CHECK.",
    });
    expect(finding?.haltQuestion).toBeUndefined();
  });

  it("keeps the schema in messages and uses the bare table in subjects", async () => {
    const [finding] = (await analyze(`${timeout}\nALTER TABLE auth.users RENAME COLUMN phone TO msisdn;`))
      .findings;
    expect(finding).toMatchObject({
      ruleId: "db/rename-column",
      subject: "users.phone",
      haltQuestion:
        "Renaming or retyping `auth.users.phone` breaks old instances during a rolling deploy. Is this a deliberate " +
        "one-step change (maintenance window), or should it be add → dual-write → backfill → switch → drop?",
    });
    expect(finding?.message).toMatch(/^Renames `auth\.users\.phone` to `msisdn`: /);
  });

  it("names the volatile function that forces the rewrite, and treats unknown functions as possibly volatile", async () => {
    const { findings } = await analyze(
      `${timeout}\nALTER TABLE t ADD COLUMN a float DEFAULT random(), ADD COLUMN b int DEFAULT next_ticket();`,
    );
    expect(findings.map((finding) => [finding.subject, finding.message.split(":")[0]])).toEqual([
      ["t.a", "Adds `t.a` with the volatile default `random()`"],
      ["t.b", "Adds `t.b` with a default calling `next_ticket()`"],
    ]);
  });

  it("flags serial and stored generated columns added to an existing table as rewrites", async () => {
    expect(
      await fired(
        lines(
          timeout,
          "ALTER TABLE t ADD COLUMN n bigserial;",
          "ALTER TABLE t ADD COLUMN d int GENERATED ALWAYS AS (n * 2) STORED;",
        ),
      ),
    ).toEqual(["2 db/table-rewrite-default", "3 db/table-rewrite-default"]);
  });

  it("says when an unknown old type would make a type change safe", async () => {
    const [finding] = (await analyze(`${timeout}\nALTER TABLE auth.users ALTER COLUMN phone TYPE text;`))
      .findings;
    expect(finding?.message).toContain(
      "If `auth.users.phone` is currently `varchar`, this is metadata-only: say so in the PR.",
    );
  });

  it("names both types when the file defines the old one", async () => {
    const { findings } = await analyze(
      lines(
        timeout,
        "ALTER TABLE t ADD COLUMN code varchar(40);",
        "ALTER TABLE t ALTER COLUMN code TYPE varchar(10);",
      ),
    );
    expect(findings.map((finding) => `${finding.line} ${finding.ruleId}`)).toEqual([
      "3 db/change-column-type",
    ]);
    expect(findings[0]?.message).toMatch(/^Changes `t\.code` from `varchar\(40\)` to `varchar\(10\)`: /);
  });

  it("points a CONCURRENTLY-in-transaction finding at the BEGIN that opened the transaction", async () => {
    const { findings } = await analyze(
      lines("BEGIN;", timeout, "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);", "COMMIT;"),
    );
    expect(findings.map((finding) => [finding.line, finding.ruleId, finding.subject])).toEqual([
      [3, "db/concurrently-in-transaction", "users_email_idx"],
    ]);
    expect(findings[0]?.message).toMatch(
      /^Runs `CREATE INDEX CONCURRENTLY` inside the transaction opened at line 1: /,
    );
  });

  it("keeps type hygiene to one finding per statement", async () => {
    const { findings } = await analyze(
      "CREATE TABLE t (id serial PRIMARY KEY, a timestamp, b json, c char(2), d timestamp);",
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: "db/type-hygiene", severity: "info", subject: "t.id" });
    expect(findings[0]?.message).toMatch(/; and 2 more column\(s\)\.$/);
  });

  it("reports one lock_timeout finding per file, on the first lock-taking statement", async () => {
    expect(
      await fired(
        lines(
          "CREATE INDEX CONCURRENTLY a_idx ON a (x);", // no blocking lock
          "ALTER TABLE a ADD COLUMN y text;",
          "ALTER TABLE b ADD COLUMN z text;",
        ),
      ),
    ).toEqual(["2 db/missing-lock-timeout"]);
  });

  it("takes SET LOCAL lock_timeout into account only until its transaction ends", async () => {
    expect(
      await fired(
        lines(
          "BEGIN;",
          "SET LOCAL lock_timeout = '5s';",
          "ALTER TABLE a ADD COLUMN y text;",
          "COMMIT;",
          "ALTER TABLE b ADD COLUMN z text;",
        ),
      ),
    ).toEqual(["5 db/missing-lock-timeout"]);
    expect(await fired(lines("SET lock_timeout = 0;", "ALTER TABLE a ADD COLUMN y text;"))).toEqual([
      "2 db/missing-lock-timeout",
    ]);
  });
});

describe("analyzeSql: tables created in the same file", () => {
  it("exempts index, constraint, NOT NULL, default and lock rules on a table created earlier in the file", async () => {
    const sql = lines(
      "CREATE TABLE core_foo (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, tenant_id bigint);",
      'CREATE INDEX "core_foo_tenant_id_idx" ON "core_foo" ("tenant_id");',
      "ALTER TABLE core_foo ADD COLUMN name text NOT NULL;",
      "ALTER TABLE core_foo ADD COLUMN token uuid DEFAULT gen_random_uuid();",
      "ALTER TABLE core_foo ALTER COLUMN tenant_id SET NOT NULL;",
      "ALTER TABLE core_foo ADD CONSTRAINT core_foo_tenant_key UNIQUE (tenant_id);",
      "ALTER TABLE core_foo ADD CONSTRAINT core_foo_name_check CHECK (name <> '');",
      "DROP INDEX core_foo_tenant_id_idx;",
    );
    expect(await fired(sql)).toEqual([]);
  });

  it("follows a created table through a rename", async () => {
    expect(
      await fired(
        lines(
          "CREATE TABLE tmp_orders (id bigint);",
          "ALTER TABLE tmp_orders RENAME TO orders;",
          "CREATE INDEX ON orders (id);",
        ),
      ),
    ).toEqual([]);
  });

  it("still flags CONCURRENTLY inside a transaction and type choices on a new table", async () => {
    const sql = lines(
      "BEGIN;",
      "CREATE TABLE events (id bigint PRIMARY KEY, at timestamp);",
      "CREATE INDEX CONCURRENTLY events_at_idx ON events (at);",
      "COMMIT;",
    );
    expect(await fired(sql)).toEqual(["2 db/type-hygiene", "3 db/concurrently-in-transaction"]);
  });

  it("counts the lock a new table's foreign key takes on the existing table it references", async () => {
    const { findings } = await analyze(
      "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));",
    );
    expect(findings.map((finding) => [finding.line, finding.ruleId, finding.subject])).toEqual([
      [1, "db/missing-lock-timeout", "users"],
    ]);
    expect(findings[0]?.message).toMatch(
      /^`CREATE TABLE … REFERENCES` on `users` runs without a `lock_timeout`/,
    );
  });
});

describe("analyzeSql: changedLines", () => {
  const sql = lines(
    "BEGIN;", //                                                   1
    "SET LOCAL lock_timeout = '5s';", //                           2
    "ALTER TABLE users DROP COLUMN legacy;", //                    3
    "CREATE INDEX CONCURRENTLY users_email_idx", //                4
    "  ON users (email);", //                                      5
    "COMMIT;", //                                                  6
  );

  it("reports only statements touching an added line, with state from the whole file", async () => {
    // Only line 5 was added: the index statement is reported, and the BEGIN on line 1 still counts.
    expect(await fired(sql, { changedLines: new Set([5]) })).toEqual(["4 db/concurrently-in-transaction"]);
  });

  it("reports nothing when no statement touches an added line", async () => {
    expect(await fired(sql, { changedLines: new Set([2, 6]) })).toEqual([]);
    expect(await fired(sql, { changedLines: new Set() })).toEqual([]);
  });

  it("puts the lock_timeout finding on the first reported lock-taking statement", async () => {
    const unprotected = lines("ALTER TABLE a ADD COLUMN x text;", "ALTER TABLE b ADD COLUMN y text;");
    expect(await fired(unprotected, { changedLines: new Set([2]) })).toEqual(["2 db/missing-lock-timeout"]);
  });
});

describe("analyzeSql: unparseable SQL", () => {
  it("returns exactly one note naming the file and the line, and no findings", async () => {
    const sql = lines("ALTER TABLE users ADD COLUMN bio text;", "", "CREATE TABL widgets (id bigint);");
    expect(await analyze(sql)).toEqual({
      findings: [],
      notes: [
        {
          path,
          message:
            '`db/migrate/001.sql`: could not parse SQL at line 3 (syntax error at or near "TABL"); its statements were not checked.',
        },
      ],
    });
  });

  it("treats templated SQL (e.g. Go templates) as unparseable rather than guessing", async () => {
    const { findings, notes } = await analyze(
      'alter table {{ index .Options "Namespace" }}.users add column x text;',
    );
    expect(findings).toEqual([]);
    expect(notes.map((note) => note.message)).toEqual([
      '`db/migrate/001.sql`: could not parse SQL at line 1 (syntax error at or near "{"); its statements were not checked.',
    ]);
  });
});
