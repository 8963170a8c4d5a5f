/** A proportion with its 95% Wilson score interval. */
export interface Rate {
  readonly hits: number;
  readonly total: number;
  readonly rate: number;
  readonly low: number;
  readonly high: number;
}

const Z = 1.959964;

export function wilson(hits: number, total: number): Rate {
  if (total === 0) return { hits, total, rate: Number.NaN, low: Number.NaN, high: Number.NaN };
  const p = hits / total;
  const z2 = Z * Z;
  const denominator = 1 + z2 / total;
  const centre = (p + z2 / (2 * total)) / denominator;
  const half = (Z * Math.sqrt((p * (1 - p)) / total + z2 / (4 * total * total))) / denominator;
  return { hits, total, rate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export function formatRate(rate: Rate): string {
  if (rate.total === 0) return "n/a".padStart(26);
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return `${pct(rate.rate).padStart(6)} [${pct(rate.low)}–${pct(rate.high)}] n=${rate.total}`.padStart(26);
}
