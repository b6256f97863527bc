import { describe, expect, it } from 'vitest';
import { cgroupPeakFile, composeBase, failingStep, formatCommand, parseDockerSize, parseMemUsage, parseStatsLine, toContainerInfo } from '../../src/docker/index.js';

describe('parseDockerSize', () => {
  it.each([
    ['0B', 0],
    ['512B', 512],
    ['71.03MiB', Math.round(71.03 * 1024 * 1024)],
    ['128MiB', 134217728],
    ['1.5GiB', 1610612736],
    ['2TiB', 2 * 1024 ** 4],
    ['3.2kB', 3200],
    ['1.98MB', 1980000],
    ['4GB', 4e9],
    [' 10KiB ', 10240],
    ['', undefined],
    ['--', undefined],
    ['12 parsecs', undefined],
    ['MiB', undefined],
  ])('%j → %j', (text, bytes) => {
    expect(parseDockerSize(text)).toBe(bytes);
  });
});

describe('parseMemUsage', () => {
  it.each([
    ['71.03MiB / 128MiB', { usedBytes: Math.round(71.03 * 1024 ** 2), limitBytes: 134217728 }],
    ['0B / 0B', { usedBytes: 0, limitBytes: 0 }],
    ['1.2GiB / 23.47GiB', { usedBytes: Math.round(1.2 * 1024 ** 3), limitBytes: Math.round(23.47 * 1024 ** 3) }],
    ['71.03MiB', undefined],
    ['a / b', undefined],
  ])('%j', (text, expected) => {
    expect(parseMemUsage(text)).toEqual(expected);
  });
});

describe('parseStatsLine', () => {
  it('reads a running container', () => {
    const line = { BlockIO: '0B / 0B', CPUPerc: '0.11%', Container: 'c1f4', ID: 'c1f4', MemPerc: '55.22%', MemUsage: '70.69MiB / 128MiB', Name: 'p-hog-1', NetIO: '0B / 0B', PIDs: '2' };
    expect(parseStatsLine(line)).toEqual({ id: 'c1f4', name: 'p-hog-1', usedBytes: Math.round(70.69 * 1024 ** 2), limitBytes: 134217728, cpuPercent: 0.11 });
  });
  it.each([
    ['a stopped container (0B / 0B)', { ID: 'e0bb', MemUsage: '0B / 0B', Name: 'p-oom-1' }],
    ['no MemUsage', { ID: 'e0bb', Name: 'x' }],
    ['not an object', 'text'],
    ['null', null],
  ])('gives no reading for %s', (_why, raw) => {
    expect(parseStatsLine(raw)).toBeUndefined();
  });
});

describe('toContainerInfo', () => {
  it('reduces docker inspect output', () => {
    const raw = {
      Id: 'abc123',
      Name: '/shop-web-1',
      Image: 'sha256:ff',
      RestartCount: 2,
      State: { Status: 'running', OOMKilled: true, Pid: 42, ExitCode: 0, Health: { Status: 'healthy' } },
      HostConfig: { Memory: 134217728 },
      Config: { Image: 'shop-web', Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'web' } },
    };
    expect(toContainerInfo(raw)).toEqual({
      id: 'abc123',
      name: 'shop-web-1',
      project: 'shop',
      service: 'web',
      state: 'running',
      health: 'healthy',
      oomKilled: true,
      restartCount: 2,
      exitCode: 0,
      pid: 42,
      memoryLimitBytes: 134217728,
      imageId: 'sha256:ff',
      imageName: 'shop-web',
    });
  });
  it('treats Memory 0 as no limit and tolerates missing labels', () => {
    const info = toContainerInfo({ Id: 'x', Name: '/x', State: { Status: 'exited' }, HostConfig: { Memory: 0 }, Config: { Labels: null } });
    expect(info.memoryLimitBytes).toBeUndefined();
    expect(info.service).toBeUndefined();
    expect(info.health).toBeUndefined();
    expect(info.oomKilled).toBe(false);
  });
});

describe('cgroupPeakFile', () => {
  const id = 'c1f44205690aa5016592eaa6da8f64df8956c9e9a1b895f9cbf882c38c63d81a';
  it.each([
    [
      'cgroup v1, cgroupfs driver',
      `9:name=systemd:/docker/${id}\n4:memory:/docker/${id}\n0::/\n`,
      { file: `/sys/fs/cgroup/memory/docker/${id}/memory.max_usage_in_bytes`, source: 'cgroup memory.max_usage_in_bytes' },
    ],
    [
      'cgroup v1, systemd driver, joined controllers',
      `5:memory,hugetlb:/system.slice/docker-${id}.scope\n`,
      { file: `/sys/fs/cgroup/memory/system.slice/docker-${id}.scope/memory.max_usage_in_bytes`, source: 'cgroup memory.max_usage_in_bytes' },
    ],
    [
      'cgroup v2',
      `0::/system.slice/docker-${id}.scope\n`,
      { file: `/sys/fs/cgroup/system.slice/docker-${id}.scope/memory.peak`, source: 'cgroup memory.peak' },
    ],
    ['a process of another container (pid reused)', `4:memory:/docker/ffff\n`, undefined],
    ['a process outside docker', `0::/user.slice\n`, undefined],
    ['empty', '', undefined],
  ])('%s', (_why, text, expected) => {
    expect(cgroupPeakFile(text, id)).toEqual(expected);
  });
});

describe('failingStep', () => {
  it('picks the BuildKit step that failed', () => {
    const log = [
      '#5 [bad 2/4] RUN ["/bin/busybox","--install","-s","/bin"]',
      '#5 CACHED',
      '',
      '#6 [bad 3/4] RUN echo before && exit 3',
      '#6 0.115 before',
      '#6 ERROR: process "/bin/sh -c echo before && exit 3" did not complete successfully: exit code: 3',
      '------',
      ' > [bad 3/4] RUN echo before && exit 3:',
      'failed to solve: exit code: 3',
    ].join('\n');
    expect(failingStep(log)).toBe(
      '#6 [bad 3/4] RUN echo before && exit 3\n#6 0.115 before\n#6 ERROR: process "/bin/sh -c echo before && exit 3" did not complete successfully: exit code: 3',
    );
  });
  it("picks the legacy builder's last step", () => {
    const log = 'Step 1/3 : FROM scratch\n ---> \nStep 2/3 : RUN false\n ---> Running in 1\nThe command \'/bin/sh -c false\' returned a non-zero code: 1\n';
    expect(failingStep(log)).toBe("Step 2/3 : RUN false\n ---> Running in 1\nThe command '/bin/sh -c false' returned a non-zero code: 1");
  });
  it('names no step when the log has none', () => {
    expect(failingStep('no such service: web\n')).toBeUndefined();
  });
});

describe('formatCommand and composeBase', () => {
  it('quotes only what needs quoting', () => {
    expect(formatCommand(['docker', 'stats', '--format', '{{json .}}', "it's"])).toBe(`docker stats --format '{{json .}}' 'it'\\''s'`);
  });
  it('builds v2 and v1 prefixes', () => {
    expect(composeBase({ kind: 'v2', cmd: ['docker', 'compose'] }, ['a.yml', 'b.yml'], '/p', 'shop')).toEqual([
      'docker', 'compose', '--project-directory', '/p', '-p', 'shop', '-f', 'a.yml', '-f', 'b.yml', '--progress', 'plain',
    ]);
    expect(composeBase({ kind: 'v1', cmd: ['docker-compose'] }, ['a.yml'], '/p', 'shop')).toEqual(['docker-compose', '--project-directory', '/p', '-p', 'shop', '-f', 'a.yml']);
  });
});
