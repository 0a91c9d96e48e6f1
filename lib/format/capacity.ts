// Capacity figures for people: CPU cores, binary byte sizes and shares of a whole, as the overview shows them.

function trim(n: number, digits: number): string {
  // `toFixed` then drop trailing zeros: 2.50 → 2.5, 3.0 → 3.
  const fixed = n.toFixed(digits);
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** Cores as a person reads them: `250m` below one core, `1.5`, `12`, `128`. Bad input is `0`. */
export function formatCores(cores: number): string {
  if (!Number.isFinite(cores) || cores <= 0) return '0';
  if (cores < 1) return `${Math.max(1, Math.round(cores * 1000))}m`;
  return cores < 10 ? trim(cores, 2) : trim(cores, 1);
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** Bytes in binary units with up to three significant digits: `512 MiB`, `1.5 GiB`, `31.4 GiB`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes <= 0) return '0 B';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = value >= 100 || unit === 0 ? 0 : value >= 10 ? 1 : 2;
  return `${trim(value, digits)} ${UNITS[unit]}`;
}

/** `part` of `whole` in whole percent, 0–100 for the bar's width; 0 when the whole is unknown. */
export function percentOf(part: number, whole: number): number {
  if (!Number.isFinite(part) || !Number.isFinite(whole) || whole <= 0 || part <= 0) return 0;
  return Math.min(100, Math.round((part / whole) * 100));
}
