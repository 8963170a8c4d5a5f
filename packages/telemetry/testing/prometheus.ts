/**
 * A real Prometheus (Debian's `prometheus` binary) for tests: scrapes the given targets every second from a
 * temp config and data dir on a free loopback port, answers PromQL over its HTTP API, and runs every
 * Grafana dashboard panel's query. Reusable from other packages through `@qrg/telemetry/testing`.
 *
 *   const prom = await startPrometheus({ targets: ["127.0.0.1:8787"] });
 *   await prom.waitFor('sum(qrg_generations_total)', (v) => v === 3);
 *   const failures = (await runDashboardQueries(prom)).filter((q) => q.status !== "success");
 *   await prom.stop();
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { requireExecutable } from "./binaries.ts";

export const DEFAULT_DASHBOARD_PATH = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "../../../monitoring/grafana/qrg_dashboard.json",
);

export interface PrometheusOptions {
  /** `host:port` targets to scrape (loopback only). */
  targets: string[];
  /** @default "/metrics" */
  metricsPath?: string;
  /** @default "qrg" */
  jobName?: string;
  /** Scrape and rule evaluation interval. @default 1 */
  intervalSeconds?: number;
  /** Rule files to load (absolute paths). @default [] */
  ruleFiles?: string[];
  /** How long to wait for /-/ready. @default 30000 */
  startTimeoutMs?: number;
}

export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface PromQueryResponse {
  status: "success" | "error";
  data?: { resultType: "vector" | "matrix" | "scalar" | "string"; result: unknown };
  errorType?: string;
  error?: string;
  warnings?: string[];
}

export interface RunningPrometheus {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  /** An instant query through /api/v1/query; HTTP errors come back as `status: "error"`, not as throws. */
  query(expr: string): Promise<PromQueryResponse>;
  /** The instant vector's samples of `expr` (throws when the query fails or is not a vector). */
  samples(expr: string): Promise<PromSample[]>;
  /**
   * Polls `expr` (every 250 ms) until `predicate` holds for the sum of its samples' values (undefined when
   * the vector is empty), returning that value; throws with the last value after `timeoutMs`.
   */
  waitFor(
    expr: string,
    predicate: (value: number | undefined) => boolean,
    timeoutMs?: number,
  ): Promise<number | undefined>;
  /** Prometheus' own log (stderr), for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function configYaml(options: PrometheusOptions): string {
  const interval = `${options.intervalSeconds ?? 1}s`;
  const rules = (options.ruleFiles ?? []).map((file) => `  - ${JSON.stringify(file)}`).join("\n");
  return [
    "global:",
    `  scrape_interval: ${interval}`,
    `  scrape_timeout: ${interval}`,
    `  evaluation_interval: ${interval}`,
    rules ? `rule_files:\n${rules}` : "",
    "scrape_configs:",
    `  - job_name: ${JSON.stringify(options.jobName ?? "qrg")}`,
    `    metrics_path: ${JSON.stringify(options.metricsPath ?? "/metrics")}`,
    "    static_configs:",
    `      - targets: ${JSON.stringify(options.targets)}`,
    "",
  ].join("\n");
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => child.once("exit", () => r()));
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    try {
      const response = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  return false;
}

function sumOf(samples: PromSample[]): number | undefined {
  if (samples.length === 0) return undefined;
  return samples.reduce((total, sample) => total + Number(sample.value[1]), 0);
}

/** Starts Prometheus and resolves once it is ready (retrying on a port taken in the meantime). */
export async function startPrometheus(options: PrometheusOptions): Promise<RunningPrometheus> {
  const binary = requireExecutable("prometheus");
  const dir = await mkdtemp(join(tmpdir(), "qrg-prometheus-"));
  const configFile = join(dir, "prometheus.yml");
  await writeFile(configFile, configYaml(options));
  let lastLog = "";
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freeLoopbackPort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(
      binary,
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${join(dir, `data-${attempt}`)}`,
        `--web.listen-address=127.0.0.1:${port}`,
        "--storage.tsdb.retention.time=1h",
        "--log.level=info",
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    let log = "";
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      log = (log + chunk).slice(-64_000);
    });
    if (await waitReady(url, child, options.startTimeoutMs ?? 30_000)) {
      return running(url, child, dir, () => log);
    }
    child.kill("SIGKILL");
    await exited(child);
    lastLog = log;
  }
  await rm(dir, { recursive: true, force: true });
  throw new Error(`prometheus did not become ready:\n${lastLog}`);
}

function running(url: string, child: ChildProcess, dir: string, log: () => string): RunningPrometheus {
  const query = async (expr: string): Promise<PromQueryResponse> => {
    const response = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: expr })}`, {
      signal: AbortSignal.timeout(10_000),
    });
    return (await response.json()) as PromQueryResponse;
  };
  const samples = async (expr: string): Promise<PromSample[]> => {
    const answer = await query(expr);
    if (answer.status !== "success" || answer.data?.resultType !== "vector") {
      throw new Error(
        `query ${expr} failed: ${answer.errorType ?? answer.data?.resultType}: ${answer.error ?? ""}`,
      );
    }
    return answer.data.result as PromSample[];
  };
  let stopped: Promise<void> | undefined;
  return {
    url,
    query,
    samples,
    async waitFor(expr, predicate, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      let last: number | undefined;
      for (;;) {
        last = sumOf(await samples(expr));
        if (predicate(last)) return last;
        if (Date.now() > deadline) throw new Error(`timed out waiting on ${expr}: last value ${last}`);
        await sleep(250);
      }
    },
    log,
    stop() {
      stopped ??= (async () => {
        child.kill("SIGTERM");
        const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await exited(child);
        clearTimeout(killer);
        await rm(dir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}

export interface DashboardQuery {
  panel: string;
  refId: string;
  expr: string;
}

/**
 * Grafana's built-in variables replaced by concrete durations Prometheus understands. `$__rate_interval`
 * must span at least 4 scrapes (1 s in tests).
 */
export function expandGrafanaVariables(expr: string): string {
  return expr
    .replaceAll("$__rate_interval", "1m")
    .replaceAll("$__interval", "15s")
    .replaceAll("$__range", "5m");
}

/** Every Prometheus query of every panel (rows' nested panels included) of a Grafana dashboard JSON. */
export async function dashboardQueries(path: string = DEFAULT_DASHBOARD_PATH): Promise<DashboardQuery[]> {
  type Panel = { title?: string; targets?: { refId?: string; expr?: string }[]; panels?: Panel[] };
  const dashboard = JSON.parse(await readFile(path, "utf8")) as { panels?: Panel[] };
  const queries: DashboardQuery[] = [];
  const visit = (panels: Panel[] = []) => {
    for (const panel of panels) {
      for (const target of panel.targets ?? []) {
        if (target.expr)
          queries.push({ panel: panel.title ?? "", refId: target.refId ?? "", expr: target.expr });
      }
      visit(panel.panels);
    }
  };
  visit(dashboard.panels);
  return queries;
}

export interface DashboardQueryResult extends DashboardQuery {
  status: "success" | "error";
  error?: string;
  /** Samples (or 1 for a scalar) the query returned. */
  resultCount: number;
}

/** Runs every dashboard panel query against Prometheus; a panel whose query is not valid PromQL fails here. */
export async function runDashboardQueries(
  prometheus: RunningPrometheus,
  path: string = DEFAULT_DASHBOARD_PATH,
): Promise<DashboardQueryResult[]> {
  const results: DashboardQueryResult[] = [];
  for (const query of await dashboardQueries(path)) {
    const answer = await prometheus.query(expandGrafanaVariables(query.expr));
    const result = answer.data?.result;
    results.push({
      ...query,
      status: answer.status,
      ...(answer.error ? { error: `${answer.errorType}: ${answer.error}` } : {}),
      resultCount: Array.isArray(result) ? result.length : result === undefined ? 0 : 1,
    });
  }
  return results;
}
