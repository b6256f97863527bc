import { readDotEnv } from './dotenv.js';

/** A `${VAR}`, `${VAR:-default}` or `${VAR-default}` value, with the default's offsets in the raw text. */
export interface Interpolation {
  name: string;
  op?: ':-' | '-';
  default?: string;
  /** [start, end) of the default inside the raw scalar text as written in the file. */
  defaultRange?: [number, number];
}

// `${VAR}`, `${VAR:-d}`, `${VAR-d}`, and `${VAR:?message}`/`${VAR?message}` (required: no default). A bare
// `$VAR` stays unresolved (reported, never edited), as memory-guards pins.
const WHOLE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}$]*)|:?\?[^}$]*)?\}$/;

/** Parse a value that is exactly one variable reference; undefined for anything else. */
export function parseInterpolation(value: string): Interpolation | undefined {
  const m = WHOLE.exec(value);
  if (!m) return undefined;
  const name = m[1]!;
  if (m[2] === undefined) return { name };
  const start = 2 + name.length + m[2].length;
  return { name, op: m[2] as ':-' | '-', default: m[3]!, defaultRange: [start, start + m[3]!.length] };
}

/** True when a value contains compose interpolation (`$VAR` or `${...}`, not `$$`). */
export function hasInterpolation(value: string): boolean {
  return /(^|[^$])\$(\{|[A-Za-z_])/.test(value);
}

/** Read a `.env` file as compose does (see dotenv.ts): name → value. */
export function parseDotEnv(text: string): Map<string, string> {
  return new Map([...parseDotEnvLines(text)].map(([k, v]) => [k, v.value]));
}

/** Read a `.env` file keeping each variable's 1-based line (the last assignment wins, as in compose). */
export function parseDotEnvLines(text: string, lookup?: (name: string) => string | undefined): Map<string, { value: string; line: number }> {
  return readDotEnv(text, lookup);
}

/**
 * The value compose substitutes for `${VAR}`, `${VAR:-d}`, `${VAR-d}`: `:-` falls back when VAR is
 * unset or empty, `-` only when unset; a bare `${VAR}` that is unset is empty. `fromDefault` says which.
 */
export function substitute(v: Interpolation, env: ReadonlyMap<string, string>): { value: string; fromDefault: boolean } {
  const set = env.get(v.name);
  if (v.op === ':-' && (set === undefined || set === '')) return { value: v.default ?? '', fromDefault: true };
  if (v.op === '-' && set === undefined) return { value: v.default ?? '', fromDefault: true };
  return { value: set ?? '', fromDefault: set === undefined };
}
