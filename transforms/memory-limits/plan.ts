import { lineAt } from '../../src/core/source.js';
import { memorySettings, type MemoryKind, type MemorySetting } from '../../src/compose/memory-setting.js';
import { formatMemory, formatMemoryLike } from '../../src/compose/memory.js';
import type { Finding } from '../../src/core/finding.js';
import type { UsageFact } from '../../src/facts/types.js';
import type { Service } from '../../src/project/model.js';
import type { Policy } from '../../src/transform/types.js';

/** A policy as planning reads it: options and where it was written (the pipeline already applied `services`). */
export type PolicyLike = Pick<Policy, 'options' | 'source'>;
import { effectiveLimit, origin, type Effective } from './effective-limit.js';
import { guardLimit } from './guards.js';
import { oomFloor, peakFloor, percentOf, scaleReservation, targetLimit, type Target } from './math.js';

/** Normalised memory-limits policy options (sizes in bytes, percents as fractions). */
export interface MemoryPolicyOptions {
  when?: { limit?: number | 'none'; usageAbove?: number; usageBelow?: number; service?: string[] };
  set?: { limit?: number; reservation?: number };
  target?: Partial<Target>;
  shrink?: boolean;
  force?: boolean;
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

type Note = (level: Finding['level'], code: string, message: string, setting?: MemorySetting) => void;

/** Decide the new limit/reservation of one service under the first matching policy. */
export function planService(service: Service, usage: UsageFact | undefined, policies: readonly PolicyLike[], findings: Finding[]): MemoryWrite[] {
  const svc = service.project.services.get(service.name)!;
  const limits = memorySettings(svc, 'limit');
  const reservations = memorySettings(svc, 'reservation');
  const limit = limits[0];
  const note: Note = (level, code, message, setting) => {
    findings.push({ transform: T, level, code, message, service: service.key, file: setting?.def.file.source.rel, line: setting ? lineOf(setting) : undefined });
  };
  const eff = effectiveLimit(service, limit, usage);
  if (eff.unknown) {
    note('warn', 'var-no-default', `${service.name}: memory limit ${eff.unknown}; not changed`, limit);
    return [];
  }
  if (eff.variable && usage?.limitBytes && !eff.from.startsWith('the running') && eff.bytes !== undefined && Math.abs(usage.limitBytes - eff.bytes) > Math.max(1024 * 1024, 0.01 * eff.bytes)) {
    note('warn', 'limit-mismatch', `${service.name}: the running container's limit is ${formatMemory(usage.limitBytes)} (${usage.source}), the project resolves ${formatMemory(eff.bytes)} from ${origin(eff)}; decisions use ${formatMemory(eff.bytes)}, what \`docker compose up\` enforces`, limit);
  }
  const current = eff.bytes;
  let skipped: { code: string; message: string } | undefined;
  for (const policy of policies) {
    const o = policy.options as MemoryPolicyOptions;
    const w = o.when ?? {};
    if (w.limit === 'none' ? !eff.unlimited : w.limit !== undefined && current !== w.limit) continue;
    if (eff.unlimited && w.limit !== 'none') {
      const why = limit ? `its memory limit ${eff.from}` : 'it has no memory limit';
      skipped ??= { code: 'no-limit', message: `${service.name}: ${why}: nothing to scale; only a policy with \`when: {limit: none}\` sets one (policy ${policy.source})` };
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
    return decide(service, o, policy, limits, reservations, eff, usage, note);
  }
  if (usage?.oomKilled && current !== undefined) {
    return decide(service, {}, { options: {}, source: 'built-in OOM rule' }, limits, reservations, eff, usage, note);
  }
  if (skipped) note('info', skipped.code, skipped.message, limit);
  return [];
}

function decide(
  service: Service,
  o: MemoryPolicyOptions,
  policy: PolicyLike,
  limits: MemorySetting[],
  reservations: MemorySetting[],
  eff: Effective,
  usage: UsageFact | undefined,
  note: Note,
): MemoryWrite[] {
  const limit = limits[0];
  const reservation = reservations[0];
  const current = eff.bytes;
  const was = current === undefined ? '' : shownEffective(limit!, eff);
  const usedPct = usage && current ? percentOf(usage.usageBytes, current) : undefined;
  const usedText = usage ? (usedPct !== undefined ? `usage ${formatMemory(usage.usageBytes)} = ${usedPct}% of ${was}` : `usage ${formatMemory(usage.usageBytes)}`) : '';
  let next: number | undefined = o.set?.limit;
  let why = '';
  if (next !== undefined) why = current === undefined ? `no memory limit; policy sets ${formatMemory(next)}` : `${usedText || `limit ${was}`}; policy sets ${formatMemory(next)}`;
  else if (o.target && usage) {
    // A target above ~87% would leave less than the 15% head-room: the floor lifts it, unless `force`.
    const t: Target = { usage: o.target.usage ?? 0.4, step: o.target.step ?? 64 * 1024 * 1024, min: o.target.min, max: o.target.max, floor: o.force ? undefined : peakFloor(usage.usageBytes) };
    t.min ??= t.step;
    next = targetLimit(usage.usageBytes, current, t, o.shrink === true);
    why = `${usedText}; target ${Math.round(t.usage * 100)}% in ${formatMemory(t.step)} steps`;
    if (t.max !== undefined && usage.usageBytes > t.max * t.usage) note('warn', 'above-max', `${service.name}: usage ${formatMemory(usage.usageBytes)} needs more than max ${formatMemory(t.max)} at ${Math.round(t.usage * 100)}%`, limit);
  }
  if (usage?.oomKilled && current !== undefined) {
    // The floor counts from the limit the container was killed at, so a second run on the same facts is a no-op.
    const floor = oomFloor(usage.limitBytes !== undefined && usage.limitBytes < current ? usage.limitBytes : current);
    if (next === undefined || next < floor) next = floor;
    why = `OOM-killed${usage.restartCount ? ` (${usage.restartCount} restarts)` : ''} at ${was}; raised to at least max(limit + 100M, limit × 1.2)`;
    note('warn', 'oom-killed', `${service.name}: container ${usage.container} was OOM-killed at ${was}`, limit);
  }
  if (next === undefined || next === current) return [];
  const verdict = guardLimit({ current, next, usage, shrink: o.shrink === true, force: o.force === true, policy: policy.source });
  if (verdict.code) note('warn', verdict.code, `${service.name}: ${verdict.message}`, limit);
  if (!verdict.write) return [];
  if (limit?.reset || reservation?.reset) {
    const r = limit?.reset ? limit : reservation!;
    note('warn', 'reset-tag', `${service.name}: memory ${r.kind} is \`!reset\` in ${r.def.file.source.rel}:${lineOf(r)} (docker compose drops the value: no ${r.kind}); a value written there would be dropped too: ${why}; not changed`, r);
    return [];
  }
  if (!eff.editable && eff.variable) {
    // The value the engine enforces is the variable's: editing the default in the file would change nothing.
    const written = limit!.variable?.default !== undefined ? `the default ${limit!.variable.default} written in` : 'the value written in';
    note('warn', 'var-override', `${service.name}: the engine enforces ${formatMemory(current!)} from ${origin(eff)}, not ${written} ${limit!.def.file.source.rel}:${lineOf(limit!)}; ${why}: set ${eff.variable.name}=${formatMemoryLike(next, eff.variable.value)} ${eff.variable.from.startsWith('the running') ? 'where the stack is deployed' : `in ${eff.variable.from}`} (editing the file would change nothing); not changed`, limit);
    return [];
  }
  const writes: MemoryWrite[] = [];
  const source = ` (policy ${policy.source}${usage ? `, ${usage.source}` : ''})`;
  const verb = current === undefined ? 'Set' : next > current ? 'Increased' : 'Decreased';
  const comment = current === undefined ? `Set to ${formatMemory(next)} (had no limit)` : `${verb} from ${shown(limit!)}${usedPct !== undefined ? ` (was at ${usedPct}% usage)` : ''}`;
  writes.push({ service, kind: 'limit', setting: limit, also: limits.slice(1), limitSetting: limit, before: current, after: next, reason: why + source, comment: o.annotate ? comment : undefined });
  writes.push(...reservationWrites(service, o, reservation, reservations, limit, current, next, source, note));
  return writes;
}

function reservationWrites(
  service: Service,
  o: MemoryPolicyOptions,
  reservation: MemorySetting | undefined,
  reservations: MemorySetting[],
  limit: MemorySetting | undefined,
  current: number | undefined,
  next: number,
  source: string,
  note: Note,
): MemoryWrite[] {
  const effRes = reservation && !reservation.unlimited ? effectiveLimit(service, reservation, undefined) : undefined;
  const have = effRes?.bytes;
  let res: number | undefined = o.set?.reservation;
  let resWhy = 'policy sets the reservation';
  if (res === undefined && have !== undefined && current !== undefined && (o.reservations ?? 'keep') === 'scale') {
    res = scaleReservation(have, current, next);
    resWhy = `scaled with the limit ${shown(limit!)} → ${formatMemory(next)}`;
  }
  if (res !== undefined && !(Number.isSafeInteger(res) && res > 0)) res = undefined;
  if (res === undefined && have !== undefined && have > next) {
    res = next;
    resWhy = 'a reservation cannot exceed the new limit';
  }
  if (res !== undefined && res > next) {
    res = next;
    resWhy += '; capped at the new limit';
  }
  if (res === undefined || res === have) return [];
  if (reservation && !reservation.unlimited && (effRes?.unknown || !effRes?.editable)) {
    const what = effRes?.unknown ?? `comes from ${effRes?.variable?.from ?? 'a variable'}`;
    note('warn', 'var-override', `${service.name}: reservation ${what}; set it to ${formatMemory(res)} there (${resWhy}); not changed`, reservation);
    return [];
  }
  return [{ service, kind: 'reservation', setting: reservation, also: reservations.slice(1), limitSetting: limit, before: have, after: res, reason: resWhy + source }];
}

/** 1-based line of a setting's value. */
export function lineOf(setting: MemorySetting): number {
  return lineAt(setting.def.file.source, setting.node.range![0]);
}

/** A setting's size as written (the default of `${VAR:-size}`). */
export function shown(setting: MemorySetting): string {
  return setting.variable?.default ?? setting.raw;
}

/** The enforced size for messages, naming a variable's source when it is not the written value. */
function shownEffective(setting: MemorySetting, eff: Effective): string {
  if (eff.variable) return formatMemory(eff.bytes!);
  return setting.variable ? `${shown(setting)} (the default of \${${setting.variable.name}}, which is unset or empty)` : shown(setting);
}
