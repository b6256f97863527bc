import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { auditSavings, formatBytes, reclaimable } from '../../src/deps/savings.js';
import { readInstalled } from '../../src/python/site-packages.js';

const fixture = path.join(import.meta.dirname, '../fixtures/site-packages');
const installed = readInstalled(fixture);
const DECLARED = ['pyOpenSSL', 'google-cloud-storage', 'google-cloud-pubsub', 'djangorestframework', 'django-environ', 'acme-yaml-fork', 'opencv-python', 'opencv-python-headless', 'requests'];

describe('reclaimable: the exclusive closure over Requires-Dist, bytes from RECORD', () => {
  test('unused packages, the dependencies only they need, never files or packages a kept one needs', () => {
    const r = reclaimable(installed, DECLARED, ['pyopenssl', 'google_cloud_pubsub', 'opencv-python']);
    expect(r.removed.map((x) => [x.package, x.role, x.via ?? '', x.bytes, x.unsizedFiles])).toEqual([
      ['pyOpenSSL', 'unused', '', 185182, 1],
      ['google-cloud-pubsub', 'unused', '', 10766, 0],
      // cv2/ is listed by opencv-python-headless too, which stays: only opencv-python's own metadata goes
      ['opencv-python', 'unused', '', 577, 0],
      ['grpcio', 'dependency', 'google-cloud-pubsub', 11080540, 0],
      ['cryptography', 'dependency', 'pyOpenSSL', 9801007, 0],
      ['cffi', 'dependency', 'pyOpenSSL', 181073, 0],
      ['pycparser', 'dependency', 'pyOpenSSL', 77424, 0],
    ]);
    // google-api-core is required by pubsub but also by google-cloud-core (kept through google-cloud-storage)
    expect(r.bytes).toBe(21336569);
    expect(r.unsizedFiles).toBe(1);
    expect(r.stillRequired).toEqual([]);
  });

  test('an unused package a kept one requires stays installed: nothing reclaimed, the chain says why', () => {
    const r = reclaimable(installed, DECLARED, ['requests']);
    expect(r.bytes).toBe(0);
    expect(r.removed).toEqual([]);
    expect(r.stillRequired).toEqual([{ package: 'requests', chain: ['google-cloud-storage', 'requests'] }]);
  });

  test('a distribution installed but declared by nobody (the base image, another install) keeps what it requires', () => {
    // Only requests and pip are declared: google-api-core & co. are installed anyway and require requests.
    const r = reclaimable(installed, ['requests', 'pip'], ['requests']);
    expect(r.removed).toEqual([]);
    expect(r.stillRequired).toEqual([{ package: 'requests', chain: ['google-api-core', 'requests'] }]);
    // In an image holding only requests, its dependencies and pip, all of requests' closure goes; pip stays.
    const small = new Map([...installed].filter(([k]) => ['requests', 'idna', 'urllib3', 'pip'].includes(k)));
    const s2 = reclaimable(small, ['requests'], ['requests']);
    expect(s2.removed.map((x) => x.package)).toEqual(['requests', 'urllib3', 'idna']);
    expect(s2.bytes).toBe(5000 + 35000 + sizeOfMeta('requests') + 6000 + sizeOfMeta('urllib3') + 850 + sizeOfMeta('idna'));
    expect(s2.bytes).toBe(48137);
  });

  test('an unused package not installed reclaims nothing and is named', () => {
    const r = reclaimable(installed, ['left-pad-py'], ['left-pad-py']);
    expect(r).toEqual({ bytes: 0, removed: [], stillRequired: [], notInstalled: ['left-pad-py'], unsizedFiles: 0 });
  });

  test('without image metadata: "not measured", never a number', () => {
    expect(auditSavings(undefined, DECLARED, ['pyopenssl'])).toEqual({ measured: false, reason: 'sizes come only from the image: pass --image-metadata with the image built' });
    expect(auditSavings({ service: 'p/s', image: 'p-s', problem: 'no image p-s on the engine (build it first: docker compose build)' }, DECLARED, [])).toEqual({ measured: false, reason: 'no image p-s on the engine (build it first: docker compose build)' });
    const m = auditSavings({ service: 'p/s', image: 'p-s', id: 'sha256:1', dists: installed }, DECLARED, ['pyopenssl']);
    expect(m.measured && [m.image, m.imageId, m.bytes]).toEqual(['p-s', 'sha256:1', 185182 + 9801007 + 181073 + 77424]);
  });

  test('a distribution whose metadata lists no files (egg-info without installed-files.txt) is marked, not counted as measured', () => {
    const egg = { name: 'legacy', normalized: 'legacy', importNames: ['legacy'], requires: [], files: [], bytes: 0, unsized: 0, meta: '/x/legacy.egg-info' };
    const r = reclaimable(new Map([['legacy', egg]]), ['legacy'], ['legacy']);
    expect(r.removed).toEqual([{ package: 'legacy', role: 'unused', bytes: 0, unsizedFiles: 0, noFileList: true }]);
  });

  test('formatBytes shows exact bytes', () => {
    expect(formatBytes(21336569)).toBe('20.3 MiB (21,336,569 bytes)');
    expect(formatBytes(577)).toBe('577 bytes');
  });
});

/** Bytes of a fixture distribution's own dist-info files (METADATA + top_level.txt + RECORD). */
function sizeOfMeta(name: string): number {
  return installed.get(name)!.files.filter((f) => f.path.includes('.dist-info/')).reduce((n, f) => n + (f.size ?? 0), 0);
}
