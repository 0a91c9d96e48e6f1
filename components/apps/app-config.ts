// What an app's pod template configures, for the Configuration tab: per container its env vars
// (values, or where they come from — Secret values are never read), the ConfigMaps and Secrets it
// references (names only), resources and probes; and its endpoints (Services, Ingress URLs). Pure.
import type { StreamObject } from '../../lib/contracts/stream';

type Obj = Record<string, unknown>;

function rec(v: unknown): Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {};
}
function list(v: unknown): Obj[] {
  return Array.isArray(v) ? v.map(rec) : [];
}
function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

export type EnvSource =
  | { kind: 'value'; value: string }
  | { kind: 'secret'; name: string; key: string }
  | { kind: 'configMap'; name: string; key: string }
  | { kind: 'field'; path: string }
  | { kind: 'other' };

export interface EnvVar {
  name: string;
  source: EnvSource;
}

export interface Probe {
  kind: 'liveness' | 'readiness' | 'startup';
  /** `GET /actuator/health :http`, `TCP :5432`, `exec cat /tmp/ready`. */
  check: string;
  initialDelaySeconds: number;
  periodSeconds: number;
}

export interface ContainerConfig {
  name: string;
  image: string;
  env: EnvVar[];
  requests: Record<string, string>;
  limits: Record<string, string>;
  probes: Probe[];
}

export interface AppConfig {
  containers: ContainerConfig[];
  configMaps: string[];
  secrets: string[];
}

function envSource(e: Obj): EnvSource {
  if ('value' in e) return { kind: 'value', value: str(e.value) };
  const from = rec(e.valueFrom);
  const secret = rec(from.secretKeyRef);
  if (str(secret.name)) return { kind: 'secret', name: str(secret.name), key: str(secret.key) };
  const cm = rec(from.configMapKeyRef);
  if (str(cm.name)) return { kind: 'configMap', name: str(cm.name), key: str(cm.key) };
  const field = rec(from.fieldRef);
  if (str(field.fieldPath)) return { kind: 'field', path: str(field.fieldPath) };
  return { kind: 'other' };
}

function probe(kind: Probe['kind'], p: unknown): Probe | undefined {
  const o = rec(p);
  if (Object.keys(o).length === 0) return undefined;
  const http = rec(o.httpGet);
  const tcp = rec(o.tcpSocket);
  const exec = rec(o.exec);
  const grpc = rec(o.grpc);
  const check = str(http.path || http.port)
    ? `GET ${str(http.path) || '/'} :${str(http.port)}`
    : str(tcp.port)
      ? `TCP :${str(tcp.port)}`
      : Array.isArray(exec.command)
        ? `exec ${(exec.command as unknown[]).map(str).join(' ')}`
        : str(grpc.port)
          ? `gRPC :${str(grpc.port)}`
          : '?';
  return {
    kind,
    check,
    initialDelaySeconds: Number(o.initialDelaySeconds) || 0,
    periodSeconds: Number(o.periodSeconds) || 10,
  };
}

function strings(o: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(rec(o)).map(([k, v]) => [k, str(v)]));
}

/** The configuration of a workload's pod template. */
export function appConfig(workload: StreamObject | undefined): AppConfig {
  const podSpec = rec(rec(rec(workload?.spec).template).spec);
  const configMaps = new Set<string>();
  const secrets = new Set<string>();
  for (const v of list(podSpec.volumes)) {
    const cm = str(rec(v.configMap).name);
    if (cm) configMaps.add(cm);
    const secret = str(rec(v.secret).secretName);
    if (secret) secrets.add(secret);
    for (const s of list(rec(v.projected).sources)) {
      if (str(rec(s.configMap).name)) configMaps.add(str(rec(s.configMap).name));
      if (str(rec(s.secret).name)) secrets.add(str(rec(s.secret).name));
    }
  }
  for (const s of list(podSpec.imagePullSecrets)) if (str(s.name)) secrets.add(str(s.name));
  const all = [...list(podSpec.initContainers), ...list(podSpec.containers)];
  const containers = list(podSpec.containers).map((c): ContainerConfig => {
    const resources = rec(c.resources);
    return {
      name: str(c.name),
      image: str(c.image),
      env: list(c.env).map((e) => ({ name: str(e.name), source: envSource(e) })),
      requests: strings(resources.requests),
      limits: strings(resources.limits),
      probes: [
        probe('startup', c.startupProbe),
        probe('liveness', c.livenessProbe),
        probe('readiness', c.readinessProbe),
      ].filter((p): p is Probe => p !== undefined),
    };
  });
  for (const c of all) {
    for (const e of list(c.env)) {
      const src = envSource(e);
      if (src.kind === 'secret') secrets.add(src.name);
      if (src.kind === 'configMap') configMaps.add(src.name);
    }
    for (const f of list(c.envFrom)) {
      if (str(rec(f.configMapRef).name)) configMaps.add(str(rec(f.configMapRef).name));
      if (str(rec(f.secretRef).name)) secrets.add(str(rec(f.secretRef).name));
    }
  }
  return { containers, configMaps: [...configMaps].sort(), secrets: [...secrets].sort() };
}

export interface Endpoint {
  service: string;
  type: string;
  clusterIP: string;
  /** `80/TCP → http`, `30080:80/TCP` for a NodePort. */
  ports: string[];
  /** Ingress URLs that route to this service. */
  urls: string[];
}

/** The app's Services with their ports, and the Ingress URLs that route to each. */
export function endpoints(
  services: readonly StreamObject[],
  ingresses: readonly StreamObject[],
): Endpoint[] {
  const urls = new Map<string, string[]>();
  for (const ing of ingresses) {
    const spec = rec(ing.spec);
    const tlsHosts = new Set(
      list(spec.tls).flatMap((t) => (Array.isArray(t.hosts) ? t.hosts.map(str) : [])),
    );
    for (const rule of list(spec.rules)) {
      const host = str(rule.host);
      if (!host) continue;
      for (const p of list(rec(rule.http).paths)) {
        const svc = str(rec(rec(p.backend).service).name);
        const url = `${tlsHosts.has(host) ? 'https' : 'http'}://${host}${str(p.path) || '/'}`;
        urls.set(svc, [...(urls.get(svc) ?? []), url]);
      }
    }
  }
  return services.map((s) => {
    const spec = rec(s.spec);
    const name = str(s.metadata.name);
    return {
      service: name,
      type: str(spec.type) || 'ClusterIP',
      clusterIP: str(spec.clusterIP),
      ports: list(spec.ports).map((p) => {
        const node = str(p.nodePort);
        const target = str(p.targetPort);
        return `${node ? `${node}:` : ''}${str(p.port)}/${str(p.protocol) || 'TCP'}${target && target !== str(p.port) ? ` → ${target}` : ''}`;
      }),
      urls: urls.get(name) ?? [],
    };
  });
}
