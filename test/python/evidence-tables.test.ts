import { describe, expect, it } from 'vitest';
import { BASE_IMAGES, baseImageOf } from '../../src/deps/data/base-images.js';
import { ENV_SWITCHES } from '../../src/python/data/env-switch.js';
import { OPTIONAL_BACKENDS } from '../../src/python/data/optional-backend.js';
import { normalizeName } from '../../src/requirements/index.js';

const norm = (n: string): boolean => normalizeName(n) === n;

describe('evidence tables: every entry names its source; names are PEP 503-normalised', () => {
  it('env-switch entries have a docs URL, a package, and an env var or option', () => {
    for (const e of ENV_SWITCHES) {
      expect(e.source, e.package).toMatch(/^https:\/\//);
      expect(norm(e.package), e.package).toBe(true);
      expect((e.env?.length ?? 0) + (e.options?.length ?? 0), e.package).toBeGreaterThan(0);
    }
  });

  it('optional-backend entries have a docs URL, loaders and backends', () => {
    for (const b of OPTIONAL_BACKENDS) {
      expect(b.source, b.reason).toMatch(/^https:\/\//);
      for (const n of [...b.loaders, ...b.backends]) expect(norm(n), n).toBe(true);
      expect(b.backends.length, b.reason).toBeGreaterThan(0);
    }
  });

  it('base images: tags and digests are ignored; lookalikes do not match', () => {
    for (const b of BASE_IMAGES) expect(b.source).toMatch(/^https:\/\//);
    expect(baseImageOf('pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime')?.provides).toContain('torch');
    expect(baseImageOf('docker.io/tensorflow/tensorflow@sha256:abc')?.provides).toContain('tensorflow');
    expect(baseImageOf('quay.io/jupyter/scipy-notebook:2024-05-27')?.provides).toContain('pandas');
    expect(baseImageOf('python:3.12-slim')).toBeUndefined();
    expect(baseImageOf('myorg/pytorch-app:1')).toBeUndefined();
  });
});
