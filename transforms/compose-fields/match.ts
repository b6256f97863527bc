import picomatch from 'picomatch';
import { lookupPath } from '../../src/compose/yaml-nav.js';
import type { Service } from '../../src/project/model.js';
import type { FieldsOptions } from './options.js';

/** Split a dotted key path (`logging.options.max-size`). */
export const pathOf = (dotted: string): string[] => dotted.split('.');

/** Whether any definition of the service sets the key path (through anchors, merges, extends, overrides). */
export function isSet(service: Service, path: readonly string[]): boolean {
  const defs = service.project.services.get(service.name)?.defs ?? [];
  return defs.some((d) => {
    const found = lookupPath(d.file.doc, d.node, path);
    return found !== undefined && found.value !== null;
  });
}

/** Whether the policy's `when` holds for the service (`services`/`when.service` were applied by the pipeline). */
export function whenHolds(service: Service, o: FieldsOptions): boolean {
  const w = o.when ?? {};
  if (w.image?.length && !(service.image && w.image.some((g) => picomatch.isMatch(service.image!, g)))) return false;
  if (w.missing?.length && w.missing.some((m) => isSet(service, pathOf(m)))) return false;
  return true;
}
