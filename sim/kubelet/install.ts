// Installs the scheduler, the simulated kubelets, endpoints and the metrics API into a simulated cluster.
import type { SimContext } from '../context';

export function installKubelet(_ctx: SimContext): void {}
