// Time for controllers and the simulated kubelet: real by default, faster for tests (`--time-scale`).

export interface Clock {
  /** Milliseconds since the epoch, in simulated time. */
  now(): number;
  /** Runs `fn` after `ms` of simulated time; returns a cancel function. */
  after(ms: number, fn: () => void): () => void;
}

/**
 * A clock running `scale` times faster than wall time from the moment it is made: delays shrink by
 * that factor and now() advances that much faster. scale 1 is wall time.
 */
export function scaledClock(scale = 1): Clock {
  const origin = Date.now();
  return {
    now: () => origin + (Date.now() - origin) * scale,
    after(ms, fn) {
      const t = setTimeout(fn, Math.max(0, ms / scale));
      t.unref?.();
      return () => clearTimeout(t);
    },
  };
}

/** RFC 3339 with seconds, as kube writes timestamps. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}
