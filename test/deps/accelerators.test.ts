// Accelerators a kept library loads whenever they are installed (hiredis for redis-py, python-Levenshtein for
// fuzzywuzzy; paperless-ngx 2021-22 pins both): optional backends, never removed.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCKERFILE, classes, pyService } from './helpers.js';

describe('accelerators a kept library loads whenever they are installed', () => {
  it('hiredis beside redis and python-Levenshtein beside fuzzywuzzy are optional backends (installed metadata knows every name)', () => {
    const dir = pyService({ 'svc/Dockerfile': DOCKERFILE, 'svc/requirements.txt': 'redis==5.0.1\nhiredis==2.3.2\nfuzzywuzzy==0.18.0\npython-Levenshtein==0.25.0\nxmltodict==0.13.0\n', 'svc/main.py': 'import redis\nfrom fuzzywuzzy import fuzz\n' });
    const site = path.join(dir, 'site');
    for (const [name, top, requires] of [['redis', 'redis', []], ['hiredis', 'hiredis', []], ['fuzzywuzzy', 'fuzzywuzzy', []], ['python_Levenshtein', 'Levenshtein', []], ['xmltodict', 'xmltodict', []]] as const) {
      const d = path.join(site, `${name}-1.0.dist-info`);
      mkdirSync(d, { recursive: true });
      writeFileSync(path.join(d, 'METADATA'), `Metadata-Version: 2.1\nName: ${name}\nVersion: 1.0\n${requires.map((r) => `Requires-Dist: ${r}\n`).join('')}`);
      writeFileSync(path.join(d, 'top_level.txt'), `${top}\n`);
    }
    expect(classes(dir, { sitePackages: site }).filter((r) => !r.includes(' used '))).toEqual([
      'svc hiredis optional-backend svc/requirements.txt:2',
      'svc python-Levenshtein optional-backend svc/requirements.txt:4',
      'svc xmltodict unused svc/requirements.txt:5',
    ]);
  });
});
