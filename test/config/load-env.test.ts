import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type AppConfig, loadEnv } from "../../src/config/load-env.js";

// A real key: the loader checks that Node can use it, not only that it looks like PEM.
const pem = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  publicKeyEncoding: { type: "spki", format: "pem" },
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
}).privateKey;
const tempDir = mkdtempSync(join(tmpdir(), "backend-architect-env-"));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

const production = { NODE_ENV: "production", APP_ID: "123", PRIVATE_KEY: pem, WEBHOOK_SECRET: "s3cret" };

function configOf(env: Record<string, string | undefined>): AppConfig {
  const result = loadEnv(env);
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result.config;
}

function errorsOf(env: Record<string, string | undefined>): string[] {
  const result = loadEnv(env);
  if (result.ok) throw new Error("expected loadEnv to refuse this environment");
  return result.errors;
}

describe("loadEnv", () => {
  it("applies the defaults to an empty environment (manifest set-up, offline architect)", () => {
    expect(configOf({})).toEqual({
      nodeEnv: "development",
      webhookPath: "/api/github/webhooks",
      anthropicModel: "claude-sonnet-5-5",
      offline: true,
      logLevel: "info",
      logFormat: "pretty",
      host: "localhost",
      port: 3000,
      concurrency: 4,
      role: "both",
      queuePrefix: "backend-architect",
      shutdownGraceMs: 25_000,
      githubThrottle: true,
      gheProtocol: "https",
      githubBaseUrl: "https://api.github.com",
    });
  });

  it("treats empty strings as unset", () => {
    expect(configOf({ PORT: "", NODE_ENV: "", ANTHROPIC_API_KEY: "", APP_ID: " " })).toEqual(configOf({}));
  });

  it("ignores variables it does not know", () => {
    expect(configOf({ PATH: "/usr/bin", HOME: "/root" })).toEqual(configOf({}));
  });

  it("maps a full environment to camelCase config", () => {
    expect(
      configOf({
        ...production,
        WEBHOOK_PATH: "/hooks",
        ANTHROPIC_API_KEY: "sk-ant-test",
        ANTHROPIC_MODEL: "claude-opus-5-5",
        ANTHROPIC_BASE_URL: "https://gateway.example.com/anthropic",
        LOG_LEVEL: "warn",
        HOST: "0.0.0.0",
        PORT: "8080",
        CONCURRENCY: "16",
        ROLE: "web",
        QUEUE_PREFIX: "ba-prod",
        REDIS_URL: "rediss://:pw@redis.internal:6380/0",
      }),
    ).toEqual({
      nodeEnv: "production",
      appId: 123,
      privateKey: pem,
      webhookSecret: "s3cret",
      webhookPath: "/hooks",
      anthropicApiKey: "sk-ant-test",
      anthropicModel: "claude-opus-5-5",
      anthropicBaseUrl: "https://gateway.example.com/anthropic",
      offline: false,
      logLevel: "warn",
      logFormat: "json",
      host: "0.0.0.0",
      port: 8080,
      concurrency: 16,
      role: "web",
      queuePrefix: "ba-prod",
      shutdownGraceMs: 25_000,
      githubThrottle: true,
      gheProtocol: "https",
      githubBaseUrl: "https://api.github.com",
      redisUrl: "rediss://:pw@redis.internal:6380/0",
    });
  });

  describe("gives one line per bad value, naming the variable and what is expected", () => {
    const cases: [env: Record<string, string>, error: string][] = [
      [{ NODE_ENV: "prod" }, 'NODE_ENV must be one of development, production, test (got "prod")'],
      [{ ROLE: "api" }, 'ROLE must be one of both, web, worker (got "api")'],
      [
        { ROLE: "worker" },
        "ROLE=worker needs REDIS_URL: a web process and its workers share the queue in Redis",
      ],
      [{ QUEUE_PREFIX: "a b" }, `QUEUE_PREFIX must be 1–64 letters, digits, '_', '.' or '-' (got "a b")`],
      [
        { APP_ID: "abc" },
        'APP_ID must be a positive integer, the App ID from the app\'s settings page (got "abc")',
      ],
      [
        { APP_ID: "0" },
        'APP_ID must be a positive integer, the App ID from the app\'s settings page (got "0")',
      ],
      [{ PORT: "abc" }, 'PORT must be an integer from 1 to 65535 (got "abc")'],
      [{ PORT: "0" }, 'PORT must be an integer from 1 to 65535 (got "0")'],
      [{ PORT: "65536" }, 'PORT must be an integer from 1 to 65535 (got "65536")'],
      [{ PORT: "80.5" }, 'PORT must be an integer from 1 to 65535 (got "80.5")'],
      [{ CONCURRENCY: "0" }, 'CONCURRENCY must be an integer from 1 to 64 (got "0")'],
      [{ CONCURRENCY: "65" }, 'CONCURRENCY must be an integer from 1 to 64 (got "65")'],
      [
        { LOG_LEVEL: "verbose" },
        'LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent (got "verbose")',
      ],
      [{ LOG_FORMAT: "text" }, 'LOG_FORMAT must be one of json, pretty (got "text")'],
      [
        { WEBHOOK_PATH: "api/github" },
        'WEBHOOK_PATH must be a URL path starting with "/" (got "api/github")',
      ],
      [
        { ANTHROPIC_MODEL: "claude sonnet" },
        'ANTHROPIC_MODEL must be a model id without spaces (got "claude sonnet")',
      ],
      [
        { ANTHROPIC_BASE_URL: "gateway.example.com" },
        "ANTHROPIC_BASE_URL must be a https:// or http:// URL, e.g. https://gateway.example.com",
      ],
      [
        { HOST: "http://0.0.0.0" },
        'HOST must be a hostname or IP address to listen on, e.g. 0.0.0.0 (got "http://0.0.0.0")',
      ],
      [
        { GHE_HOST: "https://github.example.com" },
        'GHE_HOST must be a hostname only, without scheme or path, e.g. github.example.com (got "https://github.example.com")',
      ],
      [
        { GHE_HOST: "github.example.com/api/v3" },
        'GHE_HOST must be a hostname only, without scheme or path, e.g. github.example.com (got "github.example.com/api/v3")',
      ],
      [{ GHE_PROTOCOL: "ftp" }, 'GHE_PROTOCOL must be one of http, https (got "ftp")'],
      [
        { REDIS_URL: "http://user:hunter2@redis:6379" },
        "REDIS_URL must be a redis:// or rediss:// URL, e.g. redis://localhost:6379",
      ],
      [
        { PRIVATE_KEY: "not a key" },
        'PRIVATE_KEY must be a PEM private key ("-----BEGIN RSA PRIVATE KEY-----" … "-----END RSA PRIVATE KEY-----"), with real or \\n-escaped newlines',
      ],
      [{ APP_ID: "1" }, "PRIVATE_KEY or PRIVATE_KEY_PATH is required when APP_ID is set"],
    ];

    it.each(cases)("%j", (env, error) => {
      expect(errorsOf(env)).toEqual([error]);
    });

    it("reports every problem at once, field errors first", () => {
      expect(errorsOf({ NODE_ENV: "production", PORT: "x", LOG_LEVEL: "debug" })).toEqual([
        'PORT must be an integer from 1 to 65535 (got "x")',
        "APP_ID is required when NODE_ENV=production (without it Probot starts the manifest set-up flow)",
        'WEBHOOK_SECRET is required when NODE_ENV=production (Probot would otherwise accept payloads signed with "development")',
        "LOG_LEVEL=debug is refused when NODE_ENV=production (Octokit's debug logs print request bodies: diffs and prompts would leak); use info",
      ]);
    });

    it("never echoes a secret it rejects", () => {
      const errors = errorsOf({ REDIS_URL: "http://user:hunter2@redis:6379", PRIVATE_KEY: "hunter3" });
      expect(errors.join("\n")).not.toMatch(/hunter/);
    });
  });

  describe("in production", () => {
    it("starts with an app id, a key and a webhook secret, logging JSON", () => {
      expect(configOf(production)).toMatchObject({ nodeEnv: "production", appId: 123, logFormat: "json" });
    });

    it.each([
      [
        "a missing webhook secret",
        { WEBHOOK_SECRET: undefined },
        'WEBHOOK_SECRET is required when NODE_ENV=production (Probot would otherwise accept payloads signed with "development")',
      ],
      [
        "Probot's default webhook secret",
        { WEBHOOK_SECRET: "development" },
        'WEBHOOK_SECRET must not be "development" when NODE_ENV=production: it is Probot\'s public default',
      ],
      [
        "a missing app id (manifest flow)",
        { APP_ID: undefined, PRIVATE_KEY: undefined },
        "APP_ID is required when NODE_ENV=production (without it Probot starts the manifest set-up flow)",
      ],
      [
        "debug logs",
        { LOG_LEVEL: "debug" },
        "LOG_LEVEL=debug is refused when NODE_ENV=production (Octokit's debug logs print request bodies: diffs and prompts would leak); use info",
      ],
      [
        "trace logs",
        { LOG_LEVEL: "trace" },
        "LOG_LEVEL=trace is refused when NODE_ENV=production (Octokit's debug logs print request bodies: diffs and prompts would leak); use info",
      ],
      [
        "pretty logs",
        { LOG_FORMAT: "pretty" },
        "LOG_FORMAT=pretty is refused when NODE_ENV=production (log collectors need one JSON object per line); use json",
      ],
    ])("refuses %s", (_name, overrides, error) => {
      expect(errorsOf({ ...production, ...overrides })).toEqual([error]);
    });

    it("allows debug logs and no webhook secret outside production", () => {
      expect(configOf({ NODE_ENV: "development", LOG_LEVEL: "debug" })).toMatchObject({ logLevel: "debug" });
    });
  });

  describe("private key", () => {
    it("converts the one-line \\n-escaped form a .env file holds", () => {
      const escaped = pem.trim().replace(/\n/g, "\\n");
      expect(escaped).not.toContain("\n");
      expect(configOf({ APP_ID: "1", PRIVATE_KEY: escaped }).privateKey).toBe(pem);
    });

    it("accepts real newlines, CRLF and base64 of the .pem", () => {
      expect(configOf({ APP_ID: "1", PRIVATE_KEY: pem }).privateKey).toBe(pem);
      expect(configOf({ APP_ID: "1", PRIVATE_KEY: pem.replace(/\n/g, "\r\n") }).privateKey).toBe(pem);
      const base64 = Buffer.from(pem).toString("base64");
      expect(configOf({ APP_ID: "1", PRIVATE_KEY: base64 }).privateKey).toBe(pem);
    });

    it("refuses a truncated key", () => {
      const lines = pem.trim().split("\n");
      const truncated = [...lines.slice(0, 5), ...lines.slice(-1)].join("\n");
      expect(errorsOf({ APP_ID: "1", PRIVATE_KEY: truncated })).toEqual([
        'PRIVATE_KEY must be a PEM private key ("-----BEGIN RSA PRIVATE KEY-----" … "-----END RSA PRIVATE KEY-----"), with real or \\n-escaped newlines',
      ]);
    });

    it("reads the file PRIVATE_KEY_PATH names", () => {
      const path = join(tempDir, "app.private-key.pem");
      writeFileSync(path, pem);
      expect(configOf({ APP_ID: "1", PRIVATE_KEY_PATH: path }).privateKey).toBe(pem);
    });

    it("names a PRIVATE_KEY_PATH that cannot be read", () => {
      const path = join(tempDir, "missing.pem");
      expect(errorsOf({ APP_ID: "1", PRIVATE_KEY_PATH: path })).toEqual([
        `PRIVATE_KEY_PATH must name a readable file (cannot read "${path}": ENOENT)`,
      ]);
    });

    it("names a PRIVATE_KEY_PATH whose file holds no key", () => {
      const path = join(tempDir, "not-a-key.pem");
      writeFileSync(path, "hello\n");
      expect(errorsOf({ APP_ID: "1", PRIVATE_KEY_PATH: path })).toEqual([
        `PRIVATE_KEY_PATH names "${path}", which does not hold a PEM private key ("-----BEGIN RSA PRIVATE KEY-----" … "-----END RSA PRIVATE KEY-----"), with real or \\n-escaped newlines`,
      ]);
    });

    it("refuses both PRIVATE_KEY and PRIVATE_KEY_PATH", () => {
      expect(errorsOf({ APP_ID: "1", PRIVATE_KEY: pem, PRIVATE_KEY_PATH: "/nonexistent.pem" })).toEqual([
        "PRIVATE_KEY and PRIVATE_KEY_PATH are both set; set only one, so it is clear which key is used",
      ]);
    });
  });

  describe("GitHub Enterprise Server", () => {
    it("builds the REST base URL from GHE_HOST over https", () => {
      expect(configOf({ GHE_HOST: "github.example.com" })).toMatchObject({
        gheHost: "github.example.com",
        gheProtocol: "https",
        githubBaseUrl: "https://github.example.com/api/v3",
      });
    });

    it("honours GHE_PROTOCOL and a port", () => {
      expect(configOf({ GHE_HOST: "ghe.internal:8080", GHE_PROTOCOL: "http" }).githubBaseUrl).toBe(
        "http://ghe.internal:8080/api/v3",
      );
    });
  });

  it("is offline without an Anthropic API key and online with one", () => {
    expect(configOf({}).offline).toBe(true);
    expect(configOf({ ANTHROPIC_API_KEY: "sk-ant-test" }).offline).toBe(false);
  });
});
