/** A `${VAR}`, `${VAR:-default}` or `${VAR-default}` value, with the default's offsets in the raw text. */
export interface Interpolation {
  name: string;
  op?: ':-' | '-';
  default?: string;
  /** [start, end) of the default inside the raw scalar text as written in the file. */
  defaultRange?: [number, number];
}

const WHOLE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}$]*))?\}$/;

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

/** Read a `.env` file: KEY=VALUE lines, `#` comments, optional quotes. */
export function parseDotEnv(text: string): Map<string, string> {
  const env = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    let v = m[2]!;
    if (/^(['"]).*\1$/.test(v)) v = v.slice(1, -1);
    else v = v.replace(/\s+#.*$/, '');
    env.set(m[1]!, v);
  }
  return env;
}
