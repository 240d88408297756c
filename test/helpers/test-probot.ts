// A real Probot instance for tests: real webhook handling, no throttling or retries, silent logs.
import { generateKeyPairSync } from "node:crypto";
import { pino } from "pino";
import { Probot, ProbotOctokit } from "probot";
import {
  type BackendArchitect,
  type BackendArchitectOptions,
  createBackendArchitect,
} from "../../src/app.js";

// A throw-away key: Probot signs real JWTs with it, GitHub is nock.
const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});

export const testPrivateKey = privateKey;
export const webhookSecret = "test-secret";

// The callback form is needed: an object is shallow-merged and leaves throttling on (probot#2040).
export const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { ...(options.throttle as object), enabled: false },
}));

export function createTestProbot(): Probot {
  return new Probot({
    appId: 123,
    privateKey,
    secret: webhookSecret,
    log: pino({ level: "silent" }),
    Octokit: TestOctokit,
  });
}

export async function createTestApp(
  options: Partial<BackendArchitectOptions> = {},
): Promise<{ probot: Probot; architect: BackendArchitect }> {
  const probot = createTestProbot();
  const architect = createBackendArchitect({ concurrency: 2, ...options });
  await probot.load(architect.appFn);
  return { probot, architect };
}
