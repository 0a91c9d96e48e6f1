// The app model the deploy form edits, and its mapping to and from the app's Deployment and Service
// (PRODUCT's app model: labelled `app.kubernetes.io/name=<app>`, `app.kubernetes.io/part-of=<project>`).
// Pure: the form, the YAML editor and the API all go through here.
import { z } from 'zod';
import { tryParseQuantity } from '../k8s/quantity';

export const NAME_LABEL = 'app.kubernetes.io/name';
export const PART_OF_LABEL = 'app.kubernetes.io/part-of';
/** The container a new app gets; an existing app keeps whatever its first container is called. */
export const APP_CONTAINER = 'app';
export const MAX_REPLICAS = 50;

// A Service name is a DNS-1035 label, stricter than a Deployment's: the app's name must be both.
const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const IANA_PORT_NAME = /^(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// docker/distribution's reference grammar: [registry[:port]/]path[:tag][@digest], lowercase path.
const IMAGE =
  /^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
const INT_OR_PERCENT = /^(?:\d+|\d+%)$/;

const Quantity = z
  .string()
  .trim()
  .refine((q) => {
    const v = tryParseQuantity(q);
    return v !== undefined && v > 0;
  }, 'must be a positive quantity such as 250m, 1, 256Mi or 1Gi');

const Port = z
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535');

export const ProbeSchema = z.object({
  path: z
    .string()
    .max(1024)
    .regex(/^\/[^\s?#]*$/, 'must start with / and contain no spaces, ? or #'),
  port: Port,
  initialDelaySeconds: z.number().int().min(0).max(3600),
  periodSeconds: z.number().int().min(1).max(3600),
});

const EnvName = z.string().min(1, 'required').max(253).regex(ENV_NAME, 'not a valid variable name');
const RefName = z.string().min(1, 'required').max(253).regex(DNS1123_SUBDOMAIN, 'not a valid name');
const RefKey = z.string().min(1, 'required').max(253).regex(CONFIG_KEY, 'not a valid key');

export const EnvVarSchema = z.discriminatedUnion('source', [
  z.object({ source: z.literal('value'), name: EnvName, value: z.string().max(32768) }),
  z.object({ source: z.literal('configMap'), name: EnvName, ref: RefName, key: RefKey }),
  z.object({ source: z.literal('secret'), name: EnvName, ref: RefName, key: RefKey }),
]);

export const PortSchema = z.object({
  name: z.string().max(15).regex(IANA_PORT_NAME, 'lowercase letters, digits and -, at most 15'),
  containerPort: Port,
  /** The Service's port for it. */
  servicePort: Port,
});

const Resources = z.object({ cpu: Quantity, memory: Quantity });

export const StrategySchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('RollingUpdate'),
    maxSurge: z.string().regex(INT_OR_PERCENT, 'a number or a percentage such as 25%'),
    maxUnavailable: z.string().regex(INT_OR_PERCENT, 'a number or a percentage such as 25%'),
  }),
  z.object({ type: z.literal('Recreate') }),
]);

export const AppModelSchema = z
  .object({
    name: z
      .string()
      .min(1, 'required')
      .max(63, 'at most 63 characters')
      .regex(DNS1035, 'lowercase letters, digits and -, starting with a letter'),
    image: z
      .string()
      .trim()
      .min(1, 'required')
      .max(512)
      .regex(IMAGE, 'not an image reference such as registry/name:tag'),
    replicas: z
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(0, `must be between 0 and ${MAX_REPLICAS}`)
      .max(MAX_REPLICAS, `must be between 0 and ${MAX_REPLICAS}`),
    ports: z.array(PortSchema).max(10),
    /** Whether the app has a Service in front of its ports. */
    service: z.boolean(),
    env: z.array(EnvVarSchema).max(100),
    requests: Resources,
    limits: Resources,
    readiness: ProbeSchema.nullable(),
    liveness: ProbeSchema.nullable(),
    strategy: StrategySchema,
  })
  .superRefine((m, ctx) => {
    for (const r of ['cpu', 'memory'] as const) {
      const req = tryParseQuantity(m.requests[r]);
      const lim = tryParseQuantity(m.limits[r]);
      if (req !== undefined && lim !== undefined && req > lim)
        ctx.addIssue({
          code: 'custom',
          path: ['requests', r],
          message: `must be less than or equal to the ${r} limit`,
        });
    }
    const seen = new Set<string>();
    m.ports.forEach((p, i) => {
      if (seen.has(p.name))
        ctx.addIssue({ code: 'custom', path: ['ports', i, 'name'], message: 'duplicate name' });
      seen.add(p.name);
    });
    const names = new Set<string>();
    m.env.forEach((e, i) => {
      if (names.has(e.name))
        ctx.addIssue({ code: 'custom', path: ['env', i, 'name'], message: 'duplicate name' });
      names.add(e.name);
    });
    if (m.service && m.ports.length === 0)
      ctx.addIssue({ code: 'custom', path: ['ports'], message: 'a Service needs a port' });
    if (m.strategy.type === 'RollingUpdate' && /^0%?$/.test(m.strategy.maxSurge)) {
      if (/^0%?$/.test(m.strategy.maxUnavailable))
        ctx.addIssue({
          code: 'custom',
          path: ['strategy', 'maxUnavailable'],
          message: 'may not be 0 when maxSurge is 0',
        });
    }
  });

export type AppModel = z.infer<typeof AppModelSchema>;
export type EnvVar = z.infer<typeof EnvVarSchema>;
export type Probe = z.infer<typeof ProbeSchema>;

/** What a new app starts with: one HTTP port behind a Service, small resources, health probes. */
export function defaultModel(name = ''): AppModel {
  return {
    name,
    image: '',
    replicas: 1,
    ports: [{ name: 'http', containerPort: 8080, servicePort: 80 }],
    service: true,
    env: [],
    requests: { cpu: '100m', memory: '128Mi' },
    limits: { cpu: '500m', memory: '512Mi' },
    readiness: { path: '/healthz', port: 8080, initialDelaySeconds: 2, periodSeconds: 5 },
    liveness: { path: '/healthz', port: 8080, initialDelaySeconds: 10, periodSeconds: 10 },
    strategy: { type: 'RollingUpdate', maxSurge: '25%', maxUnavailable: '25%' },
  };
}

// ---------------------------------------------------------------------------------------------
// Manifests. Only the fields the model owns are written; everything else of an existing object
// (volumes, envFrom, other containers, annotations) is kept as it was.

type Json = Record<string, unknown>;

export interface Manifest extends Json {
  apiVersion: string;
  kind: string;
  metadata: Json & { name?: string; namespace?: string; labels?: Record<string, string> };
}

function rec(v: unknown): Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

export function appLabels(app: string, project: string): Record<string, string> {
  return { [NAME_LABEL]: app, [PART_OF_LABEL]: project };
}

/** The probe; a named port that still means the same number stays named (no needless rollout). */
function probeManifest(p: Probe, old: unknown, ports: Json[]): Json {
  const oldPort = rec(rec(old).httpGet).port;
  const named =
    typeof oldPort === 'string' && ports.find((o) => o.name === oldPort)?.containerPort === p.port;
  return {
    ...rec(old),
    httpGet: {
      ...rec(rec(old).httpGet),
      path: p.path,
      port: named ? oldPort : p.port,
      scheme: 'HTTP',
    },
    initialDelaySeconds: p.initialDelaySeconds,
    periodSeconds: p.periodSeconds,
  };
}

function envManifest(e: EnvVar): Json {
  if (e.source === 'value') return { name: e.name, value: e.value };
  const ref = e.source === 'configMap' ? 'configMapKeyRef' : 'secretKeyRef';
  return { name: e.name, valueFrom: { [ref]: { name: e.ref, key: e.key } } };
}

function setOrDelete(o: Json, key: string, value: unknown): void {
  if (value === undefined) delete o[key];
  else o[key] = value;
}

/** The Deployment for `model`: a new one when `base` is undefined, else `base` with the model applied. */
export function deploymentFor(model: AppModel, project: string, base?: Manifest): Manifest {
  const d: Manifest = base
    ? clone(base)
    : {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: model.name },
        spec: {
          selector: { matchLabels: { [NAME_LABEL]: model.name } },
          revisionHistoryLimit: 10,
          progressDeadlineSeconds: 600,
        },
      };
  const labels = appLabels(model.name, project);
  d.metadata.labels = { ...d.metadata.labels, ...labels };
  const spec = rec(d.spec);
  d.spec = spec;
  spec.replicas = model.replicas;
  spec.strategy =
    model.strategy.type === 'Recreate'
      ? { type: 'Recreate' }
      : {
          type: 'RollingUpdate',
          rollingUpdate: {
            maxSurge: intOrPercent(model.strategy.maxSurge),
            maxUnavailable: intOrPercent(model.strategy.maxUnavailable),
          },
        };
  const template = rec(spec.template);
  spec.template = template;
  const tmeta = rec(template.metadata);
  template.metadata = { ...tmeta, labels: { ...rec(tmeta.labels), ...labels } };
  const pod = rec(template.spec);
  template.spec = pod;
  const containers = arr(pod.containers).map(rec);
  const old = containers[0] ?? { name: APP_CONTAINER };
  const oldPorts = arr(old.ports).map(rec);
  const c: Json = {
    ...old,
    image: model.image,
    ports: model.ports.map((p) => ({
      ...(oldPorts.find((o) => o.name === p.name) ?? {}),
      name: p.name,
      containerPort: p.containerPort,
      protocol: 'TCP',
    })),
    resources: {
      ...rec(old.resources),
      requests: { ...rec(rec(old.resources).requests), ...model.requests },
      limits: { ...rec(rec(old.resources).limits), ...model.limits },
    },
  };
  if (model.ports.length === 0) delete c.ports;
  setOrDelete(c, 'env', model.env.length ? model.env.map(envManifest) : undefined);
  setOrDelete(
    c,
    'readinessProbe',
    model.readiness
      ? probeManifest(model.readiness, old.readinessProbe, c.ports as Json[])
      : undefined,
  );
  setOrDelete(
    c,
    'livenessProbe',
    model.liveness
      ? probeManifest(model.liveness, old.livenessProbe, c.ports as Json[])
      : undefined,
  );
  pod.containers = [c, ...containers.slice(1)];
  return d;
}

function intOrPercent(s: string): number | string {
  return s.endsWith('%') ? s : Number(s);
}

/** The Service for `model`, or undefined when the model wants none. */
export function serviceFor(
  model: AppModel,
  project: string,
  base?: Manifest,
): Manifest | undefined {
  if (!model.service) return undefined;
  const s: Manifest = base
    ? clone(base)
    : { apiVersion: 'v1', kind: 'Service', metadata: { name: model.name } };
  s.metadata.labels = { ...s.metadata.labels, ...appLabels(model.name, project) };
  const spec = rec(s.spec);
  s.spec = spec;
  spec.type ??= 'ClusterIP';
  spec.selector = { [NAME_LABEL]: model.name };
  const oldPorts = arr(spec.ports).map(rec);
  spec.ports = model.ports.map((p) => ({
    ...(oldPorts.find((o) => o.name === p.name) ?? {}),
    name: p.name,
    port: p.servicePort,
    targetPort: p.name,
    protocol: 'TCP',
  }));
  return s;
}

// ---------------------------------------------------------------------------------------------
// Back from manifests (an existing app, or the YAML editor).

function str(v: unknown, fallback = ''): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : fallback;
}

function num(v: unknown, fallback: number): number {
  return typeof v === 'number'
    ? v
    : typeof v === 'string' && /^\d+$/.test(v)
      ? Number(v)
      : fallback;
}

function probeFrom(p: unknown, ports: Json[]): Probe | null {
  const probe = rec(p);
  const http = rec(probe.httpGet);
  if (!probe.httpGet) return null;
  const port =
    typeof http.port === 'string' && !/^\d+$/.test(http.port)
      ? num(ports.find((o) => o.name === http.port)?.containerPort, NaN)
      : num(http.port, NaN);
  return {
    path: str(http.path, '/'),
    port,
    initialDelaySeconds: num(probe.initialDelaySeconds, 0),
    periodSeconds: num(probe.periodSeconds, 10),
  };
}

function envFrom(e: Json): EnvVar {
  const from = rec(e.valueFrom);
  const cm = rec(from.configMapKeyRef);
  const sec = rec(from.secretKeyRef);
  if (from.configMapKeyRef)
    return { source: 'configMap', name: str(e.name), ref: str(cm.name), key: str(cm.key) };
  if (from.secretKeyRef)
    return { source: 'secret', name: str(e.name), ref: str(sec.name), key: str(sec.key) };
  return { source: 'value', name: str(e.name), value: str(e.value) };
}

/**
 * The model of a Deployment (and its Service). Not validated: the caller parses it with
 * AppModelSchema, so a manifest the model cannot express shows up as field errors.
 */
export function modelFrom(deployment: Manifest, service?: Manifest): AppModel {
  const spec = rec(deployment.spec);
  const pod = rec(rec(spec.template).spec);
  const c = rec(arr(pod.containers)[0]);
  const ports = arr(c.ports).map(rec);
  const svcPorts = arr(rec(service?.spec).ports).map(rec);
  const resources = rec(c.resources);
  const strategy = rec(spec.strategy);
  const rolling = rec(strategy.rollingUpdate);
  return {
    name: str(deployment.metadata.name),
    image: str(c.image),
    replicas: num(spec.replicas, 1),
    ports: ports.map((p, i) => {
      const name = str(p.name, `port-${i + 1}`);
      const svc = svcPorts.find((s) => s.targetPort === name || s.targetPort === p.containerPort);
      const containerPort = num(p.containerPort, NaN);
      return { name, containerPort, servicePort: num(svc?.port, containerPort) };
    }),
    service: service !== undefined,
    env: arr(c.env).map(rec).map(envFrom),
    requests: {
      cpu: str(rec(resources.requests).cpu),
      memory: str(rec(resources.requests).memory),
    },
    limits: { cpu: str(rec(resources.limits).cpu), memory: str(rec(resources.limits).memory) },
    readiness: probeFrom(c.readinessProbe, ports),
    liveness: probeFrom(c.livenessProbe, ports),
    strategy:
      strategy.type === 'Recreate'
        ? { type: 'Recreate' }
        : {
            type: 'RollingUpdate',
            maxSurge: str(rolling.maxSurge, '25%'),
            maxUnavailable: str(rolling.maxUnavailable, '25%'),
          },
  };
}

/**
 * Where a model field lives in the Deployment (or Service) manifest, so YAML errors land on the
 * right line: `['image']` → `spec.template.spec.containers[0].image`.
 */
export function manifestPath(path: readonly PropertyKey[]): { doc: 0 | 1; path: PropertyKey[] } {
  const c = ['spec', 'template', 'spec', 'containers', 0];
  const [head, ...rest] = path;
  switch (head) {
    case 'name':
      return { doc: 0, path: ['metadata', 'name'] };
    case 'replicas':
      return { doc: 0, path: ['spec', 'replicas'] };
    case 'image':
      return { doc: 0, path: [...c, 'image'] };
    case 'requests':
    case 'limits':
      return { doc: 0, path: [...c, 'resources', head, ...rest] };
    case 'env':
      return { doc: 0, path: [...c, 'env', ...rest.slice(0, 1)] };
    case 'ports':
      return rest[1] === 'servicePort'
        ? { doc: 1, path: ['spec', 'ports', rest[0]!, 'port'] }
        : { doc: 0, path: [...c, 'ports', ...rest] };
    case 'readiness':
    case 'liveness':
      return {
        doc: 0,
        path: [
          ...c,
          `${head}Probe`,
          ...(rest[0] === 'path' || rest[0] === 'port' ? ['httpGet'] : []),
          ...rest,
        ],
      };
    case 'strategy':
      return {
        doc: 0,
        path: ['spec', 'strategy', ...(rest.length ? ['rollingUpdate'] : []), ...rest],
      };
    default:
      return { doc: 0, path: [] };
  }
}
