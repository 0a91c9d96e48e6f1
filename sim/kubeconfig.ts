// The kubeconfig the simulator writes: one cluster entry per simulated cluster, a context per demo user.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

export interface KubeconfigInput {
  clusters: { name: string; url: string }[];
  caCert: string;
  /** username → token; contexts are `<cluster>` for admin and `<cluster>-<user>` for everyone. */
  tokens: Record<string, string>;
  defaultUser: string;
}

export function renderKubeconfig(input: KubeconfigInput): string {
  const ca = Buffer.from(input.caCert).toString('base64');
  const users = Object.keys(input.tokens);
  const contexts: object[] = [];
  for (const c of input.clusters) {
    contexts.push({ name: c.name, context: { cluster: c.name, user: input.defaultUser } });
    for (const u of users)
      contexts.push({ name: `${c.name}-${u}`, context: { cluster: c.name, user: u } });
  }
  return YAML.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: input.clusters.map((c) => ({
      name: c.name,
      cluster: { server: c.url, 'certificate-authority-data': ca },
    })),
    users: users.map((u) => ({ name: u, user: { token: input.tokens[u] } })),
    contexts,
    'current-context': input.clusters[0]?.name ?? '',
  });
}

/** Written atomically with owner-only permissions: it holds every demo user's token. */
export function writeKubeconfig(file: string, input: KubeconfigInput): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, renderKubeconfig(input), { mode: 0o600 });
  fs.renameSync(tmp, file);
}
