'use client';
// An environment's quota use as a small bar chart: how much of each `wharf-quota` limit is used
// (CPU and memory requests and limits, pods), in percent, with the amounts in the tooltip.
import { Bar, BarChart, CartesianGrid, Cell, Tooltip, XAxis, YAxis } from 'recharts';
import { formatQuantity } from '../../lib/k8s/quantity';
import type { Translate } from '../../lib/i18n/messages';
import type { QuotaLine } from './app-model';
import styles from './apps.module.css';

const SHOWN = ['requests.cpu', 'limits.cpu', 'requests.memory', 'limits.memory', 'pods'];

interface Datum {
  resource: string;
  percent: number;
  text: string;
}

function TooltipBody({ active, payload }: { active?: boolean; payload?: { payload: Datum }[] }) {
  const d = payload?.[0]?.payload;
  if (!active || !d) return null;
  return (
    <div className={styles.tooltip}>
      <strong>{d.resource}</strong>: {d.text}
    </div>
  );
}

export function QuotaChart({ lines, t }: { lines: readonly QuotaLine[]; t: Translate }) {
  const data: Datum[] = SHOWN.flatMap((resource) => {
    const line = lines.find((l) => l.resource === resource);
    if (!line || line.hard <= 0) return [];
    return [
      {
        resource,
        percent: Math.round((line.used / line.hard) * 100),
        text: `${formatQuantity(resource, line.used)} / ${formatQuantity(resource, line.hard)}`,
      },
    ];
  });
  if (data.length === 0) return <p className={styles.empty}>{t('apps.quota.none')}</p>;
  return (
    <figure className={styles.chart} style={{ margin: 0 }} data-testid="quota-chart">
      <BarChart
        width={280}
        height={data.length * 26 + 24}
        data={data}
        layout="vertical"
        margin={{ top: 0, right: 12, bottom: 0, left: 0 }}
        accessibilityLayer={false}
      >
        <CartesianGrid horizontal={false} />
        <XAxis type="number" domain={[0, 100]} unit="%" tickCount={5} tickLine={false} />
        <YAxis type="category" dataKey="resource" width={104} tickLine={false} axisLine={false} />
        <Tooltip content={<TooltipBody />} cursor={false} />
        <Bar dataKey="percent" barSize={12} radius={3} isAnimationActive={false}>
          {data.map((d) => (
            <Cell
              key={d.resource}
              fill={
                d.percent >= 90
                  ? 'var(--danger)'
                  : d.percent >= 70
                    ? 'var(--warn)'
                    : 'var(--accent)'
              }
            />
          ))}
        </Bar>
      </BarChart>
      <figcaption className={styles.srOnly}>
        {data.map((d) => `${d.resource}: ${d.text} (${d.percent}%)`).join('; ')}
      </figcaption>
    </figure>
  );
}
