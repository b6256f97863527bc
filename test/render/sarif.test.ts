import { readFileSync } from 'node:fs';
import AjvModule from 'ajv-draft-04';
import formatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { Change, Finding } from '../../src/core/finding.js';
import { auditItems } from '../../src/render/audit-sarif.js';
import { planItems, sarifLog } from '../../src/render/sarif.js';

const schema = JSON.parse(readFileSync(new URL('../fixtures/sarif/sarif-schema-2.1.0.json', import.meta.url), 'utf8')) as object;
// Both are CommonJS with `exports.default`: under NodeNext the default import is the module object.
const Ajv = AjvModule.default;
const addFormats = formatsModule.default;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

const change: Change = { transform: 'memory-limits', service: 'api', file: 'compose yaml/compose.yaml', line: 7, what: 'memory limit', value: { kind: 'memory-limit', bytes: 192 * 1024 * 1024 }, before: '128M', after: '192M', reason: '53% of 128M', expect: [] };
const findings: Finding[] = [
  { transform: 'torch-cpu', level: 'error', code: 'bad-version', message: 'version is not PEP 440', file: 'composeshift.config.yaml', line: 3 },
  { transform: 'memory-limits', level: 'info', code: 'no-usage', message: 'no usage facts; pass --usage' },
];

describe('SARIF output', () => {
  it('a plan validates against the SARIF 2.1.0 schema, one result per change and per finding', () => {
    const log = sarifLog(planItems([change], findings), { version: '9.9.9' }, 'file:///repo/');
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const run = log.runs[0]!;
    expect(run.results.map((r) => [r.ruleId, r.level, r.locations?.[0]?.physicalLocation.artifactLocation.uri, r.locations?.[0]?.physicalLocation.region?.startLine])).toEqual([
      ['memory-limits/change', 'warning', 'compose%20yaml/compose.yaml', 7],
      ['torch-cpu/bad-version', 'error', 'composeshift.config.yaml', 3],
      ['memory-limits/no-usage', 'note', undefined, undefined],
    ]);
    expect(run.results[0]!.message.text).toBe('api: memory limit: 128M → 192M (53% of 128M)');
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(['memory-limits/change', 'torch-cpu/bad-version', 'memory-limits/no-usage']);
  });

  it('fingerprints are stable across runs and differ between results', () => {
    const a = sarifLog(planItems([change], findings), { version: '1' }, 'file:///a/');
    const b = sarifLog(planItems([{ ...change, line: 9 }], findings), { version: '1' }, 'file:///b/');
    const fp = (l: typeof a) => l.runs[0]!.results.map((r) => r.partialFingerprints['composeshift/v1']);
    expect(fp(a)).toEqual(fp(b));
    expect(new Set(fp(a)).size).toBe(3);
  });

  it('audit findings become unused-deps/<class> results; unused and missing warn, the rest are notes', () => {
    const items = auditItems({
      services: [
        {
          service: 'api', key: 'p/api', sources: [], declared: [], imported: [], importedPackages: [], notes: [],
          findings: [
            { package: 'scipy', class: 'unused', file: 'api/requirements.txt', line: 4, evidence: 'no import of scipy', ecosystem: 'python' },
            { package: 'uvloop', class: 'env-switch' as never, file: 'compose.yaml', line: 9, evidence: 'UVICORN_LOOP=uvloop', ecosystem: 'python' },
            { package: 'numpy', class: 'unused', file: 'api/requirements.txt', line: 5, evidence: 'no import', ecosystem: 'python', ignored: true },
          ],
        },
      ],
    });
    const log = sarifLog(items, { version: '1' }, 'file:///r/');
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(log.runs[0]!.results.map((r) => [r.ruleId, r.level])).toEqual([
      ['unused-deps/unused', 'warning'],
      ['unused-deps/env-switch', 'note'],
      ['unused-deps/unused', 'note'],
    ]);
  });

  it('the schema check can fail: a result without a message is rejected', () => {
    const log = sarifLog(planItems([change], []), { version: '1' }, 'file:///r/') as unknown as { runs: { results: Record<string, unknown>[] }[] };
    delete log.runs[0]!.results[0]!.message;
    expect(validate(log)).toBe(false);
  });
});
