import type { LogicalLine, OptionEntry, RequirementsFile } from '../../src/requirements/index.js';
import { pytorchIndexKind } from './index-url.js';
import type { Note } from './types.js';

/**
 * Options pip applies to the whole file. pip reads a requirement line's options but keeps only `--hash`,
 * `--global-option` and `--config-settings` for it (pip/_internal/req/req_file.py, handle_requirement_line):
 * `torch==2.1.2+cu118 --index-url …/cu118` or `--no-index` written after a requirement changes nothing.
 */
export function fileOptions(file: RequirementsFile): OptionEntry[] {
  return file.lines.filter((l) => l.kind === 'option').flatMap((l) => l.options);
}

/** The options pip reads past on a requirement line that a reader takes for an index choice. */
const INDEX_CHOICE = new Set(['--index-url', '--extra-index-url', '--find-links', '--no-index']);

/** Index options written on a requirement line (pip ignores them). */
export function lineIndexOptions(line: LogicalLine): OptionEntry[] {
  return line.kind === 'requirement' ? line.options.filter((o) => INDEX_CHOICE.has(o.name)) : [];
}

/**
 * A ROCm or XPU PyTorch index written on a requirement line (`torch; --index-url …/rocm5.7; sys_platform == "linux"`):
 * pip ignores it, but the writer chose an AMD/Intel GPU build, which torch-cpu never converts. A `;` glued to
 * the URL (the writer's marker separator) is not part of the choice.
 */
export function lineAccelerator(lines: readonly LogicalLine[]): string | undefined {
  return lines
    .flatMap(lineIndexOptions)
    .map((o) => o.value?.text.replace(/[;,]+$/, '') ?? '')
    .find((u) => pytorchIndexKind(u) === 'accelerator');
}

/**
 * One warning per torch line whose index options pip ignores (uv refuses the line: after a requirement its parser
 * reads only `--hash`, crates/uv-requirements-txt parse_hashes), naming `file:line`, what pip reads instead and
 * the words (a marker written after the options) it also drops.
 */
export function ignoredIndexNotes(lines: readonly LogicalLine[], text: string, rel: string, tool: 'pip' | 'uv'): Note[] {
  const notes: Note[] = [];
  for (const line of lines) {
    const opts = lineIndexOptions(line);
    if (opts.length === 0) continue;
    const req = line.requirement!;
    const written = opts.map((o) => text.slice(o.written.start, o.value?.end ?? o.written.end)).join(' ');
    const where = `${rel}:${line.line}`;
    if (tool === 'uv') {
      notes.push({ level: 'warn', code: 'torch-line-index-ignored', message: `${where}: ${written} is written on a requirement line, which uv refuses (after a requirement it reads only --hash): the install fails as written, so nothing is converted; move the option to a line of its own`, file: rel, line: line.line });
      continue;
    }
    const reads = text.slice(req.start, req.end).trim() || req.name!.text;
    const from = line.ignored?.[0]?.offset;
    const past = from === undefined ? '' : text.slice(from, line.comment?.start ?? line.end).trim();
    // `torch; --index-url …; sys_platform == "darwin"`: the marker the writer meant is among the words pip drops.
    const lostMarker = !req.marker?.text && /\b(?:sys_platform|platform_\w+|python_(?:full_)?version|os_name|implementation_name|extra)\b/.test(past);
    const marker = past ? `; it also reads past ${past}${lostMarker ? ', so the line has no marker and applies on every platform' : ''}` : '';
    notes.push({
      level: 'warn',
      code: 'torch-line-index-ignored',
      message: `${where}: pip ignores ${written} written on the requirement line (only --hash, --global-option and --config-settings apply to one requirement): it reads "${reads}" and looks for it on the file's and the command's indexes only${marker}; left as written, move the option to a line of its own to make it count`,
      file: rel,
      line: line.line,
    });
  }
  return notes;
}
