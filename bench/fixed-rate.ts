// An open-loop HTTP load generator: requests leave at fixed times (one every 1000/rate ms, whatever the
// responses do) over keep-alive connections, and each latency is measured from the time the request was
// due, so a stalled server or generator is counted, not hidden (wrk2's rule against coordinated omission).
//
// Why not autocannon's `overallRate`: it gives each connection a per-second budget that it spends back to
// back at the start of every second, so "500 requests/s over 50 connections" is a 50-request burst each
// second; its latencies measure how that burst queues, not how the app answers 500 requests/s.
// (`loadtest --rps` paces evenly but pulls in websocket/es5-ext; this is forty lines of node:http.)
import { Agent, request } from "node:http";

export interface FixedRateOptions {
  url: string;
  rate: number;
  seconds: number;
  /** The body and headers of request `index` (e.g. a fresh delivery id each). */
  request: (index: number) => { body: string; headers: Record<string, string> };
  /** The most requests in flight at once; past it, a due request counts as an error. Default 256. */
  maxInFlight?: number;
}

export interface FixedRateResult {
  /** Latencies from due time to the end of the response, in ms, sorted. */
  latencies: number[];
  requests: number;
  errors: number;
  non2xx: number;
  /** Responses per second over the run. */
  throughput: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

export async function fixedRate(options: FixedRateOptions): Promise<FixedRateResult> {
  const { rate, seconds } = options;
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const maxInFlight = options.maxInFlight ?? 256;
  const agent = new Agent({ keepAlive: true, maxSockets: maxInFlight });
  const url = new URL(options.url);
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  let inFlight = 0;
  let sent = 0;
  let settled = 0;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const done = () => {
      settled += 1;
      if (settled === total) resolve();
    };
    const fire = (index: number, due: number) => {
      if (inFlight >= maxInFlight) {
        errors += 1;
        done();
        return;
      }
      inFlight += 1;
      const { body, headers } = options.request(index);
      const req = request(
        url,
        { method: "POST", agent, headers: { ...headers, "content-length": Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on("end", () => {
            inFlight -= 1;
            latencies.push(performance.now() - due);
            if (res.statusCode === undefined || res.statusCode < 200 || res.statusCode >= 300) non2xx += 1;
            done();
          });
        },
      );
      req.on("error", () => {
        inFlight -= 1;
        errors += 1;
        done();
      });
      req.end(body);
    };
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) {
        fire(sent, start + sent * interval);
        sent += 1;
      }
      if (sent < total) setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
    };
    tick();
  });
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { latencies, requests: total, errors, non2xx, throughput: latencies.length / elapsed };
}
