import { InputError } from '../core/errors.js';
import { readSourceFile } from '../core/source.js';
import type { Project } from '../project/model.js';
import { containerMatcher } from './match-containers.js';
import { parseDockerStats } from './stats-file.js';
import type { Facts } from './types.js';

/** Usage facts from a saved `docker stats --no-stream` file; the peak row counts when a service has several. */
export function usageFromStatsFile(project: Project, abs: string, facts: Facts): void {
  const source = readSourceFile(abs, project.root);
  const notMeasured: number[] = [];
  const rows = parseDockerStats(source.text, source.rel, notMeasured);
  // Rows docker could not measure are not bad input: their services are reported as having no usage fact.
  if (rows.length === 0 && notMeasured.length === 0) {
    const header = source.text.search(/\S/);
    throw InputError.at(source.rel, source.text, Math.max(0, header), header === -1 ? 'empty docker stats file: no containers' : 'no container rows in docker stats output');
  }
  if (notMeasured.length) facts.notMeasured = [...(facts.notMeasured ?? []), ...notMeasured.map((l) => `${source.rel}:${l}`)];
  const match = containerMatcher(project);
  for (const row of rows) {
    const m = match(row.container);
    if ('none' in m) {
      facts.unmatched.push(row.container);
      continue;
    }
    if ('ambiguous' in m) {
      (facts.ambiguous ??= []).push(`${row.container} (${source.rel}:${row.line}; could be ${m.ambiguous.join(' or ')})`);
      continue;
    }
    const key = m.key;
    const prev = facts.usage.get(key);
    // CPU peaks on its own row: the busiest replica's CPU is not the one with the most memory.
    const cpu = row.cpuPercent !== undefined && (prev?.cpuPercent === undefined || row.cpuPercent > prev.cpuPercent) ? { cpuPercent: row.cpuPercent, cpuSource: `${source.rel}:${row.line}` } : prev?.cpuPercent !== undefined ? { cpuPercent: prev.cpuPercent, cpuSource: prev.cpuSource } : {};
    if (prev && prev.usageBytes >= row.usageBytes) {
      Object.assign(prev, cpu);
      continue;
    }
    facts.usage.set(key, {
      service: key,
      container: row.container,
      usageBytes: row.usageBytes,
      limitBytes: row.limitBytes,
      source: `${source.rel}:${row.line}`,
      ...cpu,
    });
  }
}
