// uv pip options that take a value: the value is not a package. paperless-ngx's Dockerfile:196 runs
// `uv pip install --no-cache --system --no-python-downloads --python-preference system … --requirements requirements.txt`,
// and `system` was declared as a package.
import { describe, expect, it } from 'vitest';
import { findPipInstalls } from '../../src/dockerfile/index.js';
import { dockerfile } from './helpers.js';

function packagesOf(run: string): { packages: string[]; files: string[] } {
  const df = dockerfile(['FROM python:3.12-slim', 'WORKDIR /app', run]);
  const [p] = findPipInstalls(df);
  return { packages: p?.packages.map((a) => a.text) ?? [], files: p?.requirementFiles.map((f) => f.path) ?? [] };
}

describe('uv pip install value options', () => {
  it('--python-preference system: no package named system; the requirements file is read', () => {
    expect(packagesOf('RUN uv pip install --no-cache --system --no-python-downloads --python-preference system --index-strategy unsafe-best-match --requirements requirements.txt')).toEqual({ packages: [], files: ['requirements.txt'] });
  });

  it('per-package options name a package without installing it: only the positional ones are installed', () => {
    expect(packagesOf('RUN uv pip install --system --reinstall-package numpy --upgrade-package pandas -P scipy --refresh-package torch --no-build-isolation-package flash-attn requests')).toEqual({ packages: ['requests'], files: [] });
  });

  it('global options with values (--color, --config-file, --directory, --allow-insecure-host) and --exclude', () => {
    expect(packagesOf('RUN uv pip install --color never --config-file uv.toml --directory /app --allow-insecure-host pypi.internal --exclude excludes.txt flask')).toEqual({ packages: ['flask'], files: [] });
  });
});
