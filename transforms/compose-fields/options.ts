import type { OptionSpec } from '../../src/transform/types.js';
import { pathProblem } from './path-problem.js';

/** compose-fields' policy options (after the pipeline's defaults; `when.service` is folded into `services`). */
export interface FieldsOptions {
  when?: { service?: string[]; image?: string[]; missing?: string[] };
  services?: string[];
  /** Dotted key path (`logging.options.max-size`) → a scalar, a list (the whole list) or a mapping (merged key by key). */
  set?: Record<string, unknown>;
  /** Dotted key paths to remove. */
  remove?: string[];
}

/** The one schema of a compose-fields policy: config validation, --help and the JSON schema read it. */
export const OPTIONS: Record<string, OptionSpec> = {
  when: {
    type: 'object',
    description: 'Which services the recipe applies to (every condition given must hold)',
    keys: {
      service: { type: 'string[]', description: 'service names or globs (same as `services`)' },
      image: { type: 'string[]', description: 'image globs, e.g. "python:*"' },
      missing: { type: 'string[]', description: 'dotted key paths the service must not set yet (all of them)' },
    },
    check: (when) => firstBad('missing', when.missing),
  },
  services: { type: 'string[]', description: 'service names or globs the recipe applies to (all when absent)' },
  set: {
    type: 'object',
    description: 'dotted key path → value; missing keys are created in the file\'s style, an equal value is left alone',
    additional: { type: 'any', description: 'a string, number or boolean; a list (replaces the whole list); or a mapping (merged key by key into the existing one)' },
    check: (set) => {
      for (const k of Object.keys(set)) {
        const problem = pathProblem(k);
        if (problem) return { key: k, message: problem };
      }
      return undefined;
    },
  },
  remove: { type: 'string[]', description: 'dotted key paths to remove from the service' },
};

/** The first bad dotted path of a list option, as a `check` result naming the option. */
function firstBad(key: string, paths: unknown): { key: string; message: string } | undefined {
  for (const p of Array.isArray(paths) ? paths : []) {
    const problem = pathProblem(String(p));
    if (problem) return { key, message: `"${String(p)}": ${problem}` };
  }
  return undefined;
}
