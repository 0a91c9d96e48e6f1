// The simulator's seed data: namespaces, apps, quotas, members, RBAC and nodes of dev-cluster and prod-cluster.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from './types';
import { CONSOLE_USER, PLATFORM_ADMINS_GROUP } from '../lib/demo-users';

export const CLUSTERS = ['dev-cluster', 'prod-cluster'] as const;
export type ClusterName = (typeof CLUSTERS)[number];

export const WHARF_ROLES = ['owner', 'member', 'operator', 'viewer'] as const;
export type WharfRole = (typeof WHARF_ROLES)[number];

/** Environments whose namespaces get `wharf.io/protected: "true"`; members are viewers there. */
export const PROTECTED_ENVS: readonly string[] = ['prod'];

/** The only container name in every seeded pod template. */
export const APP_CONTAINER = 'app';

export interface SeedOptions {
  /** Bare pods `load-1` … `load-<count>` for benchmarks; the namespace is created if it is not seeded. */
  extraPods?: { namespace: string; count: number };
  /** Timestamps in node conditions; defaults to the current time. */
  now?: Date;
}

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const RBAC_V1 = `${RBAC_GROUP}/v1`;
const REGISTRY = 'registry.wharf.local';
const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

type Runtime = 'spring-boot' | 'go' | 'nginx';

interface Resources {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
}

interface AppSeed {
  name: string;
  runtime: Runtime;
  replicas: number;
  /** Full image reference per environment. */
  images: Record<string, string>;
  port: number;
  resources: Resources;
  /** An Ingress `<app>.<env>.wharf.local` to the app's Service. */
  ingress?: boolean;
}

interface ProjectSeed {
  name: string;
  creator: string;
  /** `env`: one namespace `{project}-{env}` holds every app; `app-env`: `{project}-{app}-{env}` each. */
  layout: 'env' | 'app-env';
  envs: Record<ClusterName, string[]>;
  members: Record<string, WharfRole>;
  apps: AppSeed[];
}

const SPRING: Resources = {
  requests: { cpu: '250m', memory: '512Mi' },
  limits: { cpu: '1', memory: '1Gi' },
};
const SMALL: Resources = {
  requests: { cpu: '100m', memory: '128Mi' },
  limits: { cpu: '500m', memory: '256Mi' },
};
const STATIC: Resources = {
  requests: { cpu: '100m', memory: '64Mi' },
  limits: { cpu: '250m', memory: '128Mi' },
};

const aiImage = (app: string, tags: Record<string, string>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(tags).map(([env, tag]) => [env, `${REGISTRY}/ai/${app}:${tag}`]),
  );

// Tags follow the build pipeline's `{yyyy-MM-dd-HH-mm}_{gitShort}`; prod lags preview, preview lags test.
const PROJECTS: readonly ProjectSeed[] = [
  {
    name: 'ai',
    creator: 'alice',
    layout: 'env',
    envs: { 'dev-cluster': ['test', 'preview'], 'prod-cluster': ['prod'] },
    members: { alice: 'owner', bob: 'member', olivia: 'operator' },
    apps: [
      {
        name: 'ai-api',
        runtime: 'spring-boot',
        replicas: 3,
        port: 8080,
        resources: SPRING,
        images: aiImage('ai-api', {
          test: '2026-11-22-13-25_3f9c2ab',
          preview: '2026-11-21-11-30_9e4d1c7',
          prod: '2026-11-18-16-05_5b2a8e0',
        }),
      },
      {
        name: 'ai-app',
        runtime: 'go',
        replicas: 2,
        port: 8080,
        resources: SMALL,
        images: aiImage('ai-app', {
          test: '2026-11-22-13-31_a1c94f2',
          preview: '2026-11-21-11-34_77d03be',
          prod: '2026-11-18-16-09_e85f1a3',
        }),
      },
      {
        name: 'ai-web',
        runtime: 'nginx',
        replicas: 2,
        port: 80,
        resources: STATIC,
        ingress: true,
        images: aiImage('ai-web', {
          test: '2026-11-22-13-40_4d6b0f9',
          preview: '2026-11-21-11-42_c2e7a15',
          prod: '2026-11-18-16-12_0f3d9b6',
        }),
      },
      {
        name: 'ai-server',
        runtime: 'spring-boot',
        replicas: 2,
        port: 8080,
        resources: SPRING,
        // The simulator's pod lifecycle crash-loops images whose tag contains `crash`.
        images: aiImage('ai-server', {
          test: '2026-11-22-14-02_6a1f3d8-crash',
          preview: '2026-11-21-11-47_b9085ce',
          prod: '2026-11-18-16-20_2c7e4a1',
        }),
      },
      {
        name: 'ai-gateway',
        runtime: 'go',
        replicas: 2,
        port: 8080,
        resources: SMALL,
        images: aiImage('ai-gateway', {
          test: '2026-11-22-13-52_d40e8b3',
          preview: '2026-11-21-11-50_1f6a2c9',
          prod: '2026-11-18-16-25_8b3c5d7',
        }),
      },
    ],
  },
  {
    name: 'haierpsi',
    creator: 'hana',
    layout: 'app-env',
    envs: { 'dev-cluster': ['dev'], 'prod-cluster': ['prod'] },
    members: { hana: 'owner', olivia: 'operator', victor: 'viewer' },
    apps: [
      {
        name: 'foo',
        runtime: 'spring-boot',
        replicas: 3,
        port: 8080,
        resources: {
          requests: { cpu: '500m', memory: '1Gi' },
          limits: { cpu: '1', memory: '2Gi' },
        },
        images: {
          dev: `${REGISTRY}/haierpsi/foo:2026-11-20-10-15_3f9c2ab`,
          prod: `${REGISTRY}/haierpsi/foo:2026-11-17-09-40_e2b7c41`,
        },
      },
      {
        name: 'bar',
        runtime: 'nginx',
        replicas: 2,
        port: 80,
        resources: STATIC,
        images: { dev: 'nginx:1.27.3', prod: 'nginx:1.27.2' },
      },
    ],
  },
];

const QUOTA_HARD = {
  'requests.cpu': '8',
  'requests.memory': '16Gi',
  'limits.cpu': '16',
  'limits.memory': '32Gi',
  pods: '50',
  services: '20',
  configmaps: '50',
  secrets: '50',
};

// ---------------------------------------------------------------------------------------------
// ClusterRoles from deploy/

/**
 * Parses the ClusterRoles manifest (a multi-document YAML of ClusterRoles only).
 * Throws on YAML errors and on any document that is not a named ClusterRole.
 */
export function parseClusterRoles(text: string): KubeObject[] {
  const out: KubeObject[] = [];
  for (const [i, doc] of parseAllDocuments(text).entries()) {
    if (doc.errors.length > 0)
      throw new Error(`cluster roles: document ${i + 1}: ${doc.errors[0]!.message}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    if (!isRecord(value) || value.apiVersion !== RBAC_V1 || value.kind !== 'ClusterRole') {
      throw new Error(`cluster roles: document ${i + 1} is not an ${RBAC_V1} ClusterRole`);
    }
    const metadata = value.metadata;
    if (!isRecord(metadata) || typeof metadata.name !== 'string' || metadata.name === '') {
      throw new Error(`cluster roles: document ${i + 1} has no metadata.name`);
    }
    if (!Array.isArray(value.rules)) {
      throw new Error(`cluster roles: ${metadata.name} has no rules`);
    }
    out.push(value as KubeObject);
  }
  return out;
}

let clusterRolesText: string | undefined;

/** Wharf's ClusterRoles as `deploy/rbac/cluster-roles.yaml` defines them; fresh copies each call. */
export function wharfClusterRoles(): KubeObject[] {
  clusterRolesText ??= fs.readFileSync(
    new URL('../deploy/rbac/cluster-roles.yaml', import.meta.url),
    'utf8',
  );
  return parseClusterRoles(clusterRolesText);
}

// ---------------------------------------------------------------------------------------------
// Builders

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function shortHash(s: string, length: number): string {
  return crypto.createHash('sha256').update(s).digest('hex').slice(0, length);
}

function appLabels(app: string, project: string): Record<string, string> {
  return { 'app.kubernetes.io/name': app, 'app.kubernetes.io/part-of': project };
}

function namespaceObject(
  name: string,
  labels: Record<string, string> = {},
  annotations?: Record<string, string>,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      // kube-apiserver sets this label on every namespace (NamespaceDefaultLabelName).
      labels: { 'kubernetes.io/metadata.name': name, ...labels },
      ...(annotations ? { annotations } : {}),
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

function serviceAccount(namespace: string): KubeObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace } };
}

function quotaObjects(namespace: string): KubeObject[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: {
        name: 'wharf-quota',
        namespace,
        labels: { 'app.kubernetes.io/part-of': 'wharf' },
      },
      spec: { hard: { ...QUOTA_HARD } },
    },
    {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: {
        name: 'wharf-limits',
        namespace,
        labels: { 'app.kubernetes.io/part-of': 'wharf' },
      },
      spec: {
        limits: [
          {
            type: 'Container',
            defaultRequest: { cpu: '100m', memory: '128Mi' },
            default: { cpu: '500m', memory: '512Mi' },
          },
        ],
      },
    },
  ];
}

function roleBinding(
  namespace: string,
  role: WharfRole,
  user: string,
  protectedNs: boolean,
): KubeObject {
  // Prod protection: a member stays a member by name and label, but holds only the viewer role there.
  const effective = protectedNs && role === 'member' ? 'viewer' : role;
  return {
    apiVersion: RBAC_V1,
    kind: 'RoleBinding',
    metadata: { name: `wharf-${role}-${user}`, namespace, labels: { 'wharf.io/role': role } },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: `wharf-${effective}` },
    subjects: [{ apiGroup: RBAC_GROUP, kind: 'User', name: user }],
  };
}

function clusterRoleBinding(
  name: string,
  role: string,
  subject: { kind: 'User' | 'Group'; name: string },
): KubeObject {
  return {
    apiVersion: RBAC_V1,
    kind: 'ClusterRoleBinding',
    metadata: { name, labels: { 'app.kubernetes.io/part-of': 'wharf' } },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: role },
    subjects: [{ apiGroup: RBAC_GROUP, ...subject }],
  };
}

function nodeObjects(cluster: ClusterName, now: Date): KubeObject[] {
  const prefix = cluster.replace(/-cluster$/, '');
  const clusterIndex = CLUSTERS.indexOf(cluster);
  const time = now.toISOString().replace(/\.\d+Z$/, 'Z');
  const condition = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: time,
    lastTransitionTime: time,
    reason,
    message,
  });
  const resources = { cpu: '8', memory: '32Gi', pods: '110', 'ephemeral-storage': '100Gi' };
  return [1, 2, 3].map((i) => {
    const name = `${prefix}-node-${i}`;
    const zone = `local-${'abc'[i - 1]!}`;
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        labels: {
          'kubernetes.io/hostname': name,
          'kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          'topology.kubernetes.io/region': 'local',
          'topology.kubernetes.io/zone': zone,
        },
        annotations: { 'node.alpha.kubernetes.io/ttl': '0' },
      },
      spec: {
        podCIDR: `10.${244 + clusterIndex}.${i}.0/24`,
        podCIDRs: [`10.${244 + clusterIndex}.${i}.0/24`],
      },
      status: {
        capacity: { ...resources },
        allocatable: { ...resources },
        conditions: [
          condition(
            'MemoryPressure',
            'False',
            'KubeletHasSufficientMemory',
            'kubelet has sufficient memory available',
          ),
          condition(
            'DiskPressure',
            'False',
            'KubeletHasNoDiskPressure',
            'kubelet has no disk pressure',
          ),
          condition(
            'PIDPressure',
            'False',
            'KubeletHasSufficientPID',
            'kubelet has sufficient PID available',
          ),
          condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
        ],
        addresses: [
          { type: 'InternalIP', address: `10.0.${clusterIndex}.${10 + i}` },
          { type: 'Hostname', address: name },
        ],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: {
          machineID: shortHash(`machine/${name}`, 32),
          systemUUID: crypto
            .createHash('md5')
            .update(name)
            .digest('hex')
            .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'),
          bootID: shortHash(`boot/${name}`, 32).replace(
            /^(.{8})(.{4})(.{4})(.{4})(.{12})$/,
            '$1-$2-$3-$4-$5',
          ),
          kernelVersion: '6.8.0-49-generic',
          osImage: 'Ubuntu 24.04.1 LTS',
          containerRuntimeVersion: 'containerd://1.7.24',
          kubeletVersion: 'v1.32.0',
          kubeProxyVersion: 'v1.32.0',
          operatingSystem: 'linux',
          architecture: 'amd64',
        },
      },
    };
  });
}

function b64(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64');
}

function appConfig(
  app: AppSeed,
  project: string,
  env: string,
  namespace: string,
): Record<string, string> {
  switch (app.runtime) {
    case 'spring-boot':
      return {
        'application.properties': [
          `spring.application.name=${app.name}`,
          `spring.profiles.active=${env}`,
          `server.port=${app.port}`,
          'server.tomcat.threads.max=200',
          'server.tomcat.accesslog.enabled=true',
          `spring.datasource.url=jdbc:mysql://mysql.${namespace}.svc.cluster.local:3306/${app.name.replace(/-/g, '_')}`,
          'management.endpoints.web.exposure.include=health,info,prometheus',
          'management.endpoint.health.probes.enabled=true',
          `logging.level.com.${project}=${env === 'prod' ? 'INFO' : 'DEBUG'}`,
          '',
        ].join('\n'),
      };
    case 'go':
      return {
        LOG_LEVEL: env === 'prod' ? 'info' : 'debug',
        LISTEN_ADDR: `:${app.port}`,
        UPSTREAM_URL: `http://ai-api.${namespace}.svc.cluster.local`,
      };
    case 'nginx':
      return {
        'default.conf': [
          'server {',
          `    listen ${app.port};`,
          '    server_name _;',
          '    root /usr/share/nginx/html;',
          '    location / {',
          '        try_files $uri $uri/ /index.html;',
          '    }',
          '    location = /healthz {',
          '        access_log off;',
          "        return 200 'ok';",
          '    }',
          '}',
          '',
        ].join('\n'),
      };
  }
}

function probes(app: AppSeed): Record<string, unknown> {
  const http = (path: string, initialDelaySeconds: number) => ({
    httpGet: { path, port: 'http', scheme: 'HTTP' },
    initialDelaySeconds,
    periodSeconds: 10,
    timeoutSeconds: 2,
    successThreshold: 1,
    failureThreshold: 3,
  });
  switch (app.runtime) {
    case 'spring-boot':
      return {
        readinessProbe: http('/actuator/health/readiness', 15),
        livenessProbe: http('/actuator/health/liveness', 60),
      };
    case 'go':
      return { readinessProbe: http('/healthz', 3), livenessProbe: http('/healthz', 10) };
    case 'nginx':
      return { readinessProbe: http('/healthz', 2), livenessProbe: http('/healthz', 10) };
  }
}

/** Deployment, Service, ConfigMap, Secret (not for nginx apps) and Ingress (if any) of one app in one namespace. */
function appObjects(project: string, app: AppSeed, env: string, namespace: string): KubeObject[] {
  const image = app.images[env];
  if (!image) throw new Error(`seed: app ${app.name} has no image for env ${env}`);
  const labels = appLabels(app.name, project);
  const meta = (name: string) => ({ name, namespace, labels: { ...labels } });
  const configName = `${app.name}-config`;
  const secretName = `${app.name}-db`;
  const hasSecret = app.runtime !== 'nginx';
  const objects: KubeObject[] = [];

  objects.push({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta(configName),
    data: appConfig(app, project, env, namespace),
  });
  if (hasSecret) {
    objects.push({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta(secretName),
      type: 'Opaque',
      data: {
        username: b64(app.name.replace(/-/g, '_')),
        password: b64(shortHash(`password/${namespace}/${app.name}`, 20)),
      },
    });
  }

  const env_: Record<string, unknown>[] = [];
  const volumeMounts: Record<string, unknown>[] = [];
  const volumes: Record<string, unknown>[] = [];
  const envFrom: Record<string, unknown>[] = [];
  if (app.runtime === 'spring-boot') {
    env_.push(
      {
        name: 'JAVA_OPTS',
        value: '-XX:MaxRAMPercentage=75.0 -XX:+UseG1GC -Djava.security.egd=file:/dev/./urandom',
      },
      { name: 'SPRING_PROFILES_ACTIVE', value: env },
      { name: 'SPRING_CONFIG_ADDITIONAL_LOCATION', value: 'file:/app/config/' },
    );
    volumeMounts.push({ name: 'config', mountPath: '/app/config', readOnly: true });
    volumes.push({ name: 'config', configMap: { name: configName } });
  } else if (app.runtime === 'go') {
    envFrom.push({ configMapRef: { name: configName } });
  } else {
    volumeMounts.push({ name: 'config', mountPath: '/etc/nginx/conf.d', readOnly: true });
    volumes.push({ name: 'config', configMap: { name: configName } });
  }
  if (hasSecret) {
    env_.push(
      { name: 'DB_USERNAME', valueFrom: { secretKeyRef: { name: secretName, key: 'username' } } },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: secretName, key: 'password' } } },
    );
  }

  const container: Record<string, unknown> = {
    name: APP_CONTAINER,
    image,
    imagePullPolicy: 'IfNotPresent',
    ports: [{ name: 'http', containerPort: app.port, protocol: 'TCP' }],
    ...(envFrom.length > 0 ? { envFrom } : {}),
    ...(env_.length > 0 ? { env: env_ } : {}),
    resources: {
      requests: { ...app.resources.requests },
      limits: { ...app.resources.limits },
    },
    ...probes(app),
    ...(volumeMounts.length > 0 ? { volumeMounts } : {}),
  };

  objects.push({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(app.name),
    spec: {
      replicas: app.replicas,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      selector: { matchLabels: { 'app.kubernetes.io/name': app.name } },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
      },
      template: {
        metadata: { labels: { ...labels } },
        spec: {
          containers: [container],
          ...(volumes.length > 0 ? { volumes } : {}),
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 30,
          dnsPolicy: 'ClusterFirst',
          serviceAccountName: 'default',
        },
      },
    },
  });

  objects.push({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(app.name),
    spec: {
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': app.name },
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
    },
  });

  if (app.ingress) {
    objects.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: meta(app.name),
      spec: {
        ingressClassName: 'nginx',
        rules: [
          {
            host: `${app.name}.${env}.wharf.local`,
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: app.name, port: { name: 'http' } } },
                },
              ],
            },
          },
        ],
      },
    });
  }
  return objects;
}

function projectObjects(project: ProjectSeed, cluster: ClusterName): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const env of project.envs[cluster]) {
    const protectedNs = PROTECTED_ENVS.includes(env);
    const groups: { namespace: string; app?: string; apps: AppSeed[] }[] =
      project.layout === 'env'
        ? [{ namespace: `${project.name}-${env}`, apps: project.apps }]
        : project.apps.map((a) => ({
            namespace: `${project.name}-${a.name}-${env}`,
            app: a.name,
            apps: [a],
          }));
    for (const { namespace, app, apps } of groups) {
      objects.push(
        namespaceObject(
          namespace,
          {
            'wharf.io/project': project.name,
            'wharf.io/env': env,
            ...(app ? { 'wharf.io/app': app } : {}),
            ...(protectedNs ? { 'wharf.io/protected': 'true' } : {}),
          },
          { 'wharf.io/creator': project.creator },
        ),
        serviceAccount(namespace),
        ...quotaObjects(namespace),
      );
      for (const [user, role] of Object.entries(project.members)) {
        objects.push(roleBinding(namespace, role, user, protectedNs));
      }
      for (const a of apps) objects.push(...appObjects(project.name, a, env, namespace));
    }
  }
  return objects;
}

function loadPods(namespace: string, count: number): KubeObject[] {
  return Array.from({ length: count }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `load-${i + 1}`, namespace, labels: { 'app.kubernetes.io/name': 'load' } },
    spec: {
      containers: [
        {
          name: APP_CONTAINER,
          image: 'busybox:1.36',
          command: ['sh', '-c', 'while true; do echo tick; sleep 1; done'],
          // Requests and limits so the pods also pass quota admission in a namespace with a quota.
          resources: {
            requests: { cpu: '10m', memory: '16Mi' },
            limits: { cpu: '50m', memory: '32Mi' },
          },
        },
      ],
      restartPolicy: 'Always',
    },
  }));
}

function checkExtraPods(extra: { namespace: string; count: number }): void {
  if (!DNS_LABEL.test(extra.namespace) || extra.namespace.length > 63) {
    throw new Error(`seed: extraPods.namespace "${extra.namespace}" is not a valid namespace name`);
  }
  if (!Number.isSafeInteger(extra.count) || extra.count < 0) {
    throw new Error(`seed: extraPods.count must be a non-negative integer, got ${extra.count}`);
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * Every object a fresh simulated cluster starts with (besides kube's bootstrap RBAC), without
 * uid/resourceVersion: the store adds them. Deployments have no status; controllers fill it.
 */
export function seedObjects(cluster: ClusterName, opts: SeedOptions = {}): KubeObject[] {
  if (!CLUSTERS.includes(cluster)) throw new Error(`seed: unknown cluster "${String(cluster)}"`);
  if (opts.extraPods) checkExtraPods(opts.extraPods);
  const objects: KubeObject[] = [];
  for (const ns of SYSTEM_NAMESPACES) objects.push(namespaceObject(ns), serviceAccount(ns));
  objects.push(
    ...wharfClusterRoles(),
    clusterRoleBinding('wharf-platform-admins', 'cluster-admin', {
      kind: 'Group',
      name: PLATFORM_ADMINS_GROUP,
    }),
    clusterRoleBinding('wharf-console', 'wharf-console', { kind: 'User', name: CONSOLE_USER }),
    ...nodeObjects(cluster, opts.now ?? new Date()),
  );
  for (const project of PROJECTS) objects.push(...projectObjects(project, cluster));
  if (opts.extraPods) {
    const { namespace, count } = opts.extraPods;
    // The load namespace has no quota: thousands of pods must fit.
    if (!objects.some((o) => o.kind === 'Namespace' && o.metadata.name === namespace)) {
      objects.push(namespaceObject(namespace), serviceAccount(namespace));
    }
    objects.push(...loadPods(namespace, count));
  }
  return objects;
}

/** Every image the seed's workloads use, deduplicated (for the simulated registry's catalogue). */
export function seedImages(): string[] {
  const images = PROJECTS.flatMap((p) => p.apps.flatMap((a) => Object.values(a.images)));
  return [...new Set(images)].sort();
}
