// The pod-template-hash of Deployments and StatefulSet revisions (k/k pkg/controller/controller_utils.go
// ComputeHash, apimachinery pkg/util/rand SafeEncodeString) and template equality ignoring that label.

export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** FNV-1a, 32 bits, over bytes. */
export function fnv32a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Maps every character (by its code) into a consonant-and-digit alphabet, so hashes never spell words. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += ALPHANUMS[s.charCodeAt(i) % ALPHANUMS.length];
  return out;
}

/**
 * The template as a comparable value: nulls, empty objects and empty lists dropped (Go compares a
 * missing struct and an empty one as equal), keys sorted so JSON text is canonical.
 */
export function normalize(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map(normalize).filter((x) => x !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const n = normalize((v as Record<string, unknown>)[k]);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return v === null ? undefined : v;
}

/**
 * `<hash>` as a Deployment names its ReplicaSet `<deploy>-<hash>`: fnv32a over the template and,
 * after a collision, the collision count as 4 little-endian bytes; the decimal sum safe-encoded.
 * (kube hashes a Go dump of the struct; canonical JSON is the simulator's stand-in.)
 */
export function computeHash(template: unknown, collisionCount?: number): string {
  const text = Buffer.from(JSON.stringify(normalize(template) ?? {}));
  let bytes: Uint8Array = text;
  if (collisionCount !== undefined && collisionCount !== null) {
    const extra = Buffer.alloc(4);
    extra.writeUInt32LE(collisionCount >>> 0);
    bytes = Buffer.concat([text, extra]);
  }
  return safeEncodeString(String(fnv32a(bytes)));
}

function withoutHash(template: unknown): unknown {
  if (template === null || typeof template !== 'object') return template;
  const t = structuredClone(template) as { metadata?: { labels?: Record<string, string> } };
  if (t.metadata?.labels) delete t.metadata.labels[POD_TEMPLATE_HASH_LABEL];
  return t;
}

/** Two pod templates are the same apart from the pod-template-hash label (deployment util EqualIgnoreHash). */
export function equalIgnoreHash(a: unknown, b: unknown): boolean {
  return (
    JSON.stringify(normalize(withoutHash(a)) ?? {}) ===
    JSON.stringify(normalize(withoutHash(b)) ?? {})
  );
}
