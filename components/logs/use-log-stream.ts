'use client';
// The browser's side of /api/logs: one socket per view, read and parsed in a worker, its batches into
// the LogModel, one React update per animation frame however many lines arrived (and at most one batch
// per frame), and resuming after an end without duplicates.
import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  LOGS_PATH,
  type EndReason,
  type LogSource,
  type LogTarget,
} from '../../lib/contracts/logs';
import type { ToFeed } from './feed-protocol';
import type { FeedBatch, FeedOp } from './log-feed';
import { LogModel } from './log-model';

export interface LogStreamOptions {
  cluster: string;
  namespace: string;
  target: LogTarget;
  previous: boolean;
  sinceSeconds?: number;
  /** From this time on instead (RFC 3339): a link to lines. */
  sinceTime?: string;
  tailLines?: number;
  maxPods?: number;
  /** Lines the browser keeps. */
  capacity: number;
}

export type StreamPhase = 'connecting' | 'live' | 'ended' | 'lost';

export interface StreamState {
  phase: StreamPhase;
  reason?: EndReason;
  message?: string;
  totalPods: number;
  maxPods: number;
}

export interface LogStream {
  model: LogModel;
  /** Bumps once per animation frame with new lines. */
  version: number;
  sources: readonly LogSource[];
  state: StreamState;
  /** Opens a new socket that continues after the last line of every source. */
  resume(): void;
}

/** `ws(s)://<this host>/api/logs`, from the page's own location. */
export function logsUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${LOGS_PATH}`;
}

const nowNano = (): string => new Date().toISOString().replace(/Z$/, '000000Z');

/** Everything one view learns from its sockets; mutated by socket callbacks, rendered on version bumps. */
class View {
  readonly model: LogModel;
  sources: LogSource[] = [];
  state: StreamState = { phase: 'connecting', totalPods: 0, maxPods: 0 };
  resuming = false;
  constructor(capacity: number) {
    this.model = new LogModel(capacity);
  }
  /** The next socket continues after what is held instead of starting over. */
  markResuming(): void {
    this.resuming = true;
    this.state = { ...this.state, phase: 'connecting' };
  }
}

export function useLogStream(opts: LogStreamOptions): LogStream {
  'use no memo'; // returns fields of a mutable View: see LogViewer
  const { capacity, ...options } = opts;
  // The start frame's options as one value: one view (and one socket) per set of them; new options
  // start from scratch.
  const startKey = JSON.stringify(options);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- a new View for every startKey
  const view = useMemo(() => new View(capacity), [startKey, capacity]);
  const [version, setVersion] = useState(0);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const { model } = view;
    // The socket lives in a worker that parses its frames; this thread only applies ready batches.
    const worker = new Worker(new URL('./log-feed.worker.ts', import.meta.url));
    let frame = 0;
    let ended = false;
    // Local source ids stay stable across resumes (colours); the server's are per socket.
    const ids = new Map<number, number>();
    const localId = (id: number): number => ids.get(id) ?? id;
    const post = (msg: ToFeed): void => worker.postMessage(msg);
    // One render per animation frame, and at most one batch from the worker per frame.
    const bump = (): void => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setVersion((v) => v + 1);
        post({ type: 'ready' });
      });
    };
    const setState = (patch: Partial<StreamState>): void => {
      view.state = { ...view.state, ...patch };
    };
    const apply = (op: FeedOp): void => {
      switch (op.kind) {
        case 'lines':
          model.append(op.lines, localId);
          return;
        case 'skip':
          model.skip(op.n);
          return;
        case 'opened':
          setState({ phase: 'live', reason: undefined, message: undefined });
          return;
        case 'closed':
          if (!ended) setState({ phase: 'lost', reason: 'lost', message: undefined });
          return;
      }
      const f = op.frame;
      switch (f.type) {
        case 'sources': {
          const next = [...view.sources];
          for (const s of f.sources) {
            let i = next.findIndex((l) => l.pod === s.pod && l.container === s.container);
            if (i < 0) {
              i = next.length;
              next.push({ id: i, pod: s.pod, container: s.container });
            }
            ids.set(s.id, i);
          }
          view.sources = next;
          setState({ totalPods: f.totalPods, maxPods: f.maxPods });
          return;
        }
        case 'marker':
          model.mark(localId(f.source), f.time, f.kind, f.detail);
          return;
        case 'sourceEnd':
          model.mark(localId(f.source), nowNano(), `end.${f.reason}`, f.message);
          return;
        case 'end':
          ended = true;
          setState({ phase: 'ended', reason: f.reason, message: f.message });
          return;
      }
    };
    worker.onmessage = (e: MessageEvent<FeedBatch>) => {
      for (const op of e.data.ops) apply(op);
      model.setResumePoints(e.data.points);
      bump();
    };
    worker.onerror = () => apply({ kind: 'closed' });
    post({
      type: 'open',
      url: logsUrl(window.location),
      capacity,
      start: {
        type: 'start',
        ...(JSON.parse(startKey) as Omit<LogStreamOptions, 'capacity'>),
        resume: view.resuming ? model.resumePoints() : undefined,
      },
    });
    return () => {
      if (frame) cancelAnimationFrame(frame);
      worker.terminate();
    };
  }, [view, attempt, startKey, capacity]);

  const resume = useCallback(() => {
    view.markResuming();
    setAttempt((a) => a + 1);
  }, [view]);

  return { model: view.model, version, sources: view.sources, state: view.state, resume };
}
