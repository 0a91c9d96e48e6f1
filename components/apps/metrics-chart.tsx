'use client';
// An app's CPU and memory over the minutes the page has been open: each metrics answer (every
// METRICS_INTERVAL_MS, shared with the pod list's bars) adds a point of the app's total use.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { PodMetricsResponse } from '../../lib/contracts/pods';
import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { Translate } from '../../lib/i18n/messages';
import { formatCpu, formatMemory } from '../pods/pod-row';
import type { PodSource } from '../pods/use-pod-lists';
import { metricsQuery } from '../pods/use-pod-metrics';
import styles from './apps.module.css';

/** Points kept: an hour at one per 10 s. */
const MAX_POINTS = 360;

export interface MetricsPoint {
  at: number;
  cpuMillis: number;
  memoryBytes: number;
  pods: number;
}

/** The app's total use, one point per metrics answer, while the component is mounted. */
export function useMetricsHistory(
  source: PodSource,
  labelSelector: string,
): {
  points: MetricsPoint[];
  error: boolean;
} {
  const { data, isError } = useQuery(metricsQuery(source, labelSelector, true));
  const [points, setPoints] = useState<MetricsPoint[]>([]);
  const [seen, setSeen] = useState<PodMetricsResponse>();
  // Each new answer adds a point, during render (React's pattern for state from changing input).
  if (data && data !== seen) {
    setSeen(data);
    const point: MetricsPoint = {
      at: data.timestamp,
      cpuMillis: data.pods.reduce((s, p) => s + p.cpuMillis, 0),
      memoryBytes: data.pods.reduce((s, p) => s + p.memoryBytes, 0),
      pods: data.pods.length,
    };
    // One point per sample: the metrics API may answer the same sample twice.
    setPoints((prev) =>
      prev.at(-1)?.at === point.at ? prev : [...prev, point].slice(-MAX_POINTS),
    );
  }
  return { points, error: isError && points.length === 0 };
}

function clock(ms: number): string {
  return new Date(ms).toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

function Chart({
  title,
  points,
  dataKey,
  format,
  color,
}: {
  title: string;
  points: MetricsPoint[];
  dataKey: 'cpuMillis' | 'memoryBytes';
  format: (v: number) => string;
  color: string;
}) {
  const last = points.at(-1);
  return (
    <figure className={styles.panel} style={{ margin: 0 }} data-testid={`metrics-${dataKey}`}>
      <div className={styles.panelHead}>
        <figcaption className={styles.panelTitle}>{title}</figcaption>
        <span className={styles.num} data-testid="metrics-latest">
          {last ? format(last[dataKey]) : '—'}
        </span>
      </div>
      <div className={`${styles.panelBody} ${styles.chart}`} data-points={points.length}>
        <ResponsiveContainer width="100%" height={180}>
          <LineChart
            data={points}
            margin={{ top: 8, right: 12, bottom: 0, left: 0 }}
            accessibilityLayer={false}
          >
            <CartesianGrid vertical={false} />
            <XAxis
              dataKey="at"
              type="number"
              domain={['dataMin', 'dataMax']}
              tickFormatter={clock}
              tickLine={false}
              minTickGap={40}
            />
            <YAxis tickFormatter={format} width={56} tickLine={false} axisLine={false} />
            <Tooltip
              labelFormatter={(v) => clock(Number(v))}
              formatter={(v) => [format(Number(v)), title]}
              contentStyle={{
                background: 'var(--card)',
                border: '1px solid var(--border)',
                color: 'var(--fg)',
              }}
            />
            <Line
              type="monotone"
              dataKey={dataKey}
              stroke={color}
              strokeWidth={2}
              dot={points.length < 3}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

export function MetricsCharts({
  points,
  error,
  t,
}: {
  points: MetricsPoint[];
  error: boolean;
  t: Translate;
}) {
  if (error) return <p className={styles.empty}>{t('apps.metrics.unavailable')}</p>;
  return (
    <div>
      <p className={`${styles.muted} ${styles.small}`} style={{ margin: '0 0 12px' }}>
        {points.length === 0
          ? t('apps.metrics.waiting')
          : t('apps.metrics.hint', { n: points.length })}
      </p>
      <div
        className={styles.grid}
        style={{ gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))' }}
      >
        <Chart
          title={t('apps.metrics.cpu')}
          points={points}
          dataKey="cpuMillis"
          format={formatCpu}
          color="var(--accent)"
        />
        <Chart
          title={t('apps.metrics.memory')}
          points={points}
          dataKey="memoryBytes"
          format={formatMemory}
          color="var(--ok)"
        />
      </div>
    </div>
  );
}
