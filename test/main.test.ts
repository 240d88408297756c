// The process entry, run as a user would: bad configuration refuses to start, good configuration serves
// webhooks and stops cleanly on SIGTERM.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import nock from "nock";
import { describe, expect, it } from "vitest";
import { testPrivateKey } from "./helpers/test-probot.js";

function start(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  return { child, output: () => output };
}

describe("main", () => {
  it("refuses to start in production without a webhook secret, naming the variable", async () => {
    const { child, output } = start({ NODE_ENV: "production", APP_ID: "1", PRIVATE_KEY: testPrivateKey });
    const [code] = await once(child, "exit");
    expect(code).toBe(1);
    expect(output()).toContain(
      'backend-architect: WEBHOOK_SECRET is required when NODE_ENV=production (Probot would otherwise accept payloads signed with "development")',
    );
  });

  it("serves /ping with credentials and drains on SIGTERM", async () => {
    const port = String(30_000 + Math.floor(Math.random() * 20_000));
    const { child, output } = start({
      APP_ID: "1",
      PRIVATE_KEY: testPrivateKey,
      WEBHOOK_SECRET: "s",
      PORT: port,
      HOST: "127.0.0.1",
      LOG_FORMAT: "json",
    });
    nock.enableNetConnect("127.0.0.1");
    let answer = "";
    for (let attempt = 0; attempt < 100 && answer === ""; attempt++) {
      answer = await fetch(`http://127.0.0.1:${port}/ping`).then(
        (response) => response.text(),
        () => new Promise<string>((resolve) => setTimeout(() => resolve(""), 100)),
      );
    }
    expect(answer).toBe("PONG");
    expect(output()).toContain("reviewing with the offline architect (no ANTHROPIC_API_KEY)");
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
    expect(output()).toContain('"msg":"stopped"');
  });
});
