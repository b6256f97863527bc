import { matchesGlobs } from '../../src/core/globs.js';
import { isScalar } from 'yaml';
import { lookupPath } from '../../src/compose/yaml-nav.js';
import type { Service } from '../../src/project/model.js';
import type { FieldsOptions } from './options.js';

/**
 * Compose mappings whose keys are free text, often dotted (`labels: {com.example.team: x}`): below them the rest
 * of a path is one key, as a user writing `labels.com.example.team` means (compose refuses a nested mapping there).
 */
const FREE_KEYS: readonly (readonly string[])[] = [
  ['labels'], ['environment'], ['annotations'], ['sysctls'], ['extra_hosts'], ['storage_opt'], ['driver_opts'],
  ['build', 'args'], ['build', 'labels'], ['build', 'extra_hosts'], ['logging', 'options'], ['deploy', 'labels'],
];

/** A key path with the keys below a free-text mapping joined back into one (`labels.com.example.x` → labels, com.example.x). */
export function keyPath(path: readonly string[]): string[] {
  for (const free of FREE_KEYS) {
    if (path.length > free.length + 1 && free.every((k, i) => path[i] === k)) return [...free, path.slice(free.length).join('.')];
  }
  return [...path];
}

/** Split a dotted key path (`logging.options.max-size`; `labels.com.example.x` is the label `com.example.x`). */
export const pathOf = (dotted: string): string[] => keyPath(dotted.split('.'));

/** Whether any definition of the service sets the key path (through anchors, merges, extends, overrides). */
export function isSet(service: Service, path: readonly string[]): boolean {
  const defs = service.project.services.get(service.name)?.defs ?? [];
  // In precedence order: a later `!reset` (an override file's `restart: !reset null`) takes the key away again.
  let set = false;
  for (const d of defs) {
    const found = lookupPath(d.file.doc, d.node, path);
    if (found?.value?.tag === '!reset') set = false;
    else if (found !== undefined && found.value !== null && !(isScalar(found.value) && found.value.value === null)) set = true;
  }
  return set;
}

/** Whether the policy's `when` holds for the service (`services`/`when.service` were applied by the pipeline). */
export function whenHolds(service: Service, o: FieldsOptions): boolean {
  const w = o.when ?? {};
  if (w.image?.length && !(service.image && imageForms(service.image).some((i) => matchesGlobs(i, w.image!)))) return false;
  if (w.missing?.length && w.missing.some((m) => isSet(service, pathOf(m)))) return false;
  return true;
}

/**
 * An image reference as written and in its other Docker Hub spelling: `docker.io/library/python:3.12` is also
 * `python:3.12` (and the other way round), so `image: "python:*"` matches both, as docker pulls the same image.
 */
export function imageForms(image: string): string[] {
  const hub = /^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\/(.+)$/.exec(image);
  if (hub) {
    const short = hub[1]!.replace(/^library\/(?=[^/]+$)/, '');
    return [image, short];
  }
  const first = image.split('/')[0]!;
  // `ghcr.io/x`, `localhost:5000/x`, `localhost/x`: another registry; only Docker Hub names have two spellings.
  if (image.includes('/') && (/[.:]/.test(first) || first === 'localhost')) return [image];
  return [image, `docker.io/${image.includes('/') ? '' : 'library/'}${image}`];
}
