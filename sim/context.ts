// What a simulated cluster hands to the modules that give it behaviour (controllers, kubelet, logs, exec).
import type https from 'node:https';
import type { ApiServer, SubresourceHandler } from './api-server';
import type { Clock } from './clock';
import type { Registry } from './registry';

export interface SimContext {
  /** `dev-cluster`, `prod-cluster`. */
  name: string;
  registry: Registry;
  clock: Clock;
  api: ApiServer;
  server: https.Server;
  /** Subresource handlers keyed `<group>/<plural>/<subresource>` (e.g. `/pods/log`). */
  handlers: Map<string, SubresourceHandler>;
  /** Registers cleanup to run when the cluster stops. */
  onStop: (fn: () => void) => void;
}
