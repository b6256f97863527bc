import type { LogicalLine, RequirementsFile } from './model.js';

/** A project name normalised per PEP 503 (`re.sub(r"[-_.]+", "-", name).lower()`), for matching. */
export function normalizeName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/** The requirement lines (including `-e` lines) whose project name matches `name` after normalising. */
export function findRequirement(file: RequirementsFile, name: string): LogicalLine[] {
  const want = normalizeName(name);
  return file.lines.filter((l) => l.kind === 'requirement' && l.requirement?.name?.normalized === want);
}
