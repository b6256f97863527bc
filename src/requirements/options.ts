/** Options of pip requirements files: the table pip accepts and an optparse-like reader over shlex tokens. */

/** A known option: its long name, short alias and whether it takes a value. */
interface OptionSpec {
  name: string;
  short?: string;
  takesValue: boolean;
}

// pip's SUPPORTED_OPTIONS and SUPPORTED_OPTIONS_REQ (src/pip/_internal/req/req_file.py), plus the removed
// --install-option, which older files still carry.
const SPECS: OptionSpec[] = [
  { name: '--index-url', short: '-i', takesValue: true },
  { name: '--extra-index-url', takesValue: true },
  { name: '--no-index', takesValue: false },
  { name: '--constraint', short: '-c', takesValue: true },
  { name: '--requirement', short: '-r', takesValue: true },
  { name: '--editable', short: '-e', takesValue: true },
  { name: '--find-links', short: '-f', takesValue: true },
  { name: '--no-binary', takesValue: true },
  { name: '--only-binary', takesValue: true },
  { name: '--prefer-binary', takesValue: false },
  { name: '--require-hashes', takesValue: false },
  { name: '--pre', takesValue: false },
  { name: '--trusted-host', takesValue: true },
  { name: '--use-feature', takesValue: true },
  { name: '--hash', takesValue: true },
  { name: '--global-option', takesValue: true },
  { name: '--config-settings', short: '-C', takesValue: true },
  { name: '--install-option', takesValue: true },
];

const BY_LONG = new Map(SPECS.map((s) => [s.name, s]));
const BY_SHORT = new Map(SPECS.filter((s) => s.short).map((s) => [s.short!, s]));

/** The canonical long name of an option (`-i` → `--index-url`, `--extra-index` → `--extra-index-url`). */
export function canonicalOptionName(written: string): string {
  const long = lookupLong(written);
  return (typeof long === 'object' ? long.name : undefined) ?? BY_SHORT.get(written)?.name ?? written;
}

/** optparse accepts a unique prefix of a long option; 'ambiguous' when several options start with it. */
function lookupLong(name: string): OptionSpec | 'ambiguous' | undefined {
  const exact = BY_LONG.get(name);
  if (exact || !name.startsWith('--')) return exact;
  const matches = SPECS.filter((s) => s.name.startsWith(name));
  return matches.length === 1 ? matches[0] : matches.length > 1 ? 'ambiguous' : undefined;
}

/** A shell word: raw range (logical offsets) and its unquoted value. */
export interface Token {
  start: number;
  end: number;
  value: string;
}

/** `shlex.split` (POSIX mode) of `s[from, to)`, with ranges; an unclosed quote is an error. */
export function shlexTokens(s: string, from: number, to: number): { tokens: Token[]; error?: { offset: number; message: string } } {
  const tokens: Token[] = [];
  let i = from;
  while (i < to) {
    while (i < to && /\s/.test(s[i]!)) i++;
    if (i >= to) break;
    const start = i;
    let value = '';
    while (i < to && !/\s/.test(s[i]!)) {
      const c = s[i]!;
      if (c === '\\') {
        if (i + 1 < to) value += s[i + 1]!;
        i += 2;
      } else if (c === "'" || c === '"') {
        const close = findClose(s, i, to, c);
        if (close === -1) return { tokens, error: { offset: i, message: `unclosed ${c} quote in options` } };
        const inner = s.slice(i + 1, close);
        value += c === '"' ? inner.replace(/\\([\\"$`])/g, '$1') : inner;
        i = close + 1;
      } else {
        value += c;
        i++;
      }
    }
    tokens.push({ start, end: Math.min(i, to), value });
  }
  return { tokens };
}

function findClose(s: string, open: number, to: number, q: string): number {
  for (let k = open + 1; k < to; k++) {
    if (s[k] === '\\' && q === '"') k++;
    else if (s[k] === q) return k;
  }
  return -1;
}

/** An option read from tokens, in logical offsets. */
export interface RawOption {
  name: string;
  known: boolean;
  written: [number, number];
  value?: [number, number, string];
}

/**
 * Read options the way optparse does: `--name=value`, `--name value`, `-xvalue`, `-x value`, flags.
 * Unknown options are kept; they take the next word as value when it is not itself an option.
 */
export function readOptions(s: string, tokens: Token[]): { options: RawOption[]; error?: { offset: number; message: string }; ignored: { offset: number; message: string }[] } {
  const options: RawOption[] = [];
  const ignored: { offset: number; message: string }[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    const word = t.value;
    const next = tokens[k + 1];
    const takeNext = (): [number, number, string] | undefined => {
      if (!next) return undefined;
      k++;
      return [next.start, next.end, next.value];
    };
    if (word.startsWith('--') && word.length > 2) {
      const eq = word.indexOf('=');
      const written = eq === -1 ? word : word.slice(0, eq);
      const spec = lookupLong(written);
      const rawEq = s.indexOf('=', t.start);
      const inline: [number, number, string] | undefined =
        eq === -1 ? undefined : [rawEq !== -1 && rawEq < t.end ? rawEq + 1 : t.end, t.end, word.slice(eq + 1)];
      const writtenEnd = inline ? inline[0] - 1 : t.end;
      if (spec === 'ambiguous') return { options, ignored, error: { offset: t.start, message: `ambiguous option ${written}` } };
      if (!spec) {
        const value = inline ?? (next && !next.value.startsWith('-') ? takeNext() : undefined);
        options.push({ name: written, known: false, written: [t.start, writtenEnd], ...(value ? { value } : {}) });
        continue;
      }
      if (!spec.takesValue) {
        if (inline) return { options, ignored, error: { offset: t.start, message: `${spec.name} option does not take a value` } };
        options.push({ name: spec.name, known: true, written: [t.start, t.end] });
        continue;
      }
      const value = inline ?? takeNext();
      if (!value) return { options, ignored, error: { offset: t.start, message: `${spec.name} option requires a value` } };
      if (spec.name === '--hash' && !/^(?:sha256|sha384|sha512):/.test(value[2])) {
        return { options, ignored, error: { offset: value[0], message: '--hash needs sha256:, sha384: or sha512: followed by the digest' } };
      }
      options.push({ name: spec.name, known: true, written: [t.start, writtenEnd], value });
    } else if (word.startsWith('-') && word.length > 1 && word !== '--') {
      const short = word.slice(0, 2);
      const spec = BY_SHORT.get(short);
      const attached = word.length > 2 ? ([t.start + 2, t.end, word.slice(2)] as [number, number, string]) : undefined;
      if (!spec) {
        const value = attached ?? (next && !next.value.startsWith('-') ? takeNext() : undefined);
        options.push({ name: short, known: false, written: [t.start, t.start + 2], ...(value ? { value } : {}) });
        continue;
      }
      const value = attached ?? takeNext();
      if (!value) return { options, ignored, error: { offset: t.start, message: `${short} option requires a value` } };
      options.push({ name: spec.name, known: true, written: [t.start, t.start + 2], value });
    } else {
      // optparse returns stray words as arguments (and reads on: options may follow them), which pip then drops
      // without a word. Not an error — pip installs the line — but worth saying: the writer meant something.
      ignored.push({ offset: t.start, message: `unexpected argument '${word}' after options (pip ignores it)` });
      // `--` ends optparse's options: every word after it is an argument, `--hash=…` included.
      if (word === '--' && t.end - t.start === 2) {
        for (const rest of tokens.slice(k + 1)) ignored.push({ offset: rest.start, message: `unexpected argument '${rest.value}' after options (pip ignores it)` });
        break;
      }
    }
  }
  return { options, ignored };
}
