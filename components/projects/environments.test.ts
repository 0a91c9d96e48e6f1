import { describe, expect, it } from 'vitest';
import type { Project } from '../../lib/contracts/projects';
import { groupEnvironments, projectHref, selectEnvironment } from './environments';

const haierpsi: Project = {
  name: 'haierpsi',
  environments: [
    {
      env: 'dev',
      namespace: 'haierpsi-bar-dev',
      cluster: 'dev-cluster',
      app: 'bar',
      protected: false,
    },
    {
      env: 'dev',
      namespace: 'haierpsi-foo-dev',
      cluster: 'dev-cluster',
      app: 'foo',
      protected: false,
    },
    {
      env: 'prod',
      namespace: 'haierpsi-bar-prod',
      cluster: 'prod-cluster',
      app: 'bar',
      protected: true,
    },
  ],
};

describe('groupEnvironments', () => {
  it('puts the namespaces of one env together, in order', () => {
    const groups = groupEnvironments(haierpsi);
    expect(groups.map((g) => g.env)).toEqual(['dev', 'prod']);
    expect(groups[0]?.namespaces.map((n) => n.namespace)).toEqual([
      'haierpsi-bar-dev',
      'haierpsi-foo-dev',
    ]);
    expect(groups[0]?.clusters).toEqual(['dev-cluster']);
    expect(groups[0]?.protected).toBe(false);
    expect(groups[1]?.protected).toBe(true);
  });

  it('is empty for a project without environments', () => {
    expect(groupEnvironments({ environments: [] })).toEqual([]);
  });
});

describe('selectEnvironment', () => {
  const groups = groupEnvironments(haierpsi);
  it('picks the env asked for, else the first', () => {
    expect(selectEnvironment(groups, 'prod')?.env).toBe('prod');
    expect(selectEnvironment(groups, undefined)?.env).toBe('dev');
    expect(selectEnvironment(groups, 'nope')?.env).toBe('dev');
    expect(selectEnvironment([], 'dev')).toBeUndefined();
  });
});

describe('projectHref', () => {
  it('encodes the project and the env', () => {
    expect(projectHref('ai')).toBe('/projects/ai');
    expect(projectHref('ai', 'prod')).toBe('/projects/ai?env=prod');
    expect(projectHref('a/b', 'x&y')).toBe('/projects/a%2Fb?env=x%26y');
  });
});
