import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binariesAvailable, removeDir, skipUnless, tempDir, waitFor } from '../e2e/engine.js';
import { tempProject } from '../helpers/temp-project.js';

// Red-team classes (facts side of memory-limits, Prometheus), through the real binary against a real Prometheus
// served under a path prefix with basic auth (its own --web.config.file, --web.external-url):
// 1. `prometheus=http://user:pw@host/prefix` failed ("Request cannot be constructed from a URL that includes
//    credentials") and printed the password three times → the credentials go in a Basic header; every message
//    shows `***@`; a wrong password is exit 2 naming HTTP 401, nothing written.
// 2. A service whose series' peak is NaN or +Inf, or that has no series at all, was dropped silently (only a
//    -v "no usage fact") → a `no-container` warning names each, with the value that measures nothing.
// 4. Replicas (two hosts) whose limits differ: the largest was taken as web's running limit → no running limit is
//    used for web, a limit-conflict warning names both values and the query.
// 3. A body that is JSON but not a vector of samples (`metric: null`, `value: "x"`: a proxy, a foreign API)
//    was "internal error: TypeError" with a stack → exit 2 naming the query and the bad element.
const BIN = resolve('bin/composeshift.js');
const MiB = 1024 * 1024;
const P = 'container_label_com_docker_compose_project';
const S = 'container_label_com_docker_compose_service';
// bcrypt (cost 4) of "rtf-pass", as Prometheus' web config wants it.
const HASH = '$2b$04$7sTGSeA5P32jmbZlU/69Iu4z3HZuVW9bvTy4qU7yH/WZzsGZjdfcC';
const tools = await binariesAvailable(['prometheus', 'prometheus-pushgateway']);

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => (typeof a === 'object' && a ? ok(a.port) : fail(new Error('no port'))));
    });
  });
}

function start(dir: string, log: string, cmd: string, args: string[]): ChildProcess {
  const fd = openSync(join(dir, log), 'a');
  const child = spawn(cmd, args, { stdio: ['ignore', fd, fd], cwd: dir });
  closeSync(fd);
  return child;
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  process.kill(child.pid, 'SIGTERM');
  await exited;
}

// Async: the bogus server below answers from this process, which a spawnSync would block.
async function cli(args: string[], cwd: string): Promise<{ code: number | undefined; out: string; err: string }> {
  const r = await execa(process.execPath, [BIN, ...args], { cwd, env: { NO_COLOR: '1' }, reject: false, timeout: 60_000 });
  return { code: r.exitCode, out: r.stdout, err: r.stderr };
}

const COMPOSE = 'name: rtf-prom\nservices:\n  web:\n    image: busybox\n    mem_limit: 256m\n  api:\n    image: busybox\n    mem_limit: 256m\n  db:\n    image: busybox\n    mem_limit: 256m\n  cache:\n    image: busybox\n    mem_limit: 256m\n';
const CONFIG = 'policies:\n  - transform: memory-limits\n    target: { usage: 50%, step: 64M }\n';

describe.skipIf(skipUnless(tools, 'prometheus hostile inputs'))('Prometheus usage facts: hostile but real inputs', () => {
  let dir: string | undefined;
  let prom: ChildProcess | undefined;
  let gateway: ChildProcess | undefined;
  let bogus: Server | undefined;
  let base = '';
  let bogusUrl = '';
  const auth = { authorization: `Basic ${Buffer.from('rtf:rtf-pass').toString('base64')}` };

  beforeAll(async () => {
    dir = await tempDir('rtf-prom');
    const [pg, pp, pb] = [await freePort(), await freePort(), await freePort()];
    base = `127.0.0.1:${pp}/prom`;
    await mkdir(join(dir, 'data'));
    await writeFile(join(dir, 'web.yml'), `basic_auth_users:\n  rtf: ${HASH}\n`);
    await writeFile(join(dir, 'prometheus.yml'), `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: pushgateway\n    honor_labels: true\n    scrape_interval: 1s\n    static_configs:\n      - targets: ['127.0.0.1:${pg}']\n`);
    gateway = start(dir, 'pushgateway.log', 'prometheus-pushgateway', [`--web.listen-address=127.0.0.1:${pg}`]);
    prom = start(dir, 'prometheus.log', 'prometheus', [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${pp}`,
      `--web.config.file=${join(dir, 'web.yml')}`,
      `--web.external-url=http://${base}/`,
    ]);
    await waitFor('pushgateway', async () => ((await fetch(`http://127.0.0.1:${pg}/-/ready`).catch(() => undefined))?.ok ? true : undefined), 120, 250);
    await waitFor('prometheus', async () => ((await fetch(`http://${base}/-/ready`, { headers: auth }).catch(() => undefined))?.ok ? true : undefined), 120, 250);
    const rows = [
      `container_memory_working_set_bytes{${P}="rtf-prom",${S}="web",name="rtf-prom-web-1"} ${200 * MiB}`,
      `container_memory_working_set_bytes{${P}="rtf-prom",${S}="api",name="rtf-prom-api-1"} NaN`,
      `container_memory_working_set_bytes{${P}="rtf-prom",${S}="db",name="rtf-prom-db-1"} +Inf`,
    ];
    const limit = (host: string, bytes: number): string => `# TYPE container_spec_memory_limit_bytes gauge\ncontainer_spec_memory_limit_bytes{${P}="rtf-prom",${S}="web",name="rtf-prom-web-${host}"} ${bytes}\n`;
    const res = await fetch(`http://127.0.0.1:${pg}/metrics/job/cadvisor/instance/h1`, { method: 'PUT', body: `# TYPE container_memory_working_set_bytes gauge\n${rows.join('\n')}\n${limit('1', 256 * MiB)}` });
    expect(res.ok).toBe(true);
    // A second host runs a replica of web with another limit: which limit is web's cannot be told.
    const two = `# TYPE container_memory_working_set_bytes gauge\ncontainer_memory_working_set_bytes{${P}="rtf-prom",${S}="web",name="rtf-prom-web-2"} ${100 * MiB}\n${limit('2', 512 * MiB)}`;
    expect((await fetch(`http://127.0.0.1:${pg}/metrics/job/cadvisor/instance/h2`, { method: 'PUT', body: two })).ok).toBe(true);
    const q = `http://${base}/api/v1/query?${new URLSearchParams({ query: 'count(container_memory_working_set_bytes{container_label_com_docker_compose_project="rtf-prom"})' })}`;
    await waitFor('the series to be scraped', async () => {
      const j = (await (await fetch(q, { headers: auth })).json()) as { data: { result: { value: [number, string] }[] } };
      return j.data.result[0]?.value[1] === '4' ? true : undefined;
    }, 120, 250);
    bogus = createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: null, value: [1, '1'] }] } }));
    });
    await new Promise<void>((r) => bogus!.listen(pb, '127.0.0.1', () => r()));
    bogusUrl = `http://127.0.0.1:${pb}`;
  }, 120_000);

  afterAll(async () => {
    await stop(prom);
    await stop(gateway);
    await new Promise((r) => (bogus ? bogus.close(r) : r(undefined)));
    await removeDir(dir);
  });

  it('a URL with user:password and a path prefix: planned from the series; NaN, +Inf and no series are named', async () => {
    const d = tempProject({ 'compose.yaml': COMPOSE, 'composeshift.config.yaml': CONFIG });
    const r = await cli(['apply', '.', '-t', 'memory-limits', '-v', '--window', '1h', '--usage', `prometheus=http://rtf:rtf-pass@${base}`], d);
    expect(r.err).not.toContain('rtf-pass');
    expect(r.out).not.toContain('rtf-pass');
    expect(r.code).toBe(0);
    // 200 MiB of 256m at a 50% target → 448m (7 steps of 64M); the others keep their limit.
    expect(readFileSync(join(d, 'compose.yaml'), 'utf8')).toBe(COMPOSE.replace('web:\n    image: busybox\n    mem_limit: 256m', 'web:\n    image: busybox\n    mem_limit: 448m'));
    expect(r.err + r.out).toContain(
      'warn no running container or series found for 3 services: rtf-prom/cache, rtf-prom/api (its series\' peak is NaN: not a measurement), rtf-prom/db (its series\' peak is +Inf: not a measurement)',
    );
    expect(r.err + r.out).toContain(
      `warn containers of 1 service run with different memory limits, so no running limit is used for it (the compose file's value decides): rtf-prom/web (${256 * MiB} to ${512 * MiB} bytes; \`min by (${S}) (container_spec_memory_limit_bytes{${P}="rtf-prom"})\` and max)`,
    );
  });

  it('a wrong password: exit 2 naming HTTP 401, the password never printed, nothing written', async () => {
    const d = tempProject({ 'compose.yaml': COMPOSE, 'composeshift.config.yaml': CONFIG });
    const r = await cli(['apply', '.', '-t', 'memory-limits', '--usage', `prometheus=http://rtf:wrong-pw@${base}/`], d);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`^composeshift: --usage prometheus=http://\\*\\*\\*@${base.replace(/\./g, '\\.')}/: query .* HTTP 401`));
    expect(r.err + r.out).not.toContain('wrong-pw');
    expect(readFileSync(join(d, 'compose.yaml'), 'utf8')).toBe(COMPOSE);
  });

  it('a body that is not a vector of samples: exit 2 naming the element (was internal error: TypeError), nothing written', async () => {
    const d = tempProject({ 'compose.yaml': COMPOSE, 'composeshift.config.yaml': CONFIG });
    const r = await cli(['apply', '.', '-t', 'memory-limits', '--usage', `prometheus=${bogusUrl}`], d);
    expect(r.code).toBe(2);
    expect(r.err).not.toContain('internal error');
    expect(r.err).toContain('result 0 is not a sample ({metric: {…}, value: [time, "number"]}): {"metric":null,"value":[1,"1"]}');
    expect(readFileSync(join(d, 'compose.yaml'), 'utf8')).toBe(COMPOSE);
  });
});
