import { InputError } from '../core/errors.js';

/** One container row of a saved `docker stats --no-stream` output. */
export interface StatsRow {
  /** Container name, or its id when the output has no NAME column. */
  container: string;
  id?: string;
  usageBytes: number;
  limitBytes?: number;
  percent?: number;
  /** 1-based line in the file. */
  line: number;
}

const SIZE = /^([\d.]+)\s*([KMGTP]?i?B|[kKMGTP]B?|B)?$/;

/** Parse a docker size (`68.5MiB`, `1.2GiB`, `512kB`, `0B`): *iB are binary, kB/MB/GB decimal. */
export function parseStatSize(text: string): number | undefined {
  const m = SIZE.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  if (!Number.isFinite(n)) return undefined;
  const unit = m[2] ?? 'B';
  const letter = unit[0]!.toUpperCase();
  const power = 'BKMGTP'.indexOf(letter);
  const binary = unit.includes('i') || unit.length === 1;
  return Math.round(n * (binary ? 1024 : 1000) ** Math.max(0, power));
}

function usagePair(text: string): { usage?: number; limit?: number } {
  const [u, l] = text.split('/').map((s) => s.trim());
  return { usage: u ? parseStatSize(u) : undefined, limit: l ? parseStatSize(l) : undefined };
}

/** Parse `docker stats --no-stream` output: the table form (any subset of columns) or JSON lines. */
export function parseDockerStats(text: string, file: string): StatsRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first === -1) return [];
  return lines[first]!.trimStart().startsWith('{') ? parseJsonLines(lines, file, text) : parseTable(lines, first, file, text);
}

function offsetOf(lines: string[], index: number): number {
  let off = 0;
  for (let i = 0; i < index; i++) off += lines[i]!.length + 1;
  return off;
}

function parseJsonLines(lines: string[], file: string, text: string): StatsRow[] {
  const rows: StatsRow[] = [];
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    let obj: Record<string, unknown>;
    try {
      obj = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      throw InputError.at(file, text, offsetOf(lines, i), 'not a JSON object (docker stats --format "{{json .}}")');
    }
    const name = String(obj.Name ?? obj.Container ?? obj.ID ?? '');
    const mem = usagePair(String(obj.MemUsage ?? ''));
    if (!name || mem.usage === undefined) {
      throw InputError.at(file, text, offsetOf(lines, i), 'a stats line needs Name and MemUsage');
    }
    const percent = parsePercent(String(obj.MemPerc ?? ''));
    rows.push({ container: name, id: obj.ID ? String(obj.ID) : undefined, usageBytes: mem.usage, limitBytes: mem.limit, percent, line: i + 1 });
  });
  return rows;
}

function parsePercent(text: string): number | undefined {
  const m = /^([\d.]+)%$/.exec(text.trim());
  return m ? Number(m[1]) : undefined;
}

function parseTable(lines: string[], headerIndex: number, file: string, text: string): StatsRow[] {
  const header = lines[headerIndex]!.trim().split(/\s{2,}|\t+/).map((h) => h.trim().toUpperCase());
  const col = (...names: string[]): number => header.findIndex((h) => names.includes(h));
  const nameCol = col('NAME', 'NAMES');
  const idCol = col('CONTAINER ID', 'CONTAINER', 'ID');
  const memCol = col('MEM USAGE / LIMIT', 'MEM USAGE', 'MEMUSAGE');
  const pctCol = col('MEM %', 'MEMPERC');
  if (memCol === -1 || (nameCol === -1 && idCol === -1)) {
    throw InputError.at(file, text, offsetOf(lines, headerIndex), 'docker stats table needs a NAME (or CONTAINER) column and a MEM USAGE / LIMIT column');
  }
  const rows: StatsRow[] = [];
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    const cells = raw.trim().split(/\s{2,}|\t+/);
    if (cells.length !== header.length) {
      throw InputError.at(file, text, offsetOf(lines, i), `expected ${header.length} columns, found ${cells.length}`);
    }
    const mem = usagePair(cells[memCol]!);
    if (mem.usage === undefined) throw InputError.at(file, text, offsetOf(lines, i), `cannot read memory usage "${cells[memCol]}"`);
    const id = idCol === -1 ? undefined : cells[idCol];
    rows.push({
      container: nameCol === -1 ? id! : cells[nameCol]!,
      id,
      usageBytes: mem.usage,
      limitBytes: mem.limit,
      percent: pctCol === -1 ? undefined : parsePercent(cells[pctCol]!),
      line: i + 1,
    });
  }
  return rows;
}
