'use client';
// The browser's side of /api/logs: one socket per view, frames into the LogModel, one React update
// per animation frame however many lines arrived, and resuming after an end without duplicates.
import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  LOGS_PATH,
  sourceKey,
  type EndReason,
  type LogSource,
  type LogTarget,
  type ServerFrame,
  type StartFrame,
} from '../../lib/contracts/logs';
import { LogModel } from './log-model';

export interface LogStreamOptions {
  cluster: string;
  namespace: string;
  target: LogTarget;
  previous: boolean;
  sinceSeconds?: number;
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
  const { cluster, namespace, target, previous, sinceSeconds, tailLines, maxPods, capacity } = opts;
  const targetKey = JSON.stringify(target);
  // One view per set of options; new options start from scratch.
  const view = useMemo(
    () => new View(capacity),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [cluster, namespace, targetKey, previous, sinceSeconds, tailLines, maxPods, capacity],
  );
  const [version, setVersion] = useState(0);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const { model } = view;
    const ws = new WebSocket(logsUrl(window.location));
    let frame = 0;
    let ended = false;
    // Local source ids stay stable across resumes (colours, resume keys); the server's are per socket.
    const ids = new Map<number, number>();
    const bump = (): void => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setVersion((v) => v + 1);
      });
    };
    const localId = (id: number): number => ids.get(id) ?? id;
    const setState = (patch: Partial<StreamState>): void => {
      view.state = { ...view.state, ...patch };
      bump();
    };

    ws.onopen = () => {
      const start: StartFrame = {
        type: 'start',
        cluster,
        namespace,
        target: JSON.parse(targetKey) as LogTarget,
        previous,
        sinceSeconds,
        tailLines,
        maxPods,
        resume: view.resuming
          ? model.resumePoints((src) => {
              const s = view.sources[src];
              return s ? sourceKey(s.pod, s.container) : undefined;
            })
          : undefined,
      };
      ws.send(JSON.stringify(start));
      setState({ phase: 'live', reason: undefined, message: undefined });
    };
    ws.onmessage = (e: MessageEvent<string>) => {
      const f = JSON.parse(e.data) as ServerFrame;
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
          break;
        }
        case 'lines':
          model.append(f.lines, localId);
          bump();
          break;
        case 'text':
          model.appendStamped(localId(f.source), f.text);
          bump();
          break;
        case 'marker':
          model.mark(localId(f.source), f.time, f.kind, f.detail);
          bump();
          break;
        case 'sourceEnd':
          model.mark(localId(f.source), nowNano(), `end.${f.reason}`, f.message);
          bump();
          break;
        case 'end':
          ended = true;
          setState({ phase: 'ended', reason: f.reason, message: f.message });
          break;
      }
    };
    ws.onclose = () => {
      if (!ended) setState({ phase: 'lost', reason: 'lost', message: undefined });
    };
    return () => {
      if (frame) cancelAnimationFrame(frame);
      ws.onclose = null;
      ws.close();
    };
  }, [view, attempt, cluster, namespace, targetKey, previous, sinceSeconds, tailLines, maxPods]);

  const resume = useCallback(() => {
    view.markResuming();
    setAttempt((a) => a + 1);
  }, [view]);

  return { model: view.model, version, sources: view.sources, state: view.state, resume };
}
