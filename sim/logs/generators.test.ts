import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types';
import {
  abbreviateLogger,
  appNameOf,
  failureOf,
  hashString,
  makeGenerator,
  rand,
  styleOf,
  type GeneratorSpec,
} from './generators';

const T0 = Date.parse('2026-11-22T05:09:17.123Z');

function spec(over: Partial<GeneratorSpec> = {}): GeneratorSpec {
  return {
    seed: 12345,
    style: 'spring',
    failure: undefined,
    app: 'foo',
    project: 'haierpsi',
    port: 8080,
    image: 'registry.wharf.local/haierpsi/foo:2026-11-20-10-15_3f9c2ab',
    ...over,
  };
}

function lines(g: ReturnType<typeof makeGenerator>, from: number, to: number): string[] {
  const out: string[] = [];
  for (let i = from; i < Math.min(to, g.count); i++) out.push(g.line(i, T0 + i * 10));
  return out;
}

describe('styleOf', () => {
  it('picks Spring Boot for JAVA_OPTS or Java-ish images', () => {
    expect(
      styleOf({ image: 'registry/foo:1', env: [{ name: 'JAVA_OPTS', value: '-Xmx1g' }] }),
    ).toBe('spring');
    expect(styleOf({ image: 'eclipse-temurin:17-jre' })).toBe('spring');
    expect(styleOf({ image: 'tomcat:10' })).toBe('spring');
    expect(styleOf({ image: 'acme/spring-petclinic:3' })).toBe('spring');
  });
  it('picks nginx for nginx images and for containers mounting nginx config', () => {
    expect(styleOf({ image: 'nginx:1.27.3' })).toBe('nginx');
    expect(
      styleOf({
        image: 'registry/ai/ai-web:1',
        volumeMounts: [{ mountPath: '/etc/nginx/conf.d' }],
      }),
    ).toBe('nginx');
  });
  it('falls back to plain lines, also for junk input', () => {
    expect(styleOf({ image: 'registry/ai/ai-app:1' })).toBe('plain');
    expect(styleOf({})).toBe('plain');
    expect(styleOf({ env: 'nope', volumeMounts: 3 })).toBe('plain');
  });
});

describe('failureOf', () => {
  it('reads crash and oom from the tag only', () => {
    expect(failureOf('registry.wharf.local/ai/ai-server:2026-11-22-14-02_6a1f3d8-crash')).toBe(
      'crash',
    );
    expect(failureOf('busybox:oom')).toBe('oom');
    expect(failureOf('crash-registry:5000/crashy/app:1.0')).toBeUndefined();
    expect(failureOf('nginx')).toBeUndefined();
    expect(failureOf('')).toBeUndefined();
  });
});

describe('appNameOf', () => {
  const pod = (name: string, labels?: Record<string, string>): KubeObject => ({
    metadata: { name, labels },
  });
  it('prefers the app labels, else strips generated suffixes', () => {
    expect(appNameOf(pod('x', { 'app.kubernetes.io/name': 'foo' }))).toBe('foo');
    expect(appNameOf(pod('x', { app: 'bar' }))).toBe('bar');
    expect(appNameOf(pod('ai-server-5d7f8c9b7d-x2b4q'))).toBe('ai-server');
    expect(appNameOf(pod('solo'))).toBe('solo');
  });
});

describe('abbreviateLogger', () => {
  it('shortens packages from the left like logback {39}', () => {
    expect(abbreviateLogger('org.springframework.boot.web.embedded.tomcat.TomcatWebServer')).toBe(
      'o.s.b.w.embedded.tomcat.TomcatWebServer',
    );
    expect(abbreviateLogger('com.zaxxer.hikari.HikariDataSource')).toBe(
      'com.zaxxer.hikari.HikariDataSource',
    );
    expect(abbreviateLogger('AVeryLongClassNameWithoutAnyPackageThatIsLongerThan39')).toBe(
      'AVeryLongClassNameWithoutAnyPackageThatIsLongerThan39',
    );
  });
});

describe('rand and hashString', () => {
  it('are deterministic and spread', () => {
    expect(rand(1, 2, 3)).toBe(rand(1, 2, 3));
    expect(rand(1, 2, 3)).not.toBe(rand(1, 3, 3));
    expect(rand(1, 2 ** 33, 0)).not.toBe(rand(1, 0, 0));
    expect(hashString('a')).not.toBe(hashString('b'));
    expect(hashString('')).toBe(0x811c9dc5);
  });
});

describe('spring generator', () => {
  const g = makeGenerator(spec());
  const head = lines(g, 0, 60);

  it('prints the banner and Spring Boot startup lines', () => {
    const text = head.join('\n');
    expect(text).toContain(':: Spring Boot ::');
    expect(text).toMatch(/Starting FooApplication v1\.0\.0 using Java 17\.0\.\d+ with PID 1/);
    expect(text).toContain('Tomcat initialized with port 8080 (http)');
    expect(text).toMatch(/Started FooApplication in \d+\.\d+ seconds/);
  });

  it('writes request lines with logback columns and Tomcat thread names', () => {
    const steady = lines(g, 1000, 1400);
    const re =
      /^2026-11-22T05:\d\d:\d\d\.\d{3}Z (DEBUG| INFO| WARN|ERROR) 1 --- \[foo\] \[[ \w-]{15}\] .{40} : .+$/;
    for (const l of steady) expect(l).toMatch(re);
    expect(steady.some((l) => l.includes('[nio-8080-exec-'))).toBe(true);
    expect(steady.some((l) => l.includes(' WARN '))).toBe(true);
    expect(steady.some((l) => l.includes('DEBUG'))).toBe(true);
    expect(steady.some((l) => l.includes('c.haierpsi.foo.web.RequestLoggingFilter'))).toBe(true);
  });

  it('is a pure function of seed and index', () => {
    const again = makeGenerator(spec());
    expect(lines(again, 0, 200)).toEqual(lines(g, 0, 200));
    const other = makeGenerator(spec({ seed: 999 }));
    expect(lines(other, 100, 200)).not.toEqual(lines(g, 100, 200));
    expect(g.line(5000, T0)).toBe(g.line(5000, T0));
  });

  it('never emits a newline inside a line', () => {
    for (const l of lines(g, 0, 3000)) expect(l).not.toContain('\n');
    const crash = makeGenerator(spec({ failure: 'crash' }));
    for (const l of lines(crash, 0, 1000)) expect(l).not.toContain('\n');
  });

  it('crashes with a stack trace after a few startup lines', () => {
    for (const seed of [1, 2]) {
      const c = makeGenerator(spec({ seed, failure: 'crash' }));
      expect(c.count).toBeGreaterThan(20);
      expect(c.count).toBeLessThan(100);
      const text = lines(c, 0, c.count).join('\n');
      expect(text).toContain('Application run failed');
      expect(text).toMatch(/\n\tat org\.springframework\./);
      expect(text).toContain('Caused by: ');
      expect(text).not.toContain('Started FooApplication');
    }
  });

  it('warns about allocations before an OOM kill', () => {
    const o = makeGenerator(spec({ failure: 'oom' }));
    expect(o.count).toBe(Infinity);
    expect(lines(o, 100, 400).filter((l) => l.includes('Heap usage at')).length).toBeGreaterThan(
      20,
    );
  });
});

describe('nginx generator', () => {
  const g = makeGenerator(spec({ style: 'nginx', image: 'nginx:1.27.3', port: 80 }));
  it('starts like the docker entrypoint and reports its version', () => {
    const text = lines(g, 0, 30).join('\n');
    expect(text).toContain('/docker-entrypoint.sh: Configuration complete; ready for start up');
    expect(text).toContain('[notice] 1#1: nginx/1.27.3');
  });
  it('writes combined-format access lines', () => {
    const combined =
      /^10\.244\.\d+\.\d+ - - \[22\/Nov\/2026:05:\d\d:\d\d \+0000\] "(GET|POST|PUT|DELETE|PATCH) \/\S* HTTP\/1\.1" \d{3} \d+ "[^"]*" "[^"]+"$/;
    const access = lines(g, 1000, 1500).filter((l) => !l.includes('[error]'));
    expect(access.length).toBeGreaterThan(450);
    for (const l of access) expect(l).toMatch(combined);
    expect(new Set(access.map((l) => l.split('"')[2]!.trim().split(' ')[0])).size).toBeGreaterThan(
      2,
    );
  });
  it('fails with [emerg] when crashing', () => {
    const c = makeGenerator(spec({ style: 'nginx', failure: 'crash' }));
    expect(lines(c, 0, c.count).pop()).toMatch(/^nginx: \[emerg\] host not found in upstream/);
  });
});

describe('plain generator', () => {
  const g = makeGenerator(spec({ style: 'plain', app: 'ai-app' }));
  it('writes timestamp, level, message and key=value fields', () => {
    for (const l of lines(g, 1000, 1300))
      expect(l).toMatch(
        /^2026-11-22T\d\d:\d\d:\d\d\.\d{3}Z (DEBUG|INFO |WARN |ERROR) [a-z ]+ \w+=\S+/,
      );
  });
  it('panics with a goroutine trace when crashing', () => {
    const c = makeGenerator(spec({ style: 'plain', failure: 'crash', app: 'ai-app' }));
    const text = lines(c, 0, c.count).join('\n');
    expect(text).toContain('panic: runtime error');
    expect(text).toContain('goroutine 1 [running]:');
  });
  it('reports memory pressure before an OOM kill', () => {
    const o = makeGenerator(spec({ style: 'plain', failure: 'oom' }));
    expect(lines(o, 100, 300).some((l) => l.includes('memory pressure heap_alloc_mb='))).toBe(true);
  });
});
