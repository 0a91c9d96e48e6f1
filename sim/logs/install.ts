// Installs pods/log: container log generators and the log endpoint into a simulated cluster.
import type { SimContext } from '../context';
import { logHandler } from './handler';

export function installLogs(ctx: SimContext): void {
  const streams = new Set<{ stop: () => void }>();
  ctx.handlers.set('/pods/log', logHandler({ registry: ctx.registry, clock: ctx.clock, streams }));
  ctx.onStop(() => [...streams].forEach((s) => s.stop()));
}
