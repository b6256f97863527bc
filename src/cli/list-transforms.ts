import type { RunRegistry } from '../transform/load-plugin.js';
import type { AnyTransform, OptionSpec } from '../transform/types.js';
import { EXIT, type IO } from './io.js';
import { runRegistryFor } from './run-registry.js';

/** One option as `--json` lists it: the spec's data (the cross-key `check` function is code, not data). */
function optionJson(spec: OptionSpec): Record<string, unknown> {
  const { check: _check, keys, additional, ...rest } = spec;
  return {
    ...rest,
    ...(keys ? { keys: Object.fromEntries(Object.entries(keys).map(([k, sub]) => [k, optionJson(sub)])) } : {}),
    ...(additional ? { additional: optionJson(additional) } : {}),
  };
}

/** Each transform of the run as data: built-ins first, then plugins with the specs that loaded them. */
export function transformsJson(run: RunRegistry): object {
  return {
    transforms: [...run.registry.values()].map((t) => {
      const specs = run.refs.get(t.meta.name);
      return {
        name: t.meta.name,
        description: t.meta.description,
        builtin: !specs,
        ...(specs ? { plugin: specs } : {}),
        reads: t.meta.reads,
        edits: t.meta.edits,
        options: Object.fromEntries(Object.entries(t.meta.options).map(([k, spec]) => [k, optionJson(spec)])),
        defaultPolicies: t.meta.defaultPolicies,
      };
    }),
  };
}

/** A default as a config would write it: a percent option's fraction 0.5 is `50%`. */
function showDefault(type: string, value: unknown): string {
  return type === 'percent' && typeof value === 'number' ? `${Number((value * 100).toFixed(6))}%` : JSON.stringify(value);
}

function optionLines(t: AnyTransform): string[] {
  const out: string[] = [];
  for (const [k, spec] of Object.entries(t.meta.options)) {
    out.push(`  ${k} (${spec.type}${spec.values ? `: ${spec.values.join(' | ')}` : ''})${spec.default !== undefined ? ` default ${showDefault(spec.type, spec.default)}` : ''}: ${spec.description}`);
    for (const [sk, sub] of Object.entries(spec.keys ?? {})) out.push(`    ${k}.${sk} (${sub.type}): ${sub.description}`);
    if (spec.additional) out.push(`    ${k}.<key> (${spec.additional.type}): ${spec.additional.description}`);
  }
  return out;
}

/** `composeshift transforms`: each transform with its options and defaults; a plugin says which spec loaded it. */
export function transformsText(run: RunRegistry): string {
  const out: string[] = [];
  for (const t of run.registry.values()) {
    const specs = run.refs.get(t.meta.name);
    out.push(`${t.meta.name}: ${t.meta.description}`);
    if (specs) out.push(`  plugin: ${specs.join(', ')}`);
    out.push(`  reads: ${t.meta.reads.join(', ') || 'nothing'}; edits: ${t.meta.edits.join(', ') || 'nothing'}`, ...optionLines(t), '');
  }
  return out.join('\n');
}

/**
 * `composeshift transforms [root]`: the built-ins, plus the plugins `-t` and the root's config (or `-c`) name,
 * loaded as plan loads them (a bad plugin is the same exit 2); `--json` for machines.
 */
export async function runListTransforms(rootArg: string, o: Record<string, unknown>, io: IO): Promise<number> {
  const run = await runRegistryFor(rootArg, o, io);
  io.stdout.write(o.json ? JSON.stringify(transformsJson(run), null, 2) + '\n' : transformsText(run));
  return EXIT.ok;
}
