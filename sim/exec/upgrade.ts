// The HTTP side of pods/exec and pods/attach: query options with the API's defaults, the apiserver's
// checks before an upgrade (container, host, protocol) and plain HTTP error responses on a raw socket.
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { parseBool } from '../request';
import { StatusError, type KubeObject } from '../types';
import { containerNames, rec } from './container';
import {
  negotiateProtocol,
  offeredProtocols,
  SUPPORTED_PROTOCOLS,
  type ChannelProtocol,
} from './protocol';
import type { Streams } from './session';

export interface StreamPath {
  namespace: string;
  name: string;
  subresource: 'exec' | 'attach' | 'portforward';
}

/** `/api/v1/namespaces/{ns}/pods/{name}/{exec|attach|portforward}`, else undefined. */
export function streamPath(pathname: string): StreamPath | undefined {
  const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(exec|attach|portforward)\/?$/.exec(
    pathname,
  );
  if (!m) return undefined;
  return {
    namespace: decodeURIComponent(m[1]!),
    name: decodeURIComponent(m[2]!),
    subresource: m[3] as StreamPath['subresource'],
  };
}

export interface ExecOptions {
  command: string[];
  container: string;
  streams: Streams;
}

/** PodExecOptions from the query: stdout and stderr default to true (SetDefaults_PodExecOptions). */
export function execOptions(q: URLSearchParams): ExecOptions {
  const flag = (key: string, dflt: boolean): boolean => (q.has(key) ? parseBool(q, key) : dflt);
  const tty = flag('tty', false);
  const streams: Streams = {
    stdin: flag('stdin', false),
    stdout: flag('stdout', true),
    // With a tty the process has no separate stderr (kubelet remotecommand NewOptions).
    stderr: flag('stderr', true) && !tty,
    tty,
  };
  if (!streams.stdin && !streams.stdout && !streams.stderr) {
    throw new StatusError(
      400,
      'BadRequest',
      'you must specify at least 1 of stdin, stdout, stderr',
    );
  }
  return { command: q.getAll('command'), container: q.get('container') ?? '', streams };
}

/** The container an exec targets, as the apiserver resolves it (`streamLocation` in pod strategy). */
export function resolveContainer(pod: KubeObject, requested: string): string {
  const name = pod.metadata.name ?? '';
  const { containers, init, ephemeral } = containerNames(pod);
  if (requested === '') {
    if (containers.length === 1) return containers[0]!;
    if (containers.length === 0) {
      throw new StatusError(
        400,
        'BadRequest',
        `a container name must be specified for pod ${name}`,
      );
    }
    let msg = `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`;
    if (init.length > 0) msg += ` or one of the init containers: [${init.join(' ')}]`;
    if (ephemeral.length > 0)
      msg += ` or one of the ephemeral containers: [${ephemeral.join(' ')}]`;
    throw new StatusError(400, 'BadRequest', msg);
  }
  if (![...containers, ...init, ...ephemeral].includes(requested)) {
    throw new StatusError(400, 'BadRequest', `container ${requested} is not valid for pod ${name}`);
  }
  return requested;
}

/** Everything the apiserver checks before the upgrade; throws the StatusError it would answer with. */
export function checkExecTarget(
  pod: KubeObject,
  path: StreamPath,
  q: URLSearchParams,
): { container: string; options: ExecOptions } {
  if (path.subresource === 'portforward') {
    throw new StatusError(
      400,
      'BadRequest',
      'port forwarding is not supported by the Wharf simulator',
    );
  }
  const options = execOptions(q);
  const container = resolveContainer(pod, options.container);
  if (!rec(pod.spec).nodeName) {
    throw new StatusError(
      400,
      'BadRequest',
      `pod ${pod.metadata.name ?? ''} does not have a host assigned`,
    );
  }
  if (path.subresource === 'attach') {
    throw new StatusError(
      400,
      'BadRequest',
      'attach is not supported by the Wharf simulator; use exec (kubectl exec -it <pod> -- sh)',
    );
  }
  if (options.command.length === 0) {
    throw new StatusError(
      400,
      'BadRequest',
      'you must specify at least one command for the container',
    );
  }
  return { container, options };
}

/** Whether this is a WebSocket handshake (rather than kubectl's SPDY fallback POST). */
export function isWebSocketUpgrade(
  method: string | undefined,
  upgrade: string | undefined,
): boolean {
  return method === 'GET' && (upgrade ?? '').toLowerCase() === 'websocket';
}

/** Picks v5/v4 from the client's offers or throws the 400 that makes kubectl fall back. */
export function pickProtocol(header: string | string[] | undefined): ChannelProtocol {
  const offered = offeredProtocols(header);
  const p = negotiateProtocol(offered);
  if (!p) {
    throw new StatusError(
      400,
      'BadRequest',
      `unable to upgrade: unable to negotiate protocol: client supports [${offered.join(' ')}], server supports [${SUPPORTED_PROTOCOLS.join(' ')}]`,
    );
  }
  return p;
}

export const SPDY_UNSUPPORTED =
  'SPDY/3.1 streaming is not supported by the Wharf simulator: use the WebSocket protocol v5.channel.k8s.io (kubectl 1.30+ and @kubernetes/client-node do; do not set KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false)';

/** Answers an upgrade request on its raw socket with a JSON Status, as kubectl decodes it. */
export function writeHttpStatus(socket: Duplex, err: StatusError): void {
  if (socket.destroyed) return;
  const body = JSON.stringify(err.toStatus());
  socket.end(
    `HTTP/1.1 ${err.code} ${STATUS_CODES[err.code] ?? 'Error'}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
