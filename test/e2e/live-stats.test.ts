import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeBuild, composeUp, detectCompose, projectContainers, readCgroupPeak, sampleStats } from '../../src/docker/index.js';
import { liveUsageFacts } from '../../src/facts/docker-live.js';
import { downProject, engineAvailable, makeContext, projectName, removeDir, skipUnless, tempDir, waitFor } from './engine.js';
import { execa } from 'execa';

const MiB = 1024 * 1024;
const engine = await engineAvailable();

// Three services that each hold a known amount of memory in /dev/shm (tmpfs pages are charged to the
// container's memory cgroup and cannot be reclaimed), under a 128M limit.
const FILL: Record<string, number> = { hog70: 70, hog40: 40, hog20: 20 };
const service = (mib: number) => `    build: { context: ., network: none }
    network_mode: none
    shm_size: 256m
    command: ["sh", "-c", "head -c ${mib}m /dev/zero > /dev/shm/fill; while true; do sleep 1; done"]
    deploy:
      resources:
        limits:
          memory: 128M
`;
const COMPOSE = `services:\n${Object.entries(FILL).map(([name, mib]) => `  ${name}:\n${service(mib)}`).join('')}`;

describe.skipIf(skipUnless(engine, 'live docker stats'))('live usage facts on a real engine', () => {
  const name = projectName('stats');
  let dir: string | undefined;

  beforeAll(async () => {
    dir = await tempDir('stats');
    await mkdir(dir, { recursive: true });
    await makeContext(dir);
    await writeFile(join(dir, 'compose.yml'), COMPOSE);
    const compose = await detectCompose();
    await composeBuild(['compose.yml'], dir, name, [], { compose });
    await composeUp(['compose.yml'], dir, name, Object.keys(FILL), { compose });
    // Wait until every container has written its whole fill file.
    for (const [svc, mib] of Object.entries(FILL)) {
      await waitFor(`${svc} to fill ${mib} MiB`, async () => {
        const r = await execa('docker', ['compose', '-p', name, 'exec', '-T', svc, 'stat', '-c', '%s', '/dev/shm/fill'], { cwd: dir, reject: false });
        return Number(String(r.stdout).trim()) === mib * MiB ? true : undefined;
      });
    }
  });

  afterAll(async () => {
    if (dir) await downProject(dir, name);
    await removeDir(dir);
  });

  it('detects compose v2 on this machine', async () => {
    expect(await detectCompose()).toEqual({ kind: 'v2', cmd: ['docker', 'compose'], version: expect.stringMatching(/^2\.\d+\.\d+/) });
  });

  it('samples docker stats of this project only, mapped to services by label', async () => {
    const samples = await sampleStats({ project: name, samples: 2, intervalMs: 200 });
    expect(samples.map((s) => s.service).sort()).toEqual(['hog20', 'hog40', 'hog70']);
    for (const s of samples) {
      expect(s.project).toBe(name);
      expect(s.readings).toHaveLength(2);
      expect(s.peakBytes).toBe(Math.max(...s.readings));
      expect(s.statsLimitBytes).toBe(128 * MiB);
      const fill = FILL[s.service ?? ''] ?? 0;
      expect(s.peakBytes).toBeGreaterThanOrEqual((fill - 5) * MiB);
      expect(s.peakBytes).toBeLessThanOrEqual((fill + 20) * MiB);
    }
  });

  it('reads the kernel-recorded peak from the host cgroup folder', async () => {
    const hog = (await projectContainers(name)).find((c) => c.service === 'hog70');
    expect(hog).toBeDefined();
    const peak = await readCgroupPeak(hog!);
    expect(peak?.via).toBe('host');
    expect(peak?.source).toMatch(/^cgroup memory\.(max_usage_in_bytes|peak)$/);
    expect(peak!.bytes).toBeGreaterThanOrEqual(70 * MiB);
    expect(peak!.bytes).toBeLessThanOrEqual(100 * MiB);
  });

  it('builds usage and image facts within sane bands', async () => {
    const facts = await liveUsageFacts({ projectName: name, services: ['hog70', 'hog40', 'hog20'], samples: 2, intervalMs: 200 });
    expect(facts.unmatched).toEqual([]);
    expect(facts.missing).toEqual([]);
    expect(facts.usage.map((u) => u.service)).toEqual([`${name}/hog70`, `${name}/hog40`, `${name}/hog20`]);
    const bands: Record<string, [number, number]> = { hog70: [60, 90], hog40: [32, 60], hog20: [15, 40] };
    for (const u of facts.usage) {
      const svc = u.service.split('/')[1] ?? '';
      const [lo, hi] = bands[svc]!;
      expect(u.usageBytes / MiB, svc).toBeGreaterThanOrEqual(lo);
      expect(u.usageBytes / MiB, svc).toBeLessThanOrEqual(hi);
      expect(u.limitBytes).toBe(134217728);
      expect(u.oomKilled).toBe(false);
      expect(u.restartCount).toBe(0);
      expect(u.container).toBe(`${name}-${svc}-1`);
      // The cgroup peak counts page cache too, so it is the higher number here.
      expect(u.source).toMatch(/^(cgroup memory\.(max_usage_in_bytes|peak)|docker stats \(2 samples\))$/);
    }
    expect(facts.images.map((i) => i.service)).toEqual([`${name}/hog70`, `${name}/hog40`, `${name}/hog20`]);
    for (const img of facts.images) {
      expect(img.sizeBytes).toBeGreaterThan(0);
      expect(img.image).toBe(`${name}-${img.service.split('/')[1]}:latest`);
      expect(img.source).toBe('docker image inspect');
    }
  });

  it('lists containers of other services as unmatched and unknown services as missing', async () => {
    const facts = await liveUsageFacts({ projectName: name, services: ['hog70', 'ghost'], samples: 1, intervalMs: 0 });
    expect(facts.usage.map((u) => u.service)).toEqual([`${name}/hog70`]);
    expect(facts.unmatched.sort()).toEqual([`${name}-hog20-1 (service hog20)`, `${name}-hog40-1 (service hog40)`]);
    expect(facts.missing).toEqual(['ghost']);
    expect(facts.images.map((i) => i.service)).toEqual([`${name}/hog70`]);
  });
});
