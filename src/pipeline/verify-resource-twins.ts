import { parseMemory } from '../compose/memory.js';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function servicesOf(data: unknown): Obj {
  const s = isObj(data) ? data.services : undefined;
  return isObj(s) ? s : {};
}

const cpus = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined);
const bytes = (v: unknown): number | undefined => (typeof v === 'string' || typeof v === 'number' ? parseMemory(v) : undefined);

/** compose's own rule (compose-go loader): a service-level key and its `deploy.resources` twin must agree. */
const TWINS: { key: string; block: 'limits' | 'reservations'; field: string; read: (v: unknown) => number | undefined }[] = [
  { key: 'cpus', block: 'limits', field: 'cpus', read: cpus },
  { key: 'mem_limit', block: 'limits', field: 'memory', read: bytes },
  { key: 'mem_reservation', block: 'reservations', field: 'memory', read: bytes },
  { key: 'pids_limit', block: 'limits', field: 'pids', read: cpus },
];

function conflicts(service: unknown): string[] {
  if (!isObj(service)) return [];
  const resources = isObj(service.deploy) ? service.deploy.resources : undefined;
  const out: string[] = [];
  for (const t of TWINS) {
    const own = service[t.key];
    if (own === undefined || own === null) continue;
    const block = isObj(resources) ? resources[t.block] : undefined;
    if (block === undefined || block === null) continue;
    const twin = isObj(block) ? block[t.field] : undefined;
    // `${MEM:-128m}` beside a block without the twin disagrees whatever MEM is (but empty); two variables are not compared.
    const variable = (v: unknown): boolean => typeof v === 'string' && v.includes('$');
    if (variable(own) || variable(twin)) {
      if (twin === undefined) out.push(`'${t.key}' and 'deploy.resources.${t.block}.${t.field}'`);
      continue;
    }
    const a = t.read(own);
    if (a === 0) continue;
    if (twin === undefined || t.read(twin) !== a) out.push(`'${t.key}' and 'deploy.resources.${t.block}.${t.field}'`);
  }
  return out;
}

/**
 * A service that the new text gives both a service-level resource key and its `deploy.resources` twin with
 * distinct values (or the twin's block without it), where the old text did not: compose refuses such a file
 * ("can't set distinct values on 'cpus' and 'deploy.resources.limits.cpus'").
 */
export function newResourceConflict(before: unknown, after: unknown): string | undefined {
  const old = servicesOf(before);
  const now = servicesOf(after);
  for (const [name, value] of Object.entries(now)) {
    const had = new Set(conflicts(old[name]));
    const bad = conflicts(value).find((c) => !had.has(c));
    if (bad) return `service ${name} would set distinct values on ${bad}, which docker compose refuses ("can't set distinct values")`;
  }
  return undefined;
}
