import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { loadProject } from '../../src/project/load.js';
import { tempProject } from '../helpers/temp-project.js';

/** The formatted InputError of loading `repo/` (the root) with the given options. */
function loadError(dir: string, opts: { allowOutsideRoot?: boolean; link?: boolean } = {}): string {
  try {
    loadProject({ root: path.join(dir, 'repo'), ...opts });
  } catch (err) {
    if (err instanceof InputError) return err.format();
    throw err;
  }
  return 'loaded';
}

const OUTSIDE = { 'outside/compose.yaml': 'services:\n  base:\n    image: evil\n', 'outside/.env': 'X=1\n' };

describe('references stay inside the root unless --allow-outside-root', () => {
  it('include: outside the root is an error at the include line naming the path relative to the root', () => {
    const dir = tempProject({ ...OUTSIDE, 'repo/compose.yaml': 'include:\n  - ../outside/compose.yaml\nservices:\n  api:\n    image: a\n' });
    expect(loadError(dir)).toBe("compose.yaml:2:5: include '../outside/compose.yaml' resolves outside the root (../outside/compose.yaml); use --allow-outside-root to follow it\n    - ../outside/compose.yaml\n      ^");
    expect(loadError(dir, { allowOutsideRoot: true })).toBe('loaded');
  });

  it('extends.file outside the root, and /proc/self/environ, are refused before anything is read', () => {
    const dir = tempProject({ ...OUTSIDE, 'repo/compose.yaml': 'services:\n  api:\n    extends: {file: ../outside/compose.yaml, service: base}\n' });
    expect(loadError(dir)).toMatch(/^compose.yaml:3:21: extends file '..\/outside\/compose.yaml' resolves outside the root \(..\/outside\/compose.yaml\)/);
    expect(loadError(dir, { allowOutsideRoot: true })).toBe('loaded');
    const proc = tempProject({ 'repo/compose.yaml': 'services:\n  api:\n    extends: {file: /proc/self/environ, service: x}\n' });
    expect(loadError(proc)).toMatch(/extends file '\/proc\/self\/environ' resolves outside the root/);
    // Even when allowed, a kernel pseudo-file is never read (its text would be echoed by a parse error).
    expect(loadError(proc, { allowOutsideRoot: true })).toMatch(/not a regular file/);
  });

  it('a symlinked include whose target is outside the root is outside the root', () => {
    const dir = tempProject({ ...OUTSIDE, 'repo/compose.yaml': 'include:\n  - shared.yaml\nservices:\n  api:\n    image: a\n' });
    symlinkSync(path.join(dir, 'outside/compose.yaml'), path.join(dir, 'repo/shared.yaml'));
    expect(loadError(dir)).toMatch(/^compose.yaml:2:5: include 'shared.yaml' resolves outside the root \(shared.yaml\)/);
  });

  it('env_file outside the root (string, list, {path}) is an error; inside it is fine', () => {
    for (const form of ['env_file: ../outside/.env', 'env_file: [ok.env, ../outside/.env]', 'env_file:\n      - path: ../outside/.env\n        required: false']) {
      const dir = tempProject({ ...OUTSIDE, 'repo/ok.env': 'A=1\n', 'repo/compose.yaml': `services:\n  api:\n    image: a\n    ${form}\n` });
      expect(loadError(dir)).toMatch(/^compose.yaml:\d+:\d+: env_file '..\/outside\/.env' resolves outside the root \(..\/outside\/.env\)/);
    }
    const ok = tempProject({ 'repo/ok.env': 'A=1\n', 'repo/compose.yaml': 'services:\n  api:\n    image: a\n    env_file: ok.env\n' });
    expect(loadError(ok)).toBe('loaded');
  });

  it('build.context or build.dockerfile outside the root is an error when the build is read', () => {
    const files = { 'outside/Dockerfile': 'FROM scratch\n', 'repo/compose.yaml': 'services:\n  api:\n    build: ../outside\n' };
    const dir = tempProject(files);
    expect(loadError(dir)).toMatch(/^compose.yaml:3:12: service "api": build.context is outside the root \(..\/outside\)/);
    expect(loadError(dir, { link: false })).toBe('loaded');
    expect(loadError(dir, { allowOutsideRoot: true })).toBe('loaded');
    const df = tempProject({ 'outside/Dockerfile': 'FROM scratch\n', 'repo/compose.yaml': 'services:\n  api:\n    build: {context: ., dockerfile: ../outside/Dockerfile}\n' });
    expect(loadError(df)).toMatch(/build.dockerfile is outside the root \(..\/outside\/Dockerfile\)/);
  });

  it('an included file that is a FIFO is refused without opening it (the run does not hang)', () => {
    const dir = tempProject({ 'repo/compose.yaml': 'include:\n  - fifo.yaml\nservices: {}\n' });
    execFileSync('mkfifo', [path.join(dir, 'repo/fifo.yaml')]);
    expect(loadError(dir)).toMatch(/^compose.yaml:2:5: include 'fifo.yaml' is not a regular file; it is never read/);
  });
});

describe('roots', () => {
  it('a missing root, a file as root, and --recursive with nothing to find are errors', () => {
    const dir = tempProject({ 'repo/README.md': '# nothing\n' });
    expect(() => loadProject({ root: path.join(dir, 'nope') })).toThrow(/^no such directory: /);
    expect(() => loadProject({ root: path.join(dir, 'repo/README.md') })).toThrow(/^not a directory: /);
    expect(() => loadProject({ root: path.join(dir, 'repo'), recursive: true })).toThrow(/no compose project/);
  });
});
