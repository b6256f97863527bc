import { parsedOf, parseYaml, toJs } from '../compose/parse.js';
import { InputError, VerifyError } from '../core/errors.js';
import type { Change, Expectation } from '../core/finding.js';
import { findPipInstalls, parseDockerfile } from '../dockerfile/index.js';
import { findRequirement, parsedRequirements, parseRequirements } from '../requirements/index.js';
import type { FileChange } from './apply-edits.js';
import { checkMemoryValues } from './verify-sizes.js';
import { plural } from '../core/plural.js';

type Kind = 'yaml' | 'requirements' | 'dockerfile' | 'json' | 'text';

function kindOf(path: string, expectations: readonly Expectation[]): Kind {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (/^Dockerfile|\.dockerfile$/i.test(base)) return 'dockerfile';
  if (/\.json$/i.test(base)) return 'json';
  if (expectations.some((e) => e.kind === 'yaml') || /\.ya?ml$/i.test(path)) return 'yaml';
  if (expectations.some((e) => e.kind === 'requirement' || e.kind === 'option') || /\.(txt|in)$/i.test(path)) return 'requirements';
  return 'text';
}

function walk(value: unknown, path: readonly (string | number)[]): unknown {
  let cur = value;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

/** Read-back equality: scalars by their text (compose reads `3` and "3" alike), lists item by item, mappings key by key. */
function sameData(got: unknown, want: unknown): boolean {
  if (Array.isArray(want)) return Array.isArray(got) && got.length === want.length && want.every((w, i) => sameData(got[i], w));
  if (want !== null && typeof want === 'object') {
    if (got === null || typeof got !== 'object' || Array.isArray(got)) return false;
    const keys = Object.keys(want);
    return keys.length === Object.keys(got).length && keys.every((k) => sameData((got as Record<string, unknown>)[k], (want as Record<string, unknown>)[k]));
  }
  return String(got) === String(want);
}

/**
 * Re-parse every changed file with its format's parser and read each intended value back from the new
 * text. Any parse error or mismatch throws VerifyError naming the file, the change and both values.
 */
export function verify(files: readonly FileChange[], changes: readonly Change[]): void {
  const expectations = changes.flatMap((c) => c.expect.map((e) => ({ e, c })));
  for (const f of files) {
    const mine = expectations.filter((x) => x.e.file === f.source.path);
    const kind = kindOf(f.source.path, mine.map((x) => x.e));
    const fail = (what: string, c?: Change): never => {
      throw new VerifyError(`${f.source.rel}: ${what}${c ? ` (change by ${c.transform}${c.service ? ` for ${c.service}` : ''}: ${c.what} ${c.before} → ${c.after})` : ''}; nothing was written`);
    };
    if (kind === 'yaml') {
      let data: unknown;
      try {
        const parsed = parseYaml({ ...f.source, text: f.after });
        data = toJs(parsed);
      } catch (err) {
        fail(`the new text does not parse: ${err instanceof InputError ? err.format() : String(err)}`);
      }
      // Value guard: every memory size written into a compose file is one compose and the engine accept.
      const badSize = checkMemoryValues(toJs(parsedOf(f.source) ?? parseYaml(f.source)), data);
      if (badSize) fail(badSize, mine.find((x) => x.e.kind === 'yaml')?.c);
      for (const { e, c } of mine) {
        if (e.kind !== 'yaml') continue;
        const got = walk(data, e.path);
        if (!sameData(got, e.value)) fail(`${e.path.join('.')} reads back ${JSON.stringify(got)}, expected ${JSON.stringify(e.value)}`, c);
      }
    } else if (kind === 'requirements') {
      const before = parsedRequirements(f.source);
      const after = parseRequirements(f.after);
      if (after.errors.length > before.errors.length) fail(`the new text has a requirements error: ${after.errors.at(-1)!.message}`);
      for (const { e, c } of mine) {
        if (e.kind === 'requirement') {
          const lines = findRequirement(after, e.name);
          if (!e.present) {
            if (lines.length) fail(`${e.name} is still required`, c);
            continue;
          }
          const ok = lines.some((l) => (e.specifier === undefined || l.requirement?.specifier?.text.replace(/\s+/g, '') === e.specifier.replace(/\s+/g, '')) && (e.marker === undefined || l.requirement?.marker?.text === e.marker));
          if (!ok) fail(`${e.name}${e.specifier ?? ''}${e.marker ? ` ; ${e.marker}` : ''} does not read back`, c);
        } else if (e.kind === 'option') {
          const has = after.lines.some((l) => l.options.some((o) => o.name === e.option && o.value?.text === e.value));
          if (has !== e.present) fail(`option ${e.option} ${e.value} ${e.present ? 'missing' : 'still present'}`, c);
        }
      }
    }
    if (kind === 'dockerfile') {
      // The RUN lines must still read as the same number of pip installs after the edit.
      const before = findPipInstalls(parseDockerfile(f.source)).length;
      const after = findPipInstalls(parseDockerfile({ ...f.source, text: f.after })).length;
      if (after !== before) fail(`the new text reads as ${plural(after, 'pip install command')}, the old as ${before}`);
    } else if (kind === 'json') {
      try {
        JSON.parse(f.after);
      } catch (err) {
        fail(`the new text is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    for (const { e, c } of mine) {
      if (e.kind === 'text' && f.after.includes(e.contains) !== e.present) fail(`text ${JSON.stringify(e.contains)} ${e.present ? 'missing' : 'still present'}`, c);
    }
  }
}
