/** A compose `build:` mapping's args and target, interpolated as `docker compose` does. */
export interface BuildInputs {
  /** `--build-arg` values; null: set in compose to something that cannot be resolved here. */
  args: Map<string, string | null>;
  /** `build.target`, when set (undefined value: set but not resolvable). */
  target?: { value?: string };
  /** What could not be resolved, for findings (`REQS: ${REQS_FILE} (REQS_FILE is not set)`). */
  unresolved: string[];
}

/**
 * Substitute `$VAR`, `${VAR}`, `${VAR:-d}`, `${VAR-d}`, `${VAR:+a}`, `${VAR+a}`, `${VAR:?e}`, `${VAR?e}` and
 * `$$` from `env`. Undefined when a variable without a default is unset (compose would put an empty string
 * and warn; a tool must not act on that guess) or a `?` form would fail; `missing` collects such names.
 */
export function interpolate(text: string, env: ReadonlyMap<string, string>, missing: string[] = []): string | undefined {
  let out = '';
  let ok = true;
  const re = /\$(?:\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])((?:[^{}]|\{[^{}]*\})*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out += text.slice(last, m.index);
    last = m.index + m[0].length;
    if (m[0] === '$$') {
      out += '$';
      continue;
    }
    const name = (m[1] ?? m[4])!;
    const op = m[2];
    const word = m[3] ?? '';
    const value = env.get(name);
    const empty = value === undefined || (op?.startsWith(':') === true && value === '');
    if (op === undefined) {
      if (value === undefined) {
        ok = false;
        missing.push(name);
      } else out += value;
    } else if (op.endsWith('-')) {
      if (!empty) out += value;
      else {
        const d = interpolate(word, env, missing);
        if (d === undefined) ok = false;
        else out += d;
      }
    } else if (op.endsWith('+')) {
      if (!empty) {
        const a = interpolate(word, env, missing);
        if (a === undefined) ok = false;
        else out += a;
      }
    } else if (empty) {
      ok = false;
      missing.push(name);
    } else out += value;
  }
  out += text.slice(last);
  return ok ? out : undefined;
}

/**
 * The build args and target of a service's merged `build:` value. Args come in list form (`- KEY=v`, `- KEY`)
 * or map form (`KEY: v`, `KEY:`); a key without a value takes the variable of that name from `env`, and is
 * left out when that is unset, as compose does.
 */
export function buildInputs(build: Record<string, unknown>, env: ReadonlyMap<string, string>): BuildInputs {
  const out: BuildInputs = { args: new Map(), unresolved: [] };
  const set = (key: string, raw: unknown): void => {
    if (raw === null || raw === undefined) {
      const v = env.get(key);
      if (v !== undefined) out.args.set(key, v);
      return;
    }
    const missing: string[] = [];
    const v = interpolate(String(raw), env, missing);
    out.args.set(key, v ?? null);
    if (v === undefined) out.unresolved.push(`build.args ${key}=${String(raw)} (${[...new Set(missing)].join(', ')} not set)`);
  };
  const args = build.args;
  if (Array.isArray(args)) {
    for (const item of args) {
      const s = String(item);
      const eq = s.indexOf('=');
      if (eq < 0) set(s, null);
      else set(s.slice(0, eq), s.slice(eq + 1));
    }
  } else if (args && typeof args === 'object') {
    for (const [k, v] of Object.entries(args as Record<string, unknown>)) set(k, v);
  }
  if (typeof build.target === 'string') {
    const missing: string[] = [];
    const v = interpolate(build.target, env, missing);
    out.target = v === undefined ? {} : { value: v };
    if (v === undefined) out.unresolved.push(`build.target ${build.target} (${[...new Set(missing)].join(', ')} not set)`);
  }
  return out;
}
