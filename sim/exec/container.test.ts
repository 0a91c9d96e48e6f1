import { describe, expect, it } from 'vitest';
import { readFile, writeFile } from './fs';
import { expandKubeRefs, imageOf, programPaths } from './container';
import { containerOf, lookupOf, testPod } from './test-helpers';

describe('container images', () => {
  it('tells Java, nginx (Debian and Alpine), busybox and plain Alpine images apart', () => {
    const java = imageOf({
      image: 'registry.wharf.local/x/foo:1',
      env: [{ name: 'JAVA_OPTS', value: '-Xmx1g' }],
    });
    expect(java).toMatchObject({ kind: 'java', userland: 'gnu', bash: true, workdir: '/app' });
    expect(java.processes[0]!.argv).toEqual(['java', '-Xmx1g', '-jar', '/app/app.jar']);
    expect(imageOf({ image: 'nginx:1.27.3' })).toMatchObject({
      kind: 'nginx',
      userland: 'gnu',
      bash: true,
    });
    expect(imageOf({ image: 'nginx:1.27-alpine' })).toMatchObject({
      kind: 'nginx',
      userland: 'busybox',
      bash: false,
    });
    expect(
      imageOf({
        image: 'registry.wharf.local/ai/ai-web:t',
        volumeMounts: [{ mountPath: '/etc/nginx/conf.d' }],
      }).kind,
    ).toBe('nginx');
    expect(imageOf({ image: 'busybox:1.36', command: ['sleep', '1d'] }).processes[0]!.argv).toEqual(
      ['sleep', '1d'],
    );
    expect(imageOf({ image: 'registry.wharf.local/ai/ai-app:t' })).toMatchObject({
      kind: 'alpine',
      bash: false,
    });
    expect(imageOf({})).toMatchObject({ kind: 'alpine' });
    expect(programPaths(imageOf({ image: 'busybox' })).has('bash')).toBe(false);
  });

  it('builds the filesystem: os-release, hostname, app files, mounted ConfigMaps read-only', () => {
    const pod = testPod(
      {
        image: 'registry.wharf.local/x/foo:1',
        env: [{ name: 'JAVA_OPTS', value: '' }],
        volumeMounts: [{ name: 'config', mountPath: '/app/config', readOnly: true }],
      },
      { volumes: [{ name: 'config', configMap: { name: 'foo-config' } }] },
    );
    const { c } = containerOf(
      pod,
      lookupOf([
        {
          kind: 'ConfigMap',
          metadata: { name: 'foo-config', namespace: 'shop' },
          data: { 'application.properties': 'a=b\n' },
        },
      ]),
    );
    expect(readFile(c.fs, '/etc/os-release')).toMatchObject({
      ok: true,
      value: expect.stringContaining('ID=debian'),
    });
    expect(readFile(c.fs, '/etc/hostname')).toEqual({ ok: true, value: `${pod.metadata.name}\n` });
    expect(readFile(c.fs, '/app/config/application.properties')).toEqual({
      ok: true,
      value: 'a=b\n',
    });
    expect(writeFile(c.fs, '/app/config/x', 'y', { now: 0 })).toEqual({
      ok: false,
      error: 'EROFS',
    });
    expect(readFile(c.fs, '/app/application.properties')).toMatchObject({
      ok: true,
      value: expect.stringContaining('spring.application.name=web'),
    });
    expect(readFile(c.fs, '/proc/1/cmdline')).toEqual({
      ok: true,
      value: 'java\u0000-jar\u0000/app/app.jar\u0000',
    });
    expect(readFile(c.fs, '/var/run/secrets/kubernetes.io/serviceaccount/namespace')).toEqual({
      ok: true,
      value: 'shop',
    });

    const nginx = containerOf(testPod({ image: 'nginx:1.27-alpine' })).c;
    expect(readFile(nginx.fs, '/etc/os-release')).toMatchObject({
      value: expect.stringContaining('ID=alpine'),
    });
    expect(readFile(nginx.fs, '/etc/nginx/nginx.conf')).toMatchObject({
      value: expect.stringContaining('worker_processes  auto;'),
    });
  });

  it('expands $(VAR) references like the kubelet', () => {
    const defined = new Map([['A', '1']]);
    expect(expandKubeRefs('x-$(A)-$(B)-$$(A)', defined)).toBe('x-1-$(B)-$(A)');
  });
});
