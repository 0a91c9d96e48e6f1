// The `pods/log` endpoint: kube-apiserver's option validation, the kubelet's errors, and streaming
// generated lines (follow with backpressure, ending when the container instance ends).
import type { ServerResponse } from 'node:http';
import { findResource } from '../../lib/k8s/resources';
import type { HandlerContext, SubresourceHandler } from '../api-server';
import type { Clock } from '../clock';
import type { Registry } from '../registry';
import { parseBool, parseIntParam } from '../request';
import type { StoreEvent } from '../store';
import { StatusError, type KubeObject, type StatusCause } from '../types';
import {
  chooseContainer,
  makeTimeline,
  selectInstance,
  RETAINED_LINES,
  type Timeline,
} from './timeline';

/** PodLogOptions as the query string carries them. */
export interface LogOptions {
  container: string;
  follow: boolean;
  previous: boolean;
  sinceSeconds?: number;
  /** sinceTime, parsed (ms since the epoch). */
  sinceTime?: number;
  tailLines?: number;
  timestamps: boolean;
  limitBytes?: number;
}

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Go's time.Parse(time.RFC3339, …), as metav1.Time decodes a query parameter. */
function parseSinceTime(v: string): number {
  const ms = RFC3339.test(v) ? Date.parse(v) : NaN;
  if (Number.isNaN(ms)) {
    const head = /^\d{4}/.test(v) ? v.slice(4) : v;
    const layout = /^\d{4}/.test(v) ? '-' : '2006';
    throw new StatusError(
      400,
      'BadRequest',
      `parsing time "${v}" as "2006-01-02T15:04:05Z07:00": cannot parse "${head}" as "${layout}"`,
    );
  }
  return ms;
}

/** Decodes the query (400 on syntax, as the parameter codec does) and validates it (422, ValidatePodLogOptions). */
export function parseLogOptions(q: URLSearchParams, podName: string): LogOptions {
  const sinceRaw = q.get('sinceTime');
  const opts: LogOptions = {
    container: q.get('container') ?? '',
    follow: parseBool(q, 'follow'),
    previous: parseBool(q, 'previous'),
    timestamps: parseBool(q, 'timestamps'),
    sinceSeconds: parseIntParam(q, 'sinceSeconds'),
    tailLines: parseIntParam(q, 'tailLines'),
    limitBytes: parseIntParam(q, 'limitBytes'),
    sinceTime: sinceRaw ? parseSinceTime(sinceRaw) : undefined,
  };
  parseBool(q, 'insecureSkipTLSVerifyBackend');
  const causes: StatusCause[] = [];
  if (opts.tailLines !== undefined && opts.tailLines < 0)
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'tailLines',
      message: `Invalid value: ${opts.tailLines}: must be greater than or equal to 0`,
    });
  if (opts.limitBytes !== undefined && opts.limitBytes < 1)
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'limitBytes',
      message: `Invalid value: ${opts.limitBytes}: must be greater than 0`,
    });
  if (opts.sinceSeconds !== undefined && opts.sinceTime !== undefined)
    causes.push({
      reason: 'FieldValueForbidden',
      field: '',
      message: 'Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified',
    });
  else if (opts.sinceSeconds !== undefined && opts.sinceSeconds < 1)
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'sinceSeconds',
      message: `Invalid value: ${opts.sinceSeconds}: must be greater than 0`,
    });
  if (causes.length > 0) {
    const parts = causes.map((c) => `${c.field}: ${c.message}`);
    const agg = parts.length === 1 ? parts[0]! : `[${parts.join(', ')}]`;
    throw new StatusError(422, 'Invalid', `PodLogOptions "${podName}" is invalid: ${agg}`, {
      name: podName,
      kind: 'PodLogOptions',
      causes,
    });
  }
  return opts;
}

let nanoSec = -1;
let nanoPrefix = '';

/** RFC3339Nano as the kubelet prefixes lines (`2006-01-02T15:04:05.000000000Z07:00`). */
export function formatNano(t: number): string {
  const ms = Math.floor(t);
  const sec = Math.floor(ms / 1000);
  // Memoised per second: consecutive lines share it, and toISOString dominates the cost.
  if (sec !== nanoSec) {
    nanoSec = sec;
    nanoPrefix = new Date(sec * 1000).toISOString().slice(0, 19);
  }
  const nanos = (ms - sec * 1000) * 1e6 + Math.min(999_999, Math.floor((t - ms) * 1e6));
  return `${nanoPrefix}.${String(nanos).padStart(9, '0')}Z`;
}

/** Lines per chunk handed to the socket: big enough to amortise, small enough to stay responsive. */
const BATCH_LINES = 2000;
/** Follow ticks: at least this far apart (simulated ms), and at most (so a stream notices its end). */
const MIN_TICK_MS = 20;
const MAX_TICK_MS = 1000;

interface Stream {
  stop: () => void;
}

interface LogDeps {
  registry: Registry;
  clock: Clock;
  /** Open follow streams, ended when the cluster stops. */
  streams: Set<Stream>;
}

/** Writes the requested lines of one instance and, with follow, keeps writing until it ends. */
function streamLines(
  deps: LogDeps,
  res: ServerResponse,
  pod: KubeObject,
  tl: Timeline,
  opts: LogOptions,
): void {
  const { clock, registry } = deps;
  const now = clock.now();
  const inst = tl.instance;
  let end = inst.endMs; // set once the instance is known to have ended
  const upto = (): number => (end === undefined ? clock.now() : Math.min(clock.now(), end));
  const finite = Number.isFinite(tl.count);
  /** Lines written so far; a finite log that has ended was written whole. */
  const available = (): number => (finite && end !== undefined ? tl.count : tl.countAt(upto()));

  const n = available();
  let next = Math.max(0, n - RETAINED_LINES);
  if (opts.tailLines !== undefined) next = Math.max(next, n - opts.tailLines);
  const since = opts.sinceSeconds !== undefined ? now - opts.sinceSeconds * 1000 : opts.sinceTime;
  if (since !== undefined) next = Math.max(next, tl.firstAtOrAfter(since));
  let bytesLeft = opts.limitBytes ?? Infinity;
  let closed = false;
  let draining = false;
  let cancelTimer: (() => void) | undefined;
  let unwatch: (() => void) | undefined;
  // A finite log (crash) or a finished instance stops growing; follow then only waits for the end.
  const follow = opts.follow && end === undefined;

  res.writeHead(200, { 'Content-Type': 'text/plain' });

  const finish = (): void => {
    if (closed) return;
    closed = true;
    cancelTimer?.();
    unwatch?.();
    deps.streams.delete(stream);
    res.end();
  };
  const stream: Stream = { stop: finish };

  const render = (from: number, to: number): string => {
    let s = '';
    if (opts.timestamps)
      for (let i = from; i < to; i++) s += `${formatNano(tl.time(i))} ${tl.line(i)}\n`;
    else for (let i = from; i < to; i++) s += `${tl.line(i)}\n`;
    return s;
  };

  const pump = (): void => {
    cancelTimer = undefined;
    if (closed || draining) return;
    const target = available();
    while (next < target) {
      const hi = Math.min(target, next + BATCH_LINES);
      const chunk = render(next, hi);
      next = hi;
      const len = Buffer.byteLength(chunk);
      if (len >= bytesLeft) {
        // limitBytes cuts mid-line, like the kubelet's LimitWriter.
        res.write(Buffer.from(chunk).subarray(0, bytesLeft));
        return finish();
      }
      bytesLeft -= len;
      if (!res.write(chunk)) {
        draining = true;
        res.once('drain', () => {
          draining = false;
          pump();
        });
        return;
      }
    }
    if (!follow || end !== undefined) return finish();
    if (next >= tl.count) return; // the process wrote everything: wait for the pod to say it exited
    const wait = tl.time(next) - clock.now();
    cancelTimer = clock.after(Math.min(MAX_TICK_MS, Math.max(MIN_TICK_MS, wait + 1)), pump);
  };

  res.on('close', finish);
  if (follow) {
    deps.streams.add(stream);
    const ns = pod.metadata.namespace ?? '';
    const name = pod.metadata.name ?? '';
    const uid = pod.metadata.uid;
    const onEvent = (e: StoreEvent): void => {
      const o = e.object;
      if (closed || end !== undefined) return;
      if (o.metadata.name !== name || o.metadata.namespace !== ns) return;
      const ended =
        e.type === 'DELETED' || o.metadata.uid !== uid ? clock.now() : endOf(o, tl, clock.now());
      if (ended === undefined) return;
      end = ended;
      cancelTimer?.();
      pump();
    };
    unwatch = registry.store.watch('/pods', registry.store.resourceVersion, onEvent);
  }
  pump();
}

/** When the followed instance ended according to this version of the pod, or undefined while it runs. */
function endOf(pod: KubeObject, tl: Timeline, now: number): number | undefined {
  const { container, startedAt } = tl.instance;
  const status = (pod.status ?? {}) as Record<string, unknown>;
  const all = [
    status.containerStatuses,
    status.initContainerStatuses,
    status.ephemeralContainerStatuses,
  ].flatMap((l) => (Array.isArray(l) ? (l as Record<string, unknown>[]) : []));
  const cs = all.find((s) => s.name === container);
  if (!cs) return now;
  const state = (cs.state ?? {}) as Record<string, Record<string, unknown> | undefined>;
  // A running state without startedAt is the instance we picked (its start came from the pod).
  if (state.running && (state.running.startedAt ?? startedAt) === startedAt) return undefined;
  const last = ((cs.lastState ?? {}) as Record<string, Record<string, unknown> | undefined>)
    .terminated;
  for (const t of [state.terminated, last]) {
    if (t && t.startedAt === startedAt) {
      const f = Date.parse(String(t.finishedAt));
      if (!Number.isNaN(f)) return f;
    }
  }
  // Restarted (a new startedAt) or reset to waiting without a record of this run: it is over.
  return now;
}

/** The `pods/log` handler for one cluster. */
export function logHandler(deps: LogDeps): SubresourceHandler {
  const podD = findResource('', 'pods')!;
  return ({ req, res, url, info }: HandlerContext) => {
    if (req.method !== 'GET')
      throw new StatusError(
        405,
        'MethodNotAllowed',
        `the server does not allow this method on the requested resource`,
      );
    const opts = parseLogOptions(url.searchParams, info.name);
    const pod = deps.registry.get(podD, info.namespace, info.name);
    const container = chooseContainer(pod, opts.container);
    const spec = (pod.spec ?? {}) as Record<string, unknown>;
    if (!spec.nodeName) {
      // Not scheduled: kube-apiserver has no kubelet to ask and answers with an empty log.
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      return void res.end();
    }
    const inst = selectInstance(pod, container, opts.previous);
    streamLines(deps, res, pod, makeTimeline(pod, inst), opts);
  };
}
