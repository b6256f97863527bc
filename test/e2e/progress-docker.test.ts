import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IO } from '../../src/cli/io.js';
import { applyPlan } from '../../src/cli/apply.js';
import { run } from '../../src/cli/main.js';
import { readSourceFile } from '../../src/core/source.js';
import { planRun } from '../../src/pipeline/session.js';
import { registry } from '../../transforms/index.js';
import { copyFixture, removeProjectImages } from '../fixtures/e2e/helpers.js';
import { ERASE_LINE, progressFor } from '../../src/cli/progress.js';
import { BuildSteps, composeBuild, composeUp, detectCompose } from '../../src/docker/index.js';
import { downProject, engineAvailable, makeContext, projectName, removeDir, skipUnless, tempDir } from './engine.js';

// Live progress against the real engine: a build's steps as BuildKit prints them, `--samples` i/N.
const engine = await engineAvailable();

/** In-process IO whose stderr claims to be a terminal (or not), without NO_COLOR and CI. */
function ttyIO(cwd: string, tty: boolean): { io: IO; err: () => string } {
  let err = '';
  const env = { ...process.env };
  delete env.NO_COLOR;
  delete env.CI;
  return { io: { stdout: { write: () => true }, stderr: { isTTY: tty, columns: 200, write: (s: string) => (err += s) } as IO['stderr'], env, cwd }, err: () => err };
}
/** The texts of the live line, in order, without the spinner's redraws of the same text. */
const frames = (err: string): string[] => [...err.matchAll(/\r\x1b\[2K[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] ([^\r\n]*)/g)].map((m) => m[1]!).filter((t, i, all) => t !== all[i - 1]);

describe.skipIf(skipUnless(engine, 'progress on a real engine'))('progress with the engine', () => {
  const name = projectName('progress');
  let dir = '';

  beforeAll(async () => {
    dir = await tempDir('progress');
    await makeContext(dir);
    await writeFile(
      join(dir, 'compose.yaml'),
      `name: ${name}\nservices:\n  idle:\n    build: { context: ., network: none }\n    network_mode: none\n    command: ["sh", "-c", "while true; do sleep 1; done"]\n    deploy:\n      resources:\n        limits:\n          memory: 64M\n`,
    );
  });
  afterAll(async () => {
    if (dir) await downProject(dir, name, ['compose.yaml']);
    await removeDir(dir);
  });

  it("a build shows each service's step on the live line, parsed from BuildKit's output", async () => {
    const t = ttyIO(dir, true);
    const progress = progressFor(t.io, {});
    const steps = new BuildSteps();
    const compose = await detectCompose();
    await progress.step('docker compose build idle', () =>
      composeBuild(['compose.yaml'], dir, name, ['idle'], {
        compose,
        onLine: (l) => {
          const now = steps.feed(l);
          if (now) progress.update(now);
        },
      }),
    );
    const seen = frames(t.err());
    expect(seen[0]).toBe('docker compose build idle');
    expect(seen.slice(-2)).toEqual(['docker compose build idle: idle [1/2] COPY busybox /bin/busybox', 'docker compose build idle: idle [2/2] RUN ["/bin/busybox", "--install", "-s", "/bin"]']);
    expect(t.err()).toMatch(new RegExp(`${ERASE_LINE.replace('[', '\\[')}✔ docker compose build idle \\(\\d+\\.\\ds\\)\\n$`));
    await composeUp(['compose.yaml'], dir, name, ['idle'], { compose });
  });

  it('--samples 3 with --usage docker shows sample i/N on a TTY, and nothing otherwise', async () => {
    const args = ['plan', '.', '-t', 'memory-limits', '--usage', 'docker', '--samples', '3'];
    const t = ttyIO(dir, true);
    expect(await run(args, t.io), t.err()).toBe(0);
    expect(frames(t.err())).toEqual([`docker stats ${name}: sample 1/3`, `docker stats ${name}: sample 2/3`, `docker stats ${name}: sample 3/3`]);
    for (const [tty, more] of [
      [false, []],
      [true, ['--json']],
    ] as const) {
      const q = ttyIO(dir, tty);
      expect(await run([...args, ...more], q.io), q.err()).toBe(0);
      expect(q.err()).not.toContain('sample 1/3');
      expect(q.err()).not.toContain('\r');
    }
  });

  it('apply --build on a TTY: the live line follows the rebuilt service through its Dockerfile steps', async () => {
    const project = projectName('progress-build');
    const top = await tempDir('progress-build');
    try {
      await copyFixture('build', top, project);
      for (const ctx of ['app', 'worker']) await copyFile('/bin/busybox', join(top, ctx, 'busybox'));
      // A requirements edit makes app the one service to rebuild (as apply-build.test.ts does).
      const plan = await planRun({ root: top, cwd: top, transforms: ['memory-limits'] }, registry);
      plan.files.push({ source: readSourceFile(join(top, 'app', 'requirements.txt'), plan.project.root), after: 'torch==2.5.1+cpu\n' });
      const t = ttyIO(top, true);
      expect(await applyPlan(plan, { build: true }, t.io), t.err()).toBe(0);
      const seen = frames(t.err());
      expect(seen[0]).toBe('docker compose build app');
      expect(seen).toContain('docker compose build app: app [1/3] COPY busybox /bin/busybox');
      expect(seen.at(-1)).toBe('docker compose build app: app [3/3] COPY requirements.txt /app/requirements.txt');
      expect(t.err()).toMatch(/✔ docker compose build app \(\d+\.\ds\)\n/);
    } finally {
      await removeProjectImages(project);
      await removeDir(top);
    }
  });
});
