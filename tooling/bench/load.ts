import autocannon from "autocannon";

export interface LoadResult {
  name: string;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export interface LoadOptions {
  name: string;
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  /** Body for each request; called per request so bodies can differ (distinct seeds). */
  body?: (i: number) => string;
  /** @default 100 */
  connections?: number;
  /** Seconds. @default 10 */
  duration?: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Runs autocannon and computes p50/p95/p99 from every response time (autocannon reports no p95). */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let i = 0;
  const instance = autocannon({
    url: options.url,
    connections: options.connections ?? 100,
    duration: options.duration ?? 10,
    requests: [
      {
        method: options.method ?? "GET",
        headers: options.headers ?? {},
        ...(options.body
          ? {
              setupRequest: (req: Record<string, unknown>) => {
                req.body = options.body!(i++);
                return req;
              },
            }
          : {}),
      },
    ],
  });
  instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    name: options.name,
    requests: result.requests.total,
    rps: round(result.requests.average),
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}
