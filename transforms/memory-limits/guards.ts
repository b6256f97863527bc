import { formatMemory } from '../../src/compose/memory.js';
import type { UsageFact } from '../../src/facts/types.js';
import { ENGINE_MIN_LIMIT, PEAK_BUFFER, peakFloor } from './math.js';

/** What a guard found about a new limit: refuse it, or let it through with a warning. */
export interface GuardVerdict {
  write: boolean;
  code?: string;
  message?: string;
}

/** Inputs of the limit guard: the enforced limit (undefined: none), the proposed one, the facts, the policy's switches. */
export interface GuardInput {
  current?: number;
  next: number;
  usage?: UsageFact;
  shrink: boolean;
  force: boolean;
  policy: string;
}

/**
 * The rules every new memory limit passes before it becomes an edit: a finite, whole, positive size the
 * engine accepts (≥ 6M); never lower than the enforced limit without `shrink: true`; never below the
 * measured peak × (1 + 15%) without `force: true` (a warning either way).
 */
export function guardLimit(g: GuardInput): GuardVerdict {
  const { current, next, usage } = g;
  if (!Number.isSafeInteger(next) || next <= 0) return { write: false, code: 'bad-value', message: `computed limit ${String(next)} is not a positive whole size; not changed (policy ${g.policy})` };
  if (next < ENGINE_MIN_LIMIT) return { write: false, code: 'below-engine-min', message: `${formatMemory(next)} is under the engine's minimum memory limit of 6M; not changed (policy ${g.policy})` };
  if (current !== undefined && next < current && !g.shrink) {
    return { write: false, code: 'would-lower', message: `policy ${g.policy} would lower the limit ${formatMemory(current)} → ${formatMemory(next)}; not changed (add \`shrink: true\` to allow lowering)` };
  }
  if (usage && next < peakFloor(usage.usageBytes)) {
    const floor = `measured peak ${formatMemory(usage.usageBytes)} (${usage.source}) × ${1 + PEAK_BUFFER} = ${formatMemory(peakFloor(usage.usageBytes))}`;
    if (!g.force) return { write: false, code: 'below-peak', message: `policy ${g.policy} sets ${formatMemory(next)}, below ${floor}: the container would be OOM-killed; not changed (\`force: true\` writes it anyway)` };
    return { write: true, code: 'below-peak', message: `${formatMemory(next)} is below ${floor}; written because the policy says \`force: true\`` };
  }
  return { write: true };
}
