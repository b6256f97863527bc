import { execa } from 'execa';
import { randomBytes } from 'node:crypto';
import { chmod, copyFile, cp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { captureIO } from '../fixtures/e2e/helpers.js';
import { downProject, engineAvailable, removeDir, skipUnless, tempDir } from './engine.js';

const engine = await engineAvailable();
const SITE = join(import.meta.dirname, '../fixtures/site-packages');

/**
 * An image FROM scratch whose /usr/local/lib/python3.11/site-packages holds the hand-written dist-info of
 * test/fixtures/site-packages (pyOpenSSL imported as OpenSSL; acme-yaml-fork, known to no table, whose RECORD shows
 * yaml/; google-cloud-pubsub requiring grpcio; RECORDs with sizes). `pip` is a stand-in script: nothing is
 * downloaded; the Dockerfile still says `pip install -r requirements.txt`, so the service is linked to its file.
 */
const DOCKERFILE = [
  'FROM scratch',
  'COPY busybox /bin/busybox',
  'RUN ["/bin/busybox", "--install", "-s", "/bin"]',
  'COPY pip /usr/local/bin/pip',
  'COPY site-packages /usr/local/lib/python3.11/site-packages',
  'WORKDIR /app',
  'COPY requirements.txt .',
  'RUN pip install -r requirements.txt',
  'COPY main.py .',
  'CMD ["python", "main.py"]',
  '',
].join('\n');
const REQUIREMENTS = 'pyOpenSSL==24.2.1\ngoogle-cloud-storage==2.18.0\ngoogle-cloud-pubsub==2.23.0\nacme-yaml-fork==6.0.1\nrequests==2.32.3\n';
const MAIN = 'from OpenSSL import SSL\nfrom google.cloud import storage\nimport yaml\nimport requests\n';
/** google-cloud-pubsub (10,766 bytes in its RECORD) + grpcio, which only pubsub requires (11,080,540). */
const RECLAIMED = 10766 + 11080540;

describe.skipIf(skipUnless(engine, 'audit --image-metadata'))('audit --image-metadata reads names and sizes from the built image', () => {
  const project = `imgmeta-${randomBytes(4).toString('hex')}`;
  const custom = `${project}-custom:e2e`;
  let dir = '';

  beforeAll(async () => {
    dir = await tempDir('imgmeta');
    for (const svc of ['api', 'worker']) {
      const ctx = join(dir, svc);
      await mkdir(ctx, { recursive: true });
      await copyFile('/bin/busybox', join(ctx, 'busybox'));
      await writeFile(join(ctx, 'pip'), '#!/bin/sh\n# stands in for pip: site-packages is copied in with hand-written metadata\nexit 0\n');
      await chmod(join(ctx, 'pip'), 0o755);
      await cp(SITE, join(ctx, 'site-packages'), { recursive: true });
      await writeFile(join(ctx, 'Dockerfile'), DOCKERFILE);
      await writeFile(join(ctx, 'requirements.txt'), REQUIREMENTS);
      await writeFile(join(ctx, 'main.py'), MAIN);
    }
    // api: compose's default image name (<project>-api); worker: its `image:` name.
    const compose = `name: ${project}\nservices:\n  api:\n    build: { context: ./api, network: none }\n    network_mode: none\n  worker:\n    build: { context: ./worker, network: none }\n    image: ${custom}\n    network_mode: none\n`;
    await writeFile(join(dir, 'compose.yaml'), compose);
    const built = await execa('docker', ['compose', '-p', project, 'build'], { cwd: dir, reject: false, timeout: 240_000, env: { ...process.env, DOCKER_BUILDKIT: '0', COMPOSE_DOCKER_CLI_BUILD: '0' } });
    expect(built.exitCode, String(built.stderr)).toBe(0);
  });

  afterAll(async () => {
    await downProject(dir, project, ['compose.yaml']);
    await execa('docker', ['image', 'rm', '--force', `${project}-api`, custom], { reject: false });
    await removeDir(dir);
  });

  it('without metadata: the fork is unknown-name (kept) and nothing is measured', async () => {
    const c = captureIO(dir);
    expect(await run(['audit', dir, '--service', 'api'], c.io), c.err()).toBe(0);
    expect(c.out()).toMatch(/unknown-name +acme-yaml-fork/);
    expect(c.out()).toContain('reclaimable: not measured (sizes come only from the image: pass --image-metadata with the image built)');
  });

  it('with --image-metadata: exact names from the image, and the measured reclaimable bytes', async () => {
    const c = captureIO(dir);
    expect(await run(['audit', dir, '--image-metadata'], c.io), c.err()).toBe(0);
    const out = c.out();
    expect(out).not.toContain('acme-yaml-fork  ');
    expect(out).toMatch(/unused +google-cloud-pubsub/);
    expect(out).toContain(`note: import names, requirements and sizes read from image ${project}-api (18 distributions in /usr/local/lib/python3.11/site-packages)`);
    expect(out).toContain(`reclaimable: 10.6 MiB (11,091,306 bytes) in image ${project}-api by removing google-cloud-pubsub and 1 dependency no kept package needs (grpcio); measured from RECORD sizes, files a kept package also lists not counted`);
    expect(out).toContain(`reclaimable: 10.6 MiB (11,091,306 bytes) in image ${custom} by removing google-cloud-pubsub`);
    expect(out).toContain('  grpcio 1.65.0: 11,080,540 bytes (required by google-cloud-pubsub)');
  });

  it('--format json carries the bytes', async () => {
    const c = captureIO(dir);
    expect(await run(['audit', dir, '--image-metadata', '--format', 'json', '--service', 'api'], c.io), c.err()).toBe(0);
    const data = JSON.parse(c.out()) as { services: { service: string; findings: { package: string; class: string }[]; savings: { measured: boolean; bytes: number; image: string; imageId: string; removed: { package: string; bytes: number }[] } }[] };
    const api = data.services.find((s) => s.service === 'api')!;
    expect(api.findings.filter((f) => f.class === 'unused' || f.class === 'unknown-name').map((f) => `${f.package} ${f.class}`)).toEqual(['google-cloud-pubsub unused']);
    expect(api.savings).toMatchObject({ measured: true, image: `${project}-api`, bytes: RECLAIMED });
    expect(api.savings.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(api.savings.removed.map((r) => [r.package, r.bytes])).toEqual([['google-cloud-pubsub', 10766], ['grpcio', 11080540]]);
  });

  it('reads the image without running it and removes the container it created', async () => {
    const left = await execa('docker', ['ps', '-aq', '--filter', 'label=composeshift.purpose=image-metadata', '--filter', `ancestor=${project}-api`]);
    expect(String(left.stdout).trim()).toBe('');
  });

  it('plan -t unused-deps --image-metadata removes only the unused line', async () => {
    const c = captureIO(dir);
    expect(await run(['plan', dir, '-t', 'unused-deps', '--image-metadata', '--service', 'api'], c.io), c.err()).toBe(0);
    expect(c.out()).toContain('-google-cloud-pubsub==2.23.0\n');
    expect(c.out()).not.toContain('-acme-yaml-fork');
    expect(c.out()).not.toContain('-pyOpenSSL');
  });
});
