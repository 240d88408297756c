import { describe, expect, it } from "vitest";
import { neutraliseModelText } from "../../../src/agent/claude/neutralise-model-text.js";
import { redactKnownValues, redactSecrets } from "../../../src/agent/claude/redact-secrets.js";

describe("redactSecrets", () => {
  it.each([
    ["AWS_ACCESS_KEY_ID: AKIAIOSFODNN7EXAMPLE", "AWS_ACCESS_KEY_ID: [REDACTED aws-access-key]"],
    [`token = "ghp_${"a1B2".repeat(9)}"`, 'token = "[REDACTED github-token]"'],
    [
      "ANTHROPIC_API_KEY=sk-ant-api03-abcdefghijklmnopqrstuvwxyz",
      "ANTHROPIC_API_KEY=[REDACTED anthropic-key]",
    ],
    [
      "DATABASE_URL=postgres://app:s3cr3t-pass@db:5432/app",
      "DATABASE_URL=postgres://app:[REDACTED password]@db:5432/app",
    ],
    ['"client_secret": "9f8e7d6c5b4a3210"', '"client_secret": "[REDACTED value]"'],
    ["DB_PASSWORD=hunter2hunter2", "DB_PASSWORD=[REDACTED value]"],
    ["password: 'correct horse battery staple'", "password: '[REDACTED value]'"],
  ])("redacts the value in %j", (line, expected) => {
    const result = redactSecrets(line);
    expect(result.text).toBe(expected);
    expect(result.values).toHaveLength(1);
  });

  it.each([
    "password = os.environ['DB_PASSWORD']",
    "const token = req.headers.authorization;",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal `${…}` reference is the input under test.
    'apiKey: "${API_KEY}"',
    "secretKeyRef:\n  name: db-credentials",
    "password: {{ .Values.db.password }}",
    "max_tokens: 16000",
    "password_min_length: 12",
    "credentials: include",
    "process.env.GITHUB_TOKEN",
    "password = get_password()",
  ])("leaves names, references and placeholders alone: %j", (text) => {
    expect(redactSecrets(text)).toEqual({ text, values: [] });
  });

  it("redacts the body of a private key block line by line, keeping the line count", () => {
    const key = [
      "key: |",
      "  -----BEGIN RSA PRIVATE KEY-----",
      "  MIIEowIBAAKCAQEA7bq0mVJxk9d2Ck5rZ4xQ0abcdefghijklmnop",
      "  -----END RSA PRIVATE KEY-----",
    ].join("\n");
    const { text, values } = redactSecrets(key);
    expect(text.split("\n")).toEqual([
      "key: |",
      "  -----BEGIN RSA PRIVATE KEY-----",
      "  [REDACTED private-key]",
      "  -----END RSA PRIVATE KEY-----",
    ]);
    expect(values).toEqual(["MIIEowIBAAKCAQEA7bq0mVJxk9d2Ck5rZ4xQ0abcdefghijklmnop"]);
  });

  it("finds a known value wherever it resurfaces", () => {
    expect(redactKnownValues("use hunter2hunter2 here", new Set(["hunter2hunter2"]))).toBe(
      "use [REDACTED value] here",
    );
  });
});

describe("neutraliseModelText", () => {
  it("defuses mentions, drops images and links off GitHub, and keeps GitHub links", () => {
    expect(
      neutraliseModelText(
        "Ask @alice and @acme/dba. See [ADR](https://github.com/acme/orders/blob/main/docs/adr/1.md), [x](https://evil.test/a) and http://evil.test/b ![p](https://evil.test/p.png)<!-- hi -->",
      ),
    ).toBe(
      "Ask @\u200dalice and @\u200dacme/dba. See [ADR](https://github.com/acme/orders/blob/main/docs/adr/1.md), x (link removed) and (link removed)",
    );
  });

  it("allows a configured GitHub Enterprise host and cuts long text", () => {
    expect(neutraliseModelText("https://ghe.acme.test/x/y", { allowedHosts: ["ghe.acme.test"] })).toBe(
      "https://ghe.acme.test/x/y",
    );
    expect(neutraliseModelText("a".repeat(50), { maxLength: 10 })).toBe(`${"a".repeat(9)}…`);
  });

  it("leaves e-mail addresses and code identifiers alone", () => {
    expect(neutraliseModelText("Mail ops@acme.test about `@Column` use.")).toBe(
      "Mail ops@acme.test about `@Column` use.",
    );
  });
});
