import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { registry } from '../../transforms/index.js';
import { UsageError } from '../core/errors.js';
import { analyzeProject } from '../deps/analyze.js';
import { buildAudit, packageQuery } from '../deps/audit.js';
import { renderAudit, renderPackageReport } from '../render/audit.js';
import { makeDepIndex } from '../deps/dep-index.js';
import { serviceIndexes } from '../deps/metadata-sources.js';
import { parseDepsPolicies, sitePackagesOf } from '../deps/policy.js';
import { statKind } from '../dockerfile/index.js';
import { loadRun } from '../pipeline/session.js';
import type { Transform } from '../transform/types.js';
import { checkGivenPaths } from './given-paths.js';
import { EXIT, type IO } from './io.js';
import { settleInterrupted } from './recover.js';

/** The transforms whose analysis `audit` shows: the registry says which (meta.audit), the CLI names none. */
const auditors = (r: ReadonlyMap<string, Transform>): Transform[] => [...r.values()].filter((t) => t.meta.audit);

/** `composeshift audit [root]`: per service, declared and imported packages and each class with evidence; or `--package NAME`. */
export async function runAudit(rootArg: string, o: Record<string, unknown>, io: IO): Promise<number> {
  const root = path.resolve(io.cwd, rootArg);
  checkGivenPaths(o, io.cwd);
  settleInterrupted(root, io);
  const format = o.json ? 'json' : ((o.format as string | undefined) ?? 'table');
  const services = (o.service as string[] | undefined) ?? [];
  // The same front half as plan: discover, config, load, facts (installed metadata with --image-metadata).
  // Live progress of loading (a TTY only; nothing with --json or --format json|sarif).
  const { progressFor } = await import('./progress.js');
  const live = progressFor(io, { json: format === 'json' || format === 'sarif' });
  const run = await loadRun(
    { root: rootArg, cwd: io.cwd, config: o.config as string | undefined, files: o.file as string[] | undefined, projectName: o.projectName as string | undefined, recursive: Boolean(o.recursive), services, imageMetadata: Boolean(o.imageMetadata), allowOutsideRoot: Boolean(o.allowOutsideRoot), progress: (d) => live.update(d) },
    registry,
    auditors,
  ).finally(() => live.clear());
  const names = new Set(run.transforms.map((t) => t.meta.name));
  const policies = parseDepsPolicies(run.config.policies.filter((p) => names.has(p.transform)));
  const project = run.project;
  let site = sitePackagesOf(policies, root);
  if (typeof o.sitePackages === 'string') {
    site = path.resolve(io.cwd, o.sitePackages);
    if (statKind(site) !== 'dir') throw new UsageError(`--site-packages: ${o.sitePackages} is not a folder`);
  }
  const images = run.facts.imageMetadata;
  const analyses = analyzeProject(project, { services }, serviceIndexes({ root, sitePackages: site, images }));
  if (typeof o.package === 'string') {
    if (format === 'sarif') throw new UsageError('--package answers a question, not findings: use --format table, md or json with it');
    const report = packageQuery(project, analyses, o.package, makeDepIndex(site));
    io.stdout.write(format === 'json' ? JSON.stringify(report, null, 2) + '\n' : renderPackageReport(report, format as 'table' | 'md'));
    return EXIT.ok;
  }
  const data = buildAudit(project, analyses, policies, { images });
  if (format === 'sarif') {
    const [{ auditItems }, { sarifLog }, { VERSION }] = await Promise.all([import('../render/audit-sarif.js'), import('../render/sarif.js'), import('./version.js')]);
    io.stdout.write(JSON.stringify(sarifLog(auditItems(data), { version: VERSION }, pathToFileURL(root + path.sep).href), null, 2) + '\n');
    return EXIT.ok;
  }
  io.stdout.write(format === 'json' ? JSON.stringify(data, null, 2) + '\n' : renderAudit(data, format as 'table' | 'md'));
  return EXIT.ok;
}
