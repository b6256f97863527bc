import { describe, expect, it } from 'vitest';
import { parseDockerStats } from '../../src/facts/stats-file.js';
import { planFiles, tempProject } from '../helpers/temp-project.js';

// Red-team class: docker prints `--` in every column for a container whose stats it could not read (one
// stopping while sampled). Such a row in a saved stats file made the whole run exit 2 ("cannot read memory
// usage \"-- / --\""), for every service. It measures nothing: left out, and its service is reported as
// having no usage fact, never guessed; the other services are planned as usual.

const TABLE =
  'CONTAINER ID   NAME     CPU %     MEM USAGE / LIMIT   MEM %     NET I/O     BLOCK I/O   PIDS\n' +
  'c4b3a2918f03   rt-a-1   --        -- / --             --        --          --          --\n' +
  'd5c4b3a29f04   rt-b-1   0.45%     100MiB / 128MiB     78.00%    0B / 0B     0B / 0B     4\n';

describe('docker stats rows docker could not measure', () => {
  it('table and JSON lines: the `-- / --` row is left out', () => {
    expect(parseDockerStats(TABLE, 's.txt').map((r) => r.container)).toEqual(['rt-b-1']);
    const json = '{"CPUPerc":"--","MemUsage":"-- / --","MemPerc":"--","Name":"rt-a-1"}\n{"CPUPerc":"1%","MemUsage":"100MiB / 128MiB","MemPerc":"78%","Name":"rt-b-1"}\n';
    expect(parseDockerStats(json, 's.json').map((r) => r.container)).toEqual(['rt-b-1']);
  });

  it('the measured service is planned; the unmeasured one keeps its limit (was: exit 2 for the whole file)', async () => {
    const compose = 'services:\n  a:\n    image: busybox\n    mem_limit: 128m\n  b:\n    image: busybox\n    mem_limit: 128m\n';
    const dir = tempProject({ 'compose.yaml': compose, 'stats.txt': TABLE });
    const { out } = await planFiles(dir, { usage: 'stats.txt', projectName: 'rt', transforms: ['memory-limits'] });
    expect(out['compose.yaml']).toBe(compose.replace(/(b:\n    image: busybox\n    mem_limit: )128m/, '$1256m'));
  });
});
