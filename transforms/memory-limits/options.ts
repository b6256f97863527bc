import type { OptionSpec } from '../../src/transform/types.js';
import { ENGINE_MIN_LIMIT } from './math.js';

const size = (description: string, values?: string[], min?: number): OptionSpec => ({ type: 'size', description, values, min });
const percent = (description: string, bounds: Partial<OptionSpec> = {}): OptionSpec => ({ type: 'percent', description, ...bounds });
const n = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** memory-limits' policy options: the one schema config validation, defaults, --help and the JSON schema read. */
export const OPTIONS: Record<string, OptionSpec> = {
  when: {
    type: 'object',
    description: 'Which services the policy applies to',
    keys: {
      limit: size('current limit equals this size, or `none` for services without a limit', ['none']),
      usageAbove: percent('measured usage above this share of the limit'),
      usageBelow: percent('measured usage below this share of the limit'),
      service: { type: 'string[]', description: 'service names or globs (old spelling of `services`)', deprecated: 'write `services:` beside `when:` (one selector name for every transform)' },
    },
    check: (w) => {
      const [above, below] = [n(w.usageAbove), n(w.usageBelow)];
      return above !== undefined && below !== undefined && above >= below ? { key: 'usageBelow', message: `usageAbove ${Math.round(above * 100)}% and usageBelow ${Math.round(below * 100)}% match no usage` } : undefined;
    },
  },
  set: {
    type: 'object',
    description: 'Set fixed values',
    keys: { limit: size('new limit (at least 6M, the engine\'s minimum)', undefined, ENGINE_MIN_LIMIT), reservation: size('new reservation') },
    check: (v) => {
      const [limit, res] = [n(v.limit), n(v.reservation)];
      return limit !== undefined && res !== undefined && res > limit ? { key: 'reservation', message: 'a reservation cannot exceed the limit' } : undefined;
    },
  },
  target: {
    type: 'object',
    description: 'Smallest multiple of step keeping usage at or below the target',
    keys: {
      usage: percent('target usage share, above 0% and at most 100%', { above: 0, max: 1 }),
      step: size('granularity of new limits (above 0)'),
      min: size('lowest limit'),
      max: size('highest limit'),
    },
    check: (t) => {
      const [min, max] = [n(t.min), n(t.max)];
      return min !== undefined && max !== undefined && min > max ? { key: 'max', message: 'max is below min' } : undefined;
    },
  },
  shrink: { type: 'boolean', description: 'allow lowering a limit (target mode: never below usage × 1.15 + step)', default: false },
  force: { type: 'boolean', description: 'allow a limit below measured peak × 1.15 (a warning says so)', default: false },
  reservations: { type: 'enum', values: ['keep', 'scale'], description: 'keep reservations, or scale them with the limit', default: 'keep' },
  services: { type: 'string[]', description: 'service names or globs the policy applies to (all when absent)' },
  annotate: { type: 'boolean', description: 'add an end-of-line comment saying what changed and why', default: false },
};
