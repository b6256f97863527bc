import { CORPUS_DIR } from '../helpers/corpus-path.js';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { it } from 'vitest';
import { loadComposeProject } from '../../src/compose/load.js';
import type { SourceFile } from '../../src/core/source.js';
import { fileReader } from '../../src/project/load.js';
import type { Project, Service } from '../../src/project/model.js';
import type { Transform } from '../../src/transform/types.js';
import { registry } from '../../transforms/index.js';

/** The shared real-world corpus (read only); COMPOSESHIFT_CORPUS points elsewhere (to check the absent case). */
export const CORPUS = CORPUS_DIR;
export const MANIFEST = path.join(CORPUS, 'MANIFEST.tsv');

/** True when the corpus is there; else registers a failing test (CI=true) or warns and skips. */
export function corpusPresent(area: string): boolean {
  if (existsSync(MANIFEST)) return true;
  if (process.env.CI === 'true') {
    it(`${area}: the corpus is present`, () => {
      throw new Error(`${MANIFEST} is missing: the ${area} corpus tests cannot run in CI without it`);
    });
  } else {
    console.warn(`[${area}] skipped: ${MANIFEST} not found (with CI=true this is a failure)`);
    it.skip(`${area} (corpus absent)`, () => {});
  }
  return false;
}

/** Manifest rows of one kind: the file path relative to the corpus (`compose/x.yml`). */
export function corpusFiles(kind: 'compose' | 'requirements'): string[] {
  return readFileSync(MANIFEST, 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'))
    .filter((c) => c[0] === kind && c[1])
    .map((c) => c[1]!);
}

/** The transforms the corpus runs: memory-limits, plus torch-cpu once it is registered. */
export function corpusTransforms(): Transform[] {
  return ['memory-limits', 'torch-cpu', 'unused-deps'].flatMap((n) => {
    const t = registry.get(n);
    return t ? [t] : [];
  });
}

/**
 * Load one compose file on its own, as a Project (no links: the corpus has no build contexts). The
 * corpus flattens paths, so `include:` and `extends: {file}` targets are absent: they are not followed.
 */
export function loadAlone(abs: string): Project {
  const root = path.dirname(abs);
  const files = new Map<string, SourceFile>();
  const read = fileReader(root, files);
  const cp = loadComposeProject({ files: [abs], read, follow: false });
  const services: Service[] = [...cp.services.values()].map((s) => {
    const svc: Service = { key: `${cp.name}/${s.name}`, name: s.name, project: cp };
    if (typeof s.value.image === 'string') svc.image = s.value.image;
    if (typeof s.value.container_name === 'string') svc.containerName = s.value.container_name;
    return svc;
  });
  return { root, files, compose: [cp], services };
}

/** How a corpus file's bytes are presented to the run: as they are, or re-encoded to exercise BOM/CRLF/EOF. */
export type Variant = 'as-is' | 'crlf' | 'bom' | 'no-final-newline';

/** The bytes of a variant (undefined when it would equal the original). */
export function variantText(original: string, v: Variant): string | undefined {
  if (v === 'as-is') return original;
  if (v === 'bom') return original.startsWith('\uFEFF') ? undefined : '\uFEFF' + original;
  if (v === 'crlf') return original.includes('\r\n') ? undefined : original.replace(/\n/g, '\r\n');
  return /\r?\n$/.test(original) ? original.replace(/\r?\n$/, '') : undefined;
}

/** A temp folder holding one copy of a corpus file (runs may write there, never into the corpus). */
export function copyToTemp(name: string, content: string | Buffer): { dir: string; abs: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'composeshift-corpus-'));
  const abs = path.join(dir, name);
  writeFileSync(abs, content);
  return { dir, abs, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
