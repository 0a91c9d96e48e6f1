// kubectl exec and client-node's Exec against `npm run sim`: the v5/v4 channel protocol, stdin half-close,
// a pseudo-terminal session with resize, and the apiserver's and kubelet's errors.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import * as k8s from '@kubernetes/client-node';
import { WebSocketHandler } from '@kubernetes/client-node/dist/web-socket-handler.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startSim, type SimHandle } from './sim-harness';

let sim: SimHandle;
const NS = 'ai-preview';
let javaPod: string;
let webPod: string;

function env(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    KUBECONFIG: sim.kubeconfig,
    KUBECACHEDIR: path.join(sim.stateDir, 'kube-cache'),
    HOME: sim.stateDir,
  };
}

async function waitFor<T>(
  fn: () => T | undefined,
  what: string | (() => string),
  timeoutMs = 30_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) {
      throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A running pod of the app, by the phase and container state kubectl sees. */
function runningPod(ns: string, app: string): string | undefined {
  const r = sim.kubectl([
    '-n',
    ns,
    'get',
    'pods',
    '-l',
    `app.kubernetes.io/name=${app}`,
    '-o',
    'json',
  ]);
  if (r.code !== 0) return undefined;
  const list = JSON.parse(r.stdout) as { items: k8s.V1Pod[] };
  const pod = list.items.find(
    (p) =>
      p.status?.phase === 'Running' &&
      !p.metadata?.deletionTimestamp &&
      p.status.containerStatuses?.every((c) => c.state?.running),
  );
  return pod?.metadata?.name;
}

function config(context = 'dev-cluster'): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(sim.kubeconfig);
  kc.setCurrentContext(context);
  return kc;
}

beforeAll(async () => {
  sim = await startSim(['--time-scale', '10']);
  javaPod = await waitFor(() => runningPod(NS, 'ai-api'), 'a running ai-api pod');
  webPod = await waitFor(() => runningPod(NS, 'ai-web'), 'a running ai-web pod');
}, 90_000);

afterAll(async () => {
  await sim?.stop();
});

describe('kubectl exec', () => {
  it('runs a command: kubectl exec pod -- echo hi', () => {
    const r = sim.kubectl(['-n', NS, 'exec', javaPod, '--', 'echo', 'hi']);
    expect(r).toEqual({ code: 0, stdout: 'hi\n', stderr: '' });
  });

  it("propagates the exit code of sh -c 'exit 3'", () => {
    const r = sim.kubectl([
      '-n',
      NS,
      'exec',
      javaPod,
      '--',
      'sh',
      '-c',
      'echo out; echo err >&2; exit 3',
    ]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('out\n');
    expect(r.stderr).toBe('err\ncommand terminated with exit code 3\n');
  });

  it('passes stdin through the v5 half-close: echo hi | kubectl exec -i pod -- cat', () => {
    const r = sim.kubectl(['-n', NS, 'exec', '-i', webPod, '--', 'cat'], { input: 'hi\nthere\n' });
    expect(r).toEqual({ code: 0, stdout: 'hi\nthere\n', stderr: '' });
    const wc = sim.kubectl(['-n', NS, 'exec', '-i', webPod, '--', 'wc', '-l'], {
      input: 'a\nb\nc\n',
    });
    expect(wc.stdout).toBe('3\n');
  });

  it('keeps files written through redirection for the next session', () => {
    expect(
      sim.kubectl(['-n', NS, 'exec', webPod, '--', 'sh', '-c', 'echo kept > /tmp/note']).code,
    ).toBe(0);
    expect(sim.kubectl(['-n', NS, 'exec', webPod, '--', 'cat', '/tmp/note']).stdout).toBe('kept\n');
  });

  it('shows the container from inside: ps, env from the ConfigMap, os-release', () => {
    const ps = sim.kubectl(['-n', NS, 'exec', javaPod, '--', 'ps', '-ef']);
    expect(ps.stdout).toMatch(/root +1 +0 .* java .*-jar \/app\/app\.jar\n/);
    const web = sim.kubectl([
      '-n',
      NS,
      'exec',
      webPod,
      '--',
      'sh',
      '-c',
      'hostname; grep ^ID= /etc/os-release; ps',
    ]);
    expect(web.stdout).toContain(
      `${webPod}\nID=alpine\nPID   USER     TIME  COMMAND\n    1 root      0:00 nginx: master process nginx -g daemon off;\n`,
    );
    const props = sim.kubectl([
      '-n',
      NS,
      'exec',
      javaPod,
      '--',
      'cat',
      '/app/config/application.properties',
    ]);
    expect(props.stdout).toContain('spring.application.name=ai-api\n');
  });

  it('drives an interactive shell through a pseudo-terminal, with resize seen by stty size', async () => {
    const flag = path.join(sim.stateDir, 'resize-now');
    // The outer terminal is 100x40; once the flag file appears it becomes 120x50 and kubectl sends a resize.
    const inner = [
      'stty cols 100 rows 40',
      `(while [ ! -e ${flag} ]; do sleep 0.05; done; stty cols 120 rows 50 < /dev/tty) &`,
      `kubectl --context dev-cluster -n ${NS} exec -it ${webPod} -- sh`,
    ].join('\n');
    const child = spawn('script', ['-qec', inner, '/dev/null'], {
      env: env(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const until = (s: string, from = 0): Promise<void> =>
      waitFor(
        () => (out.indexOf(s, from) >= 0 ? true : undefined),
        () => `${JSON.stringify(s)} in ${JSON.stringify(out)}`,
        15_000,
      ).then(() => {});
    try {
      await until('/ # ');
      child.stdin.write('stty size\r');
      await until('40 100\r\n');
      fs.writeFileSync(flag, '');
      await new Promise((r) => setTimeout(r, 500));
      const mark = out.length;
      child.stdin.write('stty size\r');
      await until('50 120\r\n', mark);
      child.stdin.write('sleep 1000\r');
      await new Promise((r) => setTimeout(r, 300));
      child.stdin.write('\u0003');
      const mark2 = out.length;
      await until('/ # ', mark2);
      child.stdin.write('echo status=$?; bash\r');
      await until('status=130');
      child.stdin.write('exit 4\r');
      expect(await exited).toBe(4);
      expect(out).toContain('stty size\r\n40 100\r\n');
      expect(out).toContain('sh: bash: not found\r\n');
      expect(out).toContain('command terminated with exit code 4');
    } finally {
      child.kill();
    }
  }, 60_000);

  it('refuses an unknown container with the apiserver message', () => {
    const r = sim.kubectl(['-n', NS, 'exec', javaPod, '-c', 'nope', '--', 'ls']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `Error from server (BadRequest): container nope is not valid for pod ${javaPod}\n`,
    );
  });

  it('refuses a pod without a host, and one whose container is not running', async () => {
    const pending = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'exec-pending', namespace: 'default' },
      spec: {
        nodeSelector: { 'wharf.io/nowhere': 'true' },
        containers: [{ name: 'app', image: 'busybox:1.36' }],
      },
    };
    expect(sim.kubectl(['apply', '-f', '-'], { input: JSON.stringify(pending) }).code).toBe(0);
    const r = sim.kubectl(['-n', 'default', 'exec', 'exec-pending', '--', 'ls']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'Error from server (BadRequest): pod exec-pending does not have a host assigned\n',
    );

    const broken = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'exec-no-image', namespace: 'default' },
      spec: { containers: [{ name: 'app', image: 'registry.wharf.local/does-not-exist:1' }] },
    };
    expect(sim.kubectl(['apply', '-f', '-'], { input: JSON.stringify(broken) }).code).toBe(0);
    await waitFor(() => {
      const p = sim.kubectl([
        '-n',
        'default',
        'get',
        'pod',
        'exec-no-image',
        '-o',
        'jsonpath={.spec.nodeName}',
      ]);
      return p.stdout !== '' ? true : undefined;
    }, 'exec-no-image to be scheduled');
    const r2 = sim.kubectl(['-n', 'default', 'exec', 'exec-no-image', '--', 'ls']);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toBe(
      'error: Internal error occurred: unable to upgrade connection: container not found ("app")\n',
    );
  });

  it('answers bash in an image without it like containerd does', () => {
    const r = sim.kubectl(['-n', NS, 'exec', webPod, '--', 'bash']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: Internal error occurred: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "bash": executable file not found in \$PATH: unknown\n$/,
    );
  });

  it('refuses a viewer with the Forbidden message', async () => {
    const pod = await waitFor(() => runningPod('haierpsi-foo-dev', 'foo'), 'a running foo pod');
    const r = sim.kubectl(['-n', 'haierpsi-foo-dev', 'exec', pod, '--', 'ls'], {
      context: 'dev-cluster-victor',
    });
    expect(r.code).toBe(1);
    // kubectl falls back to SPDY (POST, verb create) after the WebSocket 403 and prints that answer.
    expect(r.stderr).toBe(
      `Error from server (Forbidden): pods "${pod}" is forbidden: User "victor" cannot create resource "pods/exec" in API group "" in the namespace "haierpsi-foo-dev"\n`,
    );
  });
});

describe('client-node Exec', () => {
  function collect(): { stream: PassThrough; text: () => string } {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (d: Buffer) => (text += d.toString()));
    return { stream, text: () => text };
  }

  it('v5: gets exit code 3 through the status callback', async () => {
    const out = collect();
    const status = await new Promise<k8s.V1Status>((resolve, reject) => {
      new k8s.Exec(config())
        .exec(
          NS,
          javaPod,
          'app',
          ['sh', '-c', 'echo from-node; exit 3'],
          out.stream,
          null,
          null,
          false,
          resolve,
        )
        .catch(reject);
    });
    expect(out.text()).toBe('from-node\n');
    expect(status.status).toBe('Failure');
    expect(status.reason).toBe('NonZeroExitCode');
    expect(status.details?.causes).toEqual([{ reason: 'ExitCode', message: '3' }]);
  });

  it('v5: ending stdin sends [255,0] and cat finishes with Success', async () => {
    const out = collect();
    const stdin = new PassThrough();
    const status = new Promise<k8s.V1Status>((resolve, reject) => {
      new k8s.Exec(config())
        .exec(NS, webPod, 'app', ['cat'], out.stream, null, stdin, false, resolve)
        .then((ws) => {
          expect(ws.protocol).toBe('v5.channel.k8s.io');
          stdin.end('piped\n');
        })
        .catch(reject);
    });
    expect((await status).status).toBe('Success');
    expect(out.text()).toBe('piped\n');
  });

  it('v4: a client offering only v4 gets exit codes; ending stdin closes the socket', async () => {
    const kc = config();
    const v4 = (): WebSocketHandler =>
      new WebSocketHandler(
        kc,
        (uri, _protocols, opts) => new WebSocket(uri, ['v4.channel.k8s.io'], opts) as never,
      );
    const status = await new Promise<k8s.V1Status>((resolve, reject) => {
      new k8s.Exec(kc, v4())
        .exec(
          NS,
          javaPod,
          'app',
          ['sh', '-c', 'exit 3'],
          collect().stream,
          null,
          null,
          false,
          resolve,
        )
        .catch(reject);
    });
    expect(status.details?.causes).toEqual([{ reason: 'ExitCode', message: '3' }]);

    const stdin = new PassThrough();
    const ws = await new k8s.Exec(kc, v4()).exec(
      NS,
      webPod,
      'app',
      ['cat'],
      collect().stream,
      null,
      stdin,
      false,
    );
    expect(ws.protocol).toBe('v4.channel.k8s.io');
    const closed = new Promise<void>((r) => ws.on('close', () => r()));
    stdin.end('x\n');
    await closed;
  });

  it('a refused handshake rejects (client-node loses the Status body)', async () => {
    await expect(
      new k8s.Exec(config()).exec(NS, javaPod, 'nope', ['ls'], null, null, null, false),
    ).rejects.toBeTruthy();
  });
});
