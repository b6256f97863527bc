import path from 'node:path';

/**
 * Expand `$VAR`, `${VAR}`, `${VAR:-default}` and `${VAR:+alt}` with known literal values. Returns
 * undefined when a variable is unknown, so callers never act on a half-expanded path.
 */
export function expandVars(text: string, vars: ReadonlyMap<string, string>, escape = '\\'): string | undefined {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === escape && text[i + 1] === '$') {
      out += '$';
      i++;
      continue;
    }
    if (c !== '$') {
      out += c;
      continue;
    }
    const braced = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}/.exec(text.slice(i));
    const plain = braced ? null : /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(i));
    const m = braced ?? plain;
    if (!m) {
      out += c;
      continue;
    }
    const value = vars.get(m[1]!);
    const op = braced ? m[2] : undefined;
    const word = braced ? (m[3] ?? '') : '';
    if (op === undefined) {
      if (value === undefined) return undefined;
      out += value;
    } else if (op.endsWith('-')) {
      const useDefault = value === undefined || (op === ':-' && value === '');
      if (useDefault && word.includes('$')) return undefined;
      out += useDefault ? word : value;
    } else {
      const useAlt = value !== undefined && (op === '+' || value !== '');
      out += useAlt ? word : '';
    }
    i += m[0].length - 1;
  }
  return out;
}

/** Resolve an in-image path against a working directory (posix, normalised, absolute). */
export function imagePath(workdir: string, p: string): string {
  return path.posix.resolve('/', workdir, p);
}
