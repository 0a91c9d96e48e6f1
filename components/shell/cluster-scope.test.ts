import { describe, expect, it } from 'vitest';
import type { Project } from '../../lib/contracts/projects';
import { clusterCookie, projectsOnCluster } from './cluster-scope';

const ai: Project = {
  name: 'ai',
  environments: [
    { env: 'test', namespace: 'ai-test', cluster: 'dev-cluster', protected: false },
    { env: 'prod', namespace: 'ai-prod', cluster: 'prod-cluster', protected: true },
  ],
};
const lab: Project = {
  name: 'lab',
  environments: [{ env: 'dev', namespace: 'lab-dev', cluster: 'dev-cluster', protected: false }],
};

describe('projectsOnCluster', () => {
  it('keeps everything without a scope', () => {
    expect(projectsOnCluster([ai, lab], undefined)).toEqual([ai, lab]);
  });

  it('keeps only the environments on the chosen cluster and drops empty projects', () => {
    const prod = projectsOnCluster([ai, lab], 'prod-cluster');
    expect(prod.map((p) => p.name)).toEqual(['ai']);
    expect(prod[0]?.environments.map((e) => e.namespace)).toEqual(['ai-prod']);
    expect(projectsOnCluster([ai, lab], 'nowhere')).toEqual([]);
  });
});

describe('clusterCookie', () => {
  it('sets and clears the scope, encoding the name', () => {
    expect(clusterCookie('dev-cluster')).toBe(
      'wharf-cluster=dev-cluster; Path=/; Max-Age=31536000; SameSite=Lax',
    );
    expect(clusterCookie('a;b')).toContain('wharf-cluster=a%3Bb;');
    expect(clusterCookie(undefined)).toBe('wharf-cluster=; Path=/; Max-Age=0; SameSite=Lax');
  });
});
