import { describe, expect, it } from 'vitest';
import { appHref, appLogsHref, podLogsHref, podTerminalHref, projectHref } from './routes';

describe('routes', () => {
  it('builds page URLs with every segment encoded', () => {
    expect(projectHref('ai', 'test')).toBe('/projects/ai?env=test');
    expect(appHref('ai', 'ai-api', 'prod')).toBe('/projects/ai/apps/ai-api?env=prod');
    expect(podLogsHref('dev-cluster', 'ai-test', 'p/1', 'app')).toBe(
      '/clusters/dev-cluster/namespaces/ai-test/pods/p%2F1/logs?container=app',
    );
    expect(appLogsHref('dev-cluster', 'haierpsi-foo-dev', 'foo')).toBe(
      '/clusters/dev-cluster/namespaces/haierpsi-foo-dev/apps/foo/logs',
    );
    expect(podTerminalHref('c', 'n', 'p')).toBe('/clusters/c/namespaces/n/pods/p/terminal');
  });
});
