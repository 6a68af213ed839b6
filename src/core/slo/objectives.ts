import type { LatencyStats } from './percentiles.js';

/** Latency objectives: each bound is optional, an absent one is not checked. */
export interface LatencyObjective {
  p50_ms?: number;
  p95_ms?: number;
}

/** One bound a measurement exceeded, e.g. `p95 2300 ms > 2000 ms`. */
export interface Breach {
  percentile: 'p50' | 'p95';
  measured: number;
  limit: number;
}

export function breachesOf(stats: LatencyStats, objective: LatencyObjective): Breach[] {
  const breaches: Breach[] = [];
  if (objective.p50_ms !== undefined && stats.p50 > objective.p50_ms) breaches.push({ percentile: 'p50', measured: stats.p50, limit: objective.p50_ms });
  if (objective.p95_ms !== undefined && stats.p95 > objective.p95_ms) breaches.push({ percentile: 'p95', measured: stats.p95, limit: objective.p95_ms });
  return breaches;
}

export function describeBreach(breach: Breach): string {
  return `${breach.percentile} ${Math.round(breach.measured)} ms > ${breach.limit} ms`;
}

export function describeObjective(objective: LatencyObjective): string {
  const parts: string[] = [];
  if (objective.p50_ms !== undefined) parts.push(`p50 ≤ ${objective.p50_ms} ms`);
  if (objective.p95_ms !== undefined) parts.push(`p95 ≤ ${objective.p95_ms} ms`);
  return parts.join(', ') || 'none';
}
