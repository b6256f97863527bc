/**
 * compose refuses a service whose service-level resource key and its `deploy.resources` twin disagree, and an
 * absent twin beside an existing block counts as disagreeing: `cpus: 0.5` beside a new
 * `deploy.resources.limits.memory` is "can't set distinct values on 'cpus' and 'deploy.resources.limits.cpus'".
 * So the form of a NEW key is decided by the service first, and by the file's style only when the service
 * writes no resource key at all.
 */

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Service-level keys that have a `deploy.resources.limits` / `.reservations` twin compose compares. */
const LIMIT_KEYS = ['cpus', 'mem_limit', 'pids_limit'];
const RESERVATION_KEYS = ['mem_reservation'];

const set = (v: unknown): boolean => v !== undefined && v !== null && v !== 0 && v !== '0';

/**
 * The form a new key under `deploy.resources.<block>` (or its service-level twin) must take in a service
 * (its merged value): `deploy` when that block exists, `service` when a service-level key would conflict
 * with a new block, else the service's other form if it has one; undefined when it writes none (use the file's).
 */
export function serviceResourceForm(service: Obj, block: 'limits' | 'reservations'): 'service' | 'deploy' | undefined {
  const resources = isObj(service.deploy) ? service.deploy.resources : undefined;
  const has = (b: string): boolean => isObj(resources) && b in resources;
  if (has(block)) return 'deploy';
  const twins = block === 'limits' ? LIMIT_KEYS : RESERVATION_KEYS;
  if (twins.some((k) => set(service[k]))) return 'service';
  if ([...LIMIT_KEYS, ...RESERVATION_KEYS, 'memswap_limit'].some((k) => set(service[k]))) return 'service';
  if (has('limits') || has('reservations')) return 'deploy';
  return undefined;
}
