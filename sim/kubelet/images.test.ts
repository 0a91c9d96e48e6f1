import { describe, expect, it } from 'vitest';
import {
  containerId,
  goDuration,
  imageBehaviour,
  imageId,
  parseImage,
  pullErrorMessage,
  qualifiedImage,
} from './images';

describe('images', () => {
  it('normalizes references like containerd', () => {
    expect(qualifiedImage('nginx')).toBe('docker.io/library/nginx:latest');
    expect(qualifiedImage('nginx:1.27.3')).toBe('docker.io/library/nginx:1.27.3');
    expect(qualifiedImage('bitnami/redis:7')).toBe('docker.io/bitnami/redis:7');
    expect(qualifiedImage('registry.wharf.local/ai/x:tag')).toBe('registry.wharf.local/ai/x:tag');
    expect(qualifiedImage('localhost:5000/x')).toBe('localhost:5000/x:latest');
    expect(parseImage('nginx@sha256:abc')).toEqual({
      repository: 'docker.io/library/nginx',
      tag: undefined,
      digest: 'sha256:abc',
    });
    expect(imageId('nginx:1')).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(imageId('nginx:1')).toBe(imageId('nginx:1'));
    expect(imageId('nginx:1')).not.toBe(imageId('nginx:2'));
  });

  it('decides behaviour from the reference', () => {
    expect(imageBehaviour('nginx:1.27.3')).toEqual({ pullFails: false, readyAfterMs: 0 });
    expect(imageBehaviour('nginx:does-not-exist').pullFails).toBe(true);
    expect(imageBehaviour('does-not-exist/app:1').pullFails).toBe(true);
    expect(imageBehaviour('x:1-crash').exit).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(imageBehaviour('x:oom').exit).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
    expect(imageBehaviour('batch-job:1').exit).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(imageBehaviour('x:complete').exit?.reason).toBe('Completed');
    expect(imageBehaviour('x:slow').readyAfterMs).toBe(30_000);
    // Only the tag counts for crash/oom/slow: a repository named so is ordinary.
    expect(imageBehaviour('crash/app:1').exit).toBeUndefined();
    expect(imageBehaviour('')).toEqual({ pullFails: false, readyAfterMs: 0 });
  });

  it('formats like Go and containerd', () => {
    expect(goDuration(834)).toBe('834ms');
    expect(goDuration(1200)).toBe('1.2s');
    expect(goDuration(10_000)).toBe('10s');
    expect(goDuration(80_000)).toBe('1m20s');
    expect(goDuration(300_000)).toBe('5m0s');
    expect(goDuration(-5)).toBe('0s');
    expect(pullErrorMessage('nginx:does-not-exist')).toBe(
      'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:does-not-exist": failed to resolve reference "docker.io/library/nginx:does-not-exist": docker.io/library/nginx:does-not-exist: not found',
    );
    expect(containerId('u', 'app', 0)).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(containerId('u', 'app', 0)).not.toBe(containerId('u', 'app', 1));
  });
});
