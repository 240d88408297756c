// `/healthz` (the process answers), `/readyz` (it can do its work: the App's key is loaded and Redis, when
// configured, answers) and `/metrics` (Prometheus), as Probot server handlers.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Metrics } from "./metrics.js";

export interface ReadinessCheck {
  name: string;
  /** Resolves when ready; rejects (or resolves a reason string) when not. */
  check(): Promise<string | undefined>;
}

/** A check never waits longer than this: an orchestrator's probe has a timeout of its own. */
const checkTimeoutMs = 1_000;

export function observabilityHandler(options: {
  metrics: Metrics;
  readiness: readonly ReadinessCheck[];
}): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const path = (req.url ?? "").split("?")[0];
    if (path === "/healthz") {
      send(res, 200, "application/json", JSON.stringify({ status: "ok" }));
      return true;
    }
    if (path === "/readyz") {
      const results = await Promise.all(options.readiness.map(runCheck));
      const failing = results.filter((result) => result.problem !== undefined);
      send(
        res,
        failing.length === 0 ? 200 : 503,
        "application/json",
        JSON.stringify({
          status: failing.length === 0 ? "ready" : "not ready",
          checks: Object.fromEntries(results.map((result) => [result.name, result.problem ?? "ok"])),
        }),
      );
      return true;
    }
    if (path === "/metrics") {
      send(res, 200, options.metrics.registry.contentType, await options.metrics.registry.metrics());
      return true;
    }
    return false;
  };
}

async function runCheck(check: ReadinessCheck): Promise<{ name: string; problem?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const problem = await Promise.race([
      check.check(),
      new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve(`no answer within ${checkTimeoutMs} ms`), checkTimeoutMs);
      }),
    ]);
    return problem === undefined ? { name: check.name } : { name: check.name, problem };
  } catch (error) {
    return { name: check.name, problem: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" }).end(body);
}

/** Times every answer to a POST on the webhook path (attach to the HTTP server's `request` event). */
export function ackTimer(
  webhookPath: string,
  metrics: Metrics,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (req.method !== "POST" || (req.url ?? "").split("?")[0] !== webhookPath) return;
    const started = process.hrtime.bigint();
    res.once("finish", () => {
      metrics.observeAck(res.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
    });
  };
}
