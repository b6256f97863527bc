import { InputError } from '../core/errors.js';
import { parseDockerSize } from '../docker/sizes.js';

/** One container row of a saved `docker stats --no-stream` output. */
export interface StatsRow {
  /** Container name, or its id when the output has no NAME column. */
  container: string;
  id?: string;
  usageBytes: number;
  limitBytes?: number;
  percent?: number;
  /** CPU % as docker prints it (100 = one core busy), when the output has the column. */
  cpuPercent?: number;
  /** 1-based line in the file. */
  line: number;
}

/**
 * docker prints `-- / --` (and `--` in every other column) for a container whose stats it could not read, e.g.
 * one stopping while sampled: that row measures nothing. It is left out, as a container that was not running
 * (its service then has no usage fact and is reported, never guessed), instead of failing the whole file.
 */
const NOT_MEASURED = /^--\s*\/\s*--$/;

/**
 * docker prints `0B / 0B` for a container that is not running (`docker stats --all`, or one that exited while
 * sampled), and where the memory controller is not available: no reading — read as usage 0 it let a
 * `usageBelow`/shrink policy cut the limit to the minimum. A usage beside a `0B` limit is still a reading; the
 * `0B` limit is no limit reading (one without a limit shows the host's memory), so it is dropped.
 */
function notRunning(mem: { usage?: number; limit?: number }): boolean {
  return mem.limit === 0 && mem.usage === 0;
}

/** The limit a stats cell reads, `0B` (no reading) left out. */
function limitOf(mem: { limit?: number }): number | undefined {
  return mem.limit === 0 ? undefined : mem.limit;
}

function usagePair(text: string): { usage?: number; limit?: number } {
  const [u, l] = text.split('/').map((s) => s.trim());
  return { usage: u ? parseDockerSize(u) : undefined, limit: l ? parseDockerSize(l) : undefined };
}

/**
 * Parse `docker stats --no-stream` output: the table form (any subset of columns) or JSON lines. Rows of
 * containers that were not measured (`-- / --`, `0B / 0B`) are left out; their 1-based lines go to `notMeasured`.
 */
export function parseDockerStats(text: string, file: string, notMeasured: number[] = []): StatsRow[] {
  const bom = text.startsWith('\uFEFF') ? 1 : 0;
  const body = text.slice(bom);
  const lines = body.split(/\r?\n/);
  // Offsets in the text as read (BOM and CRLF included), so an error's line:col is the file's own.
  const starts: number[] = [];
  let off = bom;
  for (const l of lines) {
    starts.push(off);
    off += l.length + (text.startsWith('\r\n', off + l.length) ? 2 : 1);
  }
  const at = (i: number): number => starts[i]!;
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first === -1) return [];
  return lines[first]!.trimStart().startsWith('{') ? parseJsonLines(lines, file, text, at, notMeasured) : parseTable(lines, first, file, text, at, notMeasured);
}

function parseJsonLines(lines: string[], file: string, text: string, offsetOf: (i: number) => number, notMeasured: number[]): StatsRow[] {
  const rows: StatsRow[] = [];
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    let obj: Record<string, unknown>;
    try {
      obj = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      throw InputError.at(file, text, offsetOf(i), 'not a JSON object (docker stats --format "{{json .}}")');
    }
    const name = String(obj.Name ?? obj.Container ?? obj.ID ?? '');
    if (NOT_MEASURED.test(String(obj.MemUsage ?? '').trim())) return void notMeasured.push(i + 1);
    const mem = usagePair(String(obj.MemUsage ?? ''));
    if (!name || mem.usage === undefined) {
      throw InputError.at(file, text, offsetOf(i), 'a stats line needs Name and MemUsage');
    }
    if (notRunning(mem)) return void notMeasured.push(i + 1);
    const percent = percentCell(String(obj.MemPerc ?? ''));
    const cpuPercent = percentCell(String(obj.CPUPerc ?? ''));
    rows.push({ container: name, id: obj.ID ? String(obj.ID) : undefined, usageBytes: mem.usage, limitBytes: limitOf(mem), percent, cpuPercent, line: i + 1 });
  });
  return rows;
}

function percentCell(text: string): number | undefined {
  const m = /^([\d.]+)%$/.exec(text.trim());
  return m ? Number(m[1]) : undefined;
}

function parseTable(lines: string[], headerIndex: number, file: string, text: string, offsetOf: (i: number) => number, notMeasured: number[]): StatsRow[] {
  const header = lines[headerIndex]!.trim().split(/\s{2,}|\t+/).map((h) => h.trim().toUpperCase());
  const col = (...names: string[]): number => header.findIndex((h) => names.includes(h));
  const nameCol = col('NAME', 'NAMES');
  const idCol = col('CONTAINER ID', 'CONTAINER', 'ID');
  const memCol = col('MEM USAGE / LIMIT', 'MEM USAGE', 'MEMUSAGE');
  const pctCol = col('MEM %', 'MEMPERC');
  const cpuCol = col('CPU %', 'CPUPERC');
  if (memCol === -1 || (nameCol === -1 && idCol === -1)) {
    // `--format '{{.Name}}\t{{.MemUsage}}'` without `table` prints rows and no header: say how to get one.
    const row = /\d\s*[a-z]*\s*\/\s*\d/i.test(lines[headerIndex]!) ? "; the first line is a row, not a header: save it with --format 'table {{.Name}}\\t{{.MemUsage}}' so docker prints one" : '';
    throw InputError.at(file, text, offsetOf(headerIndex), `docker stats table needs a NAME (or CONTAINER) column and a MEM USAGE / LIMIT column${row}`);
  }
  const rows: StatsRow[] = [];
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    const cells = raw.trim().split(/\s{2,}|\t+/);
    if (cells.length !== header.length) {
      throw InputError.at(file, text, offsetOf(i), `expected ${header.length} columns, found ${cells.length}`);
    }
    if (NOT_MEASURED.test(cells[memCol]!.trim())) {
      notMeasured.push(i + 1);
      continue;
    }
    const mem = usagePair(cells[memCol]!);
    if (mem.usage === undefined) throw InputError.at(file, text, offsetOf(i), `cannot read memory usage "${cells[memCol]}"`);
    if (notRunning(mem)) {
      notMeasured.push(i + 1);
      continue;
    }
    const id = idCol === -1 ? undefined : cells[idCol];
    rows.push({
      container: nameCol === -1 ? id! : cells[nameCol]!,
      id,
      usageBytes: mem.usage,
      limitBytes: limitOf(mem),
      percent: pctCol === -1 ? undefined : percentCell(cells[pctCol]!),
      cpuPercent: cpuCol === -1 ? undefined : percentCell(cells[cpuCol]!),
      line: i + 1,
    });
  }
  return rows;
}
