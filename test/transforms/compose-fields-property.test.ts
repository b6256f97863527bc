import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { planFiles, tempProject } from '../helpers/temp-project.js';

// compose-fields over generated compose files (indentation, list indentation, flow/block, CRLF) and recipes with
// mapping and list values: the output parses; every value set reads back; NOTHING else in the data changes
// (a list replaced up to its own end, never into the next key); a shape the service does not have is left
// alone; a second run changes nothing.

type Json = string | number | boolean | Json[] | { [k: string]: Json };

interface Style {
  unit: number;
  seqIndent: number;
  eol: string;
  flowLists: boolean;
  flowMaps: boolean;
}

const item = (v: Json): string => (typeof v === 'string' && /[:#]/.test(v) ? JSON.stringify(v) : String(v));

/** One key's lines at `col` in the generated style (block scalars for multi-line strings). */
function lines(key: string, v: Json, col: number, s: Style): string[] {
  const pad = ' '.repeat(col);
  if (Array.isArray(v)) {
    if (s.flowLists && v.every((x) => typeof x !== 'object' && !String(x).includes('\n'))) return [`${pad}${key}: [${v.map(item).join(', ')}]`];
    const ip = ' '.repeat(col + s.seqIndent);
    return [`${pad}${key}:`, ...v.flatMap((x) => {
      if (typeof x === 'object' && !Array.isArray(x)) {
        const [first, ...rest] = Object.entries(x).flatMap(([k, y]) => lines(k, y, 0, s));
        return [`${ip}- ${first!}`, ...rest.map((l) => `${ip}  ${l}`)];
      }
      if (typeof x === 'string' && x.includes('\n')) return [`${ip}- |`, ...x.trimEnd().split('\n').map((l) => `${ip}    ${l}`)];
      return [`${ip}- ${item(x)}`];
    })];
  }
  if (typeof v === 'object') {
    if (s.flowMaps) return [`${pad}${key}: {${Object.entries(v).map(([k, y]) => `${k}: ${typeof y === 'object' ? `{${Object.entries(y).map(([a, b]) => `${a}: ${item(b as Json)}`).join(', ')}}` : item(y)}`).join(', ')}}`];
    return [`${pad}${key}:`, ...Object.entries(v).flatMap(([k, y]) => lines(k, y, col + s.unit, s))];
  }
  return [`${pad}${key}: ${item(v)}`];
}

const CAPS = ['NET_RAW', 'MKNOD', 'ALL', 'CHOWN'] as const;
const field = {
  cap_drop: fc.uniqueArray(fc.constantFrom(...CAPS), { minLength: 1, maxLength: 3 }),
  logging: fc.record({ driver: fc.constantFrom('json-file', 'syslog') }, { requiredKeys: [] }).chain((l) => fc.option(fc.record({ 'max-size': fc.constantFrom('5m', '50m') }), { nil: undefined }).map((o) => ({ ...l, driver: l.driver ?? 'local', ...(o ? { options: o } : {}) }))),
  ports: fc.constant([{ target: 80, published: '8080' }]),
  command: fc.constantFrom<Json>(['sh', 'echo one\necho two\n'], 'python app.py'),
  environment: fc.constantFrom<Json>(['A=1'], { A: '1' }),
  init: fc.constant(true),
};
type Field = keyof typeof field;

const serviceArb = fc.record(Object.fromEntries(Object.entries(field).map(([k, a]) => [k, fc.option(a as fc.Arbitrary<Json>, { nil: undefined })])) as Record<Field, fc.Arbitrary<Json | undefined>>);

const recipeArb = fc.record(
  {
    cap_drop: fc.uniqueArray(fc.constantFrom(...CAPS), { minLength: 0, maxLength: 3 }),
    logging: fc.record({ driver: fc.constantFrom('json-file', 'local'), options: fc.record({ 'max-size': fc.constantFrom('10m', '50m') }) }),
    'logging.options': fc.constant({ 'max-file': '3' }),
    security_opt: fc.constant(['no-new-privileges:true']),
    environment: fc.constant({ LOG_LEVEL: 'info' }),
    command: fc.constant(['python', 'app.py']),
    restart: fc.constantFrom('unless-stopped', 'no'),
  },
  { requiredKeys: [] },
);

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The data compose-fields must produce: each leaf set unless a key above it or the value there has another shape. */
function expected(before: Record<string, unknown>, set: Record<string, Json>): Record<string, unknown> {
  const out = structuredClone(before);
  const leaves = (p: string[], v: Json): [string[], Json][] => (isObj(v) ? Object.entries(v).flatMap(([k, x]) => leaves([...p, k], x)) : [[p, v]]);
  for (const [k, v] of Object.entries(set)) {
    for (const [p, want] of leaves(k.split('.'), v)) {
      let cur: Record<string, unknown> = out;
      let ok = true;
      for (const key of p.slice(0, -1)) {
        const next = cur[key];
        if (next === undefined || next === null) cur[key] = {};
        else if (!isObj(next)) ok = false;
        if (!ok) break;
        cur = cur[key] as Record<string, unknown>;
      }
      const last = p.at(-1)!;
      const there = ok ? cur[last] : undefined;
      if (!ok || (there !== undefined && there !== null && Array.isArray(want) !== Array.isArray(there)) || isObj(there)) continue;
      cur[last] = want;
    }
  }
  return out;
}

describe('compose-fields property: mapping and list values over generated files', () => {
  it('parses, reads back, changes nothing else, leaves other shapes alone, is idempotent', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ unit: fc.constantFrom(2, 4), seqIndent: fc.constantFrom(0, 2), eol: fc.constantFrom('\n', '\r\n'), flowLists: fc.boolean(), flowMaps: fc.boolean() }),
        fc.array(serviceArb, { minLength: 1, maxLength: 3 }),
        recipeArb,
        async (style, services, set) => {
          const s = { ...style, seqIndent: style.seqIndent && style.unit };
          const text = ['services:', ...services.flatMap((svc, i) => [`${' '.repeat(s.unit)}s${i}:`, ...lines('image', 'img', 2 * s.unit, s), ...Object.entries(svc).filter(([, v]) => v !== undefined).flatMap(([k, v]) => lines(k, v as Json, 2 * s.unit, s))])].join(s.eol) + s.eol;
          const config = `policies:\n  - transform: compose-fields\n    set: ${JSON.stringify(set)}\n`;
          const dir = tempProject({ 'compose.yaml': text, 'composeshift.config.yaml': config });
          const before = parse(text) as { services: Record<string, Record<string, unknown>> };
          const { out, plan } = await planFiles(dir);
          expect(plan.findings.filter((f) => f.level === 'error')).toEqual([]);
          const after = out['compose.yaml'] ?? text;
          expect(after.replace(/\r\n/g, '').includes('\n'), 'no LF-only line in a CRLF file').toBe(s.eol === '\n' && after.includes('\n'));
          const data = parse(after) as { services: Record<string, Record<string, unknown>> };
          for (const [name, svc] of Object.entries(before.services)) expect(data.services[name], name).toEqual(expected(svc, set as Record<string, Json>));
          writeFileSync(path.join(dir, 'compose.yaml'), after);
          expect((await planFiles(dir)).out, 'a second run changes nothing').toEqual({});
        },
      ),
      { numRuns: 60 },
    );
  }, 240_000);
});
