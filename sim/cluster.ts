// One simulated cluster: its store, registry, HTTPS API server and the few controllers the API core needs.
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { findKind, type ResourceDescriptor } from '../lib/k8s/resources';
import { createApiServer, type SubresourceHandler } from './api-server';
import { bootstrapRbacObjects } from './bootstrap-rbac';
import type { ServingCerts } from './certs';
import { scaledClock, type Clock } from './clock';
import type { SimContext } from './context';
import { aggregateClusterRoles } from './rbac';
import { limitRanger } from './admission/limit-ranger';
import { resourceQuota } from './admission/resource-quota';
import { startQuotaController } from './controllers/quota';
import { Registry, resourceKey, SYSTEM_CTX } from './registry';
import { Store } from './store';
import type { KubeObject, UserInfo } from './types';

export interface ClusterOptions {
  name: string;
  stateDir: string | undefined;
  port: number;
  host?: string;
  certs: ServingCerts;
  tokens: ReadonlyMap<string, UserInfo>;
  /** Objects to create when the state is new. */
  seed: () => KubeObject[];
  bookmarkIntervalMs?: number;
  minRequestTimeoutSeconds?: number;
  watchHistory?: number;
  clock?: Clock;
  /** Behaviour installed before the server listens (controllers, kubelet, logs, exec). */
  plugins?: ((ctx: SimContext) => void)[];
}

export interface SimCluster {
  name: string;
  url: string;
  port: number;
  registry: Registry;
  store: Store;
  close: () => Promise<void>;
}

function descriptorOf(o: KubeObject): ResourceDescriptor {
  const d = findKind(String(o.apiVersion), String(o.kind));
  if (!d) throw new Error(`seed object of unknown kind ${String(o.apiVersion)} ${String(o.kind)}`);
  return d;
}

/** Creates objects in dependency order (namespaces first), skipping those that exist. */
export function createAll(registry: Registry, objects: KubeObject[]): void {
  const rank = (o: KubeObject): number =>
    o.kind === 'Namespace' ? 0 : descriptorOf(o).namespaced ? 2 : 1;
  for (const o of [...objects].sort((a, b) => rank(a) - rank(b))) {
    const d = descriptorOf(o);
    const ns = o.metadata.namespace ?? '';
    if (registry.store.get(resourceKey(d), d.namespaced ? ns : '', o.metadata.name!)) continue;
    registry.create(d, ns, o, SYSTEM_CTX);
  }
}

/** Keeps aggregated ClusterRoles (admin, edit, view, …) equal to the union of the roles they select. */
function startAggregation(registry: Registry): () => void {
  const d = findKind('rbac.authorization.k8s.io/v1', 'ClusterRole')!;
  const key = resourceKey(d);
  const run = (): void => {
    for (const role of aggregateClusterRoles(registry.store.list(key, ''))) {
      registry.update(
        d,
        '',
        role.metadata.name!,
        { ...role, metadata: { ...role.metadata, resourceVersion: undefined } },
        SYSTEM_CTX,
      );
    }
  };
  run();
  let scheduled = false;
  return registry.store.watch(key, registry.store.resourceVersion, () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      run();
    });
  });
}

export async function startCluster(opts: ClusterOptions): Promise<SimCluster> {
  const store = new Store(
    opts.stateDir ? path.join(opts.stateDir, opts.name) : undefined,
    opts.watchHistory,
  );
  const existed = store.load();
  const registry = new Registry(store);
  registry.admission.push(limitRanger(registry), resourceQuota(registry));
  if (!existed) createAll(registry, [...bootstrapRbacObjects(), ...opts.seed()]);
  const stops: (() => void)[] = [startAggregation(registry), startQuotaController(registry)];
  await store.flush();

  const host = opts.host ?? '127.0.0.1';
  const server = https.createServer({ cert: opts.certs.cert, key: opts.certs.key });
  const handlers = new Map<string, SubresourceHandler>();
  const api = createApiServer({
    name: opts.name,
    registry,
    tokens: opts.tokens,
    serverAddress: `${host}:${opts.port}`,
    bookmarkIntervalMs: opts.bookmarkIntervalMs,
    minRequestTimeoutSeconds: opts.minRequestTimeoutSeconds,
    extraHandlers: handlers,
  });
  const ctx: SimContext = {
    name: opts.name,
    registry,
    clock: opts.clock ?? scaledClock(1),
    api,
    server,
    handlers,
    onStop: (fn) => stops.push(fn),
  };
  for (const install of opts.plugins ?? []) install(ctx);
  server.on('request', api.handle);
  // Long watches and log streams must not be cut by Node's default request timeouts.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    name: opts.name,
    url: `https://${host}:${port}`,
    port,
    registry,
    store,
    close: async () => {
      stops.forEach((stop) => stop());
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.flush();
      store.close();
    },
  };
}
