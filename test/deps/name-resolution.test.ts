import { cpSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyzeProject } from '../../src/deps/analyze.js';
import { serviceIndexes } from '../../src/deps/metadata-sources.js';
import { loadProject } from '../../src/project/load.js';
import { readInstalled } from '../../src/python/site-packages.js';
import { DOCKERFILE, classes, pyService } from './helpers.js';

const SITE = path.join(import.meta.dirname, '../fixtures/site-packages');

/** `package class` of each declared package of the one service. */
function declaredClasses(dir: string, opts: { sitePackages?: string } = {}): string[] {
  return classes(dir, opts).filter((r) => r.includes('svc/requirements.txt')).map((r) => r.split(' ').slice(1, 3).join(' '));
}

describe('exact import names: each mapping kind, with and without installed metadata', () => {
  const requirements = ['pyOpenSSL', 'pycryptodome', 'google-cloud-storage', 'google-cloud-pubsub', 'azure-storage-blob', 'opentelemetry-exporter-otlp-proto-grpc', 'djangorestframework', 'django-environ', 'scikit-image', 'opencv-python-headless', 'acme-yaml-fork', 'foo-bar'].join('\n') + '\n';
  const code = [
    'from OpenSSL import SSL', // capitals
    'from Crypto.Cipher import AES',
    'from google.cloud import storage', // namespace: storage, not pubsub
    'from azure.storage.blob import BlobServiceClient',
    'from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter',
    'from rest_framework import serializers', // no rule
    'import environ',
    'from skimage import io',
    'import cv2',
    'import yaml', // a vendor fork imported under the original's name
  ].join('\n') + '\n';
  const project = (): string => pyService({ 'svc/Dockerfile': DOCKERFILE, 'svc/requirements.txt': requirements, 'svc/main.py': code });

  test('from the bundled table: every known mapping is used; pubsub unverified (requirements of others unknown, one may require it); the unknown fork and foo-bar are unknown-name, kept', () => {
    expect(declaredClasses(project())).toEqual([
      'pyOpenSSL used',
      'pycryptodome used',
      'google-cloud-storage used',
      'google-cloud-pubsub unverified',
      'azure-storage-blob used',
      'opentelemetry-exporter-otlp-proto-grpc used',
      'djangorestframework used',
      'django-environ used',
      'scikit-image used',
      'opencv-python-headless used',
      'acme-yaml-fork unknown-name',
      'foo-bar unknown-name',
    ]);
  });

  test('with the site-packages metadata: the fork is used through RECORD (yaml/); foo-bar, not installed, stays unknown-name', () => {
    const rows = declaredClasses(project(), { sitePackages: SITE });
    expect(rows).toContain('acme-yaml-fork used');
    expect(rows).toContain('foo-bar unknown-name');
    // foo-bar is installed nowhere: its requirements stay unknown, so pubsub cannot be shown unused.
    expect(rows).toContain('google-cloud-pubsub unverified');
  });

  test('the evidence of unknown-name says what to pass', () => {
    const f = analyzeProject(loadProject({ root: project() })).flatMap((a) => a.findings).find((x) => x.package === 'foo-bar')!;
    expect(f.evidence).toMatch(/^import names of foo-bar are unknown .*no import of the guessed foo_bar .*pass --image-metadata \(with the image built\) or --site-packages DIR/);
  });

  test('a guessed name can show a use: an unknown foo-bar imported as foo_bar is used', () => {
    const d2 = pyService({ 'svc/Dockerfile': DOCKERFILE, 'svc/requirements.txt': 'foo-bar\n', 'svc/main.py': 'import foo_bar\n' });
    expect(declaredClasses(d2)).toEqual(['foo-bar used']);
  });
});

describe('metadata sources in order: image, then --site-packages or the service folder\'s .venv, then the table', () => {
  test('a .venv in the service folder is read when no --site-packages is given', () => {
    const dir = pyService({ 'svc/Dockerfile': DOCKERFILE, 'svc/requirements.txt': 'acme-yaml-fork\n', 'svc/main.py': 'import yaml\n' });
    const project = loadProject({ root: dir });
    expect(analyzeProject(project)[0]!.findings[0]!.class).toBe('unknown-name');
    cpSync(SITE, path.join(dir, 'svc/.venv/lib/python3.11/site-packages'), { recursive: true });
    const indexes = serviceIndexes({ root: dir });
    expect(analyzeProject(project, {}, indexes)[0]!.findings[0]!.class).toBe('used');
    expect(indexes.indexFor(project.services[0]!).namesFrom('acme-yaml-fork')).toBe('svc/.venv/lib/python3.11/site-packages');
  });

  test('the image wins over a local environment; a missing image is a note, not a guess', () => {
    const dir = pyService({ 'svc/Dockerfile': DOCKERFILE, 'svc/requirements.txt': 'acme-yaml-fork\n', 'svc/main.py': 'import yaml\n' });
    const project = loadProject({ root: dir });
    const svc = project.services[0]!;
    const fromImage = new Map([...readInstalled(SITE)].filter(([k]) => k === 'acme-yaml-fork'));
    const images = new Map([[svc.key, { service: svc.key, image: 'imgmeta-x', id: 'sha256:1', dists: fromImage, siteDirs: ['/usr/local/lib/python3.11/site-packages'] }]]);
    const indexes = serviceIndexes({ root: dir, sitePackages: SITE, images });
    expect(indexes.indexFor(svc).namesFrom('acme-yaml-fork')).toBe('image imgmeta-x');
    expect(indexes.indexFor(svc).namesFrom('django-environ')).toBe(`--site-packages ${path.relative(dir, SITE)}`);
    expect(indexes.indexFor(svc).namesFrom('numpy')).toMatch(/^bundled table \(wheel numpy 2\.4\.6 RECORD/);
    expect(indexes.notesFor(svc)).toEqual(['import names, requirements and sizes read from image imgmeta-x (1 distribution in /usr/local/lib/python3.11/site-packages)']);
    const missing = serviceIndexes({ root: dir, images: new Map([[svc.key, { service: svc.key, image: 'imgmeta-x', problem: 'no image imgmeta-x on the engine (build it first: docker compose build)' }]]) });
    expect(missing.notesFor(svc)).toEqual(['image metadata not read: no image imgmeta-x on the engine (build it first: docker compose build)']);
    expect(analyzeProject(project, {}, missing)[0]!.findings[0]!.class).toBe('unknown-name');
  });
});
