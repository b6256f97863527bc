import type { OptionSpec, Policy } from '../../src/transform/types.js';

/** torch-cpu options after defaults are applied. */
export interface TorchPolicy {
  /** `extra`: `--extra-index-url` (PyPI stays primary); `primary`: `--index-url` (everything from the CPU index). */
  index: 'extra' | 'primary';
  /** Pin `==V` as `==V+cpu`. */
  localVersion: boolean;
  /** Keep `+cpu` pins installable on macOS with `sys_platform` markers (requirements files only). */
  platformMarker: boolean;
  /** Version for torch lines the transform adds (public part; `+cpu` added per localVersion). */
  version?: string;
  /** Service names or globs; absent: every service. */
  services?: string[];
  /** Where the policy was written. */
  source: string;
}

/** Defaults of the options, as meta.options declares them. */
export const DEFAULTS = { index: 'extra', localVersion: true, platformMarker: false } as const;

/** Read a validated policy's options, filling defaults. */
export function readPolicy(p: Pick<Policy, 'options' | 'source'>): TorchPolicy {
  const o = p.options;
  const out: TorchPolicy = {
    index: o.index === 'primary' ? 'primary' : DEFAULTS.index,
    localVersion: typeof o.localVersion === 'boolean' ? o.localVersion : DEFAULTS.localVersion,
    platformMarker: typeof o.platformMarker === 'boolean' ? o.platformMarker : DEFAULTS.platformMarker,
    source: p.source,
  };
  if (typeof o.version === 'string') out.version = o.version.trim();
  if (Array.isArray(o.services)) out.services = o.services.map(String);
  return out;
}

/** torch-cpu's policy options: the one schema config validation, defaults, --help and the JSON schema read. */
export const OPTIONS: Record<string, OptionSpec> = {
  index: {
    type: 'enum',
    values: ['extra', 'primary'],
    description: 'extra: --extra-index-url (PyPI stays the primary index); primary: --index-url (every package must then be on the CPU index)',
    default: DEFAULTS.index,
  },
  localVersion: { type: 'boolean', description: 'pin ==V as ==V+cpu (a pin that already has a local label always becomes +cpu)', default: DEFAULTS.localVersion },
  platformMarker: {
    type: 'boolean',
    description: 'split +cpu pins into `V+cpu; sys_platform != "darwin"` and `V; sys_platform == "darwin"` (macOS has no +cpu wheels); off: warn',
    default: DEFAULTS.platformMarker,
  },
  version: { type: 'string', description: 'torch version for torch lines added under packages that depend on torch (unpinned when absent)' },
  services: { type: 'string[]', description: 'service names or globs the policy applies to (all when absent)' },
};
