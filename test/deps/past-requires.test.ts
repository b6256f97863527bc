// A pinned release may require what the recent release the bundled table lists dropped: Django==3.2 requires pytz
// (django.utils.timezone imports it), requests==2.24 requires chardet. Such a pin is `transitive`, never removed.
// An egg-info's requirements are in requires.txt (its PKG-INFO has no Requires-Dist): read them, or a package the
// egg-info distribution requires looks required by nobody.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pastRequires } from '../../src/deps/data/past-requires.js';
import { eggRequires } from '../../src/python/site-packages.js';
import { planFiles } from '../helpers/temp-project.js';
import { DOCKERFILE, classes, pyService } from './helpers.js';

const DF = DOCKERFILE.replace('CMD ["python", "main.py"]', 'CMD ["gunicorn", "site.wsgi"]');

describe('requirements of older releases (the pins real repositories keep)', () => {
  const req = 'Django==3.2.25\ngunicorn==20.1.0\npytz==2024.1\nrequests==2.24.0\nchardet==3.0.4\nxlrd==2.0.1\n';
  const files = { 'svc/Dockerfile': DF, 'svc/requirements.txt': req, 'svc/site/wsgi.py': 'import requests\nfrom django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n' };

  it('pytz beside Django 3.2 and chardet beside requests 2.24 are transitive; xlrd is unused', () => {
    const rows = classes(pyService(files)).filter((r) => !/ (used|cli) /.test(r));
    expect(rows).toEqual(['svc pytz transitive svc/requirements.txt:3', 'svc chardet transitive svc/requirements.txt:5', 'svc xlrd unused svc/requirements.txt:6']);
  });

  it('the plan removes xlrd only (exact bytes)', async () => {
    const { out } = await planFiles(pyService(files), { transforms: ['unused-deps'] });
    expect(out).toEqual({ 'svc/requirements.txt': 'Django==3.2.25\ngunicorn==20.1.0\npytz==2024.1\nrequests==2.24.0\nchardet==3.0.4\n' });
  });
});

describe('which pins name an older release', () => {
  it('==, ~= and <= below the first release without them, < at or below it; unpinned and >= install the recent one', () => {
    const hits = ['==3.2.25', '~=3.2.0', '<4.0', '<=3.99', '>=2.2,<4', '===3.1', '==4.2.1', '>=3.2', '<5', '', '!=4.0'].map((s) => `${s || '(none)'} ${pastRequires('django', s || undefined) ? 'past' : '-'}`);
    expect(hits).toEqual(['==3.2.25 past', '~=3.2.0 past', '<4.0 past', '<=3.99 past', '>=2.2,<4 past', '===3.1 past', '==4.2.1 -', '>=3.2 -', '<5 -', '(none) -', '!=4.0 -']);
  });

  it('Django>=4.2 beside pytz: the recent release requires no pytz, so pytz is unused', () => {
    const dir = pyService({ 'svc/Dockerfile': DF, 'svc/requirements.txt': 'Django>=4.2\ngunicorn\npytz==2024.1\n', 'svc/site/wsgi.py': 'from django.core.wsgi import get_wsgi_application\n' });
    expect(classes(dir).filter((r) => r.includes(' pytz '))).toEqual(['svc pytz unused svc/requirements.txt:3']);
  });
});

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
