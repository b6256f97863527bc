import picomatch from 'picomatch';
import type { Policy } from '../transform/types.js';

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

/** The first policy whose `services` matches the service name (a policy without `services` matches all). */
export function policyFor(policies: readonly TorchPolicy[], service: string): TorchPolicy | undefined {
  return policies.find((p) => !p.services || p.services.some((g) => picomatch.isMatch(service, g)));
}
