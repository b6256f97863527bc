/**
 * A `.env` file read as `docker compose` reads it (compose-go's dotenv): `KEY=VALUE` or `KEY: VALUE`, an
 * optional `export`, `#` comments (after whitespace, when unquoted), 'single quotes' taken literally,
 * "double quotes" with backslash escapes and line breaks, and `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `$VAR` in unquoted and double-quoted values resolved from the lines above (then `lookup`).
 */

const KEY = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*(?:=|:[ \t]|:$)[ \t]*/;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\', $: '$' };

/** Resolve `${VAR}`, `${VAR:-d}`, `${VAR-d}` and `$VAR` in a value; `$$` is a literal `$`. */
export function expand(value: string, known: (name: string) => string | undefined): string {
  return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)((?:[^{}]|\{[^{}]*\})*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (all, braced: string | undefined, op: string | undefined, def: string | undefined, bare: string | undefined) => {
    if (all === '$$') return '$';
    const name = braced ?? bare!;
    const set = known(name);
    if (op === ':-' && (set === undefined || set === '')) return expand(def ?? '', known);
    if (op === '-' && set === undefined) return expand(def ?? '', known);
    return set ?? '';
  });
}

/**
 * Every assignment of a `.env` text with its 1-based line; the last assignment of a name wins, as in compose.
 * `lookup` answers names the file has not set (compose uses the process environment there).
 */
export function readDotEnv(text: string, lookup: (name: string) => string | undefined = () => undefined): Map<string, { value: string; line: number }> {
  const env = new Map<string, { value: string; line: number }>();
  const known = (name: string): string | undefined => env.get(name)?.value ?? lookup(name);
  const lines = text.replace(/^\ufeff/, '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    const m = KEY.exec(line);
    if (!m) continue;
    const name = m[1]!;
    const startLine = i + 1;
    let rest = line.slice(m[0].length);
    let value: string;
    const quote = rest[0];
    if (quote === "'" || quote === '"') {
      // A quoted value runs to its closing quote, across lines; what follows it (a comment) is not part of it.
      let body = rest.slice(1);
      let close = findClose(body, quote);
      while (close === -1 && i + 1 < lines.length) {
        body += '\n' + lines[++i]!.replace(/\r$/, '');
        close = findClose(body, quote);
      }
      const inner = close === -1 ? body : body.slice(0, close);
      value = quote === "'" ? inner : expand(inner.replace(/\\(.)/gs, (all, ch: string) => ESCAPES[ch] ?? all), known);
    } else {
      rest = rest.replace(/(^|[ \t]+)#.*$/, '').trim();
      value = expand(rest, known);
    }
    env.set(name, { value, line: startLine });
  }
  return env;
}

/** Offset of the quote that closes a value (backslash escapes count only in double quotes), or -1. */
function findClose(body: string, quote: string): number {
  for (let j = 0; j < body.length; j++) {
    if (quote === '"' && body[j] === '\\') j++;
    else if (body[j] === quote) return j;
  }
  return -1;
}
