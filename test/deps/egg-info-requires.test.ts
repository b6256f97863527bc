// An egg-info's requirements are in requires.txt (its PKG-INFO has no Requires-Dist): read them, or a package the
// egg-info distribution requires looks required by nobody (Debian's stripped egg-info gave pyopenssl "requires nothing").
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { eggRequires } from '../../src/python/site-packages.js';
import { DOCKERFILE, classes, pyService } from './helpers.js';

describe('egg-info requires.txt', () => {
  it('the lines before the first section and [:marker] sections count; [extra] sections do not', () => {
    expect(eggRequires('cryptography<40,>=38.0.0\nsix\n\n[:python_version < "3.8"]\nimportlib_metadata\n\n[docs]\nsphinx\n\n[test:python_version >= "3"]\npytest\n')).toEqual(['cryptography', 'six', 'importlib-metadata']);
  });

  it('an installed egg-info distribution that requires a declared package makes it transitive (--site-packages)', () => {
    const dir = pyService({ 'svc/Dockerfile': DOCKERFILE, 'svc/requirements.txt': 'acme-client==1.0\nxmltodict==0.13.0\n', 'svc/main.py': 'import acme_client\n' });
    const site = path.join(dir, 'site');
    const egg = path.join(site, 'acme_client-1.0.egg-info');
    mkdirSync(egg, { recursive: true });
    writeFileSync(path.join(egg, 'PKG-INFO'), 'Metadata-Version: 2.1\nName: acme-client\nVersion: 1.0\n');
    writeFileSync(path.join(egg, 'top_level.txt'), 'acme_client\n');
    writeFileSync(path.join(egg, 'requires.txt'), 'xmltodict>=0.12\n\n[test]\npytest\n');
    const x = path.join(site, 'xmltodict-0.13.0.dist-info');
    mkdirSync(x, { recursive: true });
    writeFileSync(path.join(x, 'METADATA'), 'Metadata-Version: 2.1\nName: xmltodict\nVersion: 0.13.0\n');
    writeFileSync(path.join(x, 'top_level.txt'), 'xmltodict\n');
    expect(classes(dir, { sitePackages: site }).filter((r) => !r.includes(' used '))).toEqual(['svc xmltodict transitive svc/requirements.txt:2']);
  });
});
