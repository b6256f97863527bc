import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memorySettings, type MemorySetting } from '../../src/compose/memory-setting.js';
import { parseMemory } from '../../src/compose/memory.js';
import { parseInterpolation } from '../../src/compose/interpolation.js';
import { parseYaml, toJs } from '../../src/compose/parse.js';
import type { Change } from '../../src/core/finding.js';
import { sourceFromText } from '../../src/core/source.js';
import { emptyFacts, type Facts } from '../../src/facts/types.js';
import { applyAll } from '../../src/pipeline/apply-edits.js';
import { runTransforms } from '../../src/pipeline/run-transforms.js';
import { verify } from '../../src/pipeline/verify.js';
import { writeAll } from '../../src/pipeline/write-files.js';
import type { Project } from '../../src/project/model.js';
import type { Policy, Transform } from '../../src/transform/types.js';
import { registry } from '../../transforms/index.js';
import { CORPUS, copyToTemp, corpusFiles, corpusPresent, loadAlone, variantText, type Variant } from './corpus.js';

const MiB = 1024 * 1024;
const STEP = 64 * MiB;
/** A size no corpus service has, so every `set` is a real change. */
const SET_TO = 3333 * MiB;

type PolicyName = 'set' | 'target';

const POLICIES: Record<PolicyName, Policy> = {
  set: { transform: 'memory-limits', options: { when: { usageAbove: 0.5 }, set: { limit: SET_TO }, shrink: true }, source: 'corpus test (set)' },
  target: { transform: 'memory-limits', options: { target: { usage: 0.4, step: STEP } }, source: 'corpus test (target)' },
};

/** Services whose effective limit is a size (literal or a variable's default), with that size. */
function limitedServices(project: Project): { key: string; name: string; bytes: number; settings: MemorySetting[] }[] {
  const out: { key: string; name: string; bytes: number; settings: MemorySetting[] }[] = [];
  const cp = project.compose[0]!;
  for (const s of project.services) {
    const settings = memorySettings(cp.services.get(s.name)!, 'limit');
    const bytes = settings[0]?.bytes;
    if (bytes !== undefined && bytes > 0) out.push({ key: s.key, name: s.name, bytes, settings });
  }
  return out;
}

/** Services whose limit is a variable without a default (never edited). */
function variableOnly(project: Project): string[] {
  const cp = project.compose[0]!;
  return project.services.filter((s) => {
    const first = memorySettings(cp.services.get(s.name)!, 'limit')[0];
    return first !== undefined && first.variable !== undefined && first.bytes === undefined;
  }).map((s) => s.key);
}

function usageFacts(entries: { key: string; usage: number }[]): Facts {
  const facts = emptyFacts();
  for (const e of entries) facts.usage.set(e.key, { service: e.key, container: `${e.key.replace('/', '-')}-1`, usageBytes: e.usage, source: 'corpus test' });
  return facts;
}

/** 60% of the limit: above the `set` policy's 50% threshold, above the target's 40%. */
const usageOf = (limit: number): number => Math.round(limit * 0.6);

/** The limit the test expects, computed here in integers rather than by the policy code. */
function expectedBytes(policy: PolicyName, limit: number): number {
  if (policy === 'set') return SET_TO;
  const steps = Math.ceil((usageOf(limit) * 10) / (4 * STEP));
  return Math.max(steps, 1) * STEP;
}

/** A memory value read back from plain YAML data: a size, a byte count, or a variable's default. */
function bytesOfValue(value: unknown): number | undefined {
  if (typeof value === 'number') return parseMemory(value);
  if (typeof value !== 'string') return undefined;
  const v = parseInterpolation(value);
  return parseMemory(v ? (v.default ?? '') : value);
}

function walk(value: unknown, keys: readonly string[]): unknown {
  let cur = value;
  for (const k of keys) cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined;
  return cur;
}

const memoryLimits = registry.get('memory-limits') as Transform;

/** Load each file once (from the corpus, read only) to see what it holds. */
function survey(rel: string): { services: number; limited: number; variableOnly: number } | undefined {
  try {
    const p = loadAlone(path.join(CORPUS, rel));
    return { services: p.services.length, limited: limitedServices(p).length, variableOnly: variableOnly(p).length };
  } catch {
    return undefined; // reported by the no-op test
  }
}

if (corpusPresent('compose memory edit')) {
  const surveyed = corpusFiles('compose').map((rel) => ({ rel, s: survey(rel) }));
  const withLimits = surveyed.filter((x) => x.s && x.s.limited > 0);
  const variants: Variant[] = ['as-is', 'crlf', 'bom', 'no-final-newline'];
  const rows: [string, Variant, PolicyName, number, number][] = [];
  for (const { rel, s } of withLimits) {
    const original = readFileSync(path.join(CORPUS, rel), 'utf8');
    for (const v of variants) {
      if (variantText(original, v) === undefined) continue;
      for (const p of ['set', 'target'] as const) rows.push([rel, v, p, s!.limited, s!.services]);
    }
  }

  describe(`memory edits on ${withLimits.length} real compose files with memory limits`, () => {
    it('the corpus has files with memory limits', () => {
      expect(withLimits.length).toBeGreaterThan(0);
    });

    it.each(rows)('%s [%s] policy %s (%i limited of %i services)', (rel, variant, policyName) => {
      const text = variantText(readFileSync(path.join(CORPUS, rel), 'utf8'), variant)!;
      const tmp = copyToTemp(path.basename(rel), text);
      try {
        // First run: every limited service is measured at 60% of its limit.
        const project = loadAlone(tmp.abs);
        const limited = limitedServices(project);
        const facts = usageFacts(limited.map((l) => ({ key: l.key, usage: usageOf(l.bytes) })));
        const result = runTransforms(project, facts, [memoryLimits], [POLICIES[policyName]]);
        expect(result.findings.filter((f) => f.level === 'error')).toEqual([]);
        const limitChanges = result.changes.filter((c) => c.what === 'memory limit');
        expect(limitChanges.map((c) => c.service).sort()).toEqual(limited.map((l) => l.key).sort());

        const changed = applyAll(project.files, result.edits);
        expect(changed.map((c) => c.source.path)).toEqual([tmp.abs]);
        verify(changed, result.changes);
        writeAll(changed);
        const after = readFileSync(tmp.abs, 'utf8');
        expect(after.startsWith('\uFEFF')).toBe(text.startsWith('\uFEFF'));

        // Only the lines the change list names differ, each by its value alone.
        const oldLines = text.split('\n');
        const newLines = after.split('\n');
        expect(newLines.length).toBe(oldLines.length);
        const named = new Map<number, Change[]>();
        for (const c of result.changes) named.set(c.line, [...(named.get(c.line) ?? []), c]);
        for (let i = 0; i < oldLines.length; i++) {
          const onLine = named.get(i + 1);
          if (!onLine) {
            expect(newLines[i], `line ${i + 1} is named by no change`).toBe(oldLines[i]);
            continue;
          }
          for (const c of onLine) expect(oldLines[i], `line ${i + 1} holds ${c.before}`).toContain(c.before);
          const expected = onLine.reduce((line, c) => line.replace(c.before, c.after), oldLines[i]!);
          expect(newLines[i], `line ${i + 1}`).toBe(expected);
          expect(newLines[i]).not.toBe(oldLines[i]);
        }

        // Re-parse the new text and read each service's limit back, in every form it is written.
        const data = toJs(parseYaml(sourceFromText(path.basename(rel), after, tmp.dir)));
        for (const l of limited) {
          for (const s of l.settings) {
            const got = bytesOfValue(walk(data, ['services', l.name, ...s.path]));
            expect(got, `${l.name} ${s.path.join('.')}`).toBe(expectedBytes(policyName, l.bytes));
          }
        }

        // Second run on the written text, with usage consistent with the new limits: nothing to do.
        const again = loadAlone(tmp.abs);
        const again2 = limitedServices(again);
        expect(again2.map((l) => [l.key, l.bytes])).toEqual(limited.map((l) => [l.key, expectedBytes(policyName, l.bytes)]));
        const usage = policyName === 'set' ? again2.map((l) => ({ key: l.key, usage: usageOf(l.bytes) })) : limited.map((l) => ({ key: l.key, usage: usageOf(l.bytes) }));
        const second = runTransforms(again, usageFacts(usage), [memoryLimits], [POLICIES[policyName]]);
        expect(second.edits).toEqual([]);
        expect(second.changes).toEqual([]);
      } finally {
        tmp.cleanup();
      }
    });

    const varRows = surveyed.filter((x) => x.s && x.s.variableOnly > 0).map((x) => [x.rel, x.s!.variableOnly] as const);
    it.each(varRows)('%s: %i limits from variables without a default are never edited', (rel, count) => {
      const bytes = readFileSync(path.join(CORPUS, rel));
      const tmp = copyToTemp(path.basename(rel), bytes);
      try {
        const project = loadAlone(tmp.abs);
        const keys = variableOnly(project);
        expect(keys.length).toBe(count);
        for (const p of Object.values(POLICIES)) {
          const result = runTransforms(project, usageFacts(keys.map((key) => ({ key, usage: 1024 * MiB }))), [memoryLimits], [p]);
          expect(result.edits).toEqual([]);
          const warned = result.findings.filter((f) => f.code === 'var-no-default').map((f) => f.service).sort();
          expect(warned).toEqual([...keys].sort());
        }
        expect(readFileSync(tmp.abs).equals(bytes)).toBe(true);
      } finally {
        tmp.cleanup();
      }
    });
  });
}
