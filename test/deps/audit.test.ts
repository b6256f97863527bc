import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { memoryIO as io } from '../helpers/memory-io.js';
import { tempProject } from '../helpers/temp-project.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../examples/smart-home');

interface Json {
  services: { service: string; findings: { package: string; class: string; file: string; line: number; evidence: string }[] }[];
}

describe('composeshift audit', () => {
  it('smart-home: the JSON contract, every finding of every service', async () => {
    const t = io(EXAMPLE);
    expect(await run(['audit', '--format', 'json'], t.io)).toBe(0);
    const json = JSON.parse(t.out()) as Json;
    const rows = json.services.flatMap((s) => s.findings.map((f) => `${s.service} ${f.package} ${f.class} ${f.file}:${f.line}`));
    expect(rows).toEqual([
      'sensor-bridge pandas unused services/sensor-bridge/requirements.txt:5',
      'mqtt-ingest scipy unused services/mqtt-ingest/requirements.txt:5',
      'automation boto3 unused services/automation/requirements.txt:5',
      'presence uvicorn cli services/presence/requirements.txt:2',
      'presence python-multipart implicit services/presence/requirements.txt:3',
      'presence aiosqlite implicit services/presence/requirements.txt:5',
      'energy-monitor pytest test-only services/energy-monitor/requirements.txt:3',
      'dashboard moment unused frontend/package.json:9',
    ]);
    expect(json.services.map((s) => s.service)).toEqual(['sensor-bridge', 'mqtt-ingest', 'automation', 'weather-sync', 'presence', 'energy-monitor', 'notifier', 'ml-forecast', 'dashboard']);
    const presence = json.services.find((s) => s.service === 'presence')!.findings;
    expect(presence.map((f) => f.evidence)).toEqual([
      'runs `uvicorn` (services/presence/Dockerfile:7 CMD: uvicorn app.main:app --host 0.0.0.0 --port 8000)',
      'FastAPI/Starlette parse Form(...) and UploadFile bodies with it: "Form(" at services/presence/app/main.py:22',
      'SQLAlchemy driver for sqlite+aiosqlite://; also databases[aiosqlite]: URL sqlite+aiosqlite:// at services/presence/app/main.py:7',
    ]);
  });

  it('the text table lists declared, imported and each class per service', async () => {
    const t = io(EXAMPLE);
    expect(await run(['audit', '--service', 'presence'], t.io)).toBe(0);
    expect(t.out()).toBe(
      [
        '== presence',
        'sources: 2 files copied by the Dockerfile from services/presence/requirements.txt, services/presence/app',
        'declared (5): fastapi, uvicorn, python-multipart, SQLAlchemy, aiosqlite',
        'imported (2): fastapi, sqlalchemy',
        'CLASS     PACKAGE           WHERE                                 EVIDENCE',
        'cli       uvicorn           services/presence/requirements.txt:2  runs `uvicorn` (services/presence/Dockerfile:7 CMD: uvicorn app.main:app --host 0.0.0.0 --port 8000)',
        'implicit  python-multipart  services/presence/requirements.txt:3  FastAPI/Starlette parse Form(...) and UploadFile bodies with it: "Form(" at services/presence/app/main.py:22',
        'implicit  aiosqlite         services/presence/requirements.txt:5  SQLAlchemy driver for sqlite+aiosqlite://; also databases[aiosqlite]: URL sqlite+aiosqlite:// at services/presence/app/main.py:7',
        'reclaimable: not measured (sizes come only from the image: pass --image-metadata with the image built)',
        '',
      ].join('\n'),
    );
  });

  it('--format md renders markdown tables', async () => {
    const t = io(EXAMPLE);
    await run(['audit', '--service', 'mqtt-ingest', '--format', 'md'], t.io);
    expect(t.out()).toContain('# Dependency audit\n\n## mqtt-ingest\n');
    expect(t.out()).toMatch(/\| unused +\| scipy +\| services\/mqtt-ingest\/requirements\.txt:5 \|/);
  });

  it('--package answers "is it anywhere?": declared where, installed by which service, imported where', async () => {
    const t = io(EXAMPLE);
    expect(await run(['audit', '--package', 'scipy', '--json'], t.io)).toBe(0);
    expect(JSON.parse(t.out())).toEqual({
      package: 'scipy',
      importNames: ['scipy'],
      declared: [{ file: 'services/mqtt-ingest/requirements.txt', line: 5, text: 'scipy==1.14.1' }],
      installedBy: [{ service: 'mqtt-ingest', file: 'services/mqtt-ingest/requirements.txt', line: 5, class: 'unused', evidence: expect.stringContaining('no import of scipy') }],
      importedBy: [],
    });
    const p = io(EXAMPLE);
    await run(['audit', '--package', 'PANDAS', '--format', 'json'], p.io);
    const pandas = JSON.parse(p.out());
    expect(pandas.installedBy.map((i: { service: string; class: string }) => `${i.service} ${i.class}`)).toEqual(['sensor-bridge unused', 'ml-forecast used']);
    expect(pandas.importedBy).toEqual([{ service: 'ml-forecast', file: 'services/ml-forecast/forecast/__main__.py', line: 4, module: 'pandas' }]);
  });

  it('--package also finds imports outside any service and files no service installs', async () => {
    const dir = tempProject({
      'compose.yaml': 'services:\n  svc:\n    build: ./svc\n',
      'svc/requirements.txt': 'requests\n',
      'svc/main.py': 'import requests\n',
      'tools/requirements-dev.txt': 'scipy>=1\n',
      'tools/plot.py': 'from scipy import stats\n',
    });
    const t = io(dir);
    await run(['audit', '--package', 'scipy', '--json'], t.io);
    expect(JSON.parse(t.out())).toEqual({
      package: 'scipy',
      importNames: ['scipy'],
      declared: [{ file: 'tools/requirements-dev.txt', line: 1, text: 'scipy>=1' }],
      installedBy: [],
      importedBy: [{ file: 'tools/plot.py', line: 1, module: 'scipy' }],
    });
  });

  it('ignore: in the policy and inline ignores mark findings ignored', async () => {
    const dir = tempProject({
      'compose.yaml': 'services:\n  svc:\n    build: ./svc\n',
      'composeshift.config.yaml': 'policies:\n  - transform: unused-deps\n    ignore: [boto3]\n',
      'svc/requirements.txt': 'boto3\npandas  # composeshift: ignore\nscipy\n',
      'svc/main.py': 'import os\n',
    });
    const t = io(dir);
    await run(['audit', '--json'], t.io);
    expect((JSON.parse(t.out()) as Json).services[0]!.findings.map((f) => `${f.package} ${f.class}${(f as { ignored?: boolean }).ignored ? ' ignored' : ''}`)).toEqual(['boto3 unused ignored', 'pandas unused ignored', 'scipy unused']);
  });

  it('bad input exits 2: unknown format, unknown service, missing site-packages, no compose file', async () => {
    expect(await run(['audit', '--format', 'xml'], io(EXAMPLE).io)).toBe(2);
    const s = io(EXAMPLE);
    expect(await run(['audit', '--service', 'nope'], s.io)).toBe(2);
    expect(s.err()).toContain('no such service: nope');
    const sp = io(EXAMPLE);
    expect(await run(['audit', '--site-packages', 'no/such/dir'], sp.io)).toBe(2);
    expect(sp.err()).toContain('--site-packages: no/such/dir is not a folder');
    const empty = tempProject({ 'x.txt': '' });
    expect(await run(['audit'], io(empty).io)).toBe(2);
  });

  it('end to end: the real binary prints the JSON audit', () => {
    const bin = path.resolve(import.meta.dirname, '../../bin/composeshift.js');
    const out = execFileSync(process.execPath, [bin, 'audit', EXAMPLE, '--service', 'dashboard', '--json'], { encoding: 'utf8' });
    expect(JSON.parse(out).services[0].findings).toEqual([expect.objectContaining({ package: 'moment', class: 'unused', file: 'frontend/package.json', line: 9 })]);
  });
});
