// What every benchmark section shares: percentiles, and running one section on its own.

/** The p-th percentile (nearest rank) of xs; NaN for no samples. */
export function percentile(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[
    Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))
  ]!;
}

export const median = (xs: readonly number[]): number => percentile(xs, 50);

/** `npx tsx bench/<section>.ts` prints that section's rows (bench/run.ts writes RESULTS.md). */
export function runIfMain(moduleUrl: string, section: () => Promise<string[]>): void {
  if (moduleUrl !== `file://${process.argv[1]}`) return;
  section().then(
    (rows) =>
      console.log(
        ['| what | measured | target | verdict |', '|---|---|---|---|', ...rows].join('\n'),
      ),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
