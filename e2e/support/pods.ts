// The pod table as tests read it, against the cluster as kubectl sees it.
import { expect } from '@playwright/test';

/**
 * Waits until the table shows exactly the pods the cluster has. Both are read at every poll: the
 * cluster moves on too (a deleted pod is Terminating for a while, then gone).
 */
export async function expectTableMatchesCluster(
  shown: () => Promise<string[]>,
  cluster: () => string[],
  timeout: number,
): Promise<void> {
  await expect
    .poll(
      async () => {
        const [table, actual] = [await shown(), cluster()];
        return table.join() === actual.join() ? 'same' : `${table.join()} ≠ ${actual.join()}`;
      },
      { timeout },
    )
    .toBe('same');
}
