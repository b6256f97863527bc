import type { AuditData } from '../deps/audit.js';
import { UsageError } from '../core/errors.js';

/** What `audit` is asked: the root and the CLI's audit flags, as data. */
export interface AuditOptions {
  root: string;
  config?: string;
  files?: string[];
  projectName?: string;
  recursive?: boolean;
  services?: string[];
  /** A site-packages folder whose *.dist-info metadata gives import names and requirements. */
  sitePackages?: string;
  /** Read import names, requirements and sizes from each built service's image. */
  imageMetadata?: boolean;
  allowOutsideRoot?: boolean;
  /** Where relative paths start (default: process.cwd()). */
  cwd?: string;
}

/**
 * Per service: declared and imported packages, each classed (unused, cli, implicit, test-only, missing,
 * transitive) with evidence — the data `composeshift audit --format json` prints. Never prints or exits.
 */
export async function audit(opts: AuditOptions): Promise<AuditData> {
  const { runAudit } = await import('../cli/audit.js');
  // The CLI command is the one front half of audit; its JSON output is captured, never printed.
  let out = '';
  let err = '';
  const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env: process.env, cwd: opts.cwd ?? process.cwd() };
  const code = await runAudit(opts.root, {
    config: opts.config, file: opts.files ?? [], projectName: opts.projectName, recursive: opts.recursive, service: opts.services ?? [],
    sitePackages: opts.sitePackages, imageMetadata: opts.imageMetadata, allowOutsideRoot: opts.allowOutsideRoot, format: 'json',
  }, io);
  if (code !== 0) throw new UsageError(err.trim() || `audit exited ${code}`);
  return JSON.parse(out) as AuditData;
}
