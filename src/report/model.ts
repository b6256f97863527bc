import { memorySettings } from '../compose/memory-setting.js';
import type { Change, Finding } from '../core/finding.js';
import type { Facts, ImageFact } from '../facts/types.js';
import type { Project } from '../project/model.js';

/** Usage bands of the report: under 40%, 40–50%, over 50% (OOM risk). */
export type Band = 'ok' | 'watch' | 'oom-risk';

/** One service's row: limits, usage and image size before and after (measured values only). */
export interface ServiceRow {
  service: string;
  limitBefore?: number;
  limitAfter?: number;
  usage?: number;
  usageSource?: string;
  pctBefore?: number;
  pctAfter?: number;
  bandBefore?: Band;
  bandAfter?: Band;
  imageBefore?: number;
  imageAfter?: number;
  oomKilled?: boolean;
}

/** A tier: every service at one limit ('none' for services without one). */
export interface Tier {
  limit: number | 'none';
  count: number;
  total: number;
}

export interface ReportData {
  services: ServiceRow[];
  tiers: { before: Tier[]; after: Tier[] };
  totals: { before: number; after: number };
  changes: Change[];
  findings: Finding[];
}

/** A service's name in a report: `project/service` only when the report spans several compose projects. */
export function reportLabel(data: ReportData): (key: string) => string {
  const projects = new Set(data.services.map((r) => r.service.slice(0, r.service.indexOf('/'))));
  return (key) => key.split(', ').map((k) => (projects.size > 1 ? k : k.slice(k.indexOf('/') + 1))).join(', ');
}

/** Band of a usage share. */
export function band(pct: number): Band {
  return pct > 50 ? 'oom-risk' : pct >= 40 ? 'watch' : 'ok';
}

function tiers(rows: ServiceRow[], key: 'limitBefore' | 'limitAfter'): Tier[] {
  const map = new Map<number | 'none', Tier>();
  for (const r of rows) {
    const limit = r[key] ?? 'none';
    const t = map.get(limit) ?? { limit, count: 0, total: 0 };
    t.count++;
    t.total += limit === 'none' ? 0 : limit;
    map.set(limit, t);
  }
  return [...map.values()].sort((a, b) => (a.limit === 'none' ? 1 : b.limit === 'none' ? -1 : a.limit - b.limit));
}

/**
 * Build the report from a run: limits as loaded, the planned limit changes, measured usage, and image
 * sizes (`after` sizes only when a rebuild measured them).
 */
export function buildReport(project: Project, facts: Facts, changes: Change[], findings: Finding[], imagesAfter?: Map<string, number>, imagesBefore?: ReadonlyMap<string, ImageFact>): ReportData {
  const services: ServiceRow[] = project.services.map((s) => {
    const svc = s.project.services.get(s.name)!;
    const limit = memorySettings(svc, 'limit')[0]?.bytes;
    const change = changes.find((c) => c.service === s.key && c.value.kind === 'memory-limit');
    const after = change?.value.kind === 'memory-limit' ? change.value.bytes : limit;
    const usage = facts.usage.get(s.key);
    const row: ServiceRow = { service: s.key, limitBefore: limit, limitAfter: after };
    if (usage) {
      row.usage = usage.usageBytes;
      row.usageSource = usage.source;
      row.oomKilled = usage.oomKilled;
      if (limit) row.pctBefore = Math.round((usage.usageBytes / limit) * 1000) / 10;
      if (after) row.pctAfter = Math.round((usage.usageBytes / after) * 1000) / 10;
      if (row.pctBefore !== undefined) row.bandBefore = band(row.pctBefore);
      if (row.pctAfter !== undefined) row.bandAfter = band(row.pctAfter);
    }
    const image = facts.images.get(s.key) ?? imagesBefore?.get(s.key);
    if (image) row.imageBefore = image.sizeBytes;
    const later = imagesAfter?.get(s.key);
    if (later !== undefined) row.imageAfter = later;
    return row;
  });
  const sum = (k: 'limitBefore' | 'limitAfter'): number => services.reduce((a, r) => a + (r[k] ?? 0), 0);
  return {
    services,
    tiers: { before: tiers(services, 'limitBefore'), after: tiers(services, 'limitAfter') },
    totals: { before: sum('limitBefore'), after: sum('limitAfter') },
    changes,
    findings,
  };
}
