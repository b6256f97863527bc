import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { parseDockerSize } from '../../src/docker/sizes.js';
import { usageFromStatsFile } from '../../src/facts/load-usage.js';
import { parseDockerStats } from '../../src/facts/stats-file.js';
import { emptyFacts } from '../../src/facts/types.js';
import { loadProject } from '../../src/project/load.js';

const MiB = 1024 * 1024;

describe('docker stats parsing', () => {
  it('default table', () => {
    const text = 'CONTAINER ID   NAME        CPU %     MEM USAGE / LIMIT     MEM %     NET I/O         BLOCK I/O   PIDS\n' +
      'c4b3a2918f03   p-api-1     0.45%     70.4MiB / 128MiB      55.00%    2.3MB / 1.8MB   0B / 0B     4\n';
    expect(parseDockerStats(text, 's.txt')).toEqual([
      { container: 'p-api-1', id: 'c4b3a2918f03', usageBytes: Math.round(70.4 * MiB), limitBytes: 128 * MiB, percent: 55, cpuPercent: 0.45, line: 2 },
    ]);
  });

  it('a table with only some columns, CRLF', () => {
    const text = 'NAME\tMEM USAGE / LIMIT\r\np_db_1\t1.2GiB / 2GiB\r\n';
    expect(parseDockerStats(text, 's.txt')).toEqual([{ container: 'p_db_1', id: undefined, usageBytes: Math.round(1.2 * 1024 * MiB), limitBytes: 2048 * MiB, percent: undefined, line: 2 }]);
  });

  it('JSON lines', () => {
    const text = '{"BlockIO":"0B / 0B","CPUPerc":"0.10%","Container":"1a2b","ID":"1a2b","MemPerc":"53.52%","MemUsage":"68.5MiB / 128MiB","Name":"p-web-1","NetIO":"0B / 0B","PIDs":"5"}\n';
    expect(parseDockerStats(text, 's.json')[0]).toMatchObject({ container: 'p-web-1', usageBytes: Math.round(68.5 * MiB), limitBytes: 128 * MiB, percent: 53.52, cpuPercent: 0.1 });
  });

  it.each([['512kB', 512000], ['1.5MB', 1500000], ['0B', 0], ['3GiB', 3 * 1024 * MiB], ['12KiB', 12288]] as const)('size %s', (s, n) =>
    expect(parseDockerSize(s)).toBe(n),
  );

  it('a malformed row is an InputError with its line', () => {
    const text = 'NAME   MEM USAGE / LIMIT\np-a-1   lots / 128MiB\n';
    try {
      parseDockerStats(text, 's.txt');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).format()).toBe('s.txt:2:1: cannot read memory usage "lots / 128MiB"\n  p-a-1   lots / 128MiB\n  ^');
    }
  });
});

describe('CPU % in usage facts', () => {
  it('keeps the highest CPU % of a service on its own row, beside the memory peak', () => {
    const dir = mkdtempSync(join(tmpdir(), 'composeshift-cpu-facts-'));
    try {
      writeFileSync(join(dir, 'compose.yml'), 'name: shop\nservices:\n  api:\n    image: x\n');
      writeFileSync(join(dir, 'stats.txt'), 'NAME           CPU %     MEM USAGE / LIMIT\nshop-api-1     180.50%   10MiB / 1GiB\nshop-api-2     20.00%    90MiB / 1GiB\n');
      const facts = emptyFacts();
      usageFromStatsFile(loadProject({ root: dir }), join(dir, 'stats.txt'), facts);
      expect(facts.usage.get('shop/api')).toMatchObject({ usageBytes: 90 * MiB, source: 'stats.txt:3', cpuPercent: 180.5, cpuSource: 'stats.txt:2' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
