import { parsedOf, parseYaml, toJs, type YamlFile } from '../compose/parse.js';
import type { Edit } from '../core/edit.js';
import { InputError, VerifyError } from '../core/errors.js';
import type { Change, Expectation, Finding } from '../core/finding.js';
import { LineIndex } from '../core/position.js';
import { lineIndexOf } from '../core/source.js';
import { findPipInstalls, parseDockerfile } from '../dockerfile/index.js';
import { findRequirement, parsedRequirements, parseRequirements } from '../requirements/index.js';
import type { FileChange } from './apply-edits.js';
import { sameData, valueAt } from './data-path.js';
import { undeclaredManifest, undeclaredRequirements } from './verify-entries.js';
import { newResourceConflict } from './verify-resource-twins.js';
import { checkMemoryValues } from './verify-sizes.js';
import { undeclaredYaml } from './verify-structure.js';
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

/** What verify is told besides the files and changes. */
export interface VerifyOptions {
  /** From the passes: expectations a later one superseded (null: not read back) or replaced (see settleExpectations). */
  readBack?: ReadonlyMap<Expectation, Expectation | null>;
  /** The run's edits: a structural finding names the transforms that edited the file. */
  edits?: readonly Pick<Edit, 'file' | 'transform'>[];
}

/**
 * Re-parse every changed file with its format's parser and read each intended value back from the new
 * text. Any parse error or mismatch throws VerifyError naming the file, the change and both values.
 * Then the structural check: in a YAML, requirements or package.json file, every value that differs between
 * the old and the new parse must be declared by an expectation (package.json: a `requirement-removed`
 * change); each file with an undeclared difference gives one `undeclared-change` error finding at its
 * `file:line:col`, returned for the caller to refuse the write (exit 2, nothing written).
 */
export function verify(files: readonly FileChange[], changes: readonly Change[], opts: VerifyOptions = {}): Finding[] {
  const expectations = changes.flatMap((c) => c.expect.map((e) => ({ e, c })));
  const findings: Finding[] = [];
  const effective = (e: Expectation): Expectation | null => (opts.readBack?.has(e) ? opts.readBack.get(e)! : e);
  for (const f of files) {
    const mine = expectations.filter((x) => x.e.file === f.source.path);
    const kind = kindOf(f.source.path, mine.map((x) => x.e));
    const fail = (what: string, c?: Change): never => {
      throw new VerifyError(`${f.source.rel}: ${what}${c ? ` (change by ${c.transform}${c.service ? ` for ${c.service}` : ''}: ${c.what} ${c.before} → ${c.after})` : ''}; nothing was written`);
    };
    const undeclared = (p: { what: string; offset: number; more: number; inNew?: boolean } | undefined): void => {
      if (p) findings.push(undeclaredFinding(f, p, editorsOf(f, mine.map((x) => x.c), opts.edits)));
    };
    if (kind === 'yaml') {
      let afterFile: YamlFile | undefined;
      try {
        afterFile = parseYaml({ ...f.source, text: f.after });
      } catch (err) {
        fail(`the new text does not parse: ${err instanceof InputError ? err.format() : String(err)}`);
      }
      const data = toJs(afterFile!);
      const beforeFile = parsedOf(f.source) ?? parseYaml(f.source);
      // Value guard: every memory size written into a compose file is one compose and the engine accept.
      const badSize = checkMemoryValues(toJs(beforeFile), data);
      if (badSize) fail(badSize, mine.find((x) => x.e.kind === 'yaml')?.c);
      // `cpus:` beside a deploy.resources.limits block without the same cpus (and the like): compose refuses it.
      const twins = newResourceConflict(toJs(beforeFile), data);
      if (twins) fail(twins, mine.find((x) => x.e.kind === 'yaml')?.c);
      for (const { e: declared, c } of mine) {
        const e = effective(declared);
        if (e?.kind !== 'yaml') continue;
        const got = valueAt(data, e.path);
        if (!sameData(got, e.value)) fail(`${e.path.join('.')} reads back ${JSON.stringify(got)}, expected ${JSON.stringify(e.value)}`, c);
      }
      // Every declared path counts, read back or superseded: each says a transform meant to change that value.
      undeclared(undeclaredYaml(beforeFile, afterFile!, mine.flatMap((x) => (x.e.kind === 'yaml' ? [x.e.path] : []))));
    } else if (kind === 'requirements') {
      const before = parsedRequirements(f.source);
      const after = parseRequirements(f.after);
      if (after.errors.length > before.errors.length) fail(`the new text has a requirements error: ${after.errors.at(-1)!.message}`);
      for (const { e: declared, c } of mine) {
        const e = effective(declared);
        if (!e) continue;
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
      undeclared(undeclaredRequirements(before, after, mine.map((x) => x.e)));
    }
    if (kind === 'dockerfile') {
      // The RUN lines must still read as the same number of pip installs after the edit.
      const before = findPipInstalls(parseDockerfile(f.source)).length;
      const after = findPipInstalls(parseDockerfile({ ...f.source, text: f.after })).length;
      if (after !== before) fail(`the new text reads as ${plural(after, 'pip install command')}, the old as ${before}`);
    } else if (kind === 'json') {
      let json: unknown;
      try {
        json = JSON.parse(f.after);
      } catch (err) {
        fail(`the new text is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (/(^|\/)package\.json$/.test(f.source.path)) {
        const removed = new Set(changes.flatMap((c) => (c.file === f.source.rel && c.value.kind === 'requirement-removed' && c.value.ecosystem === 'node' ? [c.value.package] : [])));
        undeclared(undeclaredManifest(f.source.text, { text: f.after, value: json }, removed));
      }
    }
    for (const { e: declared, c } of mine) {
      const e = effective(declared);
      if (e?.kind === 'text' && f.after.includes(e.contains) !== e.present) fail(`text ${JSON.stringify(e.contains)} ${e.present ? 'missing' : 'still present'}`, c);
    }
  }
  return findings;
}

/** The transforms that edited a file (else those that declared changes in it), for a finding's `transform`. */
function editorsOf(f: FileChange, declaring: readonly Change[], edits: VerifyOptions['edits']): string[] {
  const names = new Set<string>();
  for (const e of edits ?? []) if (e.file === f.source.path && e.transform) names.add(e.transform);
  if (!names.size) for (const c of declaring) names.add(c.transform);
  return [...names];
}

/** One `undeclared-change` error: the first difference no change declares, at its line and column. */
function undeclaredFinding(f: FileChange, p: { what: string; offset: number; more: number; inNew?: boolean }, editors: readonly string[]): Finding {
  const index = p.inNew ? new LineIndex(f.after) : lineIndexOf(f.source);
  const { line, col } = index.position(p.offset);
  const more = p.more ? ` (and ${plural(p.more, 'other undeclared difference')})` : '';
  const by = editors.length ? ` of ${editors.join(' or ')}` : '';
  return {
    transform: editors.join(', ') || 'verify',
    level: 'error',
    code: 'undeclared-change',
    file: f.source.rel,
    line,
    column: col,
    message: `${p.what}${p.inNew ? ` (line ${line} of the new text)` : ''}${more}, but no change${by} declares it: every value a transform changes must be an expectation of one of its changes; nothing is written`,
  };
}
