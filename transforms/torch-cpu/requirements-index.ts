import { removeRange, replaceRange } from '../../src/core/edit.js';
import type { ChangeValue, Expectation } from '../../src/core/finding.js';
import { insertLineAfter, insertOptionLine, removeLine, replaceOptionValue, type LogicalLine, type OptionEntry } from '../../src/requirements/index.js';
import { CPU_INDEX, cpuIndexFor, indexOptionName, isStablePage, pytorchIndexKind } from './index-url.js';
import type { FileInput } from './requirements-plan.js';
import { INDEX_REASON, type UnitPlan } from './types.js';

/** The index options pip reads from a requirements file. */
export const INDEX_NAMES: ReadonlySet<string> = new Set(['--index-url', '--extra-index-url', '--find-links']);

export type ChangeFn = (value: ChangeValue, line: number, what: string, before: string, after: string, reason: string, expect: Expectation[]) => void;
export type NoteFn = (level: 'info' | 'warn', code: string, message: string, line?: number) => void;

/** Make sure the file names the CPU index: keep one, rewrite a CUDA one, or add one; returns the option name used. */
export function planIndex(input: FileInput, first: LogicalLine, plan: UnitPlan, change: ChangeFn, note: NoteFn, onCommand: { name: string } | undefined, allCpu: boolean): string {
  const { source, parsed, policy } = input;
  const opts = parsed.lines
    .filter((l) => l.kind === 'option')
    .flatMap((line) => line.options.map((o) => ({ line, o })))
    .filter(({ o }) => INDEX_NAMES.has(o.name) && o.value);
  const kind = (o: OptionEntry): ReturnType<typeof pytorchIndexKind> => pytorchIndexKind(o.value!.text);
  // pip drops every index named before a file's --index-url when it reads that line: only what comes after the
  // last non-PyTorch --index-url counts, and a new index line goes after it (not before the torch line).
  const reset = opts.filter(({ o }) => o.name === '--index-url' && kind(o) === undefined).at(-1);
  const counts = (x: { line: LogicalLine }): boolean => !reset || x.line.start > reset.line.start;
  const cpu = opts.find((x) => x.o.name !== '--find-links' && kind(x.o) === 'cpu' && counts(x));
  const stale = opts.filter((x) => x !== cpu && (kind(x.o) === 'other' || (x.o.name === '--find-links' && kind(x.o) === 'cpu')));
  if (!cpu && allCpu && stale.length > 0 && stale.every((x) => x.o.name === '--find-links' && isStablePage(x.o.value!.text))) return stale[0]!.o.name;
  let name = indexOptionName(policy.index);
  const otherPrimary = opts.find(({ o }) => o.name === '--index-url' && kind(o) === undefined);
  if (name === '--index-url' && otherPrimary) {
    name = '--extra-index-url';
    note('warn', 'torch-primary-index', `${source.rel} already sets --index-url ${otherPrimary.o.value!.text}: wrote --extra-index-url instead of replacing it`, otherPrimary.line.line);
  }
  const remove = (x: { line: LogicalLine; o: OptionEntry }): void => {
    if (x.line.options.length === 1) plan.edits.push(removeLine(source, parsed, x.line));
    else {
      let start = x.o.written.start;
      while (start > x.line.start && /[ \t]/.test(source.text[start - 1]!)) start--;
      plan.edits.push(removeRange(source.path, start, x.o.value!.end));
    }
    change({ kind: 'torch-index', url: x.o.value!.text, option: x.o.name, removed: true }, x.line.line, 'index', source.text.slice(x.line.start, x.line.end), '', `a second PyTorch index would bring CUDA builds back`, [
      { kind: 'option', file: source.path, option: x.o.name, value: x.o.value!.text, present: false },
    ]);
  };
  if (cpu || onCommand) {
    stale.forEach(remove);
    return cpu?.o.name ?? onCommand!.name;
  }
  const expect = (n: string, url = CPU_INDEX): Expectation[] => [{ kind: 'option', file: source.path, option: n, value: url, present: true }];
  const [head, ...rest] = stale;
  if (head && counts(head)) {
    const before = source.text.slice(head.line.start, head.line.end);
    // An existing --index-url / --extra-index-url keeps its kind (the file's choice of primary index)
    // unless the policy asks for primary; a -f/--find-links page of PyTorch's is not an index: rewrite it.
    const keep = head.o.name !== '--find-links' && (head.o.name === name || policy.index === 'extra');
    const used = keep ? head.o.name : name;
    const url = cpuIndexFor(head.o.value!.text);
    if (keep) plan.edits.push(replaceOptionValue(source, head.o, url));
    else plan.edits.push(replaceRange(source.path, head.o.written.start, head.o.value!.end, `${name} ${url}`));
    const after = keep ? before.replace(head.o.value!.text, url) : `${name} ${url}`;
    // The replaced option is declared gone too: verify's structural check accepts only declared differences.
    const gone: Expectation = { kind: 'option', file: source.path, option: head.o.name, value: head.o.value!.text, present: false };
    change({ kind: 'torch-index', url, option: used }, head.line.line, 'index', before, after, `replaces PyTorch's ${head.o.name === '--find-links' ? 'find-links page (pip cannot use the CPU index that way)' : 'CUDA index'}; ${INDEX_REASON}`, [...expect(used, url), gone]);
    rest.forEach(remove);
    if (used === '--index-url') primaryWarning(input, head.line.line, note);
    return used;
  }
  stale.forEach(remove);
  const late = reset && reset.line.start > first.start ? reset.line : undefined;
  const at = late ? late.line + late.physicalLines : first.line;
  plan.edits.push(late ? insertLineAfter(source, parsed, late, `${name} ${CPU_INDEX}`) : insertOptionLine(source, parsed, first, name, CPU_INDEX));
  change({ kind: 'torch-index', url: CPU_INDEX, option: name }, at, 'index', '', `${name} ${CPU_INDEX}`, INDEX_REASON, expect(name));
  if (name === '--index-url') primaryWarning(input, at, note);
  return name;
}

function primaryWarning(input: FileInput, line: number, note: NoteFn): void {
  note('warn', 'torch-primary-index', `${input.source.rel} takes every package from the CPU index (--index-url): packages that index does not carry will fail to install`, line);
}
