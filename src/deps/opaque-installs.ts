import { relPath } from '../core/source.js';
import type { Service } from '../project/model.js';
import type { InstalledFile } from './declared.js';
import type { InstalledProject } from './project-install.js';

/**
 * What the image installs without a name the analysis can look up: requirement lines that are only a URL or a path
 * (`git+https://…/whisper.git`, `./libs/common`, `pkg.whl`) and inline `pip install <url|path>` arguments. Their
 * requirements and import names are unknown, so one of them may require a declared package (a pin on it is then
 * deliberate) or provide an imported module. Each as `text (file:line)`. Globs (`/wheels/*`, what a `pip wheel -r`
 * built from read files) and the service's own project when the pyproject reader handles it are not counted.
 */
export function opaqueInstalls(service: Service, files: readonly InstalledFile[], root: string, projects: readonly InstalledProject[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    for (const l of f.parsed.lines) {
      if (l.kind !== 'requirement' || !l.requirement || l.requirement.name) continue;
      const text = f.source.text.slice(l.requirement.start, l.requirement.coreEnd).trim();
      if (text) out.push(`${text} (${f.source.rel}:${l.line})`);
    }
  }
  const df = service.link?.dockerfile;
  // A project install whose pyproject.toml was read: its requirements are known (see project-install.ts).
  const read = new Set(projects.filter((p) => p.deps).map((p) => `${p.line}\0${p.command}`));
  for (const install of service.link?.pipInstalls ?? []) {
    if (install.subcommand !== 'install' || !df) continue;
    for (const p of install.packages) {
      if (p.kind === 'requirement' || p.text.includes('*')) continue;
      if (read.has(`${install.line}\0pip install ${p.text}`) || read.has(`${install.line}\0pip install -e ${p.text}`)) continue;
      out.push(`${p.text} (${relPath(root, df.path)}:${install.line})`);
    }
  }
  return out;
}
