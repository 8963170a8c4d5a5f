import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { METRICS } from "../src/metric-definitions.ts";
import { requireExecutable, runTool, toolAvailability } from "../testing/binaries.ts";
import { dashboardQueries } from "../testing/prometheus.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const ALERTS = join(ROOT, "monitoring/prometheus/qrg_alerts.yml");
const ALERT_TESTS = join(ROOT, "monitoring/prometheus/qrg_alerts.test.yml");
const SCRAPE_EXAMPLE = join(ROOT, "monitoring/prometheus/prometheus.example.yml");
const RUNBOOK_PREFIX = "https://github.com/qrg/qrg/blob/main/";

interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations: Record<string, string>;
}

const rules = (parse(readFileSync(ALERTS, "utf8")) as { groups: { rules: AlertRule[] }[] }).groups.flatMap(
  (g) => g.rules,
);

/** GitHub's heading anchor: lower-cased, punctuation dropped, spaces to dashes. */
function anchorsOf(markdown: string): Set<string> {
  return new Set(
    [...markdown.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) =>
      m[1]!
        .trim()
        .toLowerCase()
        .replace(/[^\w\- ]/g, "")
        .replace(/ /g, "-"),
    ),
  );
}

describe("alert rules", () => {
  it("define the four alerts", () => {
    expect(rules.map((r) => r.alert).sort()).toEqual(
      ["QRGHighRejectionRate", "QRGKMSFailure", "QRGSafetyGateDown", "QRGSlowGeneration"].sort(),
    );
  });

  it("link each alert to its own section of a runbook in docs/operations", () => {
    for (const rule of rules) {
      const url = rule.annotations.runbook_url ?? "";
      expect(url.startsWith(`${RUNBOOK_PREFIX}docs/operations/`), rule.alert).toBe(true);
      const [path, anchor] = url.slice(RUNBOOK_PREFIX.length).split("#");
      const file = join(ROOT, path!);
      expect(existsSync(file), `${rule.alert}: ${path}`).toBe(true);
      expect(anchor, rule.alert).toBe(rule.alert.toLowerCase());
      expect(anchorsOf(readFileSync(file, "utf8")).has(anchor!), `${rule.alert}: #${anchor}`).toBe(true);
    }
  });

  it("express the rejection alert as a share of generation attempts, not a per-second rate", () => {
    const rejection = rules.find((r) => r.alert === "QRGHighRejectionRate")!;
    expect(rejection.expr).toMatch(/qrg_safety_rejections_total[\s\S]*\/[\s\S]*qrg_generations_total/);
    expect(rejection.for).toBe("10m");
  });

  it("use only metrics QRG exports", () => {
    const known = new Set<string>(Object.values(METRICS).map((m) => m.name));
    for (const rule of rules) {
      for (const [name] of rule.expr.matchAll(/qrg_[a-z_]+/g)) {
        expect(known.has(name.replace(/_(bucket|sum|count)$/, "")), `${rule.alert}: ${name}`).toBe(true);
      }
    }
  });
});

describe("the Grafana dashboard", () => {
  it("has a panel for each view plus consensus", async () => {
    const titles = new Set((await dashboardQueries()).map((q) => q.panel));
    for (const title of [
      "Generation rate",
      "Generation latency (p50, p95, p99)",
      "Safety rejection rate by gate",
      "Safety scores by gate",
      "SLSA level distribution",
      "Error rate (4xx, 5xx)",
      "Cognitive load distribution",
      "Consensus jobs and agreement",
    ]) {
      expect(titles.has(title), title).toBe(true);
    }
  });

  it("queries p50, p95 and p99 latency and 4xx and 5xx separately", async () => {
    const queries = await dashboardQueries();
    const latency = queries
      .filter((q) => q.panel === "Generation latency (p50, p95, p99)")
      .map((q) => q.expr);
    expect(latency.map((e) => /histogram_quantile\((0\.\d+)/.exec(e)?.[1])).toEqual(["0.5", "0.95", "0.99"]);
    const errors = queries.filter((q) => q.panel === "Error rate (4xx, 5xx)").map((q) => q.expr);
    expect(errors.some((e) => e.includes('status=~"4.."'))).toBe(true);
    expect(errors.some((e) => e.includes('status=~"5.."'))).toBe(true);
  });

  it("queries only metrics QRG exports", async () => {
    const known = new Set<string>(Object.values(METRICS).map((m) => m.name));
    for (const query of await dashboardQueries()) {
      for (const [name] of query.expr.matchAll(/qrg_[a-z_]+/g)) {
        expect(known.has(name.replace(/_(bucket|sum|count)$/, "")), `${query.panel}: ${name}`).toBe(true);
      }
    }
  });
});

const promtool = toolAvailability("promtool");

describe.runIf(promtool.run)(`promtool (${promtool.title})`, () => {
  it("checks the alert rules as valid", async () => {
    const result = await runTool(requireExecutable("promtool"), ["check", "rules", ALERTS]);
    expect(result.stdout + result.stderr).toContain("SUCCESS: 4 rules found");
    expect(result.code).toBe(0);
  });

  it("passes the alert unit tests: every alert firing and staying quiet", async () => {
    const result = await runTool(requireExecutable("promtool"), ["test", "rules", ALERT_TESTS], {
      cwd: dirname(ALERT_TESTS),
    });
    expect(result.stdout + result.stderr).toContain("SUCCESS");
    expect(result.code).toBe(0);
    const tests = (
      parse(readFileSync(ALERT_TESTS, "utf8")) as {
        tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[];
      }
    ).tests.flatMap((t) => t.alert_rule_test);
    for (const rule of rules) {
      const cases = tests.filter((t) => t.alertname === rule.alert);
      expect(
        cases.some((t) => t.exp_alerts.length > 0),
        `${rule.alert} fires`,
      ).toBe(true);
      expect(
        cases.some((t) => t.exp_alerts.length === 0),
        `${rule.alert} stays quiet`,
      ).toBe(true);
    }
  });

  it("accepts the scrape config example", async () => {
    const result = await runTool(requireExecutable("promtool"), ["check", "config", SCRAPE_EXAMPLE]);
    expect(result.stdout + result.stderr).toContain("is valid prometheus config file syntax");
    expect(result.code).toBe(0);
  });
});
