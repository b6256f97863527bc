import { execa } from 'execa';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { affectedServices } from '../../src/cli/affected.js';
import { applyPlan } from '../../src/cli/apply.js';
import { run } from '../../src/cli/main.js';
import { readSourceFile } from '../../src/core/source.js';
import { planRun, type Plan } from '../../src/pipeline/session.js';
import { writeAll } from '../../src/pipeline/write-files.js';
import { loadProject } from '../../src/project/load.js';
import { registry } from '../../transforms/index.js';
import { captureIO, composeUpAll, containersBy, copyFixture, expectedText, imageId, removeProjectImages, type Seen } from '../fixtures/e2e/helpers.js';
import { downProject, engineAvailable, projectName, removeDir, skipUnless, tempDir } from './engine.js';

const MiB = 1024 * 1024;
const engine = await engineAvailable();
const SERVICES = ['app', 'worker', 'web'] as const;
const NEW_REQUIREMENTS = '--extra-index-url https://download.pytorch.org/whl/cpu\ntorch==2.5.1+cpu\n';

/** docker stats of the project: app at 40 of 64 MiB (62%, raised by the config), the others idle. */
function stats(project: string): string {
  const row = (svc: string, used: number) => `${svc.slice(0, 12).padEnd(12)}   ${project}-${svc}-1   0.00%   ${used}MiB / 64MiB   ${((used / 64) * 100).toFixed(2)}%`;
  return ['CONTAINER ID   NAME   CPU %   MEM USAGE / LIMIT   MEM %', row('app', 40), row('worker', 10), row('web', 10)].join('\n') + '\n';
}

/** A fixture project in a temp folder, with busybox in each build context and a saved stats file. */
async function prepare(fixture: string, prefix: string): Promise<{ dir: string; project: string }> {
  const project = projectName(prefix);
  const dir = await tempDir(prefix);
  await copyFixture(fixture, dir, project);
  for (const ctx of ['app', 'worker']) await copyFile('/bin/busybox', join(dir, ctx, 'busybox'));
  await writeFile(join(dir, 'stats.txt'), stats(project));
  return { dir, project };
}

/** A plan of the compose change (memory-limits from stats.txt) plus a requirements edit made here. */
async function planWithRequirements(dir: string, requirementsAfter: string): Promise<Plan> {
  const plan = await planRun({ root: dir, cwd: dir, usage: 'stats.txt' }, registry);
  const source = readSourceFile(join(dir, 'app', 'requirements.txt'), plan.project.root);
  plan.files.push({ source, after: requirementsAfter });
  return plan;
}

async function images(project: string): Promise<Record<string, string | undefined>> {
  const out: Record<string, string | undefined> = {};
  for (const s of SERVICES) out[s] = await imageId(`${project}-${s}`);
  return out;
}

async function catInContainer(id: string, file: string): Promise<string> {
  return String((await execa('docker', ['exec', id, 'cat', file], { stripFinalNewline: false })).stdout);
}

describe.skipIf(skipUnless(engine, 'apply --build: requirements change'))('apply --build --up: a requirements change rebuilds that service only', () => {
  const made: Array<{ dir: string; project: string }> = [];
  afterAll(async () => {
    for (const { dir, project } of made) {
      await downProject(dir, project, ['compose.yaml']);
      await removeProjectImages(project);
    }
    for (const { dir } of made) await removeDir(dir);
  });

  async function running(fixture: string, prefix: string): Promise<{ dir: string; project: string; before: Record<string, Seen>; imagesBefore: Record<string, string | undefined> }> {
    const p = await prepare(fixture, prefix);
    made.push(p);
    await composeUpAll(p.dir, p.project);
    return { ...p, before: await containersBy(p.project), imagesBefore: await images(p.project) };
  }

  it('a requirements file only COPYed (no pip) still rebuilds its service; the others keep image and container', async () => {
    const { dir, project, before, imagesBefore } = await running('build', 'reqs');
    expect(Object.keys(before).sort()).toEqual(['app', 'web', 'worker']);
    const plan = await planWithRequirements(dir, NEW_REQUIREMENTS);
    expect(plan.changes.map((c) => [c.service, c.what, c.before, c.after])).toEqual([[`${project}/app`, 'memory limit', '64M', '128M']]);
    expect(affectedServices(plan)).toEqual({ build: [expect.objectContaining({ name: 'app' })], up: [expect.objectContaining({ name: 'app' })] });

    const c = captureIO(dir);
    const code = await applyPlan(plan, { build: true, up: true }, c.io, () => writeAll(plan.files));
    expect(code, c.err()).toBe(0);
    expect(c.err()).toContain('composeshift: docker compose build app: done');
    expect(c.err()).toContain('composeshift: docker compose up -d app: done');
    expect(c.err()).toContain('composeshift: verify containers: done');
    expect(await readFile(join(dir, 'compose.yaml'), 'utf8')).toBe(await expectedText('build', 'compose.expected.yaml', project));
    expect(await readFile(join(dir, 'app', 'requirements.txt'), 'utf8')).toBe(NEW_REQUIREMENTS);

    const imagesAfter = await images(project);
    expect(imagesAfter.app).toBeDefined();
    expect(imagesAfter.app).not.toBe(imagesBefore.app);
    expect(imagesAfter.worker).toBe(imagesBefore.worker);
    expect(imagesAfter.web).toBe(imagesBefore.web);
    const after = await containersBy(project);
    expect(after.app!.id).not.toBe(before.app!.id);
    expect(after.app!.image).toBe(imagesAfter.app);
    expect(after.app!.memory).toBe(128 * MiB);
    expect(await catInContainer(after.app!.id, '/app/requirements.txt')).toBe(NEW_REQUIREMENTS);
    expect(after.worker).toEqual(before.worker);
    expect(after.web).toEqual(before.web);
  }, 300_000);

  it.skipIf(!registry.has('torch-cpu'))('torch-cpu + memory-limits through the CLI: only the torch service is rebuilt and recreated', async () => {
    const { dir, project, before, imagesBefore } = await running('torch', 'torch');
    const installedBefore = await catInContainer(before.app!.id, '/app/installed.txt');
    expect(installedBefore).toBe('torch==2.5.1\n');

    const c = captureIO(dir);
    const code = await run(['apply', '.', '-t', 'memory-limits', '-t', 'torch-cpu', '--usage', 'stats.txt', '--build', '--up'], c.io);
    expect(code, c.err()).toBe(0);
    const requirements = await readFile(join(dir, 'app', 'requirements.txt'), 'utf8');
    expect(requirements).toContain('torch==2.5.1+cpu');
    expect(await readFile(join(dir, 'compose.yaml'), 'utf8')).toBe(await expectedText('build', 'compose.expected.yaml', project));
    expect(c.err()).toContain('composeshift: docker compose build app: done');

    const imagesAfter = await images(project);
    expect(imagesAfter.app).not.toBe(imagesBefore.app);
    expect(imagesAfter.worker).toBe(imagesBefore.worker);
    expect(imagesAfter.web).toBe(imagesBefore.web);
    const after = await containersBy(project);
    expect(after.app!.id).not.toBe(before.app!.id);
    expect(after.app!.memory).toBe(128 * MiB);
    // The stand-in pip of the rebuilt image saw the new file.
    expect(await catInContainer(after.app!.id, '/app/installed.txt')).toBe(requirements);
    expect(after.worker).toEqual(before.worker);
    expect(after.web).toEqual(before.web);
  }, 300_000);

  it('a failing build stops before up: exit 2, the failing step on stderr, files written, nothing restarted', async () => {
    const { dir, project, before, imagesBefore } = await running('broken', 'broken');
    const plan = await planWithRequirements(dir, NEW_REQUIREMENTS);
    const c = captureIO(dir);
    const code = await applyPlan(plan, { build: true, up: true }, c.io, () => writeAll(plan.files));
    expect(code).toBe(2);
    const err = c.err();
    expect(err).toContain('composeshift: docker compose build app: failed\n');
    expect(err).toContain('composeshift: build failed; the files are written, no service was restarted.\n');
    // The failing step's own lines (BuildKit plain progress: `#N [app 5/5] RUN …`, its output, `#N ERROR`).
    expect(err).toMatch(/^#\d+ \[app \d\/\d\] RUN if grep -qF "\+cpu"/m);
    expect(err).toMatch(/^#\d+ .*composeshift-e2e: build broken by the requirements change$/m);
    expect(err).toMatch(/^#\d+ ERROR: .*exit code: 1/m);
    expect(err).not.toContain('docker compose up');
    // The files are written (all or none) even though nothing was started from them.
    expect(await readFile(join(dir, 'compose.yaml'), 'utf8')).toBe(await expectedText('broken', 'compose.expected.yaml', project));
    expect(await readFile(join(dir, 'app', 'requirements.txt'), 'utf8')).toBe(NEW_REQUIREMENTS);
    expect(await containersBy(project)).toEqual(before);
    expect(await images(project)).toEqual(imagesBefore);
  }, 300_000);
});

// Which services a written plan builds and restarts: no engine needed (nothing runs).
describe('affectedServices', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await tempDir('affected');
    await copyFixture('build', dir, 'csx-affected');
  });
  afterAll(() => removeDir(dir));

  const names = (r: { build: { name: string }[]; up: { name: string }[] }) => ({ build: r.build.map((s) => s.name), up: r.up.map((s) => s.name) });

  it.each([
    ['linked', true],
    ['not linked', false],
  ])('%s: a requirements file COPYed into the image is a build input; a compose-only change is not', async (_label, link) => {
    const project = loadProject({ root: dir, link });
    const file = (rel: string) => ({ source: readSourceFile(join(dir, rel), dir), after: 'x\n' });
    const plan = (rels: string[], changes: Array<{ service: string; file: string }> = []) =>
      ({ project, files: rels.map(file), changes }) as unknown as Plan;
    expect(names(affectedServices(plan(['app/requirements.txt'])))).toEqual({ build: ['app'], up: ['app'] });
    expect(names(affectedServices(plan(['worker/Dockerfile'])))).toEqual({ build: ['worker', 'web'], up: ['worker', 'web'] });
    expect(names(affectedServices(plan(['compose.yaml'], [{ service: 'csx-affected/app', file: 'compose.yaml' }])))).toEqual({ build: [], up: ['app'] });
    expect(names(affectedServices(plan(['compose.yaml', 'app/requirements.txt'], [{ service: 'csx-affected/web', file: 'compose.yaml' }])))).toEqual({ build: ['app'], up: ['app', 'web'] });
  });

  it('linked: a context file the Dockerfile does not COPY is not a build input', async () => {
    await writeFile(join(dir, 'app', 'NOTES.txt'), 'not copied\n');
    const project = loadProject({ root: dir, link: true });
    const plan = { project, files: [{ source: readSourceFile(join(dir, 'app', 'NOTES.txt'), dir), after: 'y\n' }], changes: [] } as unknown as Plan;
    expect(names(affectedServices(plan))).toEqual({ build: [], up: [] });
  });
});
