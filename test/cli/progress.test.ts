import { describe, expect, it } from 'vitest';
import type { IO } from '../../src/cli/io.js';
import { run } from '../../src/cli/main.js';
import { ERASE_LINE, progressFor } from '../../src/cli/progress.js';
import { BuildSteps, buildStepLine } from '../../src/docker/build-output.js';
import { tempProject } from '../helpers/temp-project.js';

/** An in-process IO whose stderr says it is a terminal (isTTY true), 100 columns wide; no NO_COLOR, no CI. */
function ttyIO(cwd: string, tty = true): { io: IO; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const env = { ...process.env };
  delete env.NO_COLOR;
  delete env.CI;
  return {
    io: { stdout: { write: (s: string) => (out += s) }, stderr: { isTTY: tty, columns: 100, write: (s: string) => (err += s) } as IO['stderr'], env, cwd },
    out: () => out,
    err: () => err,
  };
}

const E = ERASE_LINE;

describe('progress on a TTY', () => {
  it('a step shows its title, then each new detail on the same line, then ✔; repeated details are not redrawn', async () => {
    const t = ttyIO('/');
    const p = progressFor(t.io, {});
    await p.step('docker compose build web', async () => {
      p.update('web [1/2] COPY busybox /bin/busybox');
      p.update('web [1/2] COPY busybox /bin/busybox');
      p.update('web [2/2] RUN ["/bin/busybox", "--install", "-s", "/bin"]');
    });
    // The elapsed time is the one part that varies.
    expect(t.err().replace(/\(\d+\.\ds\)/, '(N s)')).toBe(
      `${E}⠋ docker compose build web` +
        `${E}⠋ docker compose build web: web [1/2] COPY busybox /bin/busybox` +
        `${E}⠋ docker compose build web: web [2/2] RUN ["/bin/busybox", "--install", "-s", "/bin"]` +
        `${E}✔ docker compose build web (N s)\n`,
    );
  });

  it('a detail outside a step stands alone and clear() erases it; a note is printed above the live line', () => {
    const t = ttyIO('/');
    const p = progressFor(t.io, {});
    p.update('load project 1/2: a');
    p.note('a note');
    p.update('load project 2/2: b');
    p.clear();
    p.clear();
    expect(t.err()).toBe(`${E}⠋ load project 1/2: a${E}a note\n${E}⠋ load project 1/2: a${E}⠋ load project 2/2: b${E}`);
  });

  it('a live line is cut to the terminal width (it could not be erased once wrapped)', () => {
    const t = ttyIO('/');
    progressFor(t.io, {}).update('x'.repeat(300));
    expect(t.err()).toBe(`${E}⠋ ${'x'.repeat(96)}…`);
  });

  it('prints no live line when stderr is not a TTY, with --json, with -q, under CI or NO_COLOR', async () => {
    for (const [tty, opts, env] of [
      [false, {}, {}],
      [true, { json: true }, {}],
      [true, { quiet: true }, {}],
      [true, {}, { CI: 'true' }],
      [true, {}, { NO_COLOR: '1' }],
    ] as const) {
      const t = ttyIO('/', tty);
      Object.assign(t.io.env, env);
      const p = progressFor(t.io, opts);
      p.update('sample 1/3');
      p.clear();
      expect(t.err()).toBe('');
    }
  });
});

describe('build steps from BuildKit plain progress', () => {
  // As `docker compose build` printed them on this machine (Compose v2, BUILDKIT_PROGRESS=plain).
  const LOG = `#0 building with "default" instance using docker driver

#1 [hog70 internal] load build definition from Dockerfile
#1 transferring dockerfile: 124B 0.0s done
#1 DONE 0.1s

#3 [hog40 internal] load build definition from Dockerfile
#5 [hog70 1/2] COPY busybox /bin/busybox
#5 DONE 0.1s
#6 [hog40 1/2] COPY busybox /bin/busybox
#7 [hog70 2/2] RUN ["/bin/busybox", "--install", "-s", "/bin"]
#7 0.115 some output
#8 [web builder 2/3] RUN pip wheel -r requirements.txt
#8 CACHED`;

  it('parses step lines only', () => {
    expect(LOG.split('\n').map(buildStepLine).filter(Boolean)).toEqual([
      { service: 'hog70', step: 'internal', text: 'load build definition from Dockerfile' },
      { service: 'hog40', step: 'internal', text: 'load build definition from Dockerfile' },
      { service: 'hog70', step: '1/2', text: 'COPY busybox /bin/busybox' },
      { service: 'hog40', step: '1/2', text: 'COPY busybox /bin/busybox' },
      { service: 'hog70', step: '2/2', text: 'RUN ["/bin/busybox", "--install", "-s", "/bin"]' },
      { service: 'web', step: 'builder 2/3', text: 'RUN pip wheel -r requirements.txt' },
    ]);
  });

  it('keeps the latest step of each service, in the order services started', () => {
    const steps = new BuildSteps();
    const seen = LOG.split('\n').map((l) => steps.feed(l)).filter(Boolean);
    expect(seen.at(-2)).toBe('hog70 [2/2] RUN ["/bin/busybox", "--install", "-s", "/bin"] · hog40 [1/2] COPY busybox /bin/busybox');
    expect(seen.at(-1)).toBe('hog70 [2/2] RUN ["/bin/busybox", "--install", "-s", "/bin"] · hog40 [1/2] COPY busybox /bin/busybox · web [builder 2/3] RUN pip wheel -r requirements.txt');
    expect(seen).toHaveLength(6);
  });
});

describe('--recursive over many projects', () => {
  const compose = (svc: string) => `services:\n  ${svc}:\n    image: busybox\n    deploy:\n      resources:\n        limits:\n          memory: 128M\n`;
  const monorepo = () => tempProject({ 'a/compose.yaml': compose('api'), 'b/compose.yaml': compose('web'), 'c/deep/compose.yaml': compose('worker') });

  it('shows project i/N while loading on a TTY, then erases the line before the output', async () => {
    const dir = monorepo();
    const t = ttyIO(dir);
    expect(await run(['plan', '.', '--recursive', '-t', 'memory-limits'], t.io), t.err()).toBe(0);
    const err = t.err();
    const frames = [...err.matchAll(/\r\x1b\[2K⠋ ([^\r\n]*)/g)].map((m) => m[1]);
    expect(frames).toEqual(['load project 1/3: a', 'load project 2/3: b', 'load project 3/3: c/deep', 'link project 1/3: a', 'link project 2/3: b', 'link project 3/3: deep']);
    // The last live line is erased before anything else is printed.
    expect(err.indexOf(`${E}⠋ link project 3/3: deep${E}`)).toBeGreaterThanOrEqual(0);
    expect(t.out()).not.toContain('\x1b');
  });

  it('audit --recursive shows the same while loading; not with --format json', async () => {
    const dir = monorepo();
    const t = ttyIO(dir);
    expect(await run(['audit', '.', '--recursive'], t.io), t.err()).toBe(0);
    expect([...t.err().matchAll(/\r\x1b\[2K⠋ ([^\r\n]*)/g)].map((m) => m[1])).toContain('load project 3/3: c/deep');
    expect(t.err()).toContain(`${E}⠋ link project 3/3: deep${E}`);
    const j = ttyIO(dir);
    expect(await run(['audit', '.', '--recursive', '--format', 'json'], j.io), j.err()).toBe(0);
    expect(j.err()).not.toContain('\r');
  });

  it('prints none of it when stderr is not a TTY, with --json, or with --format json|sarif', async () => {
    const dir = monorepo();
    for (const [tty, args] of [
      [false, []],
      [true, ['--json']],
      [true, ['--format', 'json']],
      [true, ['--format', 'sarif']],
    ] as const) {
      const t = ttyIO(dir, tty);
      expect(await run(['plan', '.', '--recursive', '-t', 'memory-limits', ...args], t.io), t.err()).toBe(0);
      expect(t.err()).not.toContain('project 1/3');
      expect(t.err()).not.toContain('\r');
    }
  });
});
