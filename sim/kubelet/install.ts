// Installs the scheduler, the simulated kubelets, endpoints and the metrics API into a simulated cluster.
import type { SimContext } from '../context';
import { startEndpointsController } from './endpoints';
import { startKubelets } from './kubelet';
import { installMetricsApi } from './metrics-api';
import { startScheduler } from './scheduler';

export function installKubelet(ctx: SimContext): void {
  const scheduler = startScheduler(ctx.registry, ctx.clock);
  const kubelets = startKubelets(ctx.registry, ctx.clock);
  const stopEndpoints = startEndpointsController(ctx.registry, ctx.clock);
  installMetricsApi(ctx);
  ctx.onStop(() => {
    scheduler.stop();
    kubelets.stop();
    stopEndpoints();
  });
}
