// Builds simulated containers and a fake terminal for the exec unit tests (no sockets, instant time).
import type { KubeObject } from '../types';
import { PROGRAMS } from './commands';
import {
  buildFs,
  containerEnv,
  containerSpec,
  imageOf,
  programPaths,
  type ObjectLookup,
} from './container';
import type { TerminalSize } from './protocol';
import {
  runArgv,
  stringInput,
  emptyInput,
  type ContainerCtx,
  type Input,
  type Terminal,
} from './shell';

export const T0 = Date.parse('2026-11-20T10:15:00Z');

export function testPod(
  container: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'web-5d7f8c9b7d-x2x4z',
      namespace: 'shop',
      uid: 'uid-1',
      labels: { 'app.kubernetes.io/name': 'web' },
    },
    spec: {
      nodeName: 'dev-cluster-worker-1',
      containers: [{ name: 'app', ...container }],
      ...extra,
    },
    status: {
      phase: 'Running',
      podIP: '10.244.1.7',
      containerStatuses: [
        { name: 'app', state: { running: { startedAt: '2026-11-20T10:00:00Z' } } },
      ],
    },
  };
}

export function lookupOf(objects: KubeObject[]): ObjectLookup {
  const res = (o: KubeObject): string =>
    o.kind === 'ConfigMap'
      ? '/configmaps'
      : o.kind === 'Secret'
        ? '/secrets'
        : o.kind === 'Service'
          ? '/services'
          : '/other';
  return {
    get: (resource, ns, name) =>
      objects.find(
        (o) =>
          res(o) === resource && (o.metadata.namespace ?? '') === ns && o.metadata.name === name,
      ),
    list: (resource, ns) =>
      objects.filter((o) => res(o) === resource && (o.metadata.namespace ?? '') === ns),
  };
}

export function containerOf(
  pod: KubeObject,
  lookup: ObjectLookup = lookupOf([]),
): { c: ContainerCtx; env: Map<string, string>; cwd: string } {
  const spec = containerSpec(pod, 'app')!;
  const image = imageOf(spec);
  let pid = 40;
  const c: ContainerCtx = {
    fs: buildFs(pod, spec, image, lookup, T0),
    image,
    programs: programPaths(image),
    hostname: pod.metadata.name!,
    podIP: '10.244.1.7',
    kernel: '6.8.0-49-generic',
    startedAt: T0,
    procs: new Map(image.processes.map((p) => [p.pid, p])),
    nextPid: () => pid++,
  };
  return { c, env: containerEnv(pod, spec, image, lookup, { tty: false }), cwd: image.workdir };
}

export interface FakeTerm extends Terminal {
  /** Simulated time slept so far. */
  slept: number;
}

export function fakeTerm(o: { tty?: boolean; size?: TerminalSize } = {}): FakeTerm {
  let size = o.size;
  const t: FakeTerm = {
    tty: o.tty ?? false,
    slept: 0,
    size: () => size,
    setSize: (s) => {
      size = s;
    },
    now: () => T0 + t.slept,
    sleep: async (ms) => {
      t.slept += ms;
      await new Promise<void>((r) => setImmediate(r));
    },
    checkpoint: () => new Promise<void>((r) => setImmediate(r)),
    foreground: (fn) => fn(),
    history: [],
  };
  return t;
}

export interface RunResult {
  code: number;
  out: string;
  err: string;
}

/** Runs argv in the container like an exec without a tty. */
export async function runIn(
  ctr: { c: ContainerCtx; env: Map<string, string>; cwd: string },
  argv: string[],
  o: { stdin?: string | Input; term?: Terminal } = {},
): Promise<RunResult> {
  let out = '';
  let err = '';
  const input = typeof o.stdin === 'string' ? stringInput(o.stdin) : (o.stdin ?? emptyInput());
  const code = await runArgv(
    ctr.c,
    o.term ?? fakeTerm(),
    PROGRAMS,
    argv,
    { in: input, out: (s) => (out += s), err: (s) => (err += s) },
    ctr.env,
    ctr.cwd,
  );
  return { code, out, err };
}
