/** A small reader for the Prometheus text exposition format (0.0.4), enough for assertions. */
export interface ExposedMetric {
  name: string;
  help: string;
  type: string;
  samples: { name: string; labels: Record<string, string>; value: number }[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parseExposition(text: string): Map<string, ExposedMetric> {
  const metrics = new Map<string, ExposedMetric>();
  const family = (name: string) => {
    let metric = metrics.get(name);
    if (!metric) {
      metric = { name, help: "", type: "untyped", samples: [] };
      metrics.set(name, metric);
    }
    return metric;
  };
  for (const line of text.split("\n")) {
    if (line.startsWith("# HELP ")) {
      const [, name, ...help] = line.split(" ").slice(1);
      family(name!).help = help.join(" ");
    } else if (line.startsWith("# TYPE ")) {
      const [name, type] = line.slice(7).split(" ");
      family(name!).type = type!;
    } else if (line.trim() && !line.startsWith("#")) {
      const match = SAMPLE.exec(line);
      if (!match) throw new Error(`unparseable exposition line: ${line}`);
      const [, sampleName, rawLabels = "", value] = match;
      const labels: Record<string, string> = {};
      for (const [, key, labelValue] of rawLabels.matchAll(LABEL)) labels[key!] = labelValue!;
      const base = sampleName!.replace(/_(bucket|sum|count)$/, "");
      const owner = metrics.has(sampleName!) ? sampleName! : base;
      family(owner).samples.push({ name: sampleName!, labels, value: Number(value) });
    }
  }
  return metrics;
}

/** The `le` bounds of a histogram's buckets for one label set, +Inf excluded, in exposition order. */
export function bucketBounds(metric: ExposedMetric, match: Record<string, string> = {}): number[] {
  const bounds: number[] = [];
  for (const sample of metric.samples) {
    if (!sample.name.endsWith("_bucket")) continue;
    if (!Object.entries(match).every(([k, v]) => sample.labels[k] === v)) continue;
    if (sample.labels.le !== "+Inf") bounds.push(Number(sample.labels.le));
  }
  return bounds;
}
