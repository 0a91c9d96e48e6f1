// Installs the Deployment, ReplicaSet, StatefulSet and Job controllers into a simulated cluster.
import type { SimContext } from '../context';
import { startDeploymentController } from './deployment';
import { startJobController } from './job';
import { createOwnerIndex, startReplicaSetController } from './replicaset';
import { startStatefulSetController } from './statefulset';

export function installWorkloadControllers(ctx: SimContext): void {
  const { registry, clock } = ctx;
  // One index per resource, shared: pods are looked up by owner, never by scanning every pod.
  const pods = createOwnerIndex(registry.store, '/pods');
  const replicaSets = createOwnerIndex(registry.store, 'apps/replicasets');
  const stops = [
    startReplicaSetController(registry, clock, pods),
    startDeploymentController({ registry, clock, replicaSets, pods }),
    startStatefulSetController(registry, clock, pods),
    startJobController(registry, clock, pods),
  ];
  ctx.onStop(() => {
    stops.forEach((stop) => stop());
    pods.stop();
    replicaSets.stop();
  });
}
