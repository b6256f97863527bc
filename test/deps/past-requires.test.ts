// A pinned release may require what the recent release the bundled table lists dropped: Django==3.2 requires pytz
// (django.utils.timezone imports it), requests==2.24 requires chardet. Such a pin is `transitive`, never removed.
import { describe, expect, it } from 'vitest';
import { pastRequires } from '../../src/deps/data/past-requires.js';
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
    const hits = ['==2.24.0', '~=2.25.0', '<2.26', '<=2.25.9', '>=2.0,<2.26', '===2.20', '==2.31.0', '>=2.24', '<3', '', '!=2.26'].map((s) => `${s || '(none)'} ${pastRequires('requests', s || undefined) ? 'past' : '-'}`);
    expect(hits).toEqual(['==2.24.0 past', '~=2.25.0 past', '<2.26 past', '<=2.25.9 past', '>=2.0,<2.26 past', '===2.20 past', '==2.31.0 -', '>=2.24 -', '<3 -', '(none) -', '!=2.26 -']);
  });

  it('eras: Django==4.2 keeps backports.zoneinfo (4.x on Python < 3.9) but not pytz (3.x only)', () => {
    const dir = pyService({ 'svc/Dockerfile': DF, 'svc/requirements.txt': 'Django==4.2.11\ngunicorn==22.0.0\nbackports.zoneinfo==0.2.1\npytz==2024.1\n', 'svc/site/wsgi.py': 'from django.core.wsgi import get_wsgi_application\n' });
    expect(classes(dir).filter((r) => / (backports\.zoneinfo|pytz) /.test(r))).toEqual(['svc backports.zoneinfo transitive svc/requirements.txt:3', 'svc pytz unused svc/requirements.txt:4']);
  });

  it('Django>=4.2 beside pytz: the recent release requires no pytz, so pytz is unused', () => {
    const dir = pyService({ 'svc/Dockerfile': DF, 'svc/requirements.txt': 'Django>=4.2\ngunicorn\npytz==2024.1\n', 'svc/site/wsgi.py': 'from django.core.wsgi import get_wsgi_application\n' });
    expect(classes(dir).filter((r) => r.includes(' pytz '))).toEqual(['svc pytz unused svc/requirements.txt:3']);
  });
});
