import { markdownTable, textTable } from './table.js';
import type { AuditData, PackageReport } from '../deps/audit.js';
import { formatBytes, type AuditSavings } from '../deps/savings.js';
import { FINDING_CLASSES } from '../deps/types.js';
import { plural } from '../core/plural.js';

const at = (file?: string, line?: number): string => (file === undefined ? '' : line === undefined ? file : `${file}:${line}`);

/** The audit as text tables (`table`) or markdown (`md`): per service, declared, imported, then each class with evidence. */
export function renderAudit(data: AuditData, format: 'table' | 'md'): string {
  const md = format === 'md';
  const table = md ? markdownTable : textTable;
  const out: string[] = [];
  if (md) out.push('# Dependency audit', '');
  for (const s of data.services) {
    out.push(md ? `## ${s.service}` : `== ${s.service}`);
    for (const src of s.sources) out.push(`sources: ${plural(src.files, 'file')} ${src.from === 'copies' ? 'copied by the Dockerfile from' : 'in the build context'} ${src.roots.join(', ') || '(none)'}`);
    const imported = s.importedPackages;
    out.push(`declared (${s.declared.length}): ${s.declared.map((d) => d.package).join(', ') || '-'}`);
    out.push(`imported (${imported.length}): ${imported.join(', ') || '-'}`);
    if (md) out.push('');
    const rows = FINDING_CLASSES.flatMap((c) => s.findings.filter((f) => f.class === c)).map((f) => [f.class + (f.ignored ? ' (ignored)' : ''), f.package, at(f.file, f.line), f.evidence]);
    if (rows.length) out.push(table(['CLASS', 'PACKAGE', 'WHERE', 'EVIDENCE'], rows).replace(/\n$/, ''));
    else out.push('no findings');
    for (const n of s.notes) out.push(`note: ${n}`);
    if (s.savings) out.push(...savingsLines(s.savings));
    out.push('');
  }
  if (!data.services.length) out.push('no service with Python requirements or a package.json', '');
  return out.join('\n');
}

/** The service's measured savings (or "not measured" and why): never a number without metadata. */
function savingsLines(v: AuditSavings): string[] {
  if (!v.measured) return [`reclaimable: not measured (${v.reason})`];
  const unused = v.removed.filter((r) => r.role === 'unused');
  const deps = v.removed.filter((r) => r.role === 'dependency');
  if (v.removed.length === 0) {
    const why = v.stillRequired.length || v.notInstalled.length ? '' : ': no unused package';
    return [`reclaimable: 0 bytes in image ${v.image}${why}`, ...stays(v)];
  }
  const what = `${unused.map((r) => r.package).join(', ')}${deps.length ? ` and ${deps.length} dependenc${deps.length === 1 ? 'y' : 'ies'} no kept package needs (${deps.map((r) => r.package).join(', ')})` : ''}`;
  const lines = [`reclaimable: ${formatBytes(v.bytes)} in image ${v.image} by removing ${what}; measured from RECORD sizes, files a kept package also lists not counted`];
  for (const r of v.removed) lines.push(`  ${r.package}${r.version ? ` ${r.version}` : ''}: ${r.bytes.toLocaleString('en-US')} bytes${r.via ? ` (required by ${r.via})` : ''}${r.unsizedFiles ? `, ${plural(r.unsizedFiles, 'file')} without a recorded size not counted` : ''}${r.noFileList ? ' (its metadata lists no files: not measured)' : ''}`);
  return [...lines, ...stays(v)];
}

function stays(v: AuditSavings & { measured: true }): string[] {
  return [
    ...v.stillRequired.map((k) => `  ${k.package} stays installed: ${k.chain.join(' → ')}`),
    ...v.notInstalled.map((p) => `  ${p} is not installed in image ${v.image}`),
  ];
}

/** `--package NAME` as text. */
export function renderPackageReport(r: PackageReport, format: 'table' | 'md'): string {
  const md = format === 'md';
  const table = md ? markdownTable : textTable;
  const out: string[] = [md ? `# ${r.package}` : `== ${r.package}`, `import names: ${r.importNames.join(', ')}`, ''];
  const section = (title: string, header: string[], rows: string[][], none: string): void => {
    out.push(md ? `## ${title}` : `${title}:`);
    out.push(rows.length ? table(header, rows).replace(/\n$/, '') : none, '');
  };
  section('declared in', ['WHERE', 'LINE'], r.declared.map((d) => [`${d.file}:${d.line}`, d.text]), 'not declared in any requirements file or package.json under the root');
  section('installed by', ['SERVICE', 'CLASS', 'WHERE', 'EVIDENCE'], r.installedBy.map((i) => [i.service, i.class, `${i.file}:${i.line}`, i.evidence]), 'no service installs it');
  section('imported by', ['SERVICE', 'WHERE', 'MODULE'], r.importedBy.map((i) => [i.service ?? '(no service)', `${i.file}:${i.line}`, i.module]), 'imported nowhere');
  return out.join('\n');
}
