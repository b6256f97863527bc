import type { OptionSpec } from './types.js';

/** Fill in `default` of every option (and of object keys) the value leaves out; never mutates the input. */
export function withDefaults(options: Readonly<Record<string, unknown>>, specs: Readonly<Record<string, OptionSpec>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...options };
  for (const [key, spec] of Object.entries(specs)) {
    const v = out[key];
    if (v === undefined) {
      if (spec.default !== undefined) out[key] = structuredClone(spec.default);
    } else if (spec.type === 'object' && spec.keys && v !== null && typeof v === 'object' && !Array.isArray(v)) {
      out[key] = withDefaults(v as Record<string, unknown>, spec.keys);
    }
  }
  return out;
}
