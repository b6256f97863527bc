import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { diffLines } from 'diff';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMemory } from '../../src/compose/memory.js';
import { parseYaml, toJs } from '../../src/compose/parse.js';
import { sourceFromText } from '../../src/core/source.js';
import { emptyFacts } from '../../src/facts/types.js';
import { applyAll } from '../../src/pipeline/apply-edits.js';
import { runTransforms } from '../../src/pipeline/run-transforms.js';
import { verify } from '../../src/pipeline/verify.js';
import { loadProject } from '../../src/project/load.js';
import type { Policy } from '../../src/transform/types.js';
import { registry } from '../../transforms/index.js';

const MiB = 1024 * 1024;

/** A size in MiB written in one of the styles compose accepts; `deploy` values are always strings. */
const sizeText = (mib: number, style: number, deploy: boolean): string => {
  const styles = [`${mib}M`, `${mib}m`, `"${mib}MB"`, `'${mib}mb'`, `${mib}MiB`, `"${mib} MB"`, deploy ? `"${mib * MiB}"` : `${mib * MiB}`, mib % 1024 === 0 ? `${mib / 1024}G` : `${mib}M`, mib % 512 === 0 ? `${mib / 1024}g` : `${mib}m`];
  return styles[style % styles.length]!;
};

interface Svc {
  limit?: { mib: number; style: number; form: 'mem' | 'deploy' | 'both' | 'flow' | 'var' | 'zero' | 'anchor' };
  reservation?: number;
  usage?: number;
  oom?: boolean;
}

const svcArb: fc.Arbitrary<Svc> = fc.record(
  {
    limit: fc.record({ mib: fc.integer({ min: 8, max: 4096 }), style: fc.nat(20), form: fc.constantFrom('mem', 'deploy', 'both', 'flow', 'var', 'zero', 'anchor') }),
    reservation: fc.integer({ min: 1, max: 100 }),
    usage: fc.integer({ min: 1, max: 3000 }),
    oom: fc.boolean(),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<Svc>;

const fileArb = fc.record({
  services: fc.array(svcArb, { minLength: 1, maxLength: 5 }),
  crlf: fc.boolean(),
  finalNewline: fc.boolean(),
  indent: fc.constantFrom(2, 4),
  v2: fc.boolean(),
  comments: fc.boolean(),
});
type FileSpec = typeof fileArb extends fc.Arbitrary<infer T> ? T : never;

/** Render a generated project as compose text (valid input for `docker compose config`). */
function render(f: FileSpec): string {
  const i = (n: number) => ' '.repeat(f.indent * n);
  const lines: string[] = [];
  if (f.v2) lines.push("version: '2.4'");
  if (f.services.some((s) => s.limit?.form === 'anchor')) lines.push('x-mem: &mem 512M');
  lines.push('services:');
  f.services.forEach((s, n) => {
    lines.push(`${i(1)}s${n}:${f.comments ? '  # service' : ''}`, `${i(2)}image: busybox`);
    const l = s.limit;
    const res = l && s.reservation ? Math.max(1, Math.floor((l.mib * s.reservation) / 100)) : undefined;
    if (!l) return;
    const mem = sizeText(l.mib, l.style, false);
    const dep = sizeText(l.mib, l.style, true);
    if (l.form === 'mem' || l.form === 'both') {
      lines.push(`${i(2)}mem_limit: ${mem}`);
      if (res) lines.push(`${i(2)}mem_reservation: ${sizeText(res, l.style, false)}`);
    }
    if (l.form === 'deploy' || l.form === 'both') {
      lines.push(`${i(2)}deploy:`, `${i(3)}resources:`, `${i(4)}limits:`, `${i(5)}memory: ${dep}`);
      if (res && l.form === 'deploy') lines.push(`${i(4)}reservations:`, `${i(5)}memory: ${sizeText(res, l.style, true)}`);
    }
    if (l.form === 'flow') lines.push(`${i(2)}deploy: {resources: {limits: {memory: ${dep}}}}`);
    if (l.form === 'var') lines.push(`${i(2)}mem_limit: \${S${n}_MEM:-${l.mib}M}`);
    if (l.form === 'zero') lines.push(`${i(2)}mem_limit: 0`);
    if (l.form === 'anchor') lines.push(`${i(2)}mem_limit: *mem${f.comments ? '  # shared' : ''}`);
  });
  const eol = f.crlf ? '\r\n' : '\n';
  return lines.join(eol) + (f.finalNewline ? eol : '');
}

const pct = fc.integer({ min: 1, max: 100 }).map((p) => p / 100);
const mib = (min: number, max: number) => fc.integer({ min, max }).map((n) => n * MiB);
const policyArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({
    target: fc.record({ usage: pct, step: fc.constantFrom(1, 16, 64, 256).map((n) => n * MiB) }),
    shrink: fc.boolean(),
    force: fc.boolean(),
    reservations: fc.constantFrom('keep', 'scale'),
    annotate: fc.boolean(),
  }),
  fc.record({ when: fc.record({ usageAbove: pct.map((p) => p / 2) }), set: fc.record({ limit: mib(6, 4096) }), shrink: fc.boolean(), force: fc.boolean(), reservations: fc.constantFrom('keep', 'scale') }),
  fc.record({ when: fc.constant({ limit: 'none' }), set: mib(64, 2048).map((limit) => ({ limit, reservation: limit / 2 })), force: fc.boolean() }),
);

// `x-mem: &mem 512M` is a memory value too: an anchor used only by services getting one new value is edited once.
const MEMORY_LINE = /mem_limit|mem_reservation|memory|deploy:|resources:|limits:|reservations:|^x-mem: &mem /;

function stripMemory(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripMemory);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'mem_limit' || k === 'mem_reservation' || k === 'memory' || k === 'x-mem') continue;
    const s = stripMemory(v);
    if (s !== null && typeof s === 'object' && !Array.isArray(s) && Object.keys(s).length === 0 && (k === 'deploy' || k === 'resources' || k === 'limits' || k === 'reservations')) continue;
    out[k] = s;
  }
  return out;
}

/** Every memory value in plain data, by service and key path. */
function memoryValues(data: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const services = (data as { services?: Record<string, Record<string, unknown>> }).services ?? {};
  for (const [name, s] of Object.entries(services)) {
    const d = (s.deploy as { resources?: { limits?: { memory?: unknown }; reservations?: { memory?: unknown } } } | undefined)?.resources;
    for (const [k, v] of [['mem_limit', s.mem_limit], ['mem_reservation', s.mem_reservation], ['deploy.limits', d?.limits?.memory], ['deploy.reservations', d?.reservations?.memory]] as const) {
      if (v !== undefined) out.set(`${name}.${k}`, v);
    }
  }
  return out;
}

/** An oracle independent of src/: a size compose accepts, as a whole positive byte count. */
function validSize(key: string, value: unknown): boolean {
  const text = typeof value === 'string' ? (/^\$\{\w+:-(.*)\}$/.exec(value)?.[1] ?? value) : value;
  if (key.startsWith(`${key.split('.')[0]}.deploy`) && typeof value !== 'string') return false;
  if (typeof text === 'number') return Number.isSafeInteger(text) && text > 0;
  if (typeof text !== 'string' || !/^\d+(\.\d+)? ?([kmgtp]?i?b?|b)$/i.test(text.trim())) return false;
  const bytes = parseMemory(text);
  return bytes !== undefined && Number.isSafeInteger(bytes) && bytes > 0;
}

function plan(dir: string, spec: FileSpec, options: Record<string, unknown>) {
  const project = loadProject({ root: dir });
  const facts = emptyFacts();
  spec.services.forEach((s, n) => {
    if (s.usage === undefined) return;
    const limit = s.limit && s.limit.form !== 'zero' ? (s.limit.form === 'anchor' ? 512 : s.limit.mib) * MiB : undefined;
    facts.usage.set(`p/s${n}`, { service: `p/s${n}`, container: `p-s${n}-1`, usageBytes: Math.min(s.usage * MiB, limit ?? Infinity), limitBytes: limit, source: 'generated', oomKilled: Boolean(s.oom && limit) });
  });
  const policies: Policy[] = [{ transform: 'memory-limits', options, source: 'generated' }];
  const r = runTransforms(project, facts, [registry.get('memory-limits')!], policies);
  const files = applyAll(project.files, r.edits);
  verify(files, r.changes);
  return { files, r };
}

/** Outputs that changed, for the `docker compose config` sample. */
const sample: string[] = [];

describe('memory-limits over generated compose files and policies', () => {
  it('the output parses, every written size is valid, nothing outside memory keys changes, a second run changes nothing', () => {
    fc.assert(
      fc.property(fileArb, policyArb, (spec, options) => {
        const text = render(spec);
        const dir = mkdtempSync(path.join(tmpdir(), 'composeshift-memprop-'));
        try {
          writeFileSync(path.join(dir, 'compose.yaml'), `name: p${spec.crlf ? '\r\n' : '\n'}${text}`);
          const first = plan(dir, spec, options);
          const file = first.files[0];
          if (!file) return;
          const before = toJs(parseYaml(sourceFromText('compose.yaml', file.source.text)));
          const after = toJs(parseYaml(sourceFromText('compose.yaml', file.after)));
          expect(stripMemory(after)).toEqual(stripMemory(before));
          const old = memoryValues(before);
          for (const [key, value] of memoryValues(after)) {
            if (JSON.stringify(old.get(key)) !== JSON.stringify(value)) expect(validSize(key, value), `${key}: ${JSON.stringify(value)}`).toBe(true);
          }
          // Lines compared without their endings (an insertion at a file without a final newline adds one).
          const lf = (t: string) => t.replace(/\r\n/g, '\n').replace(/\n?$/, '\n');
          for (const part of diffLines(lf(file.source.text), lf(file.after))) {
            if (part.added || part.removed) for (const line of part.value.split(/\r?\n/).filter(Boolean)) expect(line).toMatch(MEMORY_LINE);
          }
          writeFileSync(path.join(dir, 'compose.yaml'), file.after);
          expect(plan(dir, spec, options).r.edits).toEqual([]);
          if (sample.length < 20) sample.push(file.after);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 200 },
    );
    expect(sample.length).toBeGreaterThan(0);
  });

  const docker = (() => {
    try {
      execFileSync('docker', ['compose', 'version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  if (!docker && process.env.CI !== 'true') console.warn('memory property: `docker compose` not found; the compose config sample is skipped');

  it.skipIf(!docker && process.env.CI !== 'true')('the real `docker compose config` accepts a sample of 20 written files', () => {
    expect(sample.length).toBe(20);
    const dir = mkdtempSync(path.join(tmpdir(), 'composeshift-memprop-config-'));
    try {
      const args = ['compose'];
      for (const [n, text] of sample.entries()) {
        const file = path.join(dir, `compose-${n}.yaml`);
        // Service names made unique per file, so merging the files as `-f a -f b` overrides nothing.
        writeFileSync(file, text.replace(/^( +)s(\d+):/gm, `$1f${n}s$2:`));
        args.push('-f', file);
      }
      // `config -q` validates each file, interpolates (defaults apply: no .env here) and decodes every size, without the engine.
      execFileSync('docker', [...args, '-p', 'memprop', 'config', '-q'], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
      // The oracle can fail: a size compose refuses makes the same call throw.
      writeFileSync(path.join(dir, 'bad.yaml'), 'services:\n  bad:\n    image: busybox\n    mem_limit: NaN\n');
      expect(() => execFileSync('docker', [...args, '-f', path.join(dir, 'bad.yaml'), '-p', 'memprop', 'config', '-q'], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 })).toThrow(/invalid size: 'NaN'/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
