import { describe, expect, it } from "vitest";
import { isSecretName } from "../../../src/analyzers/infra/secret-name.js";

describe("isSecretName", () => {
  it.each([
    "DB_PASSWORD",
    "GITHUB_TOKEN",
    "API_KEY",
    "apiKey",
    "SECRET_KEY_BASE",
    "AWS_SECRET_ACCESS_KEY",
    "access_key",
  ])("%s names a secret", (name) => {
    expect(isSecretName(name)).toBe(true);
  });

  it.each([
    "TOKENIZERS_PARALLELISM",
    "DB_PASSWORD_FILE",
    "GPG_KEY",
    "AWS_ACCESS_KEY_ID",
    "PUBLIC_KEY",
    "KEYBOARD",
    "PWD",
  ])("%s does not", (name) => {
    expect(isSecretName(name)).toBe(false);
  });
});
