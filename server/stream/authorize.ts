// May this user list and watch this collection? Asked of the API server before a stream serves anything
// from the console's shared cache (ARCHITECTURE rule 2).
import type { StreamError } from '../../lib/contracts/stream';
import { qualifiedResource } from '../../lib/k8s/resources';
import type { AccessAttributes } from '../kube/access';
import type { Identity } from '../kube/transport';

export interface CollectionAttributes {
  group: string;
  /** Plural resource name. */
  resource: string;
  /** Absent for a cluster-wide view, which needs cluster-wide rights. */
  namespace?: string;
}

export interface AccessChecker {
  allowed(cluster: string, who: Identity, attrs: AccessAttributes): Promise<boolean>;
}

const VERBS = ['list', 'watch'] as const;

/**
 * kube-apiserver's words for a denied collection request, e.g. `pods is forbidden: User "victor"
 * cannot list resource "pods" in API group "" in the namespace "ai-test"`.
 */
export function forbiddenMessage(who: Identity, verb: string, t: CollectionAttributes): string {
  const where = t.namespace ? `in the namespace "${t.namespace}"` : 'at the cluster scope';
  return `${qualifiedResource({ group: t.group, plural: t.resource })} is forbidden: User "${who.username}" cannot ${verb} resource "${t.resource}" in API group "${t.group}" ${where}`;
}

/** null when the user may list AND watch the collection, else the 403 to send. Rejects if the review fails. */
export async function authorizeCollection(
  access: AccessChecker,
  cluster: string,
  who: Identity,
  t: CollectionAttributes,
): Promise<StreamError | null> {
  const answers = await Promise.all(
    VERBS.map((verb) =>
      access.allowed(cluster, who, {
        verb,
        group: t.group,
        resource: t.resource,
        namespace: t.namespace,
      }),
    ),
  );
  const denied = VERBS.find((_, i) => !answers[i]);
  if (!denied) return null;
  return { code: 403, reason: 'Forbidden', message: forbiddenMessage(who, denied, t) };
}
