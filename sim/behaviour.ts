// Everything that makes a simulated cluster live, in the order it is installed.
import type { SimContext } from './context';
import { installWorkloadControllers } from './controllers/install';
import { installExec } from './exec/install';
import { installKubelet } from './kubelet/install';
import { installLogs } from './logs/install';

export const BEHAVIOUR: readonly ((ctx: SimContext) => void)[] = [
  installWorkloadControllers,
  installKubelet,
  installLogs,
  installExec,
];
