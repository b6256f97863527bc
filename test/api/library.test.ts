import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { apply, audit, BlockedError, InputError, plan, PluginError, report } from '../../src/index.js';
import { tempProject } from '../helpers/temp-project.js';

const MiB = 1024 * 1024;
const COMPOSE = 'name: shop\nservices:\n  api:\n    build: ./api\n    deploy:\n      resources:\n        limits:\n          memory: 128M\n';
const STATS = 'NAME         MEM USAGE / LIMIT\nshop-api-1   100MiB / 128MiB\n';
const API = {
  'api/Dockerfile': 'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY app.py .\nCMD ["python", "app.py"]\n',
  'api/requirements.txt': 'flask==3.0.0\nrequests==2.32.0\n',
  'api/app.py': 'import flask\n\napp = flask.Flask(__name__)\n',
};

describe('library API (src/index.ts)', () => {
  it('plan returns files, typed changes and findings, and never prints', async () => {
    const dir = tempProject({ 'compose.yaml': COMPOSE, 'stats.txt': STATS, ...API });
    const out = vi.spyOn(process.stdout, 'write');
    const err = vi.spyOn(process.stderr, 'write');
    try {
      const r = await plan({ root: dir, usage: path.join(dir, 'stats.txt'), transforms: ['memory-limits'] });
      expect(r.files.map((f) => [f.path, f.after])).toEqual([['compose.yaml', COMPOSE.replace('128M', '256M')]]);
      expect(r.files[0]!.before).toBe(COMPOSE);
      expect(r.files[0]!.diff).toContain('diff --git a/compose.yaml b/compose.yaml\n');
      expect(r.changes.map((c) => c.value)).toEqual([{ kind: 'memory-limit', bytes: 256 * MiB }]);
      expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toBe(COMPOSE);
      expect(out).not.toHaveBeenCalled();
      expect(err).not.toHaveBeenCalled();
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  });

  it('apply refuses a plan with error findings (BlockedError carrying them) and writes nothing', async () => {
    const config = 'policies:\n  - transform: memory-limits\n  - transform: torch-cpu\n    version: banana\n';
    const dir = tempProject({ 'compose.yaml': COMPOSE, 'stats.txt': STATS, 'composeshift.config.yaml': config, ...API });
    const opts = { root: dir, usage: path.join(dir, 'stats.txt') };
    expect((await plan(opts)).findings.filter((f) => f.level === 'error').map((f) => f.code)).toEqual(['torch-bad-version']);
    const err = await apply(opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BlockedError);
    expect((err as BlockedError).findings.map((f) => f.code)).toEqual(['torch-bad-version']);
    expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toBe(COMPOSE);
  });

  it('bad input and bad plugins are thrown as typed errors with where', async () => {
    const dir = tempProject({ 'compose.yaml': 'services:\n  api: [\n', 'p.js': 'export default {};\n' });
    const bad = await plan({ root: dir }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(InputError);
    expect([(bad as InputError).file, (bad as InputError).line]).toEqual(['compose.yaml', 3]);
    const plugin = await plan({ root: dir, cwd: dir, transforms: ['./p.js'] }).catch((e: unknown) => e);
    expect(plugin).toBeInstanceOf(PluginError);
    expect((plugin as PluginError).module).toBe(path.join(dir, 'p.js'));
  });

  it('report and audit return their data (limits, usage; declared, imported, findings with evidence)', async () => {
    const dir = tempProject({ 'compose.yaml': COMPOSE, 'stats.txt': STATS, ...API });
    const data = await report({ root: dir, usage: path.join(dir, 'stats.txt'), transforms: ['memory-limits'] });
    expect(data.services).toEqual([expect.objectContaining({ service: 'shop/api', limitBefore: 128 * MiB, limitAfter: 256 * MiB, usage: 100 * MiB })]);
    const deps = await audit({ root: dir });
    expect(deps.services.map((s) => [s.service, s.declared.map((d) => d.package), s.importedPackages])).toEqual([['api', ['flask', 'requests'], ['flask']]]);
    expect(deps.services[0]!.findings.map((f) => [f.package, f.file, f.line])).toEqual([['requests', 'api/requirements.txt', 2]]);
  });
});
