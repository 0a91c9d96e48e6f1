// The current time for ages, ticking once a second for every component that shows one (one timer).
import { useSyncExternalStore } from 'react';

const TICK_MS = 1000;
let now = 0;
let timer: ReturnType<typeof setInterval> | undefined;
const listeners = new Set<() => void>();

function subscribe(fn: () => void): () => void {
  listeners.add(fn);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of [...listeners]) l();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(fn);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

function snapshot(): number {
  if (now === 0) now = Date.now();
  return now;
}

/** Milliseconds since the epoch, updated every second; 0 during server rendering. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, snapshot, () => 0);
}
