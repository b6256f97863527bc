import { isScalar } from 'yaml';
import { memorySettings, MEMORY_PATHS, type MemoryKind } from '../../src/compose/memory-setting.js';
import { sizeStyle } from '../../src/compose/memory.js';
import type { ComposeProject } from '../../src/compose/model.js';
import type { YamlFile } from '../../src/compose/parse.js';

/** How a file writes memory settings: which key form its services use, and a size to copy the unit style of. */
export interface FileStyle {
  /** `mem`: `mem_limit`/`mem_reservation`; `deploy`: `deploy.resources.*.memory`. */
  form: 'mem' | 'deploy';
  /** A size written in the file with a unit (`512m`, `"1GB"`), or `1M` when it has none. */
  like: string;
}

const cache = new WeakMap<YamlFile, FileStyle>();

/**
 * The memory style of a file: `version: '2…'` files and files whose services write more `mem_limit`
 * than `deploy` keys get `mem_*`; the unit style is the first size written with a unit.
 */
export function fileStyle(project: ComposeProject, file: YamlFile): FileStyle {
  const hit = cache.get(file);
  if (hit) return hit;
  let mem = 0;
  let deploy = 0;
  let like: string | undefined;
  for (const svc of project.services.values()) {
    for (const kind of Object.keys(MEMORY_PATHS) as MemoryKind[]) {
      for (const s of memorySettings(svc, kind)) {
        if (s.def.file !== file) continue;
        if (s.path.length === 1) mem++;
        else deploy++;
        const text = s.variable?.default ?? s.raw;
        if (!like && !s.unlimited && typeof s.node.value !== 'number' && /[a-z]/i.test(sizeStyle(text)?.unit ?? '')) like = text;
      }
    }
  }
  const version = file.doc.contents && 'get' in file.doc.contents ? file.doc.get('version', true) : undefined;
  const v2 = isScalar(version) && /^2(\.|$)/.test(String(version.value));
  const style: FileStyle = { form: v2 || mem > deploy ? 'mem' : 'deploy', like: like ?? '1M' };
  cache.set(file, style);
  return style;
}

/** The key path of a new setting in a style. */
export function pathFor(kind: MemoryKind, form: FileStyle['form']): readonly string[] {
  return MEMORY_PATHS[kind][form === 'mem' ? 1 : 0]!;
}
