// Pod CPU and memory use from the metrics API (through the BFF, as the user). It cannot be watched,
// so it is fetched every few seconds while a screen shows it — the one thing in the console that polls.
import { useQueries } from '@tanstack/react-query';
import type { PodMetricsResponse, PodUsage } from '../../lib/contracts/pods';
import type { PodSource } from './use-pod-lists';

/** How often the metrics API is asked; metrics-server itself samples every 15 s. */
export const METRICS_INTERVAL_MS = 10_000;

export function metricsUrl(source: PodSource, labelSelector?: string): string {
  const base = `/api/clusters/${encodeURIComponent(source.cluster)}/namespaces/${encodeURIComponent(source.namespace)}/metrics/pods`;
  return labelSelector ? `${base}?${new URLSearchParams({ labelSelector })}` : base;
}

async function fetchMetrics(url: string): Promise<PodMetricsResponse> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`metrics unavailable (${res.status})`);
  return (await res.json()) as PodMetricsResponse;
}

export function metricsQuery(
  source: PodSource,
  labelSelector: string | undefined,
  enabled: boolean,
) {
  const url = metricsUrl(source, labelSelector);
  return {
    queryKey: ['pod-metrics', url],
    queryFn: () => fetchMetrics(url),
    refetchInterval: METRICS_INTERVAL_MS,
    // A user without the metrics right gets a 403 each time: ask again on the next tick, not now.
    retry: false,
    enabled,
  };
}

export interface PodMetricsResult {
  /** `namespace/pod` → use; empty until the first answer. */
  usage: ReadonlyMap<string, PodUsage>;
  /** Every source answered with an error (no metrics API, or not allowed). */
  unavailable: boolean;
}

function combine(
  sources: readonly PodSource[],
): (results: { data?: PodMetricsResponse; isError: boolean }[]) => PodMetricsResult {
  return (results) => {
    const usage = new Map<string, PodUsage>();
    results.forEach((r, i) => {
      const ns = sources[i]?.namespace ?? '';
      for (const p of r.data?.pods ?? []) usage.set(`${ns}/${p.name}`, p);
    });
    return { usage, unavailable: results.length > 0 && results.every((r) => r.isError) };
  };
}

/** The current use of every pod of the sources, refreshed every METRICS_INTERVAL_MS. */
export function usePodMetrics(
  sources: readonly PodSource[],
  labelSelector?: string,
  enabled = true,
): PodMetricsResult {
  return useQueries({
    queries: sources.map((s) => metricsQuery(s, labelSelector, enabled)),
    combine: combine(sources),
  });
}
