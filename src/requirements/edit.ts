import { insertAt, removeRange, replaceRange, type Edit } from '../core/edit.js';
import type { SourceFile } from '../core/source.js';
import type { LogicalLine, OptionEntry, RequirementsFile } from './model.js';

/**
 * Edit helpers for requirements files. Each returns one `Edit` on the original text; `source` gives the
 * absolute path and the file's line ending, `file` is `parseRequirements(source.text)`.
 */

function requirementOf(line: LogicalLine): NonNullable<LogicalLine['requirement']> {
  if (!line.requirement) throw new Error(`line ${line.line} is not a requirement`);
  return line.requirement;
}

/** Replace a requirement's version specifier (`==2.5.1` → `==2.6.0`), or insert one where it has none. */
export function replaceSpecifier(source: SourceFile, line: LogicalLine, specifier: string): Edit {
  const spec = requirementOf(line).specifier;
  if (!spec) throw new Error(`line ${line.line}: a URL or path requirement has no version specifier`);
  return replaceRange(source.path, spec.start, spec.end, specifier);
}

/** Where a new line goes: after a logical line, or at the top / end of the file. */
export type LinePlace = LogicalLine | 'top' | 'end';

/**
 * Add a line (text without line ending) after `place`, using the file's line ending. After the last line
 * of a file without a final newline it inserts `eol + text`, so the file still ends without one.
 */
export function insertLineAfter(source: SourceFile, file: RequirementsFile, place: LinePlace, text: string): Edit {
  const eol = source.eol;
  if (place === 'top') return insertAt(source.path, 0, text + eol);
  const anchor = place === 'end' ? file.lines[file.lines.length - 1] : place;
  if (!anchor) return insertAt(source.path, 0, text + eol);
  // A trailing `\` with nothing after it would join the new line to the anchor: end it with a blank line.
  const guard = anchor.danglingContinuation ? eol : '';
  if (anchor.endWithEol > anchor.end) return insertAt(source.path, anchor.endWithEol, guard + text + eol);
  return insertAt(source.path, anchor.end, eol + guard + text);
}

/** Add a line (text without line ending) right before a logical line. */
export function insertLineBefore(source: SourceFile, line: LogicalLine, text: string): Edit {
  return insertAt(source.path, line.start, text + source.eol);
}

/** Add an option line (`--extra-index-url URL`) before a line, or at the top / end of the file. */
export function insertOptionLine(source: SourceFile, file: RequirementsFile, before: LinePlace, name: string, value?: string): Edit {
  const text = value === undefined ? name : `${name} ${quoteOptionValue(value)}`;
  if (before === 'top' || before === 'end') return insertLineAfter(source, file, before, text);
  return insertLineBefore(source, before, text);
}

/**
 * Remove a logical line with its continuation lines and line ending. The last line of a file without a
 * final newline takes the line ending before it instead, so the file keeps ending without one.
 */
export function removeLine(source: SourceFile, file: RequirementsFile, line: LogicalLine): Edit {
  if (line.endWithEol === line.end) {
    const i = file.lines.indexOf(line);
    const prev = i > 0 ? file.lines[i - 1] : undefined;
    if (prev) return removeRange(source.path, prev.end, line.end);
  }
  return removeRange(source.path, line.start, line.endWithEol);
}

/** Set a requirement's marker: replace the expression after `;`, or add `; marker` after the requirement. */
export function setMarker(source: SourceFile, line: LogicalLine, marker: string): Edit {
  const req = requirementOf(line);
  if (req.editable) throw new Error(`line ${line.line}: an editable requirement cannot carry a marker`);
  if (req.marker) return replaceRange(source.path, req.marker.start, req.marker.end, marker);
  // After a URL the `;` needs whitespace before it (PEP 508; pip splits URL lines at "; ").
  const sep = req.url ? ' ; ' : '; ';
  return insertAt(source.path, req.coreEnd, sep + marker);
}

/** Remove a requirement's marker with its `;` and the whitespace before it. */
export function removeMarker(source: SourceFile, line: LogicalLine): Edit {
  const req = requirementOf(line);
  if (!req.marker) throw new Error(`line ${line.line} has no marker`);
  return removeRange(source.path, req.coreEnd, req.marker.end);
}

/** Replace an option's value (quoted when it needs it); flags have no value to replace. */
export function replaceOptionValue(source: SourceFile, option: OptionEntry, value: string): Edit {
  if (!option.value) throw new Error(`${option.name} has no value`);
  return replaceRange(source.path, option.value.start, option.value.end, quoteOptionValue(value));
}

/**
 * A value as one shell word for pip's shlex split: as is when safe, else in double quotes. `${VAR}` is left
 * for pip to expand. A `#` after whitespace cannot be written at all: pip strips it as a comment first.
 */
export function quoteOptionValue(value: string): string {
  if (/(^|\s)#/.test(value)) throw new Error(`option value ${JSON.stringify(value)} would be read as a comment`);
  if (value !== '' && !/[\s'"\\]/.test(value)) return value;
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}
