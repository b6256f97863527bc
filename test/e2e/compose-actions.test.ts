import { execa } from 'execa';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BuildError,
  composeBuild,
  composeUp,
  detectCompose,
  DockerError,
  inspectContainers,
  projectContainers,
  stackDeploy,
  type ComposeCommand,
} from '../../src/docker/index.js';
import { liveUsageFacts } from '../../src/facts/docker-live.js';
import { downProject, engineAvailable, makeContext, projectName, removeDir, skipUnless, tempDir, waitFor } from './engine.js';

const MiB = 1024 * 1024;
const engine = await engineAvailable();

async function imageExists(ref: string): Promise<boolean> {
  return !(await execa('docker', ['image', 'inspect', ref], { reject: false })).failed;
}

describe.skipIf(skipUnless(engine, 'compose actions'))('compose actions and OOM facts on a real engine', () => {
  const dirs: string[] = [];
  const projects: Array<[string, string]> = [];
  let compose: ComposeCommand;

  async function project(prefix: string, composeYml: string, contexts: Record<string, string>): Promise<[string, string]> {
    const dir = await tempDir(prefix);
    dirs.push(dir);
    for (const [sub, extra] of Object.entries(contexts)) {
      await mkdir(join(dir, sub), { recursive: true });
      await makeContext(join(dir, sub), extra);
    }
    await writeFile(join(dir, 'compose.yml'), composeYml);
    const name = projectName(prefix);
    projects.push([dir, name]);
    return [dir, name];
  }

  beforeAll(async () => {
    compose = await detectCompose();
  });

  afterAll(async () => {
    for (const [dir, name] of projects) await downProject(dir, name);
    for (const dir of dirs) await removeDir(dir);
  });

  it('reports an OOM-killed container and restart counts', async () => {
    const svc = (restart: string) => `    build: { context: ctx, network: none }
    network_mode: none
    shm_size: 256m
    restart: "${restart}"
    command: ["sh", "-c", "head -c 64m /dev/zero > /dev/shm/fill; while true; do sleep 1; done"]
    deploy: { resources: { limits: { memory: 8M } } }
`;
    const yml = `services:\n  oom:\n${svc('no')}  oomloop:\n${svc('on-failure:2')}`;
    const [dir, name] = await project('oom', yml, { ctx: '' });
    await composeBuild(['compose.yml'], dir, name, [], { compose });
    await composeUp(['compose.yml'], dir, name, ['oom', 'oomloop'], { compose });
    await waitFor('both containers to be OOM-killed for good', async () => {
      const cs = await projectContainers(name);
      const done = cs.length === 2 && cs.every((c) => c.state === 'exited' && (c.service === 'oom' || c.restartCount === 2));
      return done ? true : undefined;
    }, 120, 500);

    const cs = await projectContainers(name);
    for (const c of cs) {
      expect(c.oomKilled).toBe(true);
      expect(c.exitCode).toBe(137);
      expect(c.memoryLimitBytes).toBe(8 * MiB);
    }
    const facts = await liveUsageFacts({ projectName: name, services: ['oom', 'oomloop'], samples: 1, intervalMs: 0 });
    expect(facts.missing).toEqual([]);
    expect(facts.usage).toEqual([
      { service: `${name}/oom`, container: `${name}-oom-1`, usageBytes: 8 * MiB, limitBytes: 8 * MiB, source: 'docker inspect State.OOMKilled (reached its limit)', oomKilled: true, restartCount: 0 },
      { service: `${name}/oomloop`, container: `${name}-oomloop-1`, usageBytes: 8 * MiB, limitBytes: 8 * MiB, source: 'docker inspect State.OOMKilled (reached its limit)', oomKilled: true, restartCount: 2 },
    ]);
  }, 180_000);

  it('builds and starts only the services asked for', async () => {
    const one = `    build: { context: ctx, network: none }
    network_mode: none
    command: ["sh", "-c", "while true; do sleep 1; done"]
`;
    const [dir, name] = await project('only', `services:\n  a:\n${one}  b:\n${one}`, { ctx: '' });
    const out = await composeBuild(['compose.yml'], dir, name, ['a'], { compose });
    expect(out).toContain('/bin/busybox');
    expect(await imageExists(`${name}-a`)).toBe(true);
    expect(await imageExists(`${name}-b`)).toBe(false);

    await composeUp(['compose.yml'], dir, name, ['a'], { compose });
    const cs = await projectContainers(name);
    expect(cs.map((c) => [c.service, c.state])).toEqual([['a', 'running']]);
    expect(await imageExists(`${name}-b`)).toBe(false);
  }, 180_000);

  it('rejects a failing build with the failing step output', async () => {
    const step = 'RUN echo marker-before && echo composeshift-marker-step >&2 && exit 3\nRUN echo never-reached\n';
    const yml = `services:\n  bad:\n    build: { context: ctx, network: none }\n    network_mode: none\n`;
    const [dir, name] = await project('bad', yml, { ctx: step });
    const err = await composeBuild(['compose.yml'], dir, name, ['bad'], { compose }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BuildError);
    const e = err as BuildError;
    expect(e.message).toContain(`\`docker compose --project-directory ${dir} -p ${name} -f compose.yml --progress plain build bad\` failed`);
    expect(e.message).toContain('composeshift-marker-step');
    expect(e.message).toContain('exit code: 3');
    expect(e.failedStep).toMatch(/RUN echo marker-before/);
    expect(e.failedStep).toContain('composeshift-marker-step');
    expect(e.failedStep).not.toContain('never-reached');
    expect(await imageExists(`${name}-bad`)).toBe(false);
  }, 180_000);

  it('quotes the failing docker command and its stderr', async () => {
    const err = await inspectContainers(['csx-no-such-container']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DockerError);
    expect((err as DockerError).message).toMatch(/^`docker container inspect csx-no-such-container` failed \(exit 1\):\n.*No such container/s);
    expect((err as DockerError).command).toEqual(['docker', 'container', 'inspect', 'csx-no-such-container']);
  });

  it('stack deploy is refused by an engine that is not a swarm manager', async () => {
    // Swarm needs an overlay/bridge network (docker_gwbridge) that this machine must not create: only the
    // refusal path is exercised; nothing is deployed.
    const info = await execa('docker', ['info', '--format', '{{.Swarm.LocalNodeState}}']);
    expect(String(info.stdout).trim()).toBe('inactive');
    const [dir] = await project('stack', 'services:\n  x:\n    image: csx-never-pulled\n', {});
    const err = await stackDeploy(join(dir, 'compose.yml'), 'csxstack').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DockerError);
    expect((err as DockerError).message).toContain(`\`docker stack deploy -c ${join(dir, 'compose.yml')} csxstack\` failed (exit 1)`);
    expect((err as DockerError).message).toContain('not a swarm manager');
  });
});
