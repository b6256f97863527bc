import picomatch from 'picomatch';
import { memorySettings, type MemoryKind, type MemorySetting } from '../compose/memory-setting.js';
import { formatMemory } from '../compose/memory.js';
import type { Finding } from '../core/finding.js';
import type { UsageFact } from '../facts/types.js';
import type { Service } from '../project/model.js';
import type { Policy } from '../transform/types.js';
import { oomFloor, percentOf, scaleReservation, targetLimit, type Target } from './memory-math.js';

/** Normalised memory-limits policy options (sizes in bytes, percents as fractions). */
export interface MemoryPolicyOptions {
  when?: { limit?: number | 'none'; usageAbove?: number; usageBelow?: number; service?: string[] };
  set?: { limit?: number; reservation?: number };
  target?: Partial<Target>;
  shrink?: boolean;
  reservations?: 'keep' | 'scale';
  annotate?: boolean;
}

/** One value to write: a new size for a service's limit or reservation, with why. */
export interface MemoryWrite {
  service: Service;
  kind: MemoryKind;
  /** The current setting; undefined when the key is missing and must be inserted. */
  setting?: MemorySetting;
  /** The same value in its other form (`mem_limit` beside `deploy…memory`): compose wants both equal. */
  also: MemorySetting[];
  /** The service's limit setting, for the style of an inserted reservation. */
  limitSetting?: MemorySetting;
  before?: number;
  after: number;
  reason: string;
  comment?: string;
}

const T = 'memory-limits';

/** Decide the new limit/reservation of one service under the first matching policy. */
export function planService(service: Service, usage: UsageFact | undefined, policies: readonly Policy[], findings: Finding[]): MemoryWrite[] {
  const svc = service.project.services.get(service.name)!;
  const limits = memorySettings(svc, 'limit');
  const reservations = memorySettings(svc, 'reservation');
  const limit = limits[0];
  const note = (level: Finding['level'], code: string, message: string, setting?: MemorySetting): void => {
    findings.push({ transform: T, level, code, message, service: service.key, file: setting?.def.file.source.rel, line: setting ? lineOf(setting) : undefined });
  };
  if (limit && limit.bytes === undefined) {
    note('warn', 'var-no-default', `${service.name}: memory limit "${limit.raw}" comes from a variable with no default; not changed`, limit);
    return [];
  }
  const current = limit?.bytes;
  let skipped: { code: string; message: string } | undefined;
  for (const policy of policies) {
    const o = policy.options as MemoryPolicyOptions;
    const w = o.when ?? {};
    if (w.service && !w.service.some((g) => picomatch.isMatch(service.name, g))) continue;
    if (w.limit === 'none' ? limit !== undefined : w.limit !== undefined && current !== w.limit) continue;
    if (!limit && w.limit !== 'none') {
      skipped ??= { code: 'no-limit', message: `${service.name}: has no memory limit to scale; a policy with \`when: {limit: none}\` can set one (policy ${policy.source})` };
      continue;
    }
    const needsUsage = w.usageAbove !== undefined || w.usageBelow !== undefined || (o.target !== undefined && o.set?.limit === undefined);
    if (needsUsage && !usage) {
      skipped ??= { code: 'no-usage', message: `${service.name}: no usage fact, not changed (policy ${policy.source})` };
      continue;
    }
    if (usage && current !== undefined) {
      const frac = usage.usageBytes / current;
      if (w.usageAbove !== undefined && !(frac > w.usageAbove) && !usage.oomKilled) continue;
      if (w.usageBelow !== undefined && !(frac < w.usageBelow)) continue;
    }
    return decide(service, o, policy, limits, reservations, usage, note);
  }
  if (usage?.oomKilled && current !== undefined) {
    return decide(service, {}, { transform: T, options: {}, source: 'built-in OOM rule' }, limits, reservations, usage, note);
  }
  if (skipped) note('info', skipped.code, skipped.message, limit);
  return [];
}

function decide(
  service: Service,
  o: MemoryPolicyOptions,
  policy: Policy,
  limits: MemorySetting[],
  reservations: MemorySetting[],
  usage: UsageFact | undefined,
  note: (level: Finding['level'], code: string, message: string, setting?: MemorySetting) => void,
): MemoryWrite[] {
  const limit = limits[0];
  const reservation = reservations[0];
  const current = limit?.bytes;
  const usedPct = usage && current ? percentOf(usage.usageBytes, current) : undefined;
  const usedText = usage ? (usedPct !== undefined ? `usage ${formatMemory(usage.usageBytes)} = ${usedPct}% of ${shown(limit!)}` : `usage ${formatMemory(usage.usageBytes)}`) : '';
  let next: number | undefined = o.set?.limit;
  let why = '';
  if (next !== undefined) why = current === undefined ? `no memory limit; policy sets ${formatMemory(next)}` : `${usedText || `limit ${shown(limit!)}`}; policy sets ${formatMemory(next)}`;
  else if (o.target && usage) {
    const t: Target = { usage: o.target.usage ?? 0.4, step: o.target.step ?? 64 * 1024 * 1024, min: o.target.min, max: o.target.max };
    t.min ??= t.step;
    next = targetLimit(usage.usageBytes, current, t, o.shrink === true);
    why = `${usedText}; target ${Math.round(t.usage * 100)}% in ${formatMemory(t.step)} steps`;
    if (t.max !== undefined && usage.usageBytes > t.max * t.usage) note('warn', 'above-max', `${service.name}: usage ${formatMemory(usage.usageBytes)} needs more than max ${formatMemory(t.max)} at ${Math.round(t.usage * 100)}%`, limit);
  }
  if (usage?.oomKilled && current !== undefined) {
    const floor = oomFloor(current);
    if (next === undefined || next < floor) next = floor;
    why = `OOM-killed${usage.restartCount ? ` (${usage.restartCount} restarts)` : ''} at ${shown(limit!)}; raised to at least max(limit + 100M, limit × 1.2)`;
    note('warn', 'oom-killed', `${service.name}: container ${usage.container} was OOM-killed at ${shown(limit!)}`, limit);
  }
  if (next === undefined) return [];
  const writes: MemoryWrite[] = [];
  const source = ` (policy ${policy.source}${usage ? `, ${usage.source}` : ''})`;
  if (next !== current) {
    const verb = current === undefined ? 'Set' : next > current ? 'Increased' : 'Decreased';
    const comment = current === undefined ? `Set to ${formatMemory(next)} (had no limit)` : `${verb} from ${shown(limit!)}${usedPct !== undefined ? ` (was at ${usedPct}% usage)` : ''}`;
    writes.push({ service, kind: 'limit', setting: limit, also: limits.slice(1), limitSetting: limit, before: current, after: next, reason: why + source, comment: o.annotate ? comment : undefined });
  }
  let res: number | undefined = o.set?.reservation;
  let resWhy = 'policy sets the reservation';
  if (res === undefined && reservation?.bytes !== undefined && current !== undefined && next !== current && (o.reservations ?? 'keep') === 'scale') {
    res = scaleReservation(reservation.bytes, current, next);
    resWhy = `scaled with the limit ${shown(limit!)} → ${formatMemory(next)}`;
  }
  if (res === undefined && reservation?.bytes !== undefined && reservation.bytes > next) {
    res = next;
    resWhy = 'a reservation cannot exceed the new limit';
  }
  if (reservation && reservation.bytes === undefined && res !== undefined) {
    note('warn', 'var-no-default', `${service.name}: reservation "${reservation.raw}" comes from a variable with no default; not changed`, reservation);
    res = undefined;
  }
  if (res !== undefined && res !== reservation?.bytes) {
    writes.push({ service, kind: 'reservation', setting: reservation, also: reservations.slice(1), limitSetting: limit, before: reservation?.bytes, after: res, reason: resWhy + source });
  }
  return writes;
}

/** 1-based line of a setting's value. */
export function lineOf(setting: MemorySetting): number {
  return setting.def.file.source.text.slice(0, setting.node.range![0]).split('\n').length;
}

/** A setting's size as written (the default of `${VAR:-size}`). */
export function shown(setting: MemorySetting): string {
  return setting.variable?.default ?? setting.raw;
}
