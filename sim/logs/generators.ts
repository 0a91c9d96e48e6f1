// Log text per image style (Spring Boot, nginx, plain app lines): each line a pure function of a seed and its index.
import type { KubeObject } from '../types';

export type LogStyle = 'spring' | 'nginx' | 'plain';
/** How the container's process ends: `crash` exits with a stack trace, `oom` grows until killed. */
export type LogFailure = 'crash' | 'oom' | undefined;

/** What a container instance's log text depends on. */
export interface GeneratorSpec {
  /** Mixes pod uid, container name and instance start: two instances never share a log. */
  seed: number;
  style: LogStyle;
  failure: LogFailure;
  /** The app's name (`foo`, `ai-server`): Spring's application name, class and package. */
  app: string;
  /** The project (`haierpsi`): the app's Java package `com.<project>.<app>`. */
  project: string;
  port: number;
  image: string;
}

export interface LogGenerator {
  /** Lines the process ever writes: Infinity for a server, a few dozen for a crashing one. */
  readonly count: number;
  /** Line `i` (no newline); `timeMs` is the moment it was written, as it appears in the text. */
  line(i: number, timeMs: number): string;
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness: a 32-bit integer hash (lowbias32), no state between calls.

function mix(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** A uint32 that depends on the seed, the line index and a salt (which field of the line). */
export function rand(seed: number, i: number, salt = 0): number {
  const hi = (i / 4294967296) | 0;
  return mix(seed ^ mix((i >>> 0) ^ mix(hi + Math.imul(salt + 1, 0x9e3779b9))));
}

/** FNV-1a of a string: seeds from pod uid, container name and start time. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < s.length; k++) {
    h ^= s.charCodeAt(k);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function pick<T>(arr: readonly T[], r: number): T {
  return arr[r % arr.length]!;
}

// ---------------------------------------------------------------------------------------------
// Time formatting. A line's timestamp changes second only every many lines at high rates, so the
// per-second part is memoised in the generator (a cache, not state: output is the same without it).

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface SecondCache {
  sec: number;
  iso: string; // 2026-11-22T05:09:17
}

function isoSecond(cache: SecondCache, ms: number): string {
  const sec = Math.floor(ms / 1000);
  if (sec !== cache.sec) {
    cache.sec = sec;
    cache.iso = new Date(sec * 1000).toISOString().slice(0, 19);
  }
  return cache.iso;
}

function pad3(n: number): string {
  return n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n);
}

/** `2026-11-22T05:09:17.123Z`, as Spring Boot and Go's slog print UTC times. */
function isoMillis(cache: SecondCache, ms: number): string {
  return `${isoSecond(cache, ms)}.${pad3(Math.floor(ms) % 1000)}Z`;
}

/** nginx `$time_local`: `22/Nov/2026:05:09:17 +0000`. */
function nginxTime(cache: SecondCache, ms: number): string {
  const iso = isoSecond(cache, ms);
  return `${iso.slice(8, 10)}/${MONTHS[Number(iso.slice(5, 7)) - 1]}/${iso.slice(0, 4)}:${iso.slice(11)} +0000`;
}

/** nginx error_log time: `2026/11/22 05:09:17`. */
function nginxErrorTime(cache: SecondCache, ms: number): string {
  const iso = isoSecond(cache, ms);
  return `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)} ${iso.slice(11)}`;
}

// ---------------------------------------------------------------------------------------------
// Style detection.

interface ContainerLike {
  image?: unknown;
  env?: unknown;
  volumeMounts?: unknown;
  ports?: unknown;
}

function envNames(c: ContainerLike): string[] {
  return Array.isArray(c.env)
    ? c.env.map((e: unknown) => String((e as { name?: unknown }).name ?? ''))
    : [];
}

/** Spring Boot for JVM apps, nginx for nginx images (or containers mounting nginx config), else plain. */
export function styleOf(container: ContainerLike, image = String(container.image ?? '')): LogStyle {
  const img = image.toLowerCase();
  if (envNames(container).includes('JAVA_OPTS') || /spring|java|tomcat|jdk|jre/.test(img))
    return 'spring';
  const mounts = Array.isArray(container.volumeMounts) ? container.volumeMounts : [];
  if (
    /nginx|openresty/.test(img) ||
    mounts.some((m: unknown) =>
      /\/etc\/nginx/.test(String((m as { mountPath?: unknown }).mountPath)),
    )
  )
    return 'nginx';
  return 'plain';
}

/** The image tag decides how the process ends (the simulated kubelet reads the same tags). */
export function failureOf(image: string): LogFailure {
  const slash = image.lastIndexOf('/');
  const colon = image.indexOf(':', slash + 1);
  const tag = (colon >= 0 ? image.slice(colon + 1) : '').toLowerCase();
  if (tag.includes('crash')) return 'crash';
  if (tag.includes('oom')) return 'oom';
  return undefined;
}

/** The app's name: `app.kubernetes.io/name`, `app`, else the pod name without its generated suffixes. */
export function appNameOf(pod: KubeObject): string {
  const labels = pod.metadata.labels ?? {};
  const name =
    labels['app.kubernetes.io/name'] ??
    labels.app ??
    (pod.metadata.name ?? 'app').replace(/(-[a-z0-9]{8,10})?-[a-z0-9]{5}$/, '');
  return name || 'app';
}

export function projectOf(pod: KubeObject): string {
  const labels = pod.metadata.labels ?? {};
  return labels['app.kubernetes.io/part-of'] ?? pod.metadata.namespace ?? 'example';
}

export function portOf(container: ContainerLike, fallback: number): number {
  const ports = Array.isArray(container.ports) ? container.ports : [];
  const p = Number((ports[0] as { containerPort?: unknown } | undefined)?.containerPort);
  return Number.isInteger(p) && p > 0 ? p : fallback;
}

// ---------------------------------------------------------------------------------------------
// Shared pools.

const RESOURCES = ['orders', 'customers', 'invoices', 'products', 'carts', 'payments', 'users'];
const METHODS = ['GET', 'GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE', 'GET', 'PATCH', 'GET'];
const STATUSES = [200, 200, 200, 200, 200, 200, 200, 200, 201, 204, 304, 400, 404, 200, 200, 500];
const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'curl/8.5.0',
  'Go-http-client/1.1',
  'python-requests/2.32.3',
];
const STATIC_PATHS = [
  '/',
  '/index.html',
  '/assets/index-4f2a9c1e.js',
  '/assets/index-b81d3e07.css',
  '/assets/vendor-7c0e52ab.js',
  '/favicon.ico',
  '/logo.svg',
  '/robots.txt',
  '/manifest.webmanifest',
  '/assets/fonts/inter-var.woff2',
];

function requestPath(seed: number, i: number): string {
  const res = pick(RESOURCES, rand(seed, i, 11));
  const r = rand(seed, i, 12);
  if (r % 3 === 0) return `/api/v1/${res}`;
  if (r % 3 === 1) return `/api/v1/${res}/${10_000 + (r % 90_000)}`;
  return `/api/v1/${res}?page=${1 + (r % 20)}&size=20`;
}

function clientIp(seed: number, i: number): string {
  const r = rand(seed, i, 13);
  return `10.244.${r & 3}.${2 + ((r >>> 8) % 250)}`;
}

function hex(r: number, len: number): string {
  return r.toString(16).padStart(8, '0').slice(0, len);
}

// ---------------------------------------------------------------------------------------------
// Spring Boot 3 (logback's default console pattern): `%d %5p PID --- [app] [%15.15t] %-40.40logger{39} : %m`.

const BANNER = [
  '',
  '  .   ____          _            __ _ _',
  " /\\\\ / ___'_ __ _ _(_)_ __  __ _ \\ \\ \\ \\",
  "( ( )\\___ | '_ | '_| | '_ \\/ _` | \\ \\ \\ \\",
  ' \\\\/  ___)| |_)| | | | | || (_| |  ) ) ) )',
  "  '  |____| .__|_| |_|_| |_\\__, | / / / /",
  ' =========|_|==============|___/=/_/_/_/',
  '',
  ' :: Spring Boot ::                (v3.3.5)',
  '',
];

/** logback `%logger{39}`: shorten package segments to their initial from the left until it fits. */
export function abbreviateLogger(name: string, width = 39): string {
  const parts = name.split('.');
  let len = name.length;
  for (let k = 0; k < parts.length - 1 && len > width; k++) {
    len -= parts[k]!.length - 1;
    parts[k] = parts[k]!.charAt(0);
  }
  return parts.join('.');
}

/** `%-40.40logger{39}`: abbreviated, then left-justified and cut from the left to 40 columns. */
function loggerField(name: string): string {
  const a = abbreviateLogger(name);
  return a.length > 40 ? a.slice(a.length - 40) : a.padEnd(40);
}

/** `[%15.15t]`: right-justified, cut from the left to 15 columns (`[nio-8080-exec-3]`). */
function threadField(name: string): string {
  return name.length > 15 ? name.slice(name.length - 15) : name.padStart(15);
}

function camel(app: string): string {
  return app
    .split(/[^a-zA-Z0-9]+/)
    .filter((p) => p !== '')
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
}

function javaIdent(s: string): string {
  const id = s.toLowerCase().replace(/[^a-z0-9]/g, '');
  return /^[a-z]/.test(id) ? id : `x${id}`;
}

interface SpringLine {
  level: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  thread: string;
  logger: string;
  msg: string;
}

/** Multi-line output (banner, stack traces) is written by the JVM without the log prefix. */
type Raw = string;

function springGenerator(spec: GeneratorSpec): LogGenerator {
  const { seed, app, port } = spec;
  const pkg = `com.${javaIdent(spec.project)}.${javaIdent(app)}`;
  const cls = `${camel(app)}Application`;
  const loggers = new Map<string, string>();
  const field = (name: string): string => {
    let f = loggers.get(name);
    if (f === undefined) loggers.set(name, (f = loggerField(name)));
    return f;
  };
  const threads = new Map<string, string>();
  const threadOf = (name: string): string => {
    let f = threads.get(name);
    if (f === undefined) threads.set(name, (f = threadField(name)));
    return f;
  };
  const cache: SecondCache = { sec: -1, iso: '' };
  const appField = `[${app}] `;
  const java = `17.0.${10 + (seed % 4)}`;
  const startSecs = (3 + (seed % 4000) / 1000).toFixed(3);
  const hikari = 'com.zaxxer.hikari.HikariDataSource';
  const main = 'main';
  const res = pick(RESOURCES, seed);
  const Res = camel(res.replace(/s$/, ''));

  const startup: (SpringLine | Raw)[] = [
    ...BANNER,
    {
      level: 'INFO',
      thread: main,
      logger: `${pkg}.${cls}`,
      msg: `Starting ${cls} v1.0.0 using Java ${java} with PID 1 (/app/app.jar started by app in /app)`,
    },
    {
      level: 'INFO',
      thread: main,
      logger: `${pkg}.${cls}`,
      msg: 'The following 1 profile is active: "default"',
    },
    {
      level: 'INFO',
      thread: main,
      logger: 'o.s.d.r.c.RepositoryConfigurationDelegate',
      msg: 'Bootstrapping Spring Data JPA repositories in DEFAULT mode.',
    },
    {
      level: 'INFO',
      thread: main,
      logger: 'o.s.d.r.c.RepositoryConfigurationDelegate',
      msg: `Finished Spring Data repository scanning in ${40 + (seed % 80)} ms. Found ${3 + (seed % 6)} JPA repository interfaces.`,
    },
    {
      level: 'INFO',
      thread: main,
      logger: 'org.springframework.boot.web.embedded.tomcat.TomcatWebServer',
      msg: `Tomcat initialized with port ${port} (http)`,
    },
    {
      level: 'INFO',
      thread: main,
      logger: 'org.apache.catalina.core.StandardService',
      msg: 'Starting service [Tomcat]',
    },
    {
      level: 'INFO',
      thread: main,
      logger: 'org.apache.catalina.core.StandardEngine',
      msg: 'Starting Servlet engine: [Apache Tomcat/10.1.31]',
    },
    {
      level: 'INFO',
      thread: main,
      logger: 'o.a.c.c.C.[Tomcat].[localhost].[/]',
      msg: 'Initializing Spring embedded WebApplicationContext',
    },
    {
      level: 'INFO',
      thread: main,
      logger: 'org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext',
      msg: `Root WebApplicationContext: initialization completed in ${900 + (seed % 1400)} ms`,
    },
    {
      level: 'INFO',
      thread: main,
      logger: 'org.hibernate.jpa.internal.util.LogHelper',
      msg: 'HHH000204: Processing PersistenceUnitInfo [name: default]',
    },
    {
      level: 'INFO',
      thread: main,
      logger: 'org.hibernate.Version',
      msg: 'HHH000412: Hibernate ORM core version 6.5.3.Final',
    },
    { level: 'INFO', thread: main, logger: hikari, msg: 'HikariPool-1 - Starting...' },
  ];
  if (spec.failure === 'crash') {
    startup.push(...springCrash(spec, pkg, res));
    return springLines(startup, () => '');
  }
  startup.push(
    {
      level: 'INFO',
      thread: main,
      logger: 'com.zaxxer.hikari.pool.HikariPool',
      msg: 'HikariPool-1 - Added connection com.mysql.cj.jdbc.ConnectionImpl@6b9a8c1d',
    },
    { level: 'INFO', thread: main, logger: hikari, msg: 'HikariPool-1 - Start completed.' },
    {
      level: 'INFO',
      thread: main,
      logger: 'org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean',
      msg: "Initialized JPA EntityManagerFactory for persistence unit 'default'",
    },
    {
      level: 'INFO',
      thread: main,
      logger: 'org.springframework.boot.actuate.endpoint.web.EndpointLinksResolver',
      msg: "Exposing 3 endpoints beneath base path '/actuator'",
    },
    {
      level: 'INFO',
      thread: main,
      logger: 'org.springframework.boot.web.embedded.tomcat.TomcatWebServer',
      msg: `Tomcat started on port ${port} (http) with context path '/'`,
    },
    {
      level: 'INFO',
      thread: main,
      logger: `${pkg}.${cls}`,
      msg: `Started ${cls} in ${startSecs} seconds (process running for ${(Number(startSecs) + 0.6).toFixed(3)})`,
    },
    {
      level: 'INFO',
      thread: `http-nio-${port}-exec-1`,
      logger: 'o.a.c.c.C.[Tomcat].[localhost].[/]',
      msg: "Initializing Spring DispatcherServlet 'dispatcherServlet'",
    },
    {
      level: 'INFO',
      thread: `http-nio-${port}-exec-1`,
      logger: 'org.springframework.web.servlet.DispatcherServlet',
      msg: "Initializing Servlet 'dispatcherServlet'",
    },
    {
      level: 'INFO',
      thread: `http-nio-${port}-exec-1`,
      logger: 'org.springframework.web.servlet.DispatcherServlet',
      msg: 'Completed initialization in 1 ms',
    },
  );

  const steady = (i: number): SpringLine => {
    const r = rand(seed, i, 1);
    const kind = r % 100;
    const exec = `http-nio-${port}-exec-${1 + (rand(seed, i, 2) % 10)}`;
    const id = 10_000 + (rand(seed, i, 3) % 90_000);
    const ms = 2 + (rand(seed, i, 4) % 180);
    if (kind < 40) {
      const method = pick(METHODS, rand(seed, i, 5));
      const status = pick(STATUSES, rand(seed, i, 6));
      return {
        level: 'INFO',
        thread: exec,
        logger: `${pkg}.web.RequestLoggingFilter`,
        msg: `${method} ${requestPath(seed, i)} status=${status} duration=${ms}ms client=${clientIp(seed, i)} traceId=${hex(rand(seed, i, 7), 8)}${hex(rand(seed, i, 8), 8)}`,
      };
    }
    if (kind < 55)
      return {
        level: 'INFO',
        thread: exec,
        logger: `${pkg}.service.${Res}Service`,
        msg: `Loaded ${1 + (r % 40)} ${res} for customer ${id} in ${ms} ms`,
      };
    if (kind < 65)
      return {
        level: 'DEBUG',
        thread: exec,
        logger: 'org.hibernate.SQL',
        msg: `select ${res.charAt(0)}1_0.id,${res.charAt(0)}1_0.status,${res.charAt(0)}1_0.updated_at from ${res} ${res.charAt(0)}1_0 where ${res.charAt(0)}1_0.customer_id=? limit ?`,
      };
    if (kind < 73)
      return {
        level: 'DEBUG',
        thread: exec,
        logger: 'org.springframework.web.servlet.DispatcherServlet',
        msg: `Completed ${pick(STATUSES, rand(seed, i, 6))} ${r % 7 === 0 ? 'NOT_FOUND' : 'OK'}`,
      };
    if (kind < 80)
      return {
        level: 'INFO',
        thread: `scheduling-1`,
        logger: `${pkg}.jobs.OutboxPublisher`,
        msg: `Published ${r % 12} outbox events to topic ${app}.${res} in ${ms} ms`,
      };
    if (kind < 86)
      return {
        level: 'DEBUG',
        thread: exec,
        logger: `${pkg}.client.InventoryClient`,
        msg: `GET http://inventory.${spec.project}.svc.cluster.local:8080/api/stock/${id} -> 200 in ${ms} ms`,
      };
    if (kind < 90)
      return {
        level: 'INFO',
        thread: exec,
        logger: `${pkg}.web.${Res}Controller`,
        msg: `Created ${res.replace(/s$/, '')} ${id} (items=${1 + (r % 9)}, total=${(id / 100).toFixed(2)} EUR)`,
      };
    if (kind < 94)
      return {
        level: 'WARN',
        thread: exec,
        logger: `${pkg}.client.InventoryClient`,
        msg: `Retrying GET /api/stock/${id} (attempt ${2 + (r % 2)}/3): Read timed out after 2000 ms`,
      };
    if (kind < 96)
      return {
        level: 'WARN',
        thread: 'HikariPool-1 housekeeper',
        logger: 'com.zaxxer.hikari.pool.HikariPool',
        msg: `HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta=${1 + (r % 3)}m${r % 60}s).`,
      };
    if (kind < 98)
      return {
        level: 'WARN',
        thread: exec,
        logger: 'org.hibernate.engine.jdbc.spi.SqlExceptionHelper',
        msg: 'SQL Error: 1213, SQLState: 40001',
      };
    return {
      level: 'ERROR',
      thread: exec,
      logger: `${pkg}.web.GlobalExceptionHandler`,
      msg: `Request failed: POST /api/v1/${res} -> 500 java.lang.IllegalStateException: ${Res} ${id} is already being processed`,
    };
  };

  const oomSteady = (i: number): SpringLine => {
    if (rand(seed, i, 9) % 4 !== 0) return steady(i);
    const used = Math.min(99, 60 + Math.floor(i / 40));
    return {
      level: 'WARN',
      thread: `http-nio-${port}-exec-${1 + (rand(seed, i, 2) % 10)}`,
      logger: `${pkg}.cache.ReportCache`,
      msg: `Heap usage at ${used}% after allocating ${8 * (1 + (rand(seed, i, 3) % 16))} MiB for report cache (${200 + i} entries, eviction disabled)`,
    };
  };

  return springLines(startup, spec.failure === 'oom' ? oomSteady : steady);

  function springLines(
    head: (SpringLine | Raw)[],
    body: (i: number) => SpringLine | Raw,
  ): LogGenerator {
    const render = (l: SpringLine | Raw, t: number): string =>
      typeof l === 'string'
        ? l
        : `${isoMillis(cache, t)} ${l.level.padStart(5)} 1 --- ${appField}[${threadOf(l.thread)}] ${field(l.logger)} : ${l.msg}`;
    return {
      count: spec.failure === 'crash' ? head.length : Infinity,
      line: (i, t) => render(i < head.length ? head[i]! : body(i), t),
    };
  }
}

function springCrash(spec: GeneratorSpec, pkg: string, res: string): (SpringLine | Raw)[] {
  const host = `mysql.${spec.project}.svc.cluster.local`;
  const fail = spec.seed % 2 === 0;
  const cause: Raw[] = fail
    ? [
        'Caused by: com.mysql.cj.jdbc.exceptions.CommunicationsException: Communications link failure',
        '',
        'The last packet sent successfully to the server was 0 milliseconds ago. The driver has not received any packets from the server.',
        '\tat com.mysql.cj.jdbc.exceptions.SQLError.createCommunicationsException(SQLError.java:175)',
        '\tat com.mysql.cj.jdbc.ConnectionImpl.createNewIO(ConnectionImpl.java:825)',
        '\tat com.zaxxer.hikari.pool.HikariPool.createPoolEntry(HikariPool.java:476)',
        '\tat com.zaxxer.hikari.pool.HikariPool.checkFailFast(HikariPool.java:561)',
        '\t... 47 common frames omitted',
        `Caused by: java.net.UnknownHostException: ${host}: Name or service not known`,
        '\tat java.base/java.net.Inet6AddressImpl.lookupAllHostAddr(Native Method)',
        '\tat java.base/java.net.InetAddress.getAllByName0(InetAddress.java:1534)',
        '\tat com.mysql.cj.protocol.StandardSocketFactory.connect(StandardSocketFactory.java:130)',
        '\t... 59 common frames omitted',
      ]
    : [
        `Caused by: java.lang.IllegalArgumentException: Could not resolve placeholder '${javaIdent(spec.app).toUpperCase()}_API_KEY' in value "\${${javaIdent(spec.app).toUpperCase()}_API_KEY}"`,
        '\tat org.springframework.util.PropertyPlaceholderHelper.parseStringValue(PropertyPlaceholderHelper.java:180)',
        '\tat org.springframework.core.env.AbstractPropertyResolver.resolveRequiredPlaceholders(AbstractPropertyResolver.java:239)',
        '\tat org.springframework.beans.factory.support.AbstractBeanFactory.resolveEmbeddedValue(AbstractBeanFactory.java:964)',
        '\t... 38 common frames omitted',
      ];
  const bean = fail ? 'entityManagerFactory' : `${res.replace(/s$/, '')}Service`;
  const top = fail
    ? `org.springframework.beans.factory.BeanCreationException: Error creating bean with name '${bean}' defined in class path resource [org/springframework/boot/autoconfigure/orm/jpa/HibernateJpaConfiguration.class]: Failed to initialize dependency 'dataSourceScriptDatabaseInitializer' of LoadTimeWeaverAware bean '${bean}': Unable to obtain JDBC Connection`
    : `org.springframework.beans.factory.UnsatisfiedDependencyException: Error creating bean with name '${bean}': Injection of autowired dependencies failed`;
  const main = 'main';
  return [
    {
      level: 'WARN',
      thread: main,
      logger:
        'org.springframework.boot.web.servlet.context.AnnotationConfigServletWebServerApplicationContext',
      msg: `Exception encountered during context initialization - cancelling refresh attempt: ${top}`,
    },
    {
      level: 'INFO',
      thread: main,
      logger: 'org.apache.catalina.core.StandardService',
      msg: 'Stopping service [Tomcat]',
    },
    {
      level: 'INFO',
      thread: main,
      logger: 'org.springframework.boot.autoconfigure.logging.ConditionEvaluationReportLogger',
      msg: '',
    },
    '',
    "Error starting ApplicationContext. To display the condition evaluation report re-run your application with 'debug' enabled.",
    {
      level: 'ERROR',
      thread: main,
      logger: 'org.springframework.boot.SpringApplication',
      msg: 'Application run failed',
    },
    '',
    top,
    '\tat org.springframework.beans.factory.support.AbstractAutowireCapableBeanFactory.initializeBean(AbstractAutowireCapableBeanFactory.java:1806)',
    '\tat org.springframework.beans.factory.support.AbstractAutowireCapableBeanFactory.doCreateBean(AbstractAutowireCapableBeanFactory.java:600)',
    '\tat org.springframework.beans.factory.support.AbstractAutowireCapableBeanFactory.createBean(AbstractAutowireCapableBeanFactory.java:522)',
    '\tat org.springframework.beans.factory.support.AbstractBeanFactory.lambda$doGetBean$0(AbstractBeanFactory.java:337)',
    '\tat org.springframework.beans.factory.support.DefaultSingletonBeanRegistry.getSingleton(DefaultSingletonBeanRegistry.java:234)',
    '\tat org.springframework.beans.factory.support.AbstractBeanFactory.doGetBean(AbstractBeanFactory.java:335)',
    '\tat org.springframework.beans.factory.support.AbstractBeanFactory.getBean(AbstractBeanFactory.java:200)',
    '\tat org.springframework.context.support.AbstractApplicationContext.finishBeanFactoryInitialization(AbstractApplicationContext.java:975)',
    '\tat org.springframework.context.support.AbstractApplicationContext.refresh(AbstractApplicationContext.java:627)',
    '\tat org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext.refresh(ServletWebServerApplicationContext.java:146)',
    '\tat org.springframework.boot.SpringApplication.refresh(SpringApplication.java:754)',
    '\tat org.springframework.boot.SpringApplication.refreshContext(SpringApplication.java:456)',
    '\tat org.springframework.boot.SpringApplication.run(SpringApplication.java:335)',
    '\tat org.springframework.boot.SpringApplication.run(SpringApplication.java:1363)',
    '\tat org.springframework.boot.SpringApplication.run(SpringApplication.java:1352)',
    `\tat ${pkg}.${camel(spec.app)}Application.main(${camel(spec.app)}Application.java:12)`,
    ...cause,
    '',
  ];
}

// ---------------------------------------------------------------------------------------------
// nginx: the docker entrypoint's chatter, then access lines in the `combined` format.

function nginxGenerator(spec: GeneratorSpec): LogGenerator {
  const { seed } = spec;
  const cache: SecondCache = { sec: -1, iso: '' };
  const version = /nginx:(\d+\.\d+\.\d+)/.exec(spec.image)?.[1] ?? '1.27.3';
  const workers = 2;
  const host = `${spec.app}.${spec.project}.wharf.local`;
  const head: ((t: number) => string)[] = [
    () =>
      '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
    () => '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
    () => '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
    () =>
      '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
    () =>
      '10-listen-on-ipv6-by-default.sh: info: /etc/nginx/conf.d/default.conf differs from the packaged version',
    () => '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
    () => '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
    () => '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
    () => '/docker-entrypoint.sh: Configuration complete; ready for start up',
    (t) => `${nginxErrorTime(cache, t)} [notice] 1#1: using the "epoll" event method`,
    (t) => `${nginxErrorTime(cache, t)} [notice] 1#1: nginx/${version}`,
    (t) => `${nginxErrorTime(cache, t)} [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14)`,
    (t) => `${nginxErrorTime(cache, t)} [notice] 1#1: OS: Linux 6.8.0-1017-aws`,
    (t) => `${nginxErrorTime(cache, t)} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576`,
    (t) => `${nginxErrorTime(cache, t)} [notice] 1#1: start worker processes`,
    ...Array.from(
      { length: workers },
      (_, k) => (t: number) =>
        `${nginxErrorTime(cache, t)} [notice] 1#1: start worker process ${29 + k}`,
    ),
  ];
  if (spec.failure === 'crash') {
    const crash = head.slice(0, 9);
    crash.push(
      (t) =>
        `${nginxErrorTime(cache, t)} [emerg] 1#1: host not found in upstream "${spec.app}-api" in /etc/nginx/conf.d/default.conf:${8 + (seed % 9)}`,
      () =>
        `nginx: [emerg] host not found in upstream "${spec.app}-api" in /etc/nginx/conf.d/default.conf:${8 + (seed % 9)}`,
    );
    return { count: crash.length, line: (i, t) => crash[i]!(t) };
  }
  const access = (i: number, t: number): string => {
    const r = rand(seed, i, 1);
    const worker = 29 + (r % workers);
    if (r % 97 === 0)
      return `${nginxErrorTime(cache, t)} [error] ${worker}#${worker}: *${i + 1} open() "/usr/share/nginx/html/wp-login.php" failed (2: No such file or directory), client: ${clientIp(seed, i)}, server: _, request: "GET /wp-login.php HTTP/1.1", host: "${host}"`;
    if (spec.failure === 'oom' && r % 5 === 0)
      return `${nginxErrorTime(cache, t)} [alert] ${worker}#${worker}: *${i + 1} malloc(${(1 + (r % 64)) * 1048576}) failed (12: Cannot allocate memory), client: ${clientIp(seed, i)}, server: _`;
    const ua = pick(USER_AGENTS, rand(seed, i, 2));
    const api = r % 4 === 0;
    const path = api ? requestPath(seed, i) : pick(STATIC_PATHS, rand(seed, i, 3));
    const method = api ? pick(METHODS, rand(seed, i, 4)) : 'GET';
    let status = api ? pick(STATUSES, rand(seed, i, 5)) : r % 11 === 0 ? 304 : 200;
    if (path === '/favicon.ico' && r % 3 === 0) status = 404;
    const size =
      status === 304 || status === 204
        ? 0
        : status === 404
          ? 153
          : 200 + (rand(seed, i, 6) % 48_000);
    const referer = api || path === '/' ? '-' : `https://${host}/`;
    return `${clientIp(seed, i)} - - [${nginxTime(cache, t)}] "${method} ${path} HTTP/1.1" ${status} ${size} "${referer}" "${ua}"`;
  };
  return {
    count: Infinity,
    line: (i, t) => (i < head.length ? head[i]!(t) : access(i, t)),
  };
}

// ---------------------------------------------------------------------------------------------
// Plain: Go-style `time level msg key=value…` lines.

function plainGenerator(spec: GeneratorSpec): LogGenerator {
  const { seed, app, port } = spec;
  const cache: SecondCache = { sec: -1, iso: '' };
  const ts = (t: number): string => isoMillis(cache, t);
  const head: ((t: number) => string)[] = [
    (t) =>
      `${ts(t)} INFO  starting ${app} version=1.${seed % 9}.${seed % 23} commit=${hex(seed, 7)} go=go1.23.4`,
    (t) => `${ts(t)} INFO  loaded configuration source=env keys=${4 + (seed % 8)}`,
    (t) => `${ts(t)} INFO  connecting to upstream url=http://${spec.project}-api:8080 timeout=5s`,
    (t) => `${ts(t)} INFO  metrics server listening addr=:9090 path=/metrics`,
    (t) => `${ts(t)} INFO  http server listening addr=:${port}`,
  ];
  if (spec.failure === 'crash') {
    const crash: ((t: number) => string)[] = [
      ...head.slice(0, 3),
      (t) =>
        `${ts(t)} ERROR upstream health check failed err="dial tcp 10.96.${seed % 200}.${seed % 250}:8080: connect: connection refused" attempt=1`,
      () => 'panic: runtime error: invalid memory address or nil pointer dereference',
      () => '[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x7c3a1e]',
      () => '',
      () => 'goroutine 1 [running]:',
      () => `main.(*server).routes(0x0)`,
      () => `\t/src/cmd/${app}/server.go:${40 + (seed % 60)} +0x1e`,
      () => `main.run({0xa3c2e0, 0xc0000b4000})`,
      () => `\t/src/cmd/${app}/main.go:${60 + (seed % 40)} +0x2b4`,
      () => 'main.main()',
      () => `\t/src/cmd/${app}/main.go:${20 + (seed % 20)} +0x45`,
    ];
    return { count: crash.length, line: (i, t) => crash[i]!(t) };
  }
  const steady = (i: number, t: number): string => {
    const r = rand(seed, i, 1);
    const kind = r % 100;
    const ms = (1 + (rand(seed, i, 4) % 2500) / 10).toFixed(1);
    const rid = `${hex(rand(seed, i, 7), 8)}${hex(rand(seed, i, 8), 4)}`;
    if (spec.failure === 'oom' && kind % 4 === 0)
      return `${ts(t)} WARN  memory pressure heap_alloc_mb=${Math.min(2000, 180 + Math.floor(i / 8))} gc_cycles=${Math.floor(i / 3)} buffered_requests=${100 + i}`;
    if (kind < 70) {
      const status = pick(STATUSES, rand(seed, i, 6));
      return `${ts(t)} ${status >= 500 ? 'ERROR' : 'INFO '} request completed method=${pick(METHODS, rand(seed, i, 5))} path=${requestPath(seed, i)} status=${status} duration=${ms}ms bytes=${rand(seed, i, 9) % 20_000} request_id=${rid}`;
    }
    if (kind < 85)
      return `${ts(t)} DEBUG cache lookup key=${pick(RESOURCES, r)}:${10_000 + (r % 90_000)} hit=${r % 3 !== 0} ttl=300s`;
    if (kind < 93)
      return `${ts(t)} INFO  upstream call service=${spec.project}-api endpoint=/internal/${pick(RESOURCES, r)} status=200 duration=${ms}ms`;
    if (kind < 98)
      return `${ts(t)} WARN  slow upstream response service=${spec.project}-api duration=${(1 + (r % 40) / 10).toFixed(1)}s threshold=1s request_id=${rid}`;
    return `${ts(t)} ERROR upstream call failed service=${spec.project}-api err="context deadline exceeded" retries=${1 + (r % 3)} request_id=${rid}`;
  };
  return { count: Infinity, line: (i, t) => (i < head.length ? head[i]!(t) : steady(i, t)) };
}

/** The log of one container instance: its text and how many lines it ever writes. */
export function makeGenerator(spec: GeneratorSpec): LogGenerator {
  switch (spec.style) {
    case 'spring':
      return springGenerator(spec);
    case 'nginx':
      return nginxGenerator(spec);
    case 'plain':
      return plainGenerator(spec);
  }
}
