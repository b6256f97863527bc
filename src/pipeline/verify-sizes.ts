import { parseInterpolation } from '../compose/interpolation.js';
import { parseMemory, sizeStyle } from '../compose/memory.js';

type Obj = Record<string, unknown>;

const PATHS: Record<string, readonly string[]> = {
  mem_limit: ['mem_limit'],
  mem_reservation: ['mem_reservation'],
  'deploy.resources.limits.memory': ['deploy', 'resources', 'limits', 'memory'],
  'deploy.resources.reservations.memory': ['deploy', 'resources', 'reservations', 'memory'],
};

const ENGINE_MIN_LIMIT = 6 * 1024 * 1024;

function at(obj: unknown, path: readonly string[]): unknown {
  let cur = obj;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Obj)[k];
  }
  return cur;
}

function services(data: unknown): Obj {
  const s = at(data, ['services']);
  return s && typeof s === 'object' && !Array.isArray(s) ? (s as Obj) : {};
}

/** The size text a value stands for (the default of `${VAR:-size}`), or the value itself. */
function sizeText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const v = parseInterpolation(value);
  return v ? v.default : value;
}

/** Unit spelling without the multiplier letter (`M`→`upper`, `mb`→`lower+b`, '' for a byte count). */
function unitShape(text: string): string | undefined {
  const unit = sizeStyle(text)?.unit;
  if (unit === undefined) return undefined;
  if (!/[kmgtp]/i.test(unit)) return '';
  const letter = unit.trim()[0]!;
  return `${unit.startsWith(' ') ? 'space+' : ''}${letter === letter.toUpperCase() ? 'upper' : 'lower'}+${unit.trim().slice(1)}`;
}

/**
 * The value guard of every compose file a run changes: each memory value that differs from the old
 * text must be a size compose and the engine accept — whole, positive, finite bytes (never NaN,
 * Infinity, 0 or -1, which would lift the limit), a string under `deploy` (compose refuses a number
 * there), a limit of at least 6M, a reservation not above the service's limit — and keep the unit
 * style of the value it replaces (`512m` stays lower-case m, `"1GB"` keeps `B`, bytes stay bytes).
 * Returns the first violation as text, or undefined.
 */
export function checkMemoryValues(before: unknown, after: unknown): string | undefined {
  const old = services(before);
  for (const [name, svc] of Object.entries(services(after))) {
    let changed = false;
    for (const [label, path] of Object.entries(PATHS)) {
      const value = at(svc, path);
      const prev = at(old[name], path);
      if (value === undefined || JSON.stringify(value) === JSON.stringify(prev)) continue;
      changed = true;
      const where = `services.${name}.${label}`;
      const text = sizeText(value);
      if (typeof value === 'string' && text === undefined) return `${where} is ${JSON.stringify(value)}: a variable with no default was written`;
      if (label.startsWith('deploy') && typeof value !== 'string') return `${where} is ${JSON.stringify(value)}: compose requires a string there`;
      const bytes = typeof text === 'string' || typeof text === 'number' ? parseMemory(text) : undefined;
      if (bytes === undefined || !Number.isSafeInteger(bytes)) return `${where} is ${JSON.stringify(value)}: not a size compose accepts`;
      if (bytes <= 0) return `${where} is ${JSON.stringify(value)}: 0 means no limit to Docker, never a written size`;
      if (label.includes('limit') && bytes < ENGINE_MIN_LIMIT) return `${where} is ${JSON.stringify(value)}: under the engine's 6M minimum`;
      const was = sizeText(prev);
      if ((typeof was === 'string' || typeof was === 'number') && parseMemory(was)) {
        if (typeof was !== typeof text && !label.startsWith('deploy')) return `${where} is ${JSON.stringify(value)}: written as a ${typeof text}, was a ${typeof was} (${JSON.stringify(prev)})`;
        // A byte count stands in for a unit only when no whole KiB fits.
        const shape = typeof text === 'string' ? unitShape(text) : undefined;
        const bytesOnly = shape === '' && bytes % 1024 !== 0;
        if (typeof was === 'string' && unitShape(was) !== shape && !bytesOnly) return `${where} is ${JSON.stringify(value)}: not in the unit style of ${JSON.stringify(prev)}`;
      }
    }
    const bad = changed ? reservationAboveLimit(svc) : undefined;
    if (bad) return `services.${name}: ${bad}`;
  }
  return undefined;
}

/** The engine refuses a reservation above the limit. */
function reservationAboveLimit(svc: unknown): string | undefined {
  const bytes = (path: readonly string[]): number | undefined => {
    const t = sizeText(at(svc, path));
    return typeof t === 'string' || typeof t === 'number' ? parseMemory(t) : undefined;
  };
  const limit = bytes(PATHS.mem_limit!) || bytes(PATHS['deploy.resources.limits.memory']!);
  const res = bytes(PATHS.mem_reservation!) || bytes(PATHS['deploy.resources.reservations.memory']!);
  return limit && res && res > limit ? `the memory reservation (${res} bytes) is above the limit (${limit} bytes)` : undefined;
}
