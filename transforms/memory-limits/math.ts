/** Policy arithmetic for memory limits: pure functions on bytes, unit-tested on their own. */

const MiB = 1024 * 1024;

/** The engine refuses a memory limit under 6 MiB (`Minimum memory limit allowed is 6MB`). */
export const ENGINE_MIN_LIMIT = 6 * MiB;

/** Head-room over the measured peak that a limit keeps unless a policy says `force: true`. */
export const PEAK_BUFFER = 0.15;

/** The lowest limit written without `force`: measured peak × (1 + buffer), rounded up to whole MiB. */
export function peakFloor(peak: number): number {
  return ceilTo(peak * (1 + PEAK_BUFFER), MiB);
}

/** Round up to a multiple of step. */
export function ceilTo(bytes: number, step: number): number {
  return Math.ceil(bytes / step - 1e-9) * step;
}

/** Options of target mode, in bytes and fractions. */
export interface Target {
  usage: number;
  step: number;
  min?: number;
  max?: number;
  /** Lowest value before min/max (the peak × 1.15 head-room unless `force`). */
  floor?: number;
}

/**
 * Target mode: the smallest multiple of `step` that keeps usage at or below the target and at or
 * above the floor, within min/max. Without `shrink` a limit never goes down; with it, never below
 * usage × 1.15 + step.
 */
export function targetLimit(usage: number, current: number | undefined, t: Target, shrink: boolean): number {
  let next = ceilTo(usage / t.usage, t.step);
  next = Math.max(next, ceilTo(ENGINE_MIN_LIMIT, t.step), ceilTo(t.floor ?? 0, t.step));
  if (t.min !== undefined) next = Math.max(next, t.min);
  if (t.max !== undefined) next = Math.min(next, t.max);
  if (current !== undefined && next < current) {
    if (!shrink) return current;
    next = Math.max(next, ceilTo(usage * 1.15 + t.step, t.step));
    next = Math.min(next, current);
  }
  return next;
}

/** The floor for an OOM-killed container, as Kubernetes' VPA bumps: max(limit + 100 MiB, limit × 1.2). */
export function oomFloor(limit: number): number {
  return ceilTo(Math.max(limit + 100 * MiB, limit * 1.2), MiB);
}

/** Scale a reservation with its limit (64M under 128M→192M becomes 96M), rounded to whole MiB. */
export function scaleReservation(reservation: number, oldLimit: number, newLimit: number): number {
  const scaled = (reservation * newLimit) / oldLimit;
  // Never rounded to 0: a reservation of 0 means "none" to Docker.
  return Number.isInteger(scaled / MiB) ? scaled : Math.max(1, Math.round(scaled / MiB)) * MiB;
}

/** Usage as a whole percent of a limit, for messages. */
export function percentOf(usage: number, limit: number): number {
  return Math.round((usage / limit) * 100);
}
