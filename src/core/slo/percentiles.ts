/** Latency statistics of a set of runs, in milliseconds. */
export interface LatencyStats {
  runs: number;
  p50: number;
  p95: number;
  max: number;
}

/**
 * The nearest-rank percentile: the smallest sample that at least p% of the samples do not
 * exceed. It is always a time that was measured (no interpolation between runs), and with
 * few runs it leans to the slow side: p95 of 10 runs is the slowest run.
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('percentile of no samples');
  if (!(p > 0 && p <= 100)) throw new Error(`percentile must be in (0, 100], got ${p}`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[rank - 1] ?? sorted[sorted.length - 1] ?? 0;
}

export function latencyStats(samples: readonly number[]): LatencyStats {
  return { runs: samples.length, p50: percentile(samples, 50), p95: percentile(samples, 95), max: Math.max(...samples) };
}
