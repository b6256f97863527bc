import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { planFiles, tempProject } from '../helpers/temp-project.js';

// Red-team class: docker compose's own conventions. composeshift preferred docker-compose.yaml over
// docker-compose.yml and compose.override.yaml over compose.override.yml (compose does the opposite), skipped
// a folder named compose.yaml and edited compose.yml instead, ignored COMPOSE_FILE and COMPOSE_PROJECT_NAME
// (in the environment or .env), and took `name: ${PROJ:-x}` literally (project "proj-x": no stats row matched).
// Each case is checked against the real `docker compose config` (skipped with a reason without Compose v2).

const svc = (name: string): string => `services:\n  ${name}:\n    image: busybox\n`;

/** The project name and services `docker compose config` resolves in a folder, or undefined without Compose. */
async function composeSays(dir: string, env: Record<string, string> = {}): Promise<{ name: string; services: string[] } | undefined> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k, v]) => !k.startsWith('COMPOSE_') && v !== undefined)) as Record<string, string>;
  const r = await execa('docker', ['compose', 'config', '--format', 'json'], { cwd: dir, reject: false, extendEnv: false, env: { ...base, ...env } });
  if (r.failed) {
    if (/is not a docker command|unknown command|ENOENT/.test(`${r.stderr}${r.shortMessage}`)) {
      if (process.env.CI === 'true') throw new Error(`docker compose is required with CI=true: ${r.shortMessage}`);
      console.warn(`[compose conventions oracle] skipped: docker compose is not available (${r.shortMessage})`);
      return undefined;
    }
    throw new Error(`docker compose config failed: ${r.stderr}`);
  }
  const j = JSON.parse(r.stdout) as { name: string; services: Record<string, unknown> };
  return { name: j.name, services: Object.keys(j.services).sort() };
}

async function ours(dir: string, environment: Record<string, string> = {}, projectName?: string): Promise<{ name: string; services: string[] }> {
  const { plan } = await planFiles(dir, { transforms: ['memory-limits'], environment, ...(projectName ? { projectName } : {}) });
  const cp = plan.project.compose[0]!;
  return { name: cp.name, services: [...cp.services.keys()].sort() };
}

describe('docker compose conventions', () => {
  it('docker-compose.yml wins over docker-compose.yaml; compose.override.yml over compose.override.yaml', async () => {
    const dir = tempProject({ 'docker-compose.yml': svc('yml'), 'docker-compose.yaml': svc('yaml'), 'compose.override.yml': svc('oyml'), 'compose.override.yaml': svc('oyaml') });
    expect(await ours(dir)).toEqual({ name: expect.any(String), services: ['oyml', 'yml'] });
    const compose = await composeSays(dir);
    if (compose) expect(compose.services).toEqual(['oyml', 'yml']);
  });

  it('a folder named compose.yaml is taken as compose takes it, and refused: compose.yml is never edited in its place', async () => {
    const dir = tempProject({ 'compose.yaml/readme': 'x', 'compose.yml': svc('a') });
    await expect(planFiles(dir, { transforms: ['memory-limits'] })).rejects.toThrow('not a regular file (a folder); it is never read');
  });

  it('COMPOSE_FILE (with COMPOSE_PATH_SEPARATOR) and COMPOSE_PROJECT_NAME from the environment stand in for -f and -p', async () => {
    const dir = tempProject({ 'compose.yaml': svc('z'), 'one.yaml': svc('a'), 'two.yaml': svc('b') });
    const env = { COMPOSE_FILE: 'one.yaml;two.yaml', COMPOSE_PATH_SEPARATOR: ';', COMPOSE_PROJECT_NAME: 'shop' };
    expect(await ours(dir, env)).toEqual({ name: 'shop', services: ['a', 'b'] });
    expect((await ours(dir, env, 'other')).name).toBe('other');
    const compose = await composeSays(dir, env);
    if (compose) expect(compose).toEqual({ name: 'shop', services: ['a', 'b'] });
  });

  it('COMPOSE_FILE and COMPOSE_PROJECT_NAME from the project .env; the environment wins over it', async () => {
    const dir = tempProject({ 'compose.yaml': svc('z'), 'one.yaml': svc('a'), '.env': 'COMPOSE_FILE=one.yaml\nCOMPOSE_PROJECT_NAME=fromdotenv\n' });
    expect(await ours(dir)).toEqual({ name: 'fromdotenv', services: ['a'] });
    expect((await ours(dir, { COMPOSE_PROJECT_NAME: 'fromenv' })).name).toBe('fromenv');
    const compose = await composeSays(dir);
    if (compose) expect(compose).toEqual({ name: 'fromdotenv', services: ['a'] });
  });

  it('a top-level name: ${PROJ:-rt} is interpolated; service keys follow (stats rows rt-a-1 match)', async () => {
    const dir = tempProject({ 'compose.yaml': 'name: ${PROJ:-rt}\n' + svc('a') + '    mem_limit: 128m\n', 'stats.txt': 'NAME   MEM USAGE / LIMIT\nrt-a-1   100MiB / 128MiB\n' });
    const { plan, out } = await planFiles(dir, { transforms: ['memory-limits'], usage: 'stats.txt', environment: {} });
    expect(plan.project.compose[0]!.name).toBe('rt');
    expect(plan.project.services.map((s) => s.key)).toEqual(['rt/a']);
    expect(out['compose.yaml']).toBe('name: ${PROJ:-rt}\nservices:\n  a:\n    image: busybox\n    mem_limit: 256m\n');
    expect((await ours(dir, { PROJ: 'Prod' })).name).toBe('prod');
    const compose = await composeSays(dir, { PROJ: 'Prod' });
    if (compose) expect(compose.name).toBe('prod');
  });

  it('-p or COMPOSE_PROJECT_NAME that compose would refuse (Bad_Name) is exit 2, not normalised (a typo never passes a gate); -p "" is unset', async () => {
    const dir = tempProject({ 'compose.yaml': svc('a') });
    await expect(planFiles(dir, { transforms: ['memory-limits'], projectName: 'Bad_Name' })).rejects.toThrow('invalid project name "Bad_Name" (-p): must be lowercase');
    await expect(planFiles(dir, { transforms: ['memory-limits'], environment: { COMPOSE_PROJECT_NAME: 'my app' } })).rejects.toThrow('invalid project name "my app" (COMPOSE_PROJECT_NAME)');
    expect((await ours(dir, {}, '')).name).toBe((await ours(dir)).name);
  });
});
