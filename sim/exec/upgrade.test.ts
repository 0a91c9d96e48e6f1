import { describe, expect, it } from 'vitest';
import { StatusError } from '../types';
import { testPod } from './test-helpers';
import {
  checkExecTarget,
  execOptions,
  pickProtocol,
  resolveContainer,
  streamPath,
} from './upgrade';

const q = (s: string): URLSearchParams => new URLSearchParams(s);
const statusOf = (fn: () => unknown): { code: number; message: string } => {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('did not throw');
};

describe('exec request checks', () => {
  it('recognises stream paths only', () => {
    expect(streamPath('/api/v1/namespaces/ns/pods/p/exec')).toEqual({
      namespace: 'ns',
      name: 'p',
      subresource: 'exec',
    });
    expect(streamPath('/api/v1/namespaces/ns/pods/p/attach')?.subresource).toBe('attach');
    expect(streamPath('/api/v1/namespaces/ns/pods/p/log')).toBeUndefined();
    expect(streamPath('/apis/apps/v1/namespaces/ns/deployments/d/exec')).toBeUndefined();
  });

  it('applies PodExecOptions defaults and drops stderr with a tty', () => {
    expect(execOptions(q('command=ls&command=-l'))).toEqual({
      command: ['ls', '-l'],
      container: '',
      streams: { stdin: false, stdout: true, stderr: true, tty: false },
    });
    expect(execOptions(q('command=sh&stdin=true&tty=true&stdout=true')).streams).toEqual({
      stdin: true,
      stdout: true,
      stderr: false,
      tty: true,
    });
    expect(statusOf(() => execOptions(q('command=ls&stdout=false&stderr=false')))).toEqual({
      code: 400,
      message: 'you must specify at least 1 of stdin, stdout, stderr',
    });
    expect(statusOf(() => execOptions(q('tty=maybe'))).message).toBe(
      'strconv.ParseBool: parsing "maybe": invalid syntax',
    );
  });

  it('resolves the container as the apiserver does', () => {
    const pod = testPod({ image: 'nginx' });
    expect(resolveContainer(pod, '')).toBe('app');
    expect(statusOf(() => resolveContainer(pod, 'nope'))).toEqual({
      code: 400,
      message: `container nope is not valid for pod ${pod.metadata.name}`,
    });
    const two = testPod(
      { image: 'nginx' },
      { containers: [{ name: 'a' }, { name: 'b' }], initContainers: [{ name: 'init' }] },
    );
    expect(statusOf(() => resolveContainer(two, '')).message).toBe(
      `a container name must be specified for pod ${pod.metadata.name}, choose one of: [a b] or one of the init containers: [init]`,
    );
  });

  it('refuses unscheduled pods, attach, missing commands and port-forward before upgrading', () => {
    const path = { namespace: 'shop', name: 'p', subresource: 'exec' as const };
    const pending = testPod({ image: 'nginx' }, { nodeName: undefined });
    expect(statusOf(() => checkExecTarget(pending, path, q('command=ls'))).message).toBe(
      `pod ${pending.metadata.name} does not have a host assigned`,
    );
    const pod = testPod({ image: 'nginx' });
    expect(checkExecTarget(pod, path, q('command=ls')).container).toBe('app');
    expect(statusOf(() => checkExecTarget(pod, path, q(''))).message).toBe(
      'you must specify at least one command for the container',
    );
    expect(
      statusOf(() => checkExecTarget(pod, { ...path, subresource: 'attach' }, q(''))).code,
    ).toBe(400);
    expect(
      statusOf(() => checkExecTarget(pod, { ...path, subresource: 'portforward' }, q(''))).code,
    ).toBe(400);
  });

  it('negotiates v5/v4 or refuses with 400', () => {
    expect(pickProtocol('v5.channel.k8s.io')).toBe('v5.channel.k8s.io');
    expect(pickProtocol('v5.channel.k8s.io, v4.channel.k8s.io, channel.k8s.io')).toBe(
      'v5.channel.k8s.io',
    );
    expect(pickProtocol('v4.channel.k8s.io')).toBe('v4.channel.k8s.io');
    expect(statusOf(() => pickProtocol('base64.channel.k8s.io'))).toEqual({
      code: 400,
      message:
        'unable to upgrade: unable to negotiate protocol: client supports [base64.channel.k8s.io], server supports [v5.channel.k8s.io v4.channel.k8s.io]',
    });
    expect(statusOf(() => pickProtocol(undefined)).code).toBe(400);
  });
});
