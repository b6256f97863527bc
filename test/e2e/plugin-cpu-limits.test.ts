import { execa } from 'execa';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeBuild, composeUp, detectCompose, engineInfo } from '../../src/docker/index.js';
import { downProject, engineAvailable, makeContext, removeDir, skipUnless, tempDir, waitFor } from './engine.js';

const engine = await engineAvailable();
const BIN = resolve('bin/composeshift.js');

// `burn` keeps one core busy (a shell loop), `idle` sleeps; both FROM scratch + busybox, no network.
const COMPOSE = `services:
  burn:
    build: { context: ., network: none }
    network_mode: none
    command: ["sh", "-c", "while :; do :; done"]
    deploy:
      resources:
        limits:
          memory: 64M
  idle:
    build: { context: ., network: none }
    network_mode: none
    command: ["sh", "-c", "while true; do sleep 1; done"]
`;

describe.skipIf(skipUnless(engine, 'cpu-limits plugin on a real engine'))('cpu-limits example plugin with --usage docker', () => {
  const name = `plug-cpu-${randomBytes(4).toString('hex')}`;
  let dir: string | undefined;
  let hostCpus = 0;

  beforeAll(async () => {
    dir = await tempDir('plug');
    await makeContext(dir);
    await writeFile(join(dir, 'compose.yaml'), COMPOSE);
    hostCpus = (await engineInfo()).cpus;
    const compose = await detectCompose();
    await composeBuild(['compose.yaml'], dir, name, [], { compose });
    await composeUp(['compose.yaml'], dir, name, ['burn', 'idle'], { compose });
    await waitFor('both containers running', async () => {
      const r = await execa('docker', ['ps', '-q', '--filter', `label=com.docker.compose.project=${name}`, '--filter', 'status=running'], { reject: false });
      return String(r.stdout).trim().split('\n').filter(Boolean).length === 2 ? true : undefined;
    });
  });

  afterAll(async () => {
    if (dir) await downProject(dir, name, ['compose.yaml']);
    await removeDir(dir);
  });

  /** Each change follows from the measured peak in its reason by the plugin's rule (target 50%, step 0.25, min 0.25). */
  function checked(stdout: string): Map<string, { after: string; before: string }> {
    const changes = (JSON.parse(stdout) as { changes: { service: string; before: string; after: string; reason: string; value: unknown }[] }).changes;
    const byService = new Map(changes.map((c) => [c.service.split('/').at(-1)!, c]));
    expect([...byService.keys()].sort(), stdout).toEqual(['burn', 'idle']);
    for (const [svc, c] of byService) {
      const m = /^peak ([\d.]+)% CPU \(docker stats CPU % of (\S+) \(2 samples\)\)/.exec(c.reason);
      expect(m, c.reason).not.toBeNull();
      expect(m![2]).toBe(`${name}-${svc}-1`);
      const peak = Number(m![1]);
      const rule = Math.round(Math.max(0.25, Math.ceil(Math.round((peak / 100 / 0.5 / 0.25) * 1000) / 1000) * 0.25) * 1000) / 1000;
      // Never above the engine's CPUs (the engine refuses such a limit); a capped limit says so in its reason.
      const expected = Math.min(rule, hostCpus);
      expect(Number(c.after), c.reason).toBe(expected);
      if (rule > hostCpus) expect(c.reason).toContain(`capped at the engine's ${hostCpus} CPUs (docker info)`);
      expect(c.value).toEqual({ kind: 'cpu-limit', cpus: Number(c.after) });
      expect(c.before).toBe('none');
    }
    // A busy loop uses a good part of a core even on a loaded 2-core machine; a sleeping shell next to nothing.
    expect(Number(byService.get('burn')!.after)).toBeGreaterThanOrEqual(0.5);
    expect(byService.get('idle')!.after).toBe('0.25');
    return byService;
  }

  it('measures CPU % live, writes cpus limits that compose then runs the containers with', async () => {
    const args = [dir!, '-p', name, '-t', './examples/plugins/cpu-limits.js', '--usage', 'docker', '--samples', '2'];
    const plan = await execa('node', [BIN, 'plan', ...args, '--json'], { reject: false });
    expect(plan.exitCode, plan.stderr).toBe(0);
    checked(plan.stdout);

    // apply measures again: what it wrote is what its own measurement asked for.
    const apply = await execa('node', [BIN, 'apply', ...args, '--json'], { reject: false });
    expect(apply.exitCode, apply.stderr).toBe(0);
    const burn = checked(apply.stdout).get('burn')!;
    const text = await readFile(join(dir!, 'compose.yaml'), 'utf8');
    expect(text).toBe(
      COMPOSE.replace('          memory: 64M\n', `          memory: 64M\n          cpus: ${burn.after}\n`).replace(
        '    command: ["sh", "-c", "while true; do sleep 1; done"]\n',
        '    command: ["sh", "-c", "while true; do sleep 1; done"]\n    deploy:\n      resources:\n        limits:\n          cpus: 0.25\n',
      ),
    );

    // Compose honours what was written: the recreated containers run with those CPU quotas.
    const compose = await detectCompose();
    await composeUp(['compose.yaml'], dir!, name, ['burn', 'idle'], { compose });
    const nano = await waitFor('recreated burn container with a CPU limit', async () => {
      const ids = await execa('docker', ['ps', '-q', '--filter', `label=com.docker.compose.project=${name}`, '--filter', 'label=com.docker.compose.service=burn'], { reject: false });
      const id = String(ids.stdout).trim();
      if (!id) return undefined;
      const r = await execa('docker', ['inspect', '--format', '{{.HostConfig.NanoCpus}}', id], { reject: false });
      const n = Number(String(r.stdout).trim());
      return n > 0 ? n : undefined;
    });
    expect(nano).toBe(Math.round(Number(burn.after) * 1e9));
  });
});
