import path from 'node:path';
import { describe } from 'vitest';
import { transformCases } from '../helpers/transform-tester.js';

// The example plugin through the RuleTester-style harness: input files + stats → exact new texts, findings, a
// second run a no-op. The plugin is loaded as users load it (-t PATH).
const T = [path.resolve('examples/plugins/cpu-limits.js')];
const stats = (rows: Record<string, number>): string =>
  'NAME      CPU %     MEM USAGE / LIMIT\n' + Object.entries(rows).map(([svc, cpu]) => `p-${svc}-1   ${cpu.toFixed(2)}%   10MiB / 1GiB`).join('\n') + '\n';

describe('cpu-limits plugin (harness)', () => {
  transformCases([
    {
      name: 'a missing limit is inserted under deploy.resources.limits, beside memory',
      transforms: T,
      files: { 'compose.yaml': 'services:\n  api:\n    image: a\n    deploy:\n      resources:\n        limits:\n          memory: 1G\n' },
      usage: stats({ api: 90 }),
      output: { 'compose.yaml': 'services:\n  api:\n    image: a\n    deploy:\n      resources:\n        limits:\n          memory: 1G\n          cpus: 2\n' },
      changes: ['cpu-limit'],
    },
    {
      name: 'a file with mem_limit gets cpus: at service level (4-space indent kept)',
      transforms: T,
      files: { 'compose.yaml': 'services:\n    api:\n        image: a\n        mem_limit: 512m\n    db:\n        image: d\n        mem_limit: 1g\n' },
      usage: stats({ api: 35, db: 5 }),
      output: { 'compose.yaml': 'services:\n    api:\n        image: a\n        mem_limit: 512m\n        cpus: 0.75\n    db:\n        image: d\n        mem_limit: 1g\n        cpus: 0.25\n' },
    },
    {
      name: 'an extends base keeps its value; the service gets its own override',
      transforms: T,
      files: { 'compose.yaml': 'services:\n  base:\n    image: b\n    cpus: 0.5\n  web:\n    extends: { service: base }\n' },
      usage: stats({ base: 10, web: 150 }),
      output: { 'compose.yaml': 'services:\n  base:\n    image: b\n    cpus: 0.5\n  web:\n    extends: { service: base }\n    cpus: 3\n' },
      findings: [{ code: 'cpu-kept', level: 'info' }],
    },
    {
      name: 'CRLF, a comment and a quoted value: replaced in place with shrink from the config',
      transforms: T,
      config: 'policies:\n  - transform: cpu-limits\n    shrink: true\n    target: 80%\n    step: 0.5\n',
      files: { 'compose.yaml': 'services:\r\n  api:\r\n    image: a\r\n    deploy:\r\n      resources:\r\n        limits:\r\n          cpus: "4"   # generous\r\n' },
      usage: stats({ api: 100 }),
      output: { 'compose.yaml': 'services:\r\n  api:\r\n    image: a\r\n    deploy:\r\n      resources:\r\n        limits:\r\n          cpus: "1.5"   # generous\r\n' },
    },
    {
      name: 'a ${VAR} value is reported and left alone; max caps a limit; a peak above max is left alone',
      transforms: T,
      config: 'policies:\n  - transform: cpu-limits\n    max: 2\n',
      files: { 'compose.yaml': 'services:\n  a:\n    image: a\n    cpus: ${A_CPUS:-1}\n  b:\n    image: b\n    cpus: 0.5\n  c:\n    image: c\n    cpus: 0.5\n' },
      usage: stats({ a: 50, b: 150, c: 250 }),
      output: { 'compose.yaml': 'services:\n  a:\n    image: a\n    cpus: ${A_CPUS:-1}\n  b:\n    image: b\n    cpus: 2\n  c:\n    image: c\n    cpus: 0.5\n' },
      findings: [{ code: 'cpu-variable', level: 'warn' }, { code: 'cpu-above-max', level: 'warn' }],
    },
    {
      name: 'no CPU % column: nothing is guessed',
      transforms: T,
      files: { 'compose.yaml': 'services:\n  api:\n    image: a\n' },
      usage: 'NAME      MEM USAGE / LIMIT\np-api-1   10MiB / 1GiB\n',
      output: {},
      findings: [{ code: 'no-cpu-usage', level: 'info', message: 'api: no measured CPU %' }],
    },
  ]);
});
