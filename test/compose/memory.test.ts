import { describe, expect, it } from 'vitest';
import { formatMemory, formatMemoryLike, parseMemory } from '../../src/compose/memory.js';

const M = 1024 * 1024;

describe('parseMemory', () => {
  it.each([
    ['128M', 128 * M], ['128m', 128 * M], ['128MB', 128 * M], ['128mb', 128 * M], ['128MiB', 128 * M], ['128mi', 128 * M],
    ['0.5g', 512 * M], ['1G', 1024 * M], ['1gb', 1024 * M], ['512k', 512 * 1024], ['512KB', 512 * 1024], ['100b', 100],
    ['134217728', 128 * M], [134217728, 128 * M], ['1.5 GiB', 1536 * M], ['2t', 2 * 1024 ** 4],
  ] as const)('%s', (raw, bytes) => expect(parseMemory(raw)).toBe(bytes));

  it.each(['128X', '', 'M', '12.M', '-1M', '1bb', '128 MBs', 'lots'])('rejects %j', (raw) => expect(parseMemory(raw)).toBeUndefined());
});

describe('formatMemoryLike keeps the unit style', () => {
  it.each([
    [192 * M, '128M', '192M'], [192 * M, '128m', '192m'], [192 * M, '128MB', '192MB'], [192 * M, '128MiB', '192MiB'],
    [192 * M, '134217728', '201326592'], [768 * M, '0.5g', '0.75g'], [1536 * M, '1G', '1536M'], [2048 * M, '1G', '2G'],
    [96 * M, '64M', '96M'], [1000, '100b', '1000b'], [192 * M, '128 MB', '192 MB'],
  ] as const)('%d like %s → %s', (bytes, like, out) => expect(formatMemoryLike(bytes, like)).toBe(out));
});

describe('formatMemory', () => {
  it.each([[192 * M, '192M'], [1536 * M, '1.5G'], [512 * 1024, '512K'], [100, '100B'], [70.4 * M, '70.4M']] as const)('%d → %s', (b, s) =>
    expect(formatMemory(b)).toBe(s),
  );
});
