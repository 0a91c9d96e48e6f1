// `npm run sim`: starts dev-cluster and prod-cluster on ports n and n+1, writes the kubeconfig, then prints "ready".
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { BEHAVIOUR } from './behaviour';
import { loadOrCreateCerts } from './certs';
import { scaledClock } from './clock';
import { startCluster, type SimCluster } from './cluster';
import { writeKubeconfig } from './kubeconfig';
import { CLUSTERS, seedObjects } from './seed';
import { generateToken, loadOrCreateTokens } from './tokens';
import { DEMO_USERS } from '../lib/demo-users';
import type { UserInfo } from './types';

const Options = z.object({
  state: z.string().min(1),
  kubeconfig: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65534),
  host: z.string().min(1),
  pods: z.coerce.number().int().min(0).max(100_000),
  'min-request-timeout': z.coerce.number().int().min(1).max(86_400),
  'watch-history': z.coerce.number().int().min(1).max(10_000_000),
  'time-scale': z.coerce.number().min(0.01).max(1000),
});

const USAGE = `usage: npm run sim -- [--state <dir>] [--kubeconfig <file>] [--port <n>] [--host <addr>] [--pods <n>]
  --state       state directory (default .wharf/sim)
  --kubeconfig  kubeconfig to write (default .wharf/kubeconfig)
  --port        dev-cluster listens on n, prod-cluster on n+1 (default 6443; 0 picks free ports)
  --pods        extra pods in namespace sim-load of dev-cluster, for benchmarks (default 0)
  --min-request-timeout  watches end after a random time between s and 2s seconds (default 1800, as kube-apiserver)
  --watch-history        events kept for watches to resume from; older resourceVersions get 410 (default 10000)
  --time-scale           run controller and kubelet time this many times faster (default 1), for tests`;

function parseOptions(argv: string[]): z.infer<typeof Options> {
  const { values } = parseArgs({
    args: argv,
    options: {
      state: { type: 'string', default: '.wharf/sim' },
      kubeconfig: { type: 'string', default: '.wharf/kubeconfig' },
      port: { type: 'string', default: '6443' },
      host: { type: 'string', default: '127.0.0.1' },
      pods: { type: 'string', default: '0' },
      'min-request-timeout': { type: 'string', default: '1800' },
      'watch-history': { type: 'string', default: '10000' },
      'time-scale': { type: 'string', default: '1' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const parsed = Options.safeParse(values);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((i) => `  --${i.path.join('.')}: ${i.message}`)
      .join('\n');
    throw new Error(`invalid options:\n${issues}\n${USAGE}`);
  }
  return parsed.data;
}

async function main(): Promise<void> {
  let opts: z.infer<typeof Options>;
  try {
    opts = parseOptions(process.argv.slice(2));
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  }
  const stateDir = path.resolve(opts.state);
  const certs = await loadOrCreateCerts(stateDir);
  const entries = loadOrCreateTokens(stateDir, DEMO_USERS, generateToken);
  const tokens = new Map<string, UserInfo>(entries.map((e) => [e.token, e.user]));
  const clusters: SimCluster[] = [];
  for (const [i, name] of CLUSTERS.entries()) {
    const extraPods =
      name === 'dev-cluster' && opts.pods > 0
        ? { namespace: 'sim-load', count: opts.pods }
        : undefined;
    clusters.push(
      await startCluster({
        name,
        stateDir,
        port: opts.port === 0 ? 0 : opts.port + i,
        host: opts.host,
        certs,
        tokens,
        seed: () => seedObjects(name, { extraPods }),
        minRequestTimeoutSeconds: opts['min-request-timeout'],
        watchHistory: opts['watch-history'],
        clock: scaledClock(opts['time-scale']),
        plugins: [...BEHAVIOUR],
      }),
    );
  }
  writeKubeconfig(opts.kubeconfig, {
    clusters: clusters.map((c) => ({ name: c.name, url: c.url })),
    caCert: certs.caCert,
    tokens: Object.fromEntries(entries.map((e) => [e.user.username, e.token])),
    defaultUser: 'admin',
  });
  const shutdown = async (signal: string): Promise<void> => {
    await Promise.all(clusters.map((c) => c.close()));
    console.log(`sim: stopped (${signal})`);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  // The parent (the console's server) may die without a signal: follow it.
  process.on('disconnect', () => void shutdown('parent gone'));
  console.log(
    `sim ready: ${clusters.map((c) => `${c.name} ${c.url}`).join(', ')}; kubeconfig ${path.resolve(opts.kubeconfig)}`,
  );
}

main().catch((e: unknown) => {
  console.error('sim: failed to start:', e);
  process.exit(1);
});
