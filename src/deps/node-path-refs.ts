import type { TextSource } from './texts.js';
import type { ImportUse } from './types.js';

/** `import 'admin-lte/build/scss/adminlte.scss'`: a stylesheet a package ships, compiled by the bundler's preprocessor. */
export function importedStyle(imports: readonly ImportUse[], ext: RegExp): string | undefined {
  const hit = imports.find((i) => !i.test && ext.test(i.module.replace(/[?#].*$/, '')));
  return hit && `${hit.module} imported at ${hit.file}:${hit.line}`;
}

/**
 * Where a command, script, config or template reads the package's files by path: `node_modules/pkg/…` anywhere
 * (`RUN cp node_modules/datatables.net-plugins/i18n/de.json assets/`), or, in a template or stylesheet, a quoted
 * path with the package as a folder (`{% static 'node/htmx.org/dist/htmx.min.js' %}`, node_modules served under a
 * prefix). Undefined when none does.
 */
export function pathInto(pkg: string, texts: readonly TextSource[], markup: readonly TextSource[]): string | undefined {
  const esc = pkg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const line = (t: TextSource, i: number): number => t.firstLine + t.text.slice(0, i).split('\n').length - 1;
  const inModules = new RegExp(`(?:^|[\\s'"\`(=:,/])node_modules/${esc}(?=[/'"\`\\s)]|$)`, 'm');
  for (const t of [...texts, ...markup]) {
    const m = inModules.exec(t.text);
    if (m) return `reads node_modules/${pkg} by path at ${t.rel}:${line(t, m.index)}`;
  }
  const served = new RegExp(`['"\`(][\\w.@~-]+(?:/[\\w.@~-]+)*/${esc}/[\\w.@-]`);
  for (const t of markup) {
    const m = served.exec(t.text);
    if (m) return `a template or stylesheet links a file of ${pkg} by path at ${t.rel}:${line(t, m.index)} (node_modules served as static files)`;
  }
  return undefined;
}
