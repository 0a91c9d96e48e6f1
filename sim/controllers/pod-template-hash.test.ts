import { describe, expect, it } from 'vitest';
import {
  computeHash,
  equalIgnoreHash,
  fnv32a,
  normalize,
  safeEncodeString,
} from './pod-template-hash';

const template = {
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
};

describe('fnv32a', () => {
  it('matches the FNV-1a reference vectors', () => {
    expect(fnv32a(Buffer.from(''))).toBe(0x811c9dc5);
    expect(fnv32a(Buffer.from('a'))).toBe(0xe40c292c);
    expect(fnv32a(Buffer.from('foobar'))).toBe(0xbf9cf968);
  });
});

describe('safeEncodeString', () => {
  it('maps decimal digits onto consonants and digits', () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
    expect(safeEncodeString('')).toBe('');
  });
});

describe('computeHash', () => {
  it('is deterministic, short and drawn from the safe alphabet', () => {
    const h = computeHash(template);
    expect(h).toBe(computeHash(structuredClone(template)));
    expect(h).toMatch(/^[456789bcdf]{1,10}$/);
  });

  it('changes with the template and with the collision count', () => {
    const other = structuredClone(template);
    other.spec.containers[0]!.image = 'nginx:1.28';
    expect(computeHash(other)).not.toBe(computeHash(template));
    expect(computeHash(template, 1)).not.toBe(computeHash(template));
    expect(computeHash(template, 1)).not.toBe(computeHash(template, 2));
  });

  it('does not depend on key order or empty fields', () => {
    const reordered = {
      spec: { containers: [{ image: 'nginx:1.27', name: 'app', env: [] }] },
      metadata: { creationTimestamp: null, labels: { app: 'web' } },
    };
    expect(computeHash(reordered)).toBe(computeHash(template));
  });

  it('survives garbage input', () => {
    expect(computeHash(undefined)).toMatch(/^[456789bcdf]+$/);
    expect(computeHash(null)).toBe(computeHash({}));
  });
});

describe('equalIgnoreHash', () => {
  it('ignores only the pod-template-hash label', () => {
    const withHash = structuredClone(template) as typeof template & {
      metadata: { labels: Record<string, string> };
    };
    withHash.metadata.labels['pod-template-hash'] = '5d7f8c9b7d';
    expect(equalIgnoreHash(withHash, template)).toBe(true);
    const otherLabel = structuredClone(withHash);
    otherLabel.metadata.labels.tier = 'front';
    expect(equalIgnoreHash(otherLabel, template)).toBe(false);
  });

  it('sees a changed image or annotation', () => {
    const restarted = structuredClone(template) as Record<string, unknown> & typeof template;
    (restarted.metadata as Record<string, unknown>).annotations = {
      'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z',
    };
    expect(equalIgnoreHash(restarted, template)).toBe(false);
  });

  it('does not mutate its inputs', () => {
    const a = { metadata: { labels: { 'pod-template-hash': 'x' } } };
    equalIgnoreHash(a, {});
    expect(a.metadata.labels['pod-template-hash']).toBe('x');
  });

  it('compares non-objects', () => {
    expect(equalIgnoreHash(undefined, {})).toBe(true);
    expect(equalIgnoreHash('a', 'b')).toBe(false);
    expect(normalize([null, {}, 0, false])).toEqual([0, false]);
  });
});
