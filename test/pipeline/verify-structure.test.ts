import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/compose/parse.js';
import { sourceFromText } from '../../src/core/source.js';
import { undeclaredYaml } from '../../src/pipeline/verify-structure.js';
import { valueDiffs } from '../../src/pipeline/yaml-diff.js';

const yaml = (text: string) => parseYaml(sourceFromText('compose.yaml', text));
const check = (before: string, after: string, declared: (string | number)[][]) => undeclaredYaml(yaml(before), yaml(after), declared);

describe('valueDiffs: leaf differences of two parses', () => {
  it('lists a removed or added subtree leaf by leaf, a changed scalar once, and a null that became a mapping as its leaves', () => {
    expect(valueDiffs({ a: { b: 1, c: [1, 2] }, d: null, e: 'x' }, { a: { b: 2 }, d: { f: 'y' }, e: 'x', g: {} })).toEqual([
      { path: ['a', 'b'], kind: 'changed', before: 1, after: 2 },
      { path: ['a', 'c', 0], kind: 'removed', before: 1 },
      { path: ['a', 'c', 1], kind: 'removed', before: 2 },
      { path: ['d', 'f'], kind: 'added', after: 'y' },
      { path: ['g'], kind: 'added', after: {} },
    ]);
  });

  it('a key holding null that disappears is a difference (null is not "absent")', () => {
    expect(valueDiffs({ restart: null }, {})).toEqual([{ path: ['restart'], kind: 'removed', before: null }]);
  });
});

describe('undeclaredYaml: merge keys and aliases as compose reads them', () => {
  const base = 'x-base: &base\n  restart: always\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n    restart: "no"\n';

  it('an anchor value edited for the only service that still inherits it: declared for that one, it passes', () => {
    const after = base.replace('restart: always', 'restart: unless-stopped');
    expect(check(base, after, [['services', 'a', 'restart']])).toBeUndefined();
  });

  it('a key swapped in the anchor changes every service that merges it, except where the service overrides it', () => {
    const after = base.replace('x-base: &base\n  restart: always\n', 'x-base: &base\n  init: true\n');
    // b keeps its own restart; its new init, and a's lost restart, must be declared too.
    expect(check(base, after, [['services', 'a', 'init'], ['services', 'a', 'restart'], ['services', 'b', 'init']])).toBeUndefined();
    expect(check(base, after, [['services', 'a', 'init'], ['services', 'b', 'init']])).toEqual({ what: 'x-base.restart ("always") is removed', offset: base.indexOf('restart'), more: 1 });
    expect(check(base, after, [['services', 'a', 'init'], ['services', 'a', 'restart']])).toEqual({ what: 'services.b.init is added (true)', offset: base.indexOf('b:'), more: 0 });
  });

  it('an x- key whose node no declared path reaches is refused too (compose ignores it, but nothing asked to change it)', () => {
    const text = 'x-unused: 1\nservices:\n  a:\n    image: a\n';
    expect(check(text, text.replace('x-unused: 1', 'x-unused: 2').replace('image: a', 'image: b'), [['services', 'a', 'image']])).toEqual({ what: 'x-unused changes from 1 to 2', offset: 10, more: 0 });
  });
});

// Property: over generated compose files, a one-line mutation passes exactly when its path is declared.
const FIELDS = ['image', 'restart', 'mem_limit', 'cpus', 'user'] as const;
const VALUES: Record<(typeof FIELDS)[number], string[]> = {
  image: ['api:1', 'web:2', '"db:3"'],
  restart: ['always', 'unless-stopped', "'no'"],
  mem_limit: ['128M', '1g', '536870912'],
  cpus: ['0.5', '"2"', '1'],
  user: ['"1000"', 'app', 'root'],
};

const serviceArb = fc.record(Object.fromEntries(FIELDS.map((f) => [f, fc.option(fc.constantFrom(...VALUES[f]), { nil: undefined })])) as Record<(typeof FIELDS)[number], fc.Arbitrary<string | undefined>>);
const fileArb = fc.record({
  services: fc.array(serviceArb, { minLength: 1, maxLength: 4 }).filter((list) => list.some((s) => Object.values(s).some((v) => v !== undefined))),
  merges: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  indent: fc.constantFrom(2, 4),
  crlf: fc.boolean(),
});
type File = typeof fileArb extends fc.Arbitrary<infer T> ? T : never;

function render(f: File): { text: string; lines: { svc: string; field: string; start: number; end: number }[] } {
  const pad = ' '.repeat(f.indent);
  const eol = f.crlf ? '\r\n' : '\n';
  let text = `x-base: &base${eol}${pad}restart: always${eol}services:${eol}`;
  const lines: { svc: string; field: string; start: number; end: number }[] = [];
  f.services.forEach((s, i) => {
    text += `${pad}s${i}:${eol}`;
    if (f.merges[i]) text += `${pad}${pad}<<: *base${eol}`;
    for (const field of FIELDS) {
      const v = s[field];
      if (v === undefined) continue;
      const start = text.length;
      text += `${pad}${pad}${field}: ${v}`;
      lines.push({ svc: `s${i}`, field, start, end: text.length });
      text += eol;
    }
    if (!f.merges[i] && !FIELDS.some((k) => s[k] !== undefined)) text += `${pad}${pad}init: false${eol}`;
  });
  return { text, lines };
}

describe('undeclaredYaml property (fast-check): a mutation passes exactly when its path is declared', () => {
  it('a changed, removed or added service key; declared → no finding, undeclared → a finding naming that path', () => {
    fc.assert(
      fc.property(fileArb, fc.nat(), fc.constantFrom('change', 'remove', 'add'), (f, pick, how) => {
        const { text, lines } = render(f);
        const l = lines[pick % lines.length];
        fc.pre(l !== undefined);
        const eolLen = f.crlf ? 2 : 1;
        const after =
          how === 'change' ? text.slice(0, l!.start) + text.slice(l!.start, l!.end).replace(/: .*$/, ': zz-new') + text.slice(l!.end)
          : how === 'remove' ? text.slice(0, l!.start) + text.slice(l!.end + eolLen)
          : text.slice(0, l!.end + eolLen) + `${' '.repeat(f.indent * 2)}healthcheck_x: zz${f.crlf ? '\r\n' : '\n'}` + text.slice(l!.end + eolLen);
        const path = ['services', l!.svc, how === 'add' ? 'healthcheck_x' : l!.field];
        // A removed restart of a service that merges the anchor falls back to the anchor's (a change at that path),
        // and is no difference at all when it was the anchor's value.
        const svc = f.services[Number(l!.svc.slice(1))]!;
        fc.pre(!(how === 'remove' && l!.field === 'restart' && f.merges[Number(l!.svc.slice(1))] && svc.restart === 'always'));
        expect(check(text, after, [path])).toBeUndefined();
        const found = check(text, after, [['services', l!.svc, 'not-this']]);
        expect(found?.what.startsWith(`${path.join('.')} `)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('the anchor edited: passes when every service that inherits it is declared, else names one that is not', () => {
    fc.assert(
      fc.property(fileArb, fc.nat(), (f, drop) => {
        const { text } = render(f);
        const after = text.replace('restart: always', 'restart: on-failure');
        const inherit = f.services.flatMap((s, i) => (f.merges[i] && s.restart === undefined ? [`s${i}`] : []));
        fc.pre(inherit.length > 0);
        const declared = inherit.map((s) => ['services', s, 'restart']);
        expect(check(text, after, declared)).toBeUndefined();
        const left = declared.filter((_, i) => i !== drop % declared.length);
        const found = check(text, after, left);
        const dropped = inherit[drop % inherit.length]!;
        expect(found?.what).toBe(left.length ? `services.${dropped}.restart changes from "always" to "on-failure" (through an alias or merge key)` : 'x-base.restart changes from "always" to "on-failure"');
      }),
      { numRuns: 200 },
    );
  });
});
