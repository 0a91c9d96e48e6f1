// One log view: the pods it follows (one pod, or the pods of an app up to a cap), one upstream per
// container instance, lines merged by time and sent in batches, restarts and new pods joining the same
// view, backpressure from the browser's socket to the upstream reads, and why the view stopped.
import type { EndReason, LogSource, ServerFrame, StartFrame } from '../../lib/contracts/logs';
import { sourceKey } from '../../lib/contracts/logs';
import type { ApiStatus } from '../../lib/contracts/status';
import type { ClusterConnection } from '../kube/clusters';
import { KubeError, kubeJson, kubeStream, type Identity } from '../kube/transport';
import type { TimedLine } from './lines';
import { mergeByTime } from './merge';
import {
  byAge,
  containerNames,
  defaultContainer,
  exitDetail,
  runningSince,
  type PodLike,
} from './pods';
import { openUpstream, type Upstream } from './upstream';

export interface SessionLimits {
  /** Lines go out at most this often (and at once when a frame's worth is waiting). */
  flushMs: number;
  /** Above this many bytes waiting in the socket, upstream reads pause. */
  highWaterBytes: number;
  /** Reads resume once the socket has drained below this. */
  lowWaterBytes: number;
  /** Lines held in the console for one view before upstream reads pause. */
  maxQueuedLines: number;
  maxLinesPerFrame: number;
  /** The server's cap on pods per app view (the browser may ask for fewer). */
  maxPods: number;
  /**
   * How long the app view holds a line for pods that are logging but have not yet sent as far as its
   * time: pods' streams arrive in separate pieces (a tail of 1,000 lines from one pod may land after
   * another's), and only lines every active pod has passed can go out in time order. A pod silent for
   * longer holds nothing back.
   */
  holdMs: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = {
  flushMs: 40,
  highWaterBytes: 1024 * 1024,
  lowWaterBytes: 256 * 1024,
  maxQueuedLines: 10_000,
  maxLinesPerFrame: 2_000,
  maxPods: 10,
  holdMs: 300,
};

/** The socket as the session sees it. */
export interface SessionIo {
  send(text: string): void;
  bufferedAmount(): number;
  /** Called once when the view is over (after the `end` frame). */
  close(): void;
}

export interface LogSession {
  stop(): void;
  /** The browser's flow control: while held, upstream reads pause as for a full socket. */
  hold(held: boolean): void;
  /** Lines waiting in the console for this view (for tests of bounded memory). */
  queued(): number;
  paused(): boolean;
}

interface Source extends LogSource {
  queue: TimedLine[];
  /** The one-pod view: blocks of stamped lines, passed on whole. */
  texts: string[];
  /** Time of the newest line read, and when data last came (ms): what the merge may wait for. */
  lastTime?: string;
  heardAt: number;
  upstream?: Upstream;
  /** The running instance being read (its startedAt); a new one means a restart. */
  instance?: string;
  state: 'streaming' | 'waiting' | 'ended';
}

type WatchEvent = { type: string; object: PodLike & { metadata?: { resourceVersion?: string } } };

export function reasonOf(status: ApiStatus): EndReason {
  const c = status.code;
  if (c === 401 || c === 403) return 'forbidden';
  if (c === 404) return 'notFound';
  if (c === 400 || c === 422) return 'invalid';
  if (c === 503) return 'lost';
  return 'error';
}

export function startLogSession(args: {
  cluster: ClusterConnection;
  identity: Identity;
  frame: StartFrame;
  io: SessionIo;
  limits?: Partial<SessionLimits>;
}): LogSession {
  const { cluster, identity, frame, io } = args;
  const limits = { ...DEFAULT_SESSION_LIMITS, ...args.limits };
  const ns = frame.namespace;
  const target = frame.target;
  const follow = !frame.previous;
  const maxPods = Math.min(limits.maxPods, frame.maxPods ?? limits.maxPods);
  const podsPath = `/api/v1/namespaces/${encodeURIComponent(ns)}/pods`;
  const selector =
    target.kind === 'pod'
      ? { fieldSelector: `metadata.name=${target.pod}` }
      : { labelSelector: `app.kubernetes.io/name=${target.app}` };

  const sources: Source[] = [];
  const pods = new Map<string, PodLike>();
  let queued = 0;
  let paused = false;
  let held = false;
  let over = false;
  const watchAbort = new AbortController();

  const send = (f: ServerFrame): void => {
    if (!over) io.send(JSON.stringify(f));
  };

  // Frames are JSON written by hand: at tens of thousands of lines a second, building an array per
  // line for JSON.stringify costs more than the rest of the path.
  /**
   * The time up to which every pod that is still sending has sent its lines (undefined: no limit).
   * A pod opened or heard from within holdMs counts; one that has sent nothing yet holds everything.
   */
  const watermark = (): string | undefined => {
    const now = Date.now();
    let mark: string | undefined;
    for (const s of sources) {
      if (s.state !== 'streaming' || now - s.heardAt > limits.holdMs) continue;
      const t = s.lastTime ?? '';
      if (mark === undefined || t < mark) mark = t;
    }
    return mark;
  };

  /** Sends what is queued; lines of the app view only up to the watermark unless `all`. */
  const flush = (all = true): void => {
    if (queued === 0 || over) return;
    let body = '';
    let n = 0;
    const out = (): void => {
      if (n > 0) io.send(`{"type":"lines","lines":[${body}]}`);
      body = '';
      n = 0;
    };
    for (const s of sources) {
      if (s.texts.length === 0) continue;
      io.send(`{"type":"text","source":${s.id},"text":${JSON.stringify(s.texts.join(''))}}`);
      s.texts.length = 0;
    }
    mergeByTime(
      sources.map((s) => s.queue),
      (i, l) => {
        body += `${n > 0 ? ',' : ''}[${sources[i]!.id},${JSON.stringify(l.time)},${JSON.stringify(l.text)}]`;
        if (++n >= limits.maxLinesPerFrame) out();
      },
      all ? undefined : watermark(),
    );
    out();
    queued = 0;
    for (const s of sources) queued += s.queue.length;
  };

  const pressure = (): void => {
    const buffered = io.bufferedAmount();
    const congested = held || buffered > limits.highWaterBytes || queued >= limits.maxQueuedLines;
    if (congested && !paused) {
      paused = true;
      for (const s of sources) s.upstream?.pause();
    } else if (paused && !congested && buffered < limits.lowWaterBytes) {
      paused = false;
      for (const s of sources) s.upstream?.resume();
    }
  };

  const tick = setInterval(() => {
    if (io.bufferedAmount() <= limits.highWaterBytes) flush(false);
    pressure();
  }, limits.flushMs);
  tick.unref?.();

  const finish = (reason: EndReason, message: string, status?: ApiStatus): void => {
    if (over) return;
    flush();
    send({ type: 'end', reason, message, ...(status ? { status } : {}) });
    over = true;
    clearInterval(tick);
    watchAbort.abort();
    for (const s of sources) s.upstream?.stop();
    io.close();
  };

  const announce = (): void => {
    const podCount = target.kind === 'pod' ? 1 : [...pods.values()].filter(alive).length;
    send({
      type: 'sources',
      sources: sources.map(({ id, pod, container }) => ({ id, pod, container })),
      totalPods: podCount,
      maxPods,
    });
  };

  const now = (): string => new Date().toISOString().replace(/(\.\d+)?Z$/, '.000000000Z');

  const open = (s: Source, first: boolean): void => {
    const pod = pods.get(s.pod);
    s.instance = pod ? runningSince(pod, s.container) : undefined;
    s.state = 'streaming';
    s.heardAt = Date.now();
    s.upstream = openUpstream({
      cluster,
      as: identity,
      namespace: ns,
      pod: s.pod,
      container: s.container,
      follow,
      previous: frame.previous,
      tailLines: first ? frame.tailLines : undefined,
      sinceSeconds: first ? frame.sinceSeconds : undefined,
      sinceTime: first ? frame.sinceTime : undefined,
      resume: first ? frame.resume?.[sourceKey(s.pod, s.container)] : undefined,
      onLines: (lines) => {
        for (const l of lines) s.queue.push(l);
        if (lines.length > 0) s.lastTime = lines[lines.length - 1]!.time;
        s.heardAt = Date.now();
        queued += lines.length;
        if (queued >= limits.maxQueuedLines) pressure();
      },
      onText:
        target.kind === 'pod'
          ? (text, lines) => {
              s.texts.push(text);
              queued += lines;
              if (queued >= limits.maxQueuedLines) pressure();
            }
          : undefined,
      onEnd: (status) => void ended(s, status),
    });
    if (paused) s.upstream.pause();
  };

  const endSource = (s: Source, reason: EndReason, message: string, status?: ApiStatus): void => {
    flush();
    s.state = 'ended';
    send({ type: 'sourceEnd', source: s.id, reason, message });
    const fatal = target.kind === 'pod' || sources.every((x) => x.state === 'ended');
    if (fatal && !(target.kind === 'app' && follow && reason === 'deleted'))
      finish(reason, message, status);
  };

  // Why a stream ended decides what follows: a refusal ends the source; a finished read completes;
  // a followed instance that ended is either replaced at once (restart) or awaited (crash loop).
  const ended = async (s: Source, status: ApiStatus | undefined): Promise<void> => {
    s.upstream = undefined;
    if (over) return;
    // 400 while following may only mean "not started yet": the pod decides below.
    if (status && !(follow && status.code === 400))
      return endSource(s, reasonOf(status), status.message ?? '', status);
    if (!follow) return endSource(s, 'completed', ''); // the browser words it
    let pod: PodLike;
    try {
      pod = await kubeJson<PodLike>(cluster, {
        path: `${podsPath}/${encodeURIComponent(s.pod)}`,
        as: identity,
      });
    } catch (e) {
      if (e instanceof KubeError && e.code === 404) {
        pods.delete(s.pod);
        return podGone(s);
      }
      if (e instanceof KubeError) return endSource(s, reasonOf(e.status), e.message, e.status);
      return endSource(s, 'lost', e instanceof Error ? e.message : String(e));
    }
    if (over) return;
    pods.set(s.pod, pod);
    const since = runningSince(pod, s.container);
    if (since !== undefined && since !== s.instance) return restart(s);
    if (status && !containerNames(pod).some((c) => c.name === s.container))
      return endSource(s, 'invalid', status.message ?? '', status);
    flush();
    s.state = 'waiting';
    send({
      type: 'sourceEnd',
      source: s.id,
      reason: status ? 'waiting' : 'exited',
      message: status?.message ?? exitDetail(pod, s.container) ?? 'container exited',
    });
  };

  const restart = (s: Source): void => {
    flush();
    const kind = s.instance === undefined ? 'started' : 'restarted';
    send({ type: 'marker', source: s.id, kind, time: now() });
    open(s, false);
  };

  const podGone = (s: Source): void => {
    flush();
    send({ type: 'marker', source: s.id, kind: 'left', time: now() });
    endSource(s, 'deleted', `pod ${s.pod} was deleted`);
    join();
  };

  function alive(p: PodLike): boolean {
    return !p.metadata?.deletionTimestamp;
  }

  let nextId = 0;
  const addSource = (pod: PodLike): Source | undefined => {
    const name = pod.metadata?.name ?? '';
    const container = target.container ?? defaultContainer(pod);
    if (!container) return undefined;
    const s: Source = {
      id: nextId++,
      pod: name,
      container,
      queue: [],
      texts: [],
      heardAt: Date.now(),
      state: 'waiting',
    };
    sources.push(s);
    return s;
  };

  // App view: follow pods that are not followed yet while fewer than maxPods are followed.
  const join = (): void => {
    if (target.kind !== 'app' || !follow || over) return;
    const followed = new Set(sources.filter((s) => s.state !== 'ended').map((s) => s.pod));
    const known = new Set(sources.map((s) => s.pod));
    let changed = false;
    for (const pod of [...pods.values()].filter(alive).sort(byAge)) {
      if (followed.size >= maxPods) break;
      const name = pod.metadata?.name ?? '';
      if (known.has(name)) continue;
      const s = addSource(pod);
      if (!s) continue;
      followed.add(name);
      changed = true;
      send({ type: 'marker', source: s.id, kind: 'joined', time: now() });
      open(s, false);
    }
    if (changed) announce();
  };

  const onEvent = (e: WatchEvent): void => {
    const name = e.object.metadata?.name ?? '';
    if (e.type === 'DELETED') {
      pods.delete(name);
      for (const s of sources) if (s.pod === name && s.state === 'waiting') podGone(s);
      announce();
      return;
    }
    if (e.type !== 'ADDED' && e.type !== 'MODIFIED') return;
    const isNew = !pods.has(name);
    pods.set(name, e.object);
    for (const s of sources) {
      if (s.pod !== name || s.state !== 'waiting') continue;
      const since = runningSince(e.object, s.container);
      if (since !== undefined && since !== s.instance) restart(s);
    }
    if (isNew) {
      announce();
      join();
    }
  };

  // After a failed or expired watch: list again, apply what changed meanwhile, and go on from there.
  const relist = async (): Promise<string> => {
    const list = await kubeJson<{ items: PodLike[]; metadata?: { resourceVersion?: string } }>(
      cluster,
      { path: podsPath, query: selector, as: identity },
    );
    const seen = new Set<string>();
    for (const p of list.items) {
      seen.add(p.metadata?.name ?? '');
      onEvent({ type: 'MODIFIED', object: p });
    }
    for (const [name, p] of [...pods]) if (!seen.has(name)) onEvent({ type: 'DELETED', object: p });
    return list.metadata?.resourceVersion ?? '';
  };

  const watch = async (resourceVersion: string): Promise<void> => {
    let rv = resourceVersion;
    let fresh = true;
    while (!over) {
      try {
        if (!fresh) {
          await new Promise((r) => setTimeout(r, 1000));
          if (over) return;
          rv = await relist();
        }
        fresh = false;
        const res = await kubeStream(cluster, {
          path: podsPath,
          query: { watch: true, resourceVersion: rv, ...selector },
          as: identity,
          signal: watchAbort.signal,
        });
        if ((res.statusCode ?? 0) !== 200) {
          res.resume();
          if (res.statusCode === 403)
            return finish('forbidden', 'you may no longer watch these pods');
          continue;
        }
        res.setEncoding('utf8');
        let buf = '';
        stream: for await (const chunk of res) {
          buf += chunk as string;
          let nl: number;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl);
            buf = buf.slice(nl + 1);
            if (!line.trim()) continue;
            const ev = JSON.parse(line) as WatchEvent;
            if (ev.type === 'ERROR') break stream; // expired history (410): list again
            rv = ev.object.metadata?.resourceVersion ?? rv;
            if (!over) onEvent(ev);
          }
        }
        fresh = false;
      } catch (e) {
        if (over) return;
        if (e instanceof KubeError && (e.code === 403 || e.code === 401))
          return finish('forbidden', e.message, e.status);
      }
    }
  };

  const begin = async (): Promise<void> => {
    let rv: string;
    try {
      if (target.kind === 'pod') {
        const pod = await kubeJson<PodLike & { metadata?: { resourceVersion?: string } }>(cluster, {
          path: `${podsPath}/${encodeURIComponent(target.pod)}`,
          as: identity,
        });
        pods.set(target.pod, pod);
        rv = pod.metadata?.resourceVersion ?? '';
        const s = addSource(pod);
        if (!s) return finish('invalid', `pod ${target.pod} has no containers`);
        if (target.container) s.container = target.container;
      } else {
        const list = await kubeJson<{ items: PodLike[]; metadata?: { resourceVersion?: string } }>(
          cluster,
          { path: podsPath, query: selector, as: identity },
        );
        rv = list.metadata?.resourceVersion ?? '';
        for (const p of list.items) pods.set(p.metadata?.name ?? '', p);
        const live = list.items.filter(alive).sort(byAge).slice(0, maxPods);
        for (const p of live) addSource(p);
        if (sources.length === 0 && !follow)
          return finish('notFound', `no pods of app ${target.app} in ${ns}`);
      }
    } catch (e) {
      if (e instanceof KubeError) return finish(reasonOf(e.status), e.message, e.status);
      return finish('lost', e instanceof Error ? e.message : String(e));
    }
    if (over) return;
    announce();
    for (const s of sources) open(s, true);
    if (follow) void watch(rv);
  };
  void begin();

  return {
    stop() {
      if (over) return;
      over = true;
      clearInterval(tick);
      watchAbort.abort();
      for (const s of sources) s.upstream?.stop();
    },
    queued: () => queued,
    paused: () => paused,
    hold(h: boolean) {
      held = h;
      pressure();
    },
  };
}
