import { substitute } from '../../src/compose/interpolation.js';
import { formatMemory, parseMemory } from '../../src/compose/memory.js';
import { meansNoLimit, type MemorySetting } from '../../src/compose/memory-setting.js';
import { lineAt } from '../../src/core/source.js';
import type { UsageFact } from '../../src/facts/types.js';
import type { Service } from '../../src/project/model.js';

/** The value the engine enforces for a memory setting, and where that value comes from. */
export interface Effective {
  /** Bytes enforced; undefined when there is no limit or it cannot be told. */
  bytes?: number;
  /** No setting, or one Docker reads as "no limit" (`0`, `-1`, null, a variable that gives 0). */
  unlimited: boolean;
  /** A variable with no value anywhere we can see and no default: nothing to decide on. */
  unknown?: string;
  /** Where the value comes from: `compose.yaml:5`, `.env:2`, `the environment`, `the running container's limit (…)`. */
  from: string;
  /** True when editing the written value (or its variable's default) changes what the engine enforces. */
  editable: boolean;
  /** Set when a variable's value, not the written default, is what counts: where to change it instead. */
  variable?: { name: string; value: string; from: string };
}

/** Short form of where an enforced value comes from, for messages: `A_MEM=512M in .env:1`. */
export function origin(eff: Effective): string {
  const v = eff.variable;
  if (!v) return eff.from;
  return v.from.startsWith('the running') ? v.from : `${v.name}=${v.value} in ${v.from}`;
}

/** Stats rows print limits rounded (`1.953GiB`): equal within 1% or 1 MiB. */
function near(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(1024 * 1024, 0.01 * Math.max(a, b));
}

function where(setting: MemorySetting): string {
  return `${setting.def.file.source.rel}:${lineAt(setting.def.file.source, setting.node.range![0])}`;
}

/**
 * Resolve a service's memory setting as the engine sees it. A literal is what it says. `${VAR:-d}`
 * takes VAR from `--env-file`/`.env`/the environment as compose does; when VAR is set nowhere we can
 * see but the stats row reports a different limit, the running container's limit counts (VAR was set
 * when it started). Only a value written in the file and used as written is `editable`.
 */
export function effectiveLimit(service: Service, setting: MemorySetting | undefined, usage: UsageFact | undefined): Effective {
  if (!setting) return { unlimited: true, from: 'no memory limit', editable: false };
  const here = where(setting);
  if (setting.unlimited) return { unlimited: true, from: `${here} (${setting.raw || 'null'} means no limit)`, editable: true };
  const v = setting.variable;
  if (!v) {
    // `$VAR` or `${A}${B}`: interpolated, but not one `${VAR:-size}` that could be resolved or edited.
    if (setting.bytes === undefined) return { unlimited: false, unknown: `"${setting.raw}" is interpolated in a form composeshift does not resolve`, from: here, editable: false };
    return { bytes: setting.bytes, unlimited: false, from: here, editable: true };
  }
  // An included file's own env file fills what the project's variables leave unset (compose-go's merge).
  const inc = service.project.includeEnv?.get(setting.def.file.source.path);
  const env = inc ? new Map([...inc.values, ...service.project.env]) : service.project.env;
  const { value, fromDefault } = substitute(v, env);
  // A limit of 0 in a stats row or series means none was set: never a value to decide on.
  const stats = usage?.limitBytes !== undefined && usage.limitBytes > 0 ? usage.limitBytes : undefined;
  if (!fromDefault) {
    const from = service.project.envSource?.get(v.name) ?? inc?.source.get(v.name) ?? '.env';
    const variable = { name: v.name, value, from };
    if (meansNoLimit(value)) return { unlimited: true, from: `${v.name}=${value} in ${from} (no limit)`, editable: false, variable };
    const bytes = parseMemory(value);
    if (bytes === undefined) return { unlimited: false, unknown: `${v.name}="${value}" in ${from} is not a size compose accepts`, from, editable: false, variable };
    return { bytes, unlimited: false, from, editable: false, variable };
  }
  // The default applies unless the running container says otherwise.
  const bytes = v.default !== undefined ? parseMemory(v.default) : undefined;
  if (stats !== undefined && (bytes === undefined || !near(stats, bytes))) {
    const from = `the running container's limit (${usage!.source}; ${v.name} was set when it started)`;
    return { bytes: stats, unlimited: false, from, editable: false, variable: { name: v.name, value: formatMemory(stats), from } };
  }
  if (v.default === undefined || bytes === undefined) return { unlimited: false, unknown: `"${setting.raw}" comes from a variable with no default`, from: here, editable: false };
  if (bytes === 0) return { unlimited: true, from: `${here} (default 0 means no limit)`, editable: true };
  return { bytes, unlimited: false, from: `${here} (default of \${${v.name}}; ${v.name} is not set)`, editable: true };
}
