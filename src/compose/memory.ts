/**
 * Memory sizes as compose accepts them (docker's `units.RAMInBytes`): binary multiples, case-insensitive
 * b/k/m/g/t with optional `i` and `b` (`128M`, `128mb`, `128MiB`, `0.5g`), and plain integers as bytes.
 */

const UNIT = /^(\d+(?:\.\d+)?) ?([bBkKmMgGtTpP]?)([iI]?)([bB]?)$/;
const POWERS: Record<string, number> = { '': 0, b: 0, k: 1, m: 2, g: 3, t: 4, p: 5 };

/** The parts of a written size: number text and unit spelling (`M`, `mb`, `MiB`, or '' for bytes). */
export interface SizeStyle {
  number: string;
  unit: string;
}

/** Parse a size; undefined when it is not a size compose accepts. */
export function parseMemory(raw: string | number): number | undefined {
  if (typeof raw === 'number') return Number.isInteger(raw) && raw >= 0 ? raw : undefined;
  const m = UNIT.exec(raw.trim());
  if (!m) return undefined;
  let letter = m[2]!.toLowerCase();
  // a lone `b` suffix (`100b`) is bytes; `kb`, `mb` are multiples.
  if (letter === 'b' && (m[3] || m[4])) return undefined;
  const power = POWERS[letter];
  if (power === undefined) return undefined;
  const bytes = Number(m[1]) * 1024 ** power;
  return Math.round(bytes);
}

/** Split a written size into its number and unit spelling. */
export function sizeStyle(raw: string): SizeStyle | undefined {
  const m = UNIT.exec(raw.trim());
  if (!m) return undefined;
  return { number: m[1]!, unit: raw.trim().slice(m[1]!.length) };
}

const LETTERS = ['', 'k', 'm', 'g', 't', 'p'];

/** Write `bytes` in the unit style of `like` (`128M`→`192M`, `"128MB"`→`192MB`, `134217728`→`201326592`). */
export function formatMemoryLike(bytes: number, like: string): string {
  const style = sizeStyle(like);
  if (!style || style.unit === '' || /^ ?b$/i.test(style.unit)) return String(bytes) + (style?.unit ?? '');
  const space = style.unit.startsWith(' ') ? ' ' : '';
  const unit = style.unit.trim();
  const letter = unit[0]!;
  const rest = unit.slice(1);
  const upper = letter === letter.toUpperCase();
  const decimals = style.number.includes('.');
  let power = LETTERS.indexOf(letter.toLowerCase());
  // Keep the unit when the value is whole in it (or the original used decimals); else step down.
  while (power > 0) {
    const n = bytes / 1024 ** power;
    if (Number.isInteger(n)) break;
    if (decimals && Number.isInteger(n * 1000)) {
      return `${n}${space}${cased(power, upper)}${rest}`;
    }
    power--;
  }
  if (power === 0) return String(bytes);
  return `${bytes / 1024 ** power}${space}${cased(power, upper)}${rest}`;
}

function cased(power: number, upper: boolean): string {
  const l = LETTERS[power]!;
  return upper ? l.toUpperCase() : l;
}

/** Human form for messages and tables: `192M`, `1.5G`, `512K`, `100B` (two decimals at most). */
export function formatMemory(bytes: number): string {
  for (const [power, letter] of [[3, 'G'], [2, 'M'], [1, 'K']] as const) {
    const n = bytes / 1024 ** power;
    if (n >= 1) return `${Math.round(n * 100) / 100}${letter}`;
  }
  return `${bytes}B`;
}
