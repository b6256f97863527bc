import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { openSync, closeSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusError, prometheusUsageFacts, promQuery } from '../../src/facts/prometheus.js';
import { run } from '../../src/cli/main.js';
import { binariesAvailable, removeDir, skipUnless, tempDir, waitFor } from './engine.js';

const MiB = 1024 * 1024;
const tools = await binariesAvailable(['prometheus', 'prometheus-pushgateway']);

/** A port nothing listens on right now, on 127.0.0.1. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function start(dir: string, logName: string, cmd: string, args: string[]): ChildProcess {
  const fd = openSync(join(dir, logName), 'a');
  const child = spawn(cmd, args, { stdio: ['ignore', fd, fd], cwd: dir });
  closeSync(fd);
  return child;
}

/** Stop a process we started, by its pid: TERM, then KILL after 10 s. */
async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(child.pid, 'SIGTERM');
  const timer = setTimeout(() => child.pid !== undefined && child.exitCode === null && process.kill(child.pid, 'SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function ready(url: string): Promise<true | undefined> {
  const res = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2_000) });
  return res.ok ? true : undefined;
}

const P = 'container_label_com_docker_compose_project';
const S = 'container_label_com_docker_compose_service';

function exposition(rows: Array<[labels: Record<string, string>, value: number]>, metric = 'container_memory_working_set_bytes'): string {
  const lines = rows.map(([labels, v]) => `${metric}{${Object.entries(labels).map(([k, x]) => `${k}="${x}"`).join(',')}} ${v}`);
  return `# TYPE ${metric} gauge\n${lines.join('\n')}\n`;
}

describe.skipIf(skipUnless(tools, 'prometheus usage facts'))('prometheus usage facts against a real Prometheus', () => {
  let dir: string | undefined;
  let prom: ChildProcess | undefined;
  let gateway: ChildProcess | undefined;
  let promUrl = '';
  let gatewayUrl = '';

  async function push(group: string, body: string): Promise<void> {
    const res = await fetch(`${gatewayUrl}/metrics/job/cadvisor/instance/${group}`, { method: 'PUT', body, signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`push failed: HTTP ${res.status} ${await res.text()}`);
  }

  /** Wait until Prometheus has scraped `query` with exactly `value` (bounded poll). */
  async function scraped(query: string, value: number): Promise<void> {
    await waitFor(`Prometheus to scrape ${query} = ${value}`, async () => {
      const r = await promQuery(promUrl, query);
      return r.length === 1 && Number(r[0]!.value[1]) === value ? true : undefined;
    }, 120, 250);
  }

  beforeAll(async () => {
    dir = await tempDir('prom');
    const [pgPort, promPort] = [await freePort(), await freePort()];
    gatewayUrl = `http://127.0.0.1:${pgPort}`;
    promUrl = `http://127.0.0.1:${promPort}`;
    await mkdir(join(dir, 'data'));
    await writeFile(
      join(dir, 'prometheus.yml'),
      `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: pushgateway\n    honor_labels: true\n    scrape_interval: 1s\n    static_configs:\n      - targets: ['127.0.0.1:${pgPort}']\n`,
    );
    gateway = start(dir, 'pushgateway.log', 'prometheus-pushgateway', [`--web.listen-address=127.0.0.1:${pgPort}`]);
    prom = start(dir, 'prometheus.log', 'prometheus', [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
    ]);
    try {
      await waitFor('pushgateway to be ready', () => ready(gatewayUrl), 120, 250);
      await waitFor('prometheus to be ready', () => ready(promUrl), 120, 250);
    } catch (err) {
      const logs = await Promise.all(['pushgateway.log', 'prometheus.log'].map((f) => readFile(join(dir!, f), 'utf8').catch(() => '')));
      throw new Error(`${String(err)}\n${logs.join('\n').slice(-3000)}`);
    }

    // First push: two replicas of web, one worker, a service the caller does not name, another project.
    await push(
      'host1',
      exposition([
        [{ [P]: 'shop', [S]: 'web', name: 'shop-web-1' }, 250 * MiB],
        [{ [P]: 'shop', [S]: 'web', name: 'shop-web-2' }, 300 * MiB],
        [{ [P]: 'shop', [S]: 'worker', name: 'shop-worker-1' }, 100 * MiB],
        [{ [P]: 'shop', [S]: 'legacy', name: 'shop-legacy-1' }, 50 * MiB],
        [{ [P]: 'other', [S]: 'web', name: 'other-web-1' }, 900 * MiB],
        [{ project: 'p2', svc: 'api', name: 'p2-api-1' }, 42 * MiB],
      ]) +
        exposition(
          [
            [{ [P]: 'shop', [S]: 'web', name: 'shop-web-1' }, 512 * MiB],
            [{ [P]: 'shop', [S]: 'worker', name: 'shop-worker-1' }, 0],
          ],
          'container_spec_memory_limit_bytes',
        ),
    );
    await scraped(`container_memory_working_set_bytes{${S}="web",name="shop-web-2"}`, 300 * MiB);
    // Second push replaces the group with lower values: the facts must keep the peak over the window.
    await push(
      'host1',
      exposition([
        [{ [P]: 'shop', [S]: 'web', name: 'shop-web-1' }, 120 * MiB],
        [{ [P]: 'shop', [S]: 'web', name: 'shop-web-2' }, 110 * MiB],
        [{ [P]: 'shop', [S]: 'worker', name: 'shop-worker-1' }, 60 * MiB],
      ]) +
        // Limits are read as they are now (instant query), so the current push carries them.
        exposition(
          [
            [{ [P]: 'shop', [S]: 'web', name: 'shop-web-1' }, 512 * MiB],
            [{ [P]: 'shop', [S]: 'worker', name: 'shop-worker-1' }, 0],
          ],
          'container_spec_memory_limit_bytes',
        ),
    );
    await scraped(`container_memory_working_set_bytes{${S}="web",name="shop-web-2"}`, 110 * MiB);
  }, 120_000);

  afterAll(async () => {
    await stop(prom);
    await stop(gateway);
    await removeDir(dir);
  });

  it('reports the peak over the window per service, with limits, and lists unmatched series', async () => {
    const r = await prometheusUsageFacts({ url: promUrl, window: '10m', projectName: 'shop', services: ['web', 'worker', 'db'] });
    const source = 'prometheus max_over_time(container_memory_working_set_bytes[10m])';
    expect(r.usage).toEqual([
      { service: 'shop/web', container: `${S}=web`, usageBytes: 300 * MiB, limitBytes: 512 * MiB, source },
      { service: 'shop/worker', container: `${S}=worker`, usageBytes: 100 * MiB, limitBytes: undefined, source },
    ]);
    expect(r.unmatched).toEqual([`prometheus series ${S}="legacy" of ${P}="shop"`]);
  });

  it('uses the default 7d window and custom label names', async () => {
    const r = await prometheusUsageFacts({ url: `${promUrl}/`, projectLabel: 'project', serviceLabel: 'svc', projectName: 'p2', services: ['api'] });
    expect(r.usage).toEqual([{ service: 'p2/api', container: 'svc=api', usageBytes: 42 * MiB, limitBytes: undefined, source: 'prometheus max_over_time(container_memory_working_set_bytes[7d])' }]);
    expect(r.unmatched).toEqual([]);
  });

  it('finds nothing for a project without series', async () => {
    expect(await prometheusUsageFacts({ url: promUrl, projectName: 'nope', services: ['web'] })).toEqual({ usage: [], unmatched: [] });
  });

  it('rejects a bad window and reports the server error of a bad query', async () => {
    await expect(prometheusUsageFacts({ url: promUrl, window: '7 days', projectName: 'shop', services: [] })).rejects.toThrow(PrometheusError);
    await expect(promQuery(promUrl, 'max_over_time(')).rejects.toThrow(/query `max_over_time\(` failed: HTTP 400 bad_data/);
  });

  it('names the URL when nothing answers', async () => {
    const port = await freePort();
    await expect(prometheusUsageFacts({ url: `http://127.0.0.1:${port}`, projectName: 'shop', services: ['web'] })).rejects.toThrow(
      new RegExp(`GET http://127\\.0\\.0\\.1:${port}/api/v1/query\\?query=.* failed`),
    );
  });
  it('the CLI plans from Prometheus: --usage prometheus=URL with custom label names', async () => {
    const project = await tempDir('prom-cli');
    try {
      await writeFile(join(project, 'compose.yaml'), 'name: p2\nservices:\n  api:\n    image: api\n    mem_limit: 64M\n');
      await writeFile(join(project, 'composeshift.config.yaml'), 'policies:\n  - transform: memory-limits\n    when: { usageAbove: 50% }\n    set: { limit: 128M }\n');
      const out: string[] = [];
      const io = { stdout: { write: (x: string) => out.push(x) }, stderr: { write: () => true }, env: {}, cwd: project };
      const code = await run(['plan', '--json', '-t', 'memory-limits', '--usage', `prometheus=${promUrl}`, '--project-label', 'project', '--service-label', 'svc'], io);
      expect(code).toBe(0);
      const json = JSON.parse(out.join('')) as { changes: { service: string; before: string; after: string; reason: string }[] };
      // 42 MiB of 64M is 66%: raised to 128M, with the Prometheus query as the evidence.
      expect(json.changes).toEqual([expect.objectContaining({ service: 'api', before: '64M', after: '128M' })]);
      expect(json.changes[0]!.reason).toContain('prometheus max_over_time(container_memory_working_set_bytes[7d])');
    } finally {
      await removeDir(project);
    }
  });
});
