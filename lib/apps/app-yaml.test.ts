import { describe, expect, it } from 'vitest';
import { defaultModel } from './app-model';
import { appYaml, parseAppYaml } from './app-yaml';

const model = { ...defaultModel('shop'), image: 'nginx:1.27' };

describe('the YAML view', () => {
  it('round-trips with the form model', () => {
    const text = appYaml(model, 'ai');
    expect(text).toContain('kind: Deployment');
    expect(text).toContain('kind: Service');
    const back = parseAppYaml(text);
    expect(back.ok && back.model).toEqual(model);
  });

  it('does not show what the API server owns', () => {
    const text = appYaml(model, 'ai', {
      deployment: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name: 'shop',
          resourceVersion: '42',
          uid: 'u',
          annotations: { 'deployment.kubernetes.io/revision': '3' },
        },
        status: { replicas: 1 },
      },
    });
    expect(text).not.toMatch(/resourceVersion|uid|revision|status/);
  });

  it('puts a schema error on the line of the field', () => {
    const text = appYaml({ ...model, image: 'nginx:1.27' }, 'ai').replace(
      'image: nginx:1.27',
      'image: NOT AN IMAGE',
    );
    const r = parseAppYaml(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const line = text.split('\n').findIndex((l) => l.includes('NOT AN IMAGE')) + 1;
    expect(r.errors).toEqual([expect.objectContaining({ field: 'image', line })]);
    expect(text.slice(r.errors[0]!.from, r.errors[0]!.to)).toBe('NOT AN IMAGE');
  });

  it('reports syntax errors, wrong kinds and a missing Deployment', () => {
    const syntax = parseAppYaml('a: [1, 2\nb: c');
    expect(syntax.ok).toBe(false);
    const pod = parseAppYaml('apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n');
    expect(!pod.ok && pod.errors[0]).toMatchObject({ line: 2, field: 'kind' });
    const svcOnly = parseAppYaml(appYaml(model, 'ai').split('---\n')[1]!);
    expect(!svcOnly.ok && svcOnly.errors[0]?.message).toMatch(/Deployment is required/);
    const scalar = parseAppYaml('just text');
    expect(scalar.ok).toBe(false);
  });
});
