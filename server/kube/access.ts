// "May this user do that?" answered by the API server (SubjectAccessReview with the console's identity),
// cached briefly and dropped whenever RBAC objects change (ARCHITECTURE rule 2).
import type { ClusterConnection } from './clusters';
import { kubeJson, type Identity } from './transport';

export interface AccessAttributes {
  verb: string;
  group?: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

const TTL_MS = 10_000;
/** A review that has not answered by then fails (and is asked again), rather than hold its caller. */
const REVIEW_TIMEOUT_MS = 10_000;

export class AccessReviewer {
  private readonly cache = new Map<
    string,
    { allowed: boolean; at: number; pending?: Promise<boolean> }
  >();

  constructor(
    private readonly clusters: ReadonlyMap<string, ClusterConnection>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Forget every cached answer (RBAC changed somewhere). */
  invalidate(): void {
    this.cache.clear();
  }

  async allowed(cluster: string, who: Identity, attrs: AccessAttributes): Promise<boolean> {
    const conn = this.clusters.get(cluster);
    if (!conn) return false;
    const key = JSON.stringify([cluster, who.username, [...who.groups].sort(), attrs]);
    const hit = this.cache.get(key);
    if (hit && this.now() - hit.at < TTL_MS) return hit.pending ?? hit.allowed;
    const pending = kubeJson<{ status?: { allowed?: boolean } }>(conn, {
      method: 'POST',
      path: '/apis/authorization.k8s.io/v1/subjectaccessreviews',
      signal: AbortSignal.timeout(REVIEW_TIMEOUT_MS),
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        spec: {
          user: who.username,
          groups: who.groups,
          resourceAttributes: {
            verb: attrs.verb,
            group: attrs.group ?? '',
            resource: attrs.resource,
            subresource: attrs.subresource ?? '',
            namespace: attrs.namespace ?? '',
            name: attrs.name ?? '',
          },
        },
      },
    }).then((r) => r.status?.allowed === true);
    this.cache.set(key, { allowed: false, at: this.now(), pending });
    try {
      const allowed = await pending;
      this.cache.set(key, { allowed, at: this.now() });
      return allowed;
    } catch (e) {
      this.cache.delete(key);
      throw e;
    }
  }
}
