import { InputError } from '../core/errors.js';
import { detectEol, type SourceFile } from '../core/source.js';
import { LineMapper, logicalLines, type RawLogicalLine } from './lines.js';
import type { LogicalLine, OptionEntry, ParseError, RequirementsFile } from './model.js';
import { readOptions, shlexTokens, type RawOption } from './options.js';
import { parseEditable, parseRequirementArgs } from './pep508.js';

/**
 * Parse a requirements file (text without BOM) the way pip's `req_file.py` reads it: join `\`
 * continuations, strip ` #` comments, split the requirement from its options, then read each. Never throws;
 * problems become 'invalid' lines and `errors`.
 */
export function parseRequirements(text: string): RequirementsFile {
  const errors: ParseError[] = [];
  const lines = logicalLines(text).map((raw) => parseLine(raw, errors));
  return { text, eol: detectEol(text), lines, errors };
}

/** The text back from the lines' ranges (they tile the text, so this is the input, byte for byte). */
export function printRequirements(file: RequirementsFile): string {
  let out = '';
  for (const l of file.lines) out += file.text.slice(l.start, l.endWithEol);
  return out;
}

const isWs = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);

function parseLine(raw: RawLogicalLine, errors: ParseError[]): LogicalLine {
  const L = raw.logical;
  const m = new LineMapper(raw);
  const line: LogicalLine = {
    kind: 'blank',
    start: raw.start,
    end: raw.end,
    endWithEol: raw.endWithEol,
    line: raw.line,
    physicalLines: raw.physicalLines,
    danglingContinuation: raw.danglingContinuation,
    options: [],
  };
  // pip's COMMENT_RE `(^|\s+)#.*$`: the first `#` at the start or after whitespace ends the line.
  let hash = -1;
  for (let i = L.indexOf('#'); i !== -1; i = L.indexOf('#', i + 1)) {
    if (i === 0 || isWs(L[i - 1])) {
      hash = i;
      break;
    }
  }
  if (hash !== -1) line.comment = m.span(hash, L.length);
  let cs = 0;
  let ce = hash === -1 ? L.length : hash;
  while (cs < ce && isWs(L[cs])) cs++;
  while (ce > cs && isWs(L[ce - 1])) ce--;
  if (cs === ce) {
    line.kind = hash === -1 ? 'blank' : 'comment';
    return line;
  }
  const fail = (offset: number, message: string): LogicalLine => {
    line.kind = 'invalid';
    line.error = message;
    errors.push({ offset: m.startOf(Math.min(offset, L.length)), message });
    return line;
  };

  // pip's break_args_options: the first space-separated word starting with '-' begins the options.
  let optStart = -1;
  for (let i = cs; i < ce; i++) {
    if (L[i] === '-' && (i === cs || L[i - 1] === ' ')) {
      optStart = i;
      break;
    }
  }
  let argsEnd = optStart === -1 ? ce : optStart;
  while (argsEnd > cs && isWs(L[argsEnd - 1])) argsEnd--;

  let rawOptions: RawOption[] = [];
  if (optStart !== -1) {
    const { tokens, error } = shlexTokens(L, optStart, ce);
    if (error) return fail(error.offset, error.message);
    const read = readOptions(L, tokens);
    rawOptions = read.options;
    line.options = read.options.map((o): OptionEntry => {
      const entry: OptionEntry = { name: o.name, known: o.known, written: m.span(o.written[0], o.written[1]) };
      if (o.value) entry.value = { ...m.span(o.value[0], o.value[1]), text: o.value[2] };
      return entry;
    });
    if (read.error) return fail(read.error.offset, read.error.message);
    if (read.ignored.length > 0) line.ignored = read.ignored.map((e) => ({ offset: m.startOf(e.offset), message: e.message }));
  }

  if (argsEnd > cs) {
    const req = parseRequirementArgs(L, cs, argsEnd, m);
    if ('offset' in req) return fail(req.offset, req.message);
    line.kind = 'requirement';
    line.requirement = req;
  } else {
    // pip reads a line without requirement words but with `-e X` as the requirement X.
    const editable = rawOptions.find((o) => o.name === '--editable')?.value;
    if (editable) {
      line.kind = 'requirement';
      line.requirement = parseEditable(L, editable[0], editable[1], m);
    } else {
      line.kind = 'option';
      line.option = line.options[0];
    }
  }
  if (line.requirement) {
    line.requirement.hashes = line.options.filter((o) => o.name === '--hash' && o.value).map((o) => o.value!.text);
  }
  return line;
}

/** The parse errors of a file as InputErrors (`file:line:col` with the offending line). */
export function parseErrorsAsInputErrors(source: SourceFile, file: RequirementsFile): InputError[] {
  return file.errors.map((e) => InputError.at(source.rel, source.text, e.offset, e.message));
}
