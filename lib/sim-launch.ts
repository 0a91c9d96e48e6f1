// How to start the simulator as its own Node process (the console's embedded mode, tests, benchmarks).

/**
 * Environment for the simulator process: glibc's per-thread malloc arenas keep freed TLS and socket
 * buffers resident; two arenas are plenty for one event loop.
 */
export function simEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { MALLOC_ARENA_MAX: '2', ...env };
}

/**
 * Node flags for the simulator. With 10,000 pods it keeps about 100 MB live (heap snapshot) and runs
 * at about 300 MB RSS with this cap (`npm run bench`). The cap still matters: with V8's default limit
 * (4 GB here) major collections start so late that garbage from the start-up storm and list bursts
 * piles up to about 600 MB RSS. WHARF_SIM_HEAP_MB raises it for much larger simulated clusters.
 */
export function simNodeArgs(env: NodeJS.ProcessEnv = process.env): string[] {
  const mb = Number(env.WHARF_SIM_HEAP_MB) > 0 ? Number(env.WHARF_SIM_HEAP_MB) : 768;
  return [`--max-old-space-size=${mb}`, '--import', 'tsx'];
}
