// Which clusters the console talks to and with what credentials: kubeconfig contexts, the in-cluster
// service account, or the embedded simulator's `<cluster>-wharf-console` contexts.
import fs from 'node:fs';
import type https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

/** One Wharf cluster: a kubeconfig cluster reached through one context, with the console's identity. */
export interface ClusterConnection {
  /** The kubeconfig cluster's name: `dev-cluster`. */
  name: string;
  server: string;
  /** TLS material and the console's own Authorization header, for node:https requests. */
  httpsOptions: () => Promise<https.RequestOptions>;
}

export type ClusterSource =
  | { kind: 'kubeconfig'; file: string; contexts?: string[] }
  | { kind: 'in-cluster' }
  | { kind: 'embedded' };

/**
 * Decides where clusters come from. client-node's loadFromDefault() silently falls back to
 * http://localhost:8080 when nothing is configured, so this looks for the files itself.
 */
export function detectClusterSource(env: {
  KUBECONFIG?: string;
  WHARF_EMBEDDED?: string;
  WHARF_CONTEXTS?: string;
  KUBERNETES_SERVICE_HOST?: string;
  HOME?: string;
}): ClusterSource {
  const contexts = env.WHARF_CONTEXTS?.split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  if (env.WHARF_EMBEDDED === '1') return { kind: 'embedded' };
  const fromEnv = env.KUBECONFIG?.split(path.delimiter).find((f) => f !== '' && fs.existsSync(f));
  if (fromEnv) return { kind: 'kubeconfig', file: fromEnv, contexts };
  if (env.KUBERNETES_SERVICE_HOST) return { kind: 'in-cluster' };
  const home = path.join(env.HOME ?? os.homedir(), '.kube', 'config');
  if (fs.existsSync(home)) return { kind: 'kubeconfig', file: home, contexts };
  return { kind: 'embedded' };
}

function connection(kc: KubeConfig, context: string): ClusterConnection {
  const scoped = new KubeConfig();
  scoped.loadFromString(kc.exportConfig());
  scoped.setCurrentContext(context);
  const cluster = scoped.getCurrentCluster();
  if (!cluster) throw new Error(`kubeconfig context "${context}" names no cluster`);
  return {
    name: cluster.name,
    server: cluster.server.replace(/\/+$/, ''),
    httpsOptions: async () => {
      const opts: https.RequestOptions = { headers: {} };
      await scoped.applyToHTTPSOptions(opts);
      return opts;
    },
  };
}

/** The connections for a kubeconfig: the named contexts, else the current one. */
export function clustersFromKubeconfig(file: string, contexts?: string[]): ClusterConnection[] {
  const kc = new KubeConfig();
  kc.loadFromFile(file);
  const names = contexts?.length ? contexts : [kc.getCurrentContext()];
  const known = new Set(kc.getContexts().map((c) => c.name));
  for (const n of names) {
    if (!known.has(n)) throw new Error(`kubeconfig ${file} has no context "${n}" (WHARF_CONTEXTS)`);
  }
  return names.map((n) => connection(kc, n));
}

/** The embedded simulator's clusters through the console's own contexts. */
export function clustersFromSimulator(kubeconfig: string): ClusterConnection[] {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const contexts = kc
    .getContexts()
    .filter((c) => c.name.endsWith('-wharf-console'))
    .map((c) => c.name);
  if (contexts.length === 0) throw new Error(`${kubeconfig} has no *-wharf-console contexts`);
  return contexts.map((c) => connection(kc, c));
}

export function clustersInCluster(): ClusterConnection[] {
  const kc = new KubeConfig();
  kc.loadFromCluster();
  return [connection(kc, kc.getCurrentContext())];
}
