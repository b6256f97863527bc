const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/**
 * Bytes of a size as docker prints it: `71.03MiB`, `128MiB`, `1.5GiB`, `200kB`, `0B`
 * (binary units in memory columns, decimal ones in I/O columns). Undefined when it is not a size.
 */
export function parseDockerSize(text: string): number | undefined {
  const m = /^\s*([0-9]+(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = (m[2] ?? '').toLowerCase() || 'b';
  const factor = UNITS[unit];
  if (factor === undefined) return undefined;
  return Math.round(Number(m[1]) * factor);
}

/** `used / limit` of docker stats' MemUsage column, in bytes. */
export function parseMemUsage(text: string): { usedBytes: number; limitBytes: number } | undefined {
  const parts = text.split('/');
  if (parts.length !== 2) return undefined;
  const usedBytes = parseDockerSize(parts[0] ?? '');
  const limitBytes = parseDockerSize(parts[1] ?? '');
  if (usedBytes === undefined || limitBytes === undefined) return undefined;
  return { usedBytes, limitBytes };
}
