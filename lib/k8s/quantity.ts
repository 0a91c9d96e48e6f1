// Kubernetes resource quantities ("500m", "1.5", "256Mi", "1e3"): parsing to numbers and canonical printing.

const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

export function isQuantity(s: string): boolean {
  return QUANTITY.test(s.trim());
}

/** The value of a quantity in base units (cores, bytes, counts); throws on a malformed quantity. */
export function parseQuantity(s: string | number): number {
  if (typeof s === 'number') return s;
  const m = QUANTITY.exec(s.trim());
  if (!m)
    throw new Error(
      `quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    );
  const n = Number(m[1]);
  const suffix = m[2] ?? '';
  if (suffix in BINARY) return n * BINARY[suffix]!;
  if (/^[eE]/.test(suffix)) return n * 10 ** Number(suffix.slice(1));
  return n * DECIMAL[suffix]!;
}

/** The value of a quantity, or undefined when it is not one (for validation). */
export function tryParseQuantity(q: unknown): number | undefined {
  if (typeof q === 'number') return Number.isFinite(q) ? q : undefined;
  if (typeof q !== 'string' || !isQuantity(q)) return undefined;
  return parseQuantity(q);
}

/** CPU-like canonical form: whole units when exact, else millis ("1", "500m", "2500m"). */
export function formatMilli(value: number): string {
  const milli = Math.round(value * 1000);
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** Memory-like canonical form: the largest binary suffix that divides exactly ("128Mi", "1Gi", "1000"). */
export function formatBytes(value: number): string {
  const v = Math.round(value);
  if (v === 0) return '0';
  for (const [suffix, mult] of Object.entries(BINARY).reverse()) {
    if (v % mult === 0) return `${v / mult}${suffix}`;
  }
  return String(v);
}

/** Formats a quantity for a resource name the way kube prints quota usage. */
export function formatQuantity(resource: string, value: number): string {
  if (/(^|\.)cpu$/.test(resource)) return formatMilli(value);
  if (
    /(^|\.)(memory|storage|ephemeral-storage)$/.test(resource) ||
    resource.startsWith('hugepages-')
  )
    return formatBytes(value);
  return Number.isInteger(value) ? String(value) : formatMilli(value);
}
