import { describe, expect, it } from 'vitest';
import type { Project } from '../../lib/contracts/projects';
import { paletteScore, paletteTargets } from './palette-items';

const ai: Project = {
  name: 'ai',
  environments: [
    { env: 'test', namespace: 'ai-test', cluster: 'dev-cluster', protected: false },
    { env: 'prod', namespace: 'ai-prod', cluster: 'prod-cluster', protected: true },
  ],
};

describe('paletteTargets', () => {
  it('offers each project and each of its environments', () => {
    const targets = paletteTargets([ai]);
    expect(targets.map((t) => [t.id, t.href])).toEqual([
      ['project:ai', '/projects/ai'],
      ['env:ai/test', '/projects/ai?env=test'],
      ['env:ai/prod', '/projects/ai?env=prod'],
    ]);
    const prod = targets[2];
    expect(prod?.protected).toBe(true);
    expect(prod?.keywords).toEqual(['ai', 'prod', 'ai-prod', 'prod-cluster']);
    expect(prod?.detail).toBe('ai-prod · prod-cluster');
  });

  it('holds nothing but what it was given', () => {
    expect(paletteTargets([])).toEqual([]);
    const text = JSON.stringify(paletteTargets([ai]));
    expect(text).not.toContain('haierpsi');
  });

  it('lists a project without visible environments on its own', () => {
    expect(paletteTargets([{ name: 'empty', environments: [] }]).map((t) => t.id)).toEqual([
      'project:empty',
    ]);
  });
});

describe('paletteScore', () => {
  const [project, test, prod] = paletteTargets([ai]);
  const score = (search: string, t = project) => paletteScore(search, [t!.label, ...t!.keywords]);

  it('ranks an exact keyword above a prefix above a substring', () => {
    expect(score('ai-prod', prod)).toBe(1);
    expect(score('ai-prod', project)).toBe(0);
    expect(score('ai', project)).toBe(1);
    expect(score('pro', prod)).toBe(0.8);
    expect(score('cluster', test)).toBe(0.5);
  });

  it('needs every word to match, and shows all for an empty search', () => {
    expect(score('ai prod', prod)).toBe(1);
    expect(score('ai nothing', prod)).toBe(0);
    expect(score('   ')).toBe(1);
    expect(paletteScore('x', [])).toBe(0);
  });
});
