// useCan: whether the signed-in user may do each of a batch of actions (POST /api/access), so controls
// can be disabled with the reason. Advisory: the API server still refuses what is not allowed.
import { useQuery } from '@tanstack/react-query';
import type { AccessCheck, AccessResponse } from '../../lib/contracts/access';

async function fetchAccess(checks: AccessCheck[]): Promise<boolean[]> {
  const res = await fetch('/api/access', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ checks }),
  });
  if (!res.ok) throw new Error(`access check failed (${res.status})`);
  return ((await res.json()) as AccessResponse).allowed;
}

/** One answer per check, in order; `undefined` while asking (treat as "not yet allowed"). */
export function useCan(checks: AccessCheck[]): boolean[] | undefined {
  const { data } = useQuery({
    queryKey: ['access', checks],
    queryFn: () => fetchAccess(checks),
    staleTime: 10_000,
    enabled: checks.length > 0,
  });
  return data;
}
