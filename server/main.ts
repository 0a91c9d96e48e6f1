// The console's one process: Next.js plus (later) the WebSocket upgrade router; starts the embedded simulator
// when no cluster is configured.
import http from 'node:http';
import path from 'node:path';
import next from 'next';
import { z } from 'zod';
import { prepareAuth } from './auth/bootstrap';
import { detectClusterSource } from './kube/clusters';
import { startEmbeddedSim } from './kube/embedded';
import { routeUpgrade } from './stream/upgrade';

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('localhost'),
  WHARF_URL: z.url().optional(),
  KUBECONFIG: z.string().optional(),
  WHARF_CONTEXTS: z.string().optional(),
  WHARF_EMBEDDED: z.enum(['0', '1']).optional(),
  WHARF_STATE_DIR: z.string().min(1).default('.wharf'),
  /** Extra pods the embedded simulator seeds in dev-cluster's `sim-load` namespace (benchmarks). */
  WHARF_SIM_PODS: z.coerce.number().int().min(0).max(100_000).default(0),
});

async function main(): Promise<void> {
  const parsed = Env.safeParse(process.env);
  if (!parsed.success) {
    console.error(
      `wharf: invalid environment:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`,
    );
    process.exit(2);
  }
  const env = parsed.data;
  const dev = process.argv.includes('--dev');
  const root = process.cwd();
  const stateDir = path.resolve(env.WHARF_STATE_DIR);
  const source = detectClusterSource({
    KUBECONFIG: env.KUBECONFIG,
    WHARF_CONTEXTS: env.WHARF_CONTEXTS,
    WHARF_EMBEDDED: env.WHARF_EMBEDDED,
    KUBERNETES_SERVICE_HOST: process.env.KUBERNETES_SERVICE_HOST,
  });
  process.env.WHARF_CLUSTER_SOURCE = source.kind;
  if (source.kind === 'kubeconfig') process.env.KUBECONFIG = source.file;
  if (source.kind === 'embedded') {
    const sim = await startEmbeddedSim({
      root,
      stateDir: path.join(stateDir, 'sim'),
      kubeconfig: path.join(stateDir, 'kubeconfig'),
      extraPods: env.WHARF_SIM_PODS,
    });
    process.env.KUBECONFIG = sim.kubeconfig;
    console.log(
      `wharf: embedded simulator: ${sim.clusters.map((c) => `${c.name} ${c.url}`).join(', ')}`,
    );
    console.log(
      'wharf: demo logins (password wharf-demo): admin, alice (owner of ai), bob (member of ai), olivia (operator), victor (viewer of haierpsi), hana (owner of haierpsi)',
    );
  }
  await prepareAuth({
    stateDir,
    embedded: source.kind === 'embedded',
    publicUrl: env.WHARF_URL ?? `http://${env.HOST}:${env.PORT}`,
  });
  const app = next({ dev, hostname: env.HOST, port: env.PORT, dir: root });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer((req, res) => void handle(req, res));
  server.on('upgrade', (req, socket, head) => {
    if (routeUpgrade(req, socket, head)) return;
    // In dev Next's HMR owns the other upgrades; in production nothing else may hang.
    if (!dev) socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
  });
  server.listen(env.PORT, env.HOST, () => {
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : env.PORT;
    console.log(`wharf: console ready on http://${env.HOST}:${port}`);
  });
  const stop = (): void => {
    server.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e: unknown) => {
  console.error('wharf: failed to start:', e);
  process.exit(1);
});
