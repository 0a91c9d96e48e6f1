// How to start the simulator as its own Node process (the console's embedded mode, tests, benchmarks).

/**
 * Node flags for the simulator. With 10,000 pods it keeps about 230 MB live; uncapped, V8 lets the
 * heap grow to three times that between collections (measured under list load: 700 MB RSS uncapped).
 * WHARF_SIM_HEAP_MB raises the cap for much larger simulated clusters.
 */
export function simNodeArgs(env: Record<string, string | undefined> = process.env): string[] {
  const mb = Number(env.WHARF_SIM_HEAP_MB) > 0 ? Number(env.WHARF_SIM_HEAP_MB) : 512;
  return [`--max-old-space-size=${mb}`, '--import', 'tsx'];
}
