// Installs pods/exec over WebSocket and the container shell into a simulated cluster.
import http from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { findResource } from '../../lib/k8s/resources';
import type { SimContext } from '../context';
import { notFound } from '../registry';
import { requestInfo } from '../request';
import type { StoreEvent } from '../store';
import { StatusError, type KubeObject } from '../types';
import { PROGRAMS } from './commands';
import {
  buildFs,
  containerEnv,
  containerSpec,
  hostnameOf,
  imageOf,
  programPaths,
  rec,
  runningStatus,
  type ObjectLookup,
} from './container';
import {
  ERROR,
  initialFrame,
  internalErrorStatus,
  negotiateProtocol,
  type ChannelProtocol,
} from './protocol';
import { startSession, type Session } from './session';
import type { ContainerCtx } from './shell';
import {
  checkExecTarget,
  isWebSocketUpgrade,
  type ExecOptions,
  pickProtocol,
  SPDY_UNSUPPORTED,
  streamPath,
  writeHttpStatus,
} from './upgrade';

/** Bytes of one stdin frame ws accepts at all; the session enforces the real (smaller) cap with a Status. */
const MAX_PAYLOAD = 8 * 1024 * 1024;

interface Tracked {
  session: Session;
  uid: string;
  container: string;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function installExec(ctx: SimContext): void {
  const store = ctx.registry.store;
  const podD = findResource('', 'pods')!;
  const lookup: ObjectLookup = {
    get: (resource, ns, name) => store.get(resource, ns, name),
    list: (resource, ns) => store.list(resource, ns),
  };
  // Created on first exec and kept while the pod lives: files written in one session are there in the next.
  const containers = new Map<string, ContainerCtx>();
  const sessions = new Set<Tracked>();
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: MAX_PAYLOAD,
    handleProtocols: (offered) => negotiateProtocol(offered) ?? false,
  });

  const containerCtx = (
    pod: KubeObject,
    name: string,
    spec: Record<string, unknown>,
  ): ContainerCtx => {
    const key = `${pod.metadata.uid ?? pod.metadata.name}/${name}`;
    const existing = containers.get(key);
    if (existing) return existing;
    const image = imageOf(spec);
    const now = ctx.clock.now();
    const startedAt = Date.parse(
      str(rec(rec(runningStatus(pod, name)?.state).running).startedAt) ?? '',
    );
    const nodeName = str(rec(pod.spec).nodeName) ?? '';
    const node = nodeName ? store.get('/nodes', '', nodeName) : undefined;
    const kernel = str(rec(rec(node?.status).nodeInfo).kernelVersion) ?? '6.8.0-49-generic';
    let pid = Math.max(...image.processes.map((p) => p.pid)) + 6;
    const c: ContainerCtx = {
      fs: buildFs(pod, spec, image, lookup, Number.isNaN(startedAt) ? now : startedAt),
      image,
      programs: programPaths(image),
      hostname: hostnameOf(pod),
      podIP: str(rec(pod.status).podIP) ?? '10.244.0.2',
      kernel,
      startedAt: Number.isNaN(startedAt) ? now : startedAt,
      procs: new Map(image.processes.map((p) => [p.pid, p])),
      nextPid: () => pid++,
    };
    containers.set(key, c);
    return c;
  };

  const refuseNotRunning = (ws: WebSocket, container: string, tty: boolean): void => {
    // The kubelet finds no running container; the apiserver has already upgraded, so the
    // failure arrives as an InternalError on channel 3 (apiserver proxy/streamtranslator.go).
    ws.send(initialFrame({ stdout: true, stderr: !tty }), { binary: true });
    const status = internalErrorStatus(
      `unable to upgrade connection: container not found ("${container}")`,
    );
    ws.send(Buffer.concat([Buffer.from([ERROR]), Buffer.from(JSON.stringify(status))]), {
      binary: true,
    });
    ws.close(1000);
  };

  /** Upgrade requests that are not exec (a WebSocket watch, say) get the ordinary API answer. */
  const delegate = (req: http.IncomingMessage, socket: Duplex): void => {
    const res = new http.ServerResponse(req);
    res.shouldKeepAlive = false;
    res.assignSocket(socket as Socket);
    res.on('finish', () => {
      res.detachSocket(socket as Socket);
      socket.end();
    });
    ctx.api.handle(req, res);
  };

  const open = (
    ws: WebSocket,
    namespace: string,
    name: string,
    container: string,
    options: ExecOptions,
    protocol: ChannelProtocol,
  ): void => {
    const pod = store.get('/pods', namespace, name);
    const spec = pod ? containerSpec(pod, container) : undefined;
    if (!pod || !spec || !runningStatus(pod, container)) {
      refuseNotRunning(ws, container, options.streams.tty);
      return;
    }
    const c = containerCtx(pod, container, spec);
    const env = containerEnv(pod, spec, c.image, lookup, { tty: options.streams.tty });
    const ref: { tracked?: Tracked; over?: boolean } = {};
    const session = startSession({
      ws,
      protocol,
      streams: options.streams,
      command: options.command,
      container: c,
      env,
      cwd: str(spec.workingDir) ?? c.image.workdir,
      clock: ctx.clock,
      programs: PROGRAMS,
      onEnd: () => {
        ref.over = true;
        if (ref.tracked) sessions.delete(ref.tracked);
      },
    });
    ref.tracked = { uid: pod.metadata.uid ?? '', container, session };
    if (!ref.over) sessions.add(ref.tracked);
  };

  const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'https://sim');
    const path = streamPath(url.pathname);
    if (!path) return delegate(req, socket);
    try {
      const info = requestInfo(req.method ?? 'GET', url);
      const user = ctx.api.authenticate(req);
      ctx.api.check(user, info);
      const pod = store.get('/pods', path.namespace, path.name);
      if (!pod) throw notFound(podD, path.name);
      const { container, options } = checkExecTarget(pod, path, url.searchParams);
      if (!isWebSocketUpgrade(req.method, req.headers.upgrade)) {
        throw new StatusError(400, 'BadRequest', SPDY_UNSUPPORTED);
      }
      const protocol = pickProtocol(req.headers['sec-websocket-protocol']);
      wss.handleUpgrade(req, socket, head, (ws) => {
        try {
          open(ws, path.namespace, path.name, container, options, protocol);
        } catch (e) {
          console.error(`sim ${ctx.name}: exec session failed to start:`, e);
          ws.close(1011, 'internal error');
        }
      });
    } catch (e) {
      if (e instanceof StatusError) return writeHttpStatus(socket, e);
      console.error(`sim ${ctx.name}: exec upgrade failed:`, e);
      writeHttpStatus(
        socket,
        new StatusError(500, 'InternalError', `Internal error occurred: ${String(e)}`),
      );
    }
  };
  ctx.server.on('upgrade', onUpgrade);

  // A plain (non-upgrade) request to exec/attach is what kube-apiserver answers 400 for.
  const upgradeRequired = (): never => {
    throw new StatusError(400, 'BadRequest', 'Upgrade request required');
  };
  ctx.handlers.set('/pods/exec', upgradeRequired);
  ctx.handlers.set('/pods/attach', upgradeRequired);

  // Containers die with their pod (137, SIGKILL), and their files with it.
  const onPod = (e: StoreEvent): void => {
    const uid = e.object.metadata.uid ?? '';
    if (e.type === 'DELETED') {
      for (const key of containers.keys()) if (key.startsWith(`${uid}/`)) containers.delete(key);
    }
    for (const t of sessions) {
      if (t.uid !== uid) continue;
      if (e.type === 'DELETED' || !runningStatus(e.object, t.container)) t.session.terminate(137);
    }
  };
  const unwatch = store.watch('/pods', store.resourceVersion, onPod);

  ctx.onStop(() => {
    unwatch();
    ctx.server.off('upgrade', onUpgrade);
    for (const t of sessions) t.session.kill();
    sessions.clear();
    wss.close();
  });
}
