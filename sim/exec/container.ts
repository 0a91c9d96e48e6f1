// What a simulated container looks like from inside: its image flavour (Debian/Alpine/busybox, Java, nginx),
// its environment as the kubelet builds it, its processes and the files it starts with.
import type { KubeObject } from '../types';
import { addDir, addFile, createFs, type FakeFs } from './fs';

export type ImageKind = 'java' | 'nginx' | 'busybox' | 'alpine' | 'debian';
/** `gnu`: Debian userland (dash as sh, bash, coreutils); `busybox`: Alpine/busybox (ash, applets). */
export type Userland = 'gnu' | 'busybox';

export interface ContainerImage {
  kind: ImageKind;
  userland: Userland;
  bash: boolean;
  workdir: string;
  /** Environment baked into the image, PATH first. */
  env: [string, string][];
  /** Processes running in the container before anyone execs in; PID 1 first. */
  processes: Process[];
  os: { id: string; pretty: string; version: string };
  nginxVersion?: string;
}

export interface Process {
  pid: number;
  user: string;
  /** argv; PID 1 is shown from it, nginx's titles replace it. */
  argv: string[];
  title?: string;
}

/** Read-only access to the objects a container's env and volumes refer to. */
export interface ObjectLookup {
  get(resource: string, ns: string, name: string): KubeObject | undefined;
  list(resource: string, ns: string): KubeObject[];
}

export function rec(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : {};
}

export function recs(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.map(rec) : [];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function strs(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Every container name the apiserver accepts for exec (`podHasContainerWithName`): regular, init, ephemeral. */
export function containerNames(pod: KubeObject): {
  containers: string[];
  init: string[];
  ephemeral: string[];
} {
  const spec = rec(pod.spec);
  const names = (v: unknown): string[] =>
    recs(v)
      .map((c) => str(c.name))
      .filter((n): n is string => n !== undefined);
  return {
    containers: names(spec.containers),
    init: names(spec.initContainers),
    ephemeral: names(spec.ephemeralContainers),
  };
}

export function containerSpec(pod: KubeObject, name: string): Record<string, unknown> | undefined {
  const spec = rec(pod.spec);
  return [
    ...recs(spec.containers),
    ...recs(spec.initContainers),
    ...recs(spec.ephemeralContainers),
  ].find((c) => c.name === name);
}

/** The container's status entry when it is running (`state.running`), else undefined. */
export function runningStatus(pod: KubeObject, name: string): Record<string, unknown> | undefined {
  const status = rec(pod.status);
  const all = [
    ...recs(status.containerStatuses),
    ...recs(status.initContainerStatuses),
    ...recs(status.ephemeralContainerStatuses),
  ];
  const s = all.find((c) => c.name === name);
  return s && rec(s.state).running !== undefined ? s : undefined;
}

const DEBIAN = { id: 'debian', pretty: 'Debian GNU/Linux 12 (bookworm)', version: '12' };
const ALPINE = { id: 'alpine', pretty: 'Alpine Linux v3.20', version: '3.20.3' };
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const JAVA_HOME = '/opt/java/openjdk';

function imageRepo(image: string): { repo: string; tag: string } {
  const noDigest = image.split('@')[0] ?? image;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash
    ? { repo: noDigest.slice(0, colon), tag: noDigest.slice(colon + 1) }
    : { repo: noDigest, tag: 'latest' };
}

function isOfficial(repo: string, name: string): boolean {
  return [name, `library/${name}`, `docker.io/library/${name}`, `docker.io/${name}`].includes(repo);
}

/** Guesses the image from its reference, the command and the pod's mounts and env, as a person would. */
export function imageOf(container: Record<string, unknown>): ContainerImage {
  const image = (str(container.image) ?? '').toLowerCase();
  const { repo, tag } = imageRepo(image);
  const command = [...strs(container.command), ...strs(container.args)];
  const envNames = recs(container.env).map((e) => str(e.name));
  const mounts = recs(container.volumeMounts).map((m) => str(m.mountPath) ?? '');
  const repoBase = repo.split('/').pop() ?? repo;
  const alpineTag = /alpine/.test(tag) || /alpine/.test(repo);

  if (/busybox/.test(repo)) {
    return {
      kind: 'busybox',
      userland: 'busybox',
      bash: false,
      workdir: '/',
      env: [['PATH', DEFAULT_PATH]],
      processes: [{ pid: 1, user: 'root', argv: command.length > 0 ? command : ['sh'] }],
      os: ALPINE,
    };
  }
  if (
    /nginx/.test(repo) ||
    mounts.some((m) => m.startsWith('/etc/nginx') || m.startsWith('/usr/share/nginx')) ||
    command[0] === 'nginx'
  ) {
    const debian = isOfficial(repo, 'nginx') && !alpineTag;
    const version = /^\d+\.\d+\.\d+/.exec(tag)?.[0] ?? '1.27.3';
    return {
      kind: 'nginx',
      userland: debian ? 'gnu' : 'busybox',
      bash: debian,
      workdir: '/',
      env: [
        ['PATH', DEFAULT_PATH],
        ['NGINX_VERSION', version],
        ['NJS_VERSION', '0.8.7'],
        ['NJS_RELEASE', debian ? '1~bookworm' : '1'],
        ['PKG_RELEASE', debian ? '1~bookworm' : '1'],
        ['DYNPKG_RELEASE', debian ? '1~bookworm' : '1'],
      ],
      processes: [
        {
          pid: 1,
          user: 'root',
          argv: command.length > 0 ? command : ['nginx', '-g', 'daemon off;'],
          title: 'nginx: master process nginx -g daemon off;',
        },
        { pid: 29, user: 'nginx', argv: ['nginx'], title: 'nginx: worker process' },
        { pid: 30, user: 'nginx', argv: ['nginx'], title: 'nginx: worker process' },
      ],
      os: debian ? DEBIAN : ALPINE,
      nginxVersion: version,
    };
  }
  if (
    envNames.some((n) => n === 'JAVA_OPTS' || n === 'JAVA_TOOL_OPTIONS') ||
    /java|jdk|jre|temurin|spring/.test(repo) ||
    command[0] === 'java'
  ) {
    const opts = recs(container.env).find((e) => e.name === 'JAVA_OPTS');
    const optArgs = (str(opts?.value) ?? '').split(/\s+/).filter((a) => a !== '');
    return {
      kind: 'java',
      userland: 'gnu',
      bash: true,
      workdir: '/app',
      env: [
        ['PATH', `${JAVA_HOME}/bin:${DEFAULT_PATH}`],
        ['JAVA_HOME', JAVA_HOME],
        ['LANG', 'en_US.UTF-8'],
        ['LANGUAGE', 'en_US:en'],
        ['LC_ALL', 'en_US.UTF-8'],
        ['JAVA_VERSION', 'jdk-21.0.5+11'],
      ],
      processes: [
        {
          pid: 1,
          user: 'root',
          argv: command.length > 0 ? command : ['java', ...optArgs, '-jar', '/app/app.jar'],
        },
      ],
      os: DEBIAN,
    };
  }
  const debian = /debian|ubuntu|python|node|golang|ruby|php/.test(repo) && !alpineTag;
  return {
    kind: debian ? 'debian' : 'alpine',
    userland: debian ? 'gnu' : 'busybox',
    bash: debian,
    workdir: debian ? '/' : '/app',
    env: [['PATH', DEFAULT_PATH]],
    processes: [
      {
        pid: 1,
        user: 'root',
        argv: command.length > 0 ? command : debian ? ['sleep', 'infinity'] : [`/app/${repoBase}`],
      },
    ],
    os: debian ? DEBIAN : ALPINE,
  };
}

// ---------------------------------------------------------------------------------------------
// Environment

function decodeB64(v: unknown): string {
  return typeof v === 'string' ? Buffer.from(v, 'base64').toString('utf8') : '';
}

/** `$(VAR)` references to earlier variables, `$$(` escapes (kube's third_party/forked/golang/expansion). */
export function expandKubeRefs(value: string, defined: ReadonlyMap<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name: string | undefined) => {
    if (m === '$$') return '$';
    const v = name === undefined ? undefined : defined.get(name);
    return v ?? m;
  });
}

function fieldValue(pod: KubeObject, path: string): string {
  const status = rec(pod.status);
  const spec = rec(pod.spec);
  const label = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (label) {
    const m = label[1] === 'labels' ? pod.metadata.labels : pod.metadata.annotations;
    return m?.[label[2]!] ?? '';
  }
  switch (path) {
    case 'metadata.name':
      return pod.metadata.name ?? '';
    case 'metadata.namespace':
      return pod.metadata.namespace ?? '';
    case 'metadata.uid':
      return pod.metadata.uid ?? '';
    case 'spec.nodeName':
      return str(spec.nodeName) ?? '';
    case 'spec.serviceAccountName':
      return str(spec.serviceAccountName) ?? 'default';
    case 'status.podIP':
      return str(status.podIP) ?? '';
    case 'status.hostIP':
      return str(status.hostIP) ?? '';
    case 'status.podIPs':
      return recs(status.podIPs)
        .map((p) => str(p.ip) ?? '')
        .join(',');
    default:
      return '';
  }
}

function resourceValue(container: Record<string, unknown>, resource: string): string {
  const [kind, name] = resource.split('.');
  const q = str(rec(rec(container.resources)[kind ?? ''])[name ?? '']);
  if (q === undefined) return '0';
  const m = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(q);
  if (!m) return q;
  const n = Number(m[1]);
  const mult: Record<string, number> = {
    m: 0.001,
    Ki: 1024,
    Mi: 1024 ** 2,
    Gi: 1024 ** 3,
    Ti: 1024 ** 4,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
  };
  // Divisor 1: cpu rounds up to whole cores, memory is bytes.
  return String(Math.ceil(n * (m[2] ? (mult[m[2]] ?? 1) : 1)));
}

function serviceLinks(services: KubeObject[]): [string, string][] {
  const out: [string, string][] = [];
  for (const svc of services) {
    const spec = rec(svc.spec);
    const ip = str(spec.clusterIP);
    if (!ip || ip === 'None') continue;
    const ports = recs(spec.ports);
    const first = ports[0];
    if (!first) continue;
    const prefix = (svc.metadata.name ?? '').toUpperCase().replace(/-/g, '_');
    const portOf = (p: Record<string, unknown>): string => String(p.port ?? '');
    out.push([`${prefix}_SERVICE_HOST`, ip], [`${prefix}_SERVICE_PORT`, portOf(first)]);
    for (const p of ports) {
      const pname = str(p.name);
      if (pname)
        out.push([`${prefix}_SERVICE_PORT_${pname.toUpperCase().replace(/-/g, '_')}`, portOf(p)]);
    }
    const proto = (str(first.protocol) ?? 'TCP').toLowerCase();
    out.push([`${prefix}_PORT`, `${proto}://${ip}:${portOf(first)}`]);
    for (const p of ports) {
      const pr = (str(p.protocol) ?? 'TCP').toUpperCase();
      const base = `${prefix}_PORT_${portOf(p)}_${pr}`;
      out.push(
        [base, `${pr.toLowerCase()}://${ip}:${portOf(p)}`],
        [`${base}_PROTO`, pr.toLowerCase()],
        [`${base}_PORT`, portOf(p)],
        [`${base}_ADDR`, ip],
      );
    }
  }
  return out;
}

/**
 * The process environment of a new exec in this container, in the order `env` prints it: image env
 * (PATH first), HOSTNAME, the container's envFrom/env resolved like the kubelet does (ConfigMap and Secret
 * values from the store, downward API, `$(VAR)` references), service links, then HOME.
 */
export function containerEnv(
  pod: KubeObject,
  container: Record<string, unknown>,
  image: ContainerImage,
  lookup: ObjectLookup,
  o: { tty: boolean },
): Map<string, string> {
  const ns = pod.metadata.namespace ?? 'default';
  const env = new Map<string, string>();
  const [pathVar, ...imageRest] = image.env;
  if (pathVar) env.set(pathVar[0], pathVar[1]);
  env.set('HOSTNAME', hostnameOf(pod));
  if (o.tty) env.set('TERM', 'xterm');
  for (const [k, v] of imageRest) env.set(k, v);

  const defined = new Map<string, string>();
  const define = (k: string, v: string): void => {
    defined.set(k, v);
    env.delete(k);
    env.set(k, v);
  };
  for (const from of recs(container.envFrom)) {
    const prefix = str(from.prefix) ?? '';
    const cm = str(rec(from.configMapRef).name);
    const secret = str(rec(from.secretRef).name);
    if (cm) {
      const data = rec(lookup.get('/configmaps', ns, cm)?.data);
      for (const [k, v] of Object.entries(data)) if (typeof v === 'string') define(prefix + k, v);
    }
    if (secret) {
      const data = rec(lookup.get('/secrets', ns, secret)?.data);
      for (const [k, v] of Object.entries(data)) define(prefix + k, decodeB64(v));
    }
  }
  for (const e of recs(container.env)) {
    const name = str(e.name);
    if (!name) continue;
    if (typeof e.value === 'string') {
      define(name, expandKubeRefs(e.value, defined));
      continue;
    }
    const from = rec(e.valueFrom);
    const cmRef = rec(from.configMapKeyRef);
    const secretRef = rec(from.secretKeyRef);
    const fieldRef = str(rec(from.fieldRef).fieldPath);
    const resourceRef = str(rec(from.resourceFieldRef).resource);
    let value = '';
    if (str(cmRef.name) && str(cmRef.key)) {
      value =
        str(rec(lookup.get('/configmaps', ns, str(cmRef.name)!)?.data)[str(cmRef.key)!]) ?? '';
    } else if (str(secretRef.name) && str(secretRef.key)) {
      value = decodeB64(
        rec(lookup.get('/secrets', ns, str(secretRef.name)!)?.data)[str(secretRef.key)!],
      );
    } else if (fieldRef) value = fieldValue(pod, fieldRef);
    else if (resourceRef) value = resourceValue(container, resourceRef);
    define(name, value);
  }

  const spec = rec(pod.spec);
  const links: [string, string][] = [];
  if (spec.enableServiceLinks !== false) links.push(...serviceLinks(lookup.list('/services', ns)));
  const api = lookup.get('/services', 'default', 'kubernetes');
  const apiIp = str(rec(api?.spec).clusterIP) ?? '10.96.0.1';
  links.push(
    ['KUBERNETES_SERVICE_HOST', apiIp],
    ['KUBERNETES_SERVICE_PORT', '443'],
    ['KUBERNETES_SERVICE_PORT_HTTPS', '443'],
    ['KUBERNETES_PORT', `tcp://${apiIp}:443`],
    ['KUBERNETES_PORT_443_TCP', `tcp://${apiIp}:443`],
    ['KUBERNETES_PORT_443_TCP_PROTO', 'tcp'],
    ['KUBERNETES_PORT_443_TCP_PORT', '443'],
    ['KUBERNETES_PORT_443_TCP_ADDR', apiIp],
  );
  for (const [k, v] of links) if (!defined.has(k)) env.set(k, v);
  if (!env.has('HOME')) env.set('HOME', '/root');
  return env;
}

export function hostnameOf(pod: KubeObject): string {
  const spec = rec(pod.spec);
  return str(spec.hostname) ?? pod.metadata.name ?? 'localhost';
}

// ---------------------------------------------------------------------------------------------
// Filesystem

/** Binaries every image has (busybox applets or coreutils); the shell implements each. */
export const CORE_COMMANDS = [
  'basename',
  'cat',
  'chmod',
  'clear',
  'cp',
  'date',
  'dirname',
  'echo',
  'env',
  'false',
  'grep',
  'head',
  'hostname',
  'id',
  'ls',
  'mkdir',
  'mv',
  'printenv',
  'printf',
  'ps',
  'pwd',
  'rm',
  'rmdir',
  'seq',
  'sleep',
  'sort',
  'stty',
  'tail',
  'tee',
  'test',
  '[',
  'touch',
  'true',
  'uname',
  'uptime',
  'wc',
  'which',
  'whoami',
] as const;

/** busybox keeps these under /usr/bin; the rest of its applets live in /bin. */
const BUSYBOX_USR_BIN = new Set([
  'basename',
  'clear',
  'dirname',
  'env',
  'head',
  'id',
  'printf',
  'seq',
  'sort',
  'tail',
  'tee',
  'test',
  '[',
  'uptime',
  'wc',
  'which',
  'whoami',
]);

/** Absolute path of each program in the image. */
export function programPaths(image: ContainerImage): Map<string, string> {
  const paths = new Map<string, string>();
  if (image.userland === 'gnu') {
    for (const c of CORE_COMMANDS) paths.set(c, `/usr/bin/${c}`);
    paths.set('sh', '/usr/bin/sh');
    paths.set('dash', '/usr/bin/dash');
  } else {
    for (const c of CORE_COMMANDS) paths.set(c, `${BUSYBOX_USR_BIN.has(c) ? '/usr' : ''}/bin/${c}`);
    paths.set('sh', '/bin/sh');
    paths.set('ash', '/bin/ash');
  }
  if (image.bash) paths.set('bash', '/usr/bin/bash');
  if (image.kind === 'java') paths.set('java', `${JAVA_HOME}/bin/java`);
  if (image.kind === 'nginx') paths.set('nginx', '/usr/sbin/nginx');
  return paths;
}

const NGINX_CONF = `
user  nginx;
worker_processes  auto;

error_log  /var/log/nginx/error.log notice;
pid        /var/run/nginx.pid;


events {
    worker_connections  1024;
}


http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;

    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';

    access_log  /var/log/nginx/access.log  main;

    sendfile        on;
    #tcp_nopush     on;

    keepalive_timeout  65;

    #gzip  on;

    include /etc/nginx/conf.d/*.conf;
}
`;

const NGINX_DEFAULT_CONF = `server {
    listen       80;
    listen  [::]:80;
    server_name  localhost;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }
}
`;

const NGINX_INDEX = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

function passwd(image: ContainerImage): string {
  const gnu = [
    'root:x:0:0:root:/root:/bin/bash',
    'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin',
    'bin:x:2:2:bin:/bin:/usr/sbin/nologin',
    'sys:x:3:3:sys:/dev:/usr/sbin/nologin',
    'sync:x:4:65534:sync:/bin:/bin/sync',
    'games:x:5:60:games:/usr/games:/usr/sbin/nologin',
    'man:x:6:12:man:/var/cache/man:/usr/sbin/nologin',
    'mail:x:8:8:mail:/var/mail:/usr/sbin/nologin',
    'www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin',
    'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
  ];
  const bb = [
    'root:x:0:0:root:/root:/bin/sh',
    'bin:x:1:1:bin:/bin:/sbin/nologin',
    'daemon:x:2:2:daemon:/sbin:/sbin/nologin',
    'mail:x:8:12:mail:/var/mail:/sbin/nologin',
    'www-data:x:82:82:Linux User,,,:/home/www-data:/sbin/nologin',
    'nobody:x:65534:65534:nobody:/:/sbin/nologin',
  ];
  const lines = image.userland === 'gnu' ? gnu : bb;
  if (image.kind === 'nginx') {
    lines.push(
      image.userland === 'gnu'
        ? 'nginx:x:101:101:nginx user:/nonexistent:/bin/false'
        : 'nginx:x:101:101:nginx:/var/cache/nginx:/sbin/nologin',
    );
  }
  return `${lines.join('\n')}\n`;
}

function osRelease(image: ContainerImage): string {
  if (image.os.id === 'debian') {
    return [
      'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"',
      'NAME="Debian GNU/Linux"',
      'VERSION_ID="12"',
      'VERSION="12 (bookworm)"',
      'VERSION_CODENAME=bookworm',
      'ID=debian',
      'HOME_URL="https://www.debian.org/"',
      'SUPPORT_URL="https://www.debian.org/support"',
      'BUG_REPORT_URL="https://bugs.debian.org/"',
      '',
    ].join('\n');
  }
  return [
    'NAME="Alpine Linux"',
    'ID=alpine',
    'VERSION_ID=3.20.3',
    'PRETTY_NAME="Alpine Linux v3.20"',
    'HOME_URL="https://alpinelinux.org/"',
    'BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"',
    '',
  ].join('\n');
}

function appName(pod: KubeObject, container: Record<string, unknown>): string {
  return (
    pod.metadata.labels?.['app.kubernetes.io/name'] ??
    pod.metadata.labels?.app ??
    str(container.name) ??
    'app'
  );
}

/** A plausible service-account token: three base64url parts, not a credential anyone accepts. */
function fakeToken(pod: KubeObject): string {
  const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const ns = pod.metadata.namespace ?? 'default';
  const sa = str(rec(pod.spec).serviceAccountName) ?? 'default';
  return [
    b64({ alg: 'RS256', kid: 'wharf-sim' }),
    b64({
      iss: 'https://kubernetes.default.svc.cluster.local',
      sub: `system:serviceaccount:${ns}:${sa}`,
    }),
    Buffer.from(`sim-signature-${pod.metadata.uid ?? ''}`).toString('base64url'),
  ].join('.');
}

/** The container's filesystem at start: image content, kubelet-managed files and the pod's volume mounts. */
export function buildFs(
  pod: KubeObject,
  container: Record<string, unknown>,
  image: ContainerImage,
  lookup: ObjectLookup,
  now: number,
): FakeFs {
  const fs = createFs(now);
  const ns = pod.metadata.namespace ?? 'default';
  const host = hostnameOf(pod);
  const podIP = str(rec(pod.status).podIP) ?? '10.244.0.2';
  const f = (
    path: string,
    data: string,
    o: { mode?: number; size?: number; readOnly?: boolean } = {},
  ): void => addFile(fs, path, data, { now, ...o });
  const d = (path: string, o: { mode?: number; readOnly?: boolean } = {}): void => {
    addDir(fs, path, { now, ...o });
  };

  for (const dir of [
    '/root',
    '/home',
    '/usr/local/bin',
    '/var/log',
    '/var/tmp',
    '/mnt',
    '/opt',
    '/srv',
  ])
    d(dir);
  d('/tmp', { mode: 0o1777 });
  for (const [name, path] of programPaths(image)) {
    f(path, '\u007fELF\u0002\u0001\u0001', {
      mode: 0o755,
      size: image.userland === 'gnu' ? 68_496 : 0,
    });
    if (image.userland === 'gnu' && path.startsWith('/usr/bin/')) {
      f(`/bin/${name}`, '\u007fELF\u0002\u0001\u0001', { mode: 0o755, size: 68_496 });
    }
  }
  if (image.userland === 'busybox')
    f('/bin/busybox', '\u007fELF\u0002\u0001\u0001', { mode: 0o755, size: 808_712 });

  f('/etc/hostname', `${host}\n`);
  f(
    '/etc/hosts',
    [
      '# Kubernetes-managed hosts file.',
      '127.0.0.1\tlocalhost',
      '::1\tlocalhost ip6-localhost ip6-loopback',
      'fe00::0\tip6-localnet',
      'fe00::0\tip6-mcastprefix',
      'fe00::1\tip6-allnodes',
      'fe00::2\tip6-allrouters',
      `${podIP}\t${host}`,
      '',
    ].join('\n'),
  );
  f(
    '/etc/resolv.conf',
    `search ${ns}.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n`,
  );
  f('/etc/os-release', osRelease(image));
  if (image.os.id === 'alpine') f('/etc/alpine-release', `${image.os.version}\n`);
  else f('/etc/debian_version', '12.8\n');
  f('/etc/passwd', passwd(image));
  f(
    '/etc/group',
    image.kind === 'nginx'
      ? 'root:x:0:\nnogroup:x:65534:\nnginx:x:101:\n'
      : 'root:x:0:\nnogroup:x:65534:\n',
  );
  const pid1 = image.processes[0];
  d('/proc', { readOnly: true });
  if (pid1) f('/proc/1/cmdline', `${pid1.argv.join('\u0000')}\u0000`, { readOnly: true });
  f('/proc/version', 'Linux version 6.8.0-49-generic (buildd@lcy02-amd64-103) #49-Ubuntu SMP\n', {
    readOnly: true,
  });
  for (const dev of ['null', 'zero', 'tty', 'stdout', 'stderr', 'stdin', 'random', 'urandom'])
    f(`/dev/${dev}`, '', { mode: 0o666 });

  if (image.kind === 'java') {
    f('/app/app.jar', 'PK\u0003\u0004\u0014\u0000\u0008\u0008\u0008\u0000', { size: 48_213_774 });
    f(
      '/app/application.properties',
      [
        `spring.application.name=${appName(pod, container)}`,
        'server.port=8080',
        'server.shutdown=graceful',
        'management.endpoints.web.exposure.include=health,info',
        'management.endpoint.health.probes.enabled=true',
        '',
      ].join('\n'),
    );
    f(`${JAVA_HOME}/release`, 'IMPLEMENTOR="Eclipse Adoptium"\nJAVA_VERSION="21.0.5"\n');
  }
  if (image.kind === 'nginx') {
    f('/etc/nginx/nginx.conf', NGINX_CONF.slice(1));
    f('/etc/nginx/conf.d/default.conf', NGINX_DEFAULT_CONF);
    f(
      '/etc/nginx/mime.types',
      'types {\n    text/html  html htm shtml;\n    text/css   css;\n    application/javascript  js;\n}\n',
    );
    f('/usr/share/nginx/html/index.html', NGINX_INDEX);
    f(
      '/usr/share/nginx/html/50x.html',
      '<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n<body>\n<h1>An error occurred.</h1>\n</body>\n</html>\n',
    );
    f('/var/log/nginx/access.log', '');
    f('/var/log/nginx/error.log', '');
    d('/var/cache/nginx');
    f('/docker-entrypoint.sh', '#!/bin/sh\n# vim:sw=4:ts=4:et\n\nset -e\n', { mode: 0o755 });
    d('/docker-entrypoint.d');
  }
  if (image.kind === 'alpine' && pid1?.argv[0]?.startsWith('/app/')) {
    f(pid1.argv[0], '\u007fELF\u0002\u0001\u0001', { mode: 0o755, size: 21_774_336 });
  }

  const spec = rec(pod.spec);
  if (spec.automountServiceAccountToken !== false) {
    const base = '/var/run/secrets/kubernetes.io/serviceaccount';
    d(base, { readOnly: true });
    f(`${base}/namespace`, ns, { readOnly: true });
    f(`${base}/token`, fakeToken(pod), { readOnly: true });
    f(
      `${base}/ca.crt`,
      '-----BEGIN CERTIFICATE-----\nMIIC/jCCAeagAwIBAgIBADANBgkqhkiG9w0BAQsFADAVMRMwEQYDVQQDEwprdWJl\n-----END CERTIFICATE-----\n',
      { readOnly: true },
    );
  }
  mountVolumes(fs, pod, container, lookup, now);
  return fs;
}

function mountVolumes(
  fs: FakeFs,
  pod: KubeObject,
  container: Record<string, unknown>,
  lookup: ObjectLookup,
  now: number,
): void {
  const ns = pod.metadata.namespace ?? 'default';
  const volumes = new Map(recs(rec(pod.spec).volumes).map((v) => [str(v.name) ?? '', v]));
  for (const m of recs(container.volumeMounts)) {
    const path = str(m.mountPath);
    const vol = volumes.get(str(m.name) ?? '');
    if (!path || !vol) continue;
    let files: [string, string][] | undefined;
    let items: Record<string, unknown>[] = [];
    const cm = rec(vol.configMap);
    const secret = rec(vol.secret);
    if (str(cm.name)) {
      const obj = lookup.get('/configmaps', ns, str(cm.name)!);
      files = Object.entries(rec(obj?.data)).map(([k, v]) => [k, str(v) ?? '']);
      items = recs(cm.items);
    } else if (str(secret.secretName)) {
      const obj = lookup.get('/secrets', ns, str(secret.secretName)!);
      files = Object.entries(rec(obj?.data)).map(([k, v]) => [k, decodeB64(v)]);
      items = recs(secret.items);
    }
    const readOnly = files !== undefined || m.readOnly === true;
    const sub = str(m.subPath);
    if (files && sub) {
      const hit = files.find(([k]) => k === sub);
      if (hit) addFile(fs, path, hit[1], { now, readOnly: true });
      continue;
    }
    const dir = addDir(fs, path, { now, readOnly });
    dir.entries.clear();
    if (!files) continue;
    const wanted =
      items.length > 0
        ? new Map(items.map((i) => [str(i.key) ?? '', str(i.path) ?? '']))
        : undefined;
    for (const [k, v] of files) {
      const rel = wanted ? wanted.get(k) : k;
      if (!rel) continue;
      addFile(fs, `${path}/${rel}`, v, { now, readOnly: true });
    }
  }
}
