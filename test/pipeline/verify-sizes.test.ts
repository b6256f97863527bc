import { describe, expect, it } from 'vitest';
import { VerifyError } from '../../src/core/errors.js';
import type { Change } from '../../src/core/finding.js';
import { sourceFromText } from '../../src/core/source.js';
import { verify } from '../../src/pipeline/verify.js';
import { checkMemoryValues } from '../../src/pipeline/verify-sizes.js';

const svc = (body: Record<string, unknown>) => ({ services: { a: body } });
const deploy = (limit: unknown, reservation?: unknown) => ({ deploy: { resources: { limits: { memory: limit }, ...(reservation === undefined ? {} : { reservations: { memory: reservation } }) } } });

describe('the value guard of verify: every changed memory value is one compose and the engine accept', () => {
  it.each([
    ['NaN', svc({ mem_limit: '128M' }), svc({ mem_limit: 'NaN' }), 'services.a.mem_limit is "NaN": not a size compose accepts'],
    ['Infinity', svc({ mem_limit: '128M' }), svc({ mem_limit: 'InfinityM' }), 'services.a.mem_limit is "InfinityM": not a size compose accepts'],
    ['a negative size', svc({ mem_limit: '128M' }), svc({ mem_limit: '-1M' }), 'services.a.mem_limit is "-1M": not a size compose accepts'],
    ['0 (lifts the limit)', svc({ mem_limit: '128M' }), svc({ mem_limit: '0M' }), 'services.a.mem_limit is "0M": 0 means no limit to Docker, never a written size'],
    ['-1 (lifts the limit)', svc({ mem_limit: 134217728 }), svc({ mem_limit: -1 }), 'services.a.mem_limit is -1: not a size compose accepts'],
    ['a fraction of a byte', svc({ mem_limit: 134217728 }), svc({ mem_limit: 1.5 }), 'services.a.mem_limit is 1.5: not a size compose accepts'],
    ['a number under deploy', svc(deploy('128M')), svc(deploy(201326592)), 'services.a.deploy.resources.limits.memory is 201326592: compose requires a string there'],
    ['under the engine minimum', svc({ mem_limit: '128M' }), svc({ mem_limit: '5M' }), "services.a.mem_limit is \"5M\": under the engine's 6M minimum"],
    ['another case', svc({ mem_limit: '128m' }), svc({ mem_limit: '192M' }), 'services.a.mem_limit is "192M": not in the unit style of "128m"'],
    ['another suffix', svc({ mem_limit: '128MB' }), svc({ mem_limit: '192M' }), 'services.a.mem_limit is "192M": not in the unit style of "128MB"'],
    ['a unit where bytes were', svc({ mem_limit: '134217728' }), svc({ mem_limit: '192M' }), 'services.a.mem_limit is "192M": not in the unit style of "134217728"'],
    ['a string where a number was', svc({ mem_limit: 134217728 }), svc({ mem_limit: '201326592' }), 'services.a.mem_limit is "201326592": written as a string, was a number (134217728)'],
    ['a variable default that is not a size', svc({ mem_limit: '${A:-128M}' }), svc({ mem_limit: '${A:-NaN}' }), 'services.a.mem_limit is "${A:-NaN}": not a size compose accepts'],
    ['a reservation above the limit', svc(deploy('128M', '64M')), svc(deploy('128M', '256M')), 'services.a: the memory reservation (268435456 bytes) is above the limit (134217728 bytes)'],
  ])('refuses %s', (_name, before, after, message) => {
    expect(checkMemoryValues(before, after)).toBe(message);
  });

  it.each([
    ['a raise in the same style', svc({ mem_limit: '128M' }), svc({ mem_limit: '192M' })],
    ['a smaller unit of the same case', svc({ mem_limit: '1G' }), svc({ mem_limit: '1536M' })],
    ['decimals kept', svc({ mem_limit: '0.5g' }), svc({ mem_limit: '0.75g' })],
    ['bytes stay bytes', svc({ mem_limit: 134217728 }), svc({ mem_limit: 201326592 })],
    ['a byte count where no whole KiB fits', svc({ mem_limit: '128M' }), svc({ mem_limit: '134217729' })],
    ['a variable default raised', svc({ mem_limit: '${A:-128M}' }), svc({ mem_limit: '${A:-192M}' })],
    ['a new key in any style', svc({ image: 'x' }), svc({ image: 'x', mem_limit: '256m' })],
    ['an unchanged pre-existing 0 next to a change elsewhere', { services: { a: { mem_limit: 0 }, b: { mem_limit: '1G' } } }, { services: { a: { mem_limit: 0 }, b: { mem_limit: '2G' } } }],
    ['an unchanged service with a reservation above its limit', { services: { a: deploy('64M', '128M') } }, { services: { a: deploy('64M', '128M'), b: { mem_limit: '1G' } } }],
  ])('accepts %s', (_name, before, after) => {
    expect(checkMemoryValues(before, after)).toBeUndefined();
  });

  it('verify() turns a violation into a VerifyError naming the file and the change; nothing is written', () => {
    const source = sourceFromText('compose.yaml', 'services:\n  a:\n    mem_limit: 128M\n');
    const change: Change = { transform: 'memory-limits', service: 'p/a', file: 'compose.yaml', line: 3, what: 'memory limit', value: { kind: 'memory-limit', bytes: Number.NaN }, before: '128M', after: 'NaN', reason: 'r', expect: [{ kind: 'yaml', file: source.path, path: ['services', 'a', 'mem_limit'], value: 'NaN' }] };
    const run = () => verify([{ source, after: 'services:\n  a:\n    mem_limit: NaN\n' }], [change]);
    expect(run).toThrow(VerifyError);
    expect(run).toThrow('compose.yaml: services.a.mem_limit is "NaN": not a size compose accepts (change by memory-limits for p/a: memory limit 128M → NaN); nothing was written');
  });
});
