import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { registry } from '../../transforms/index.js';
import { findConfig, loadConfig } from '../config/load.js';
import { UsageError } from '../core/errors.js';
import { analyzeProject } from '../deps/analyze.js';
import { buildAudit, packageQuery } from '../deps/audit.js';
import { renderAudit, renderPackageReport } from '../deps/audit-render.js';
import { makeDepIndex } from '../deps/dep-index.js';
import { serviceIndexes } from '../deps/metadata-sources.js';
import { parseDepsPolicies, sitePackagesOf } from '../deps/policy.js';
import { statKind } from '../dockerfile/index.js';
import { loadProject } from '../project/load.js';
import { EXIT, type IO } from './io.js';
import { settleInterrupted } from './recover.js';

/** `composeshift audit [root]`: per service, declared and imported packages and each class with evidence; or `--package NAME`. */
export async function runAudit(rootArg: string, o: Record<string, unknown>, io: IO): Promise<number> {
  const root = path.resolve(io.cwd, rootArg);
  settleInterrupted(root, io);
  const format = o.json ? 'json' : ((o.format as string | undefined) ?? 'table');
  const configPath = findConfig(root, o.config ? path.resolve(io.cwd, o.config as string) : undefined);
  const config = configPath ? loadConfig(configPath, root, registry) : { policies: [] };
  const policies = parseDepsPolicies(config.policies.filter((p) => p.transform === 'unused-deps'));
  const project = loadProject({ root, files: (o.file as string[] | undefined)?.map((f) => path.resolve(io.cwd, f)), projectName: o.projectName as string | undefined, recursive: Boolean(o.recursive), allowOutsideRoot: Boolean(o.allowOutsideRoot) });
  const services = (o.service as string[] | undefined) ?? [];
  if (services.length) {
    const known = new Set(project.services.map((s) => s.name));
    const unknown = services.filter((s) => !known.has(s));
    if (unknown.length) throw new UsageError(`no such service: ${unknown.join(', ')} (services: ${[...known].join(', ')})`);
  }
  let site = sitePackagesOf(policies, root);
  if (typeof o.sitePackages === 'string') {
    site = path.resolve(io.cwd, o.sitePackages);
    if (statKind(site) !== 'dir') throw new UsageError(`--site-packages: ${o.sitePackages} is not a folder`);
  }
  let images: Awaited<ReturnType<typeof import('../facts/image-metadata.js').imageMetadataFacts>> | undefined;
  if (o.imageMetadata) {
    const { imageMetadataFacts } = await import('../facts/image-metadata.js');
    images = await imageMetadataFacts(project, services).catch((err: unknown) => {
      throw err instanceof Error && err.name === 'DockerError' ? new UsageError(`--image-metadata: ${err.message}`) : err;
    });
  }
  const analyses = analyzeProject(project, { services }, serviceIndexes({ root, sitePackages: site, images }));
  if (typeof o.package === 'string') {
    if (format === 'sarif') throw new UsageError('--package answers a question, not findings: use --format table, md or json with it');
    const report = packageQuery(project, analyses, o.package, makeDepIndex(site));
    io.stdout.write(format === 'json' ? JSON.stringify(report, null, 2) + '\n' : renderPackageReport(report, format as 'table' | 'md'));
    return EXIT.ok;
  }
  const data = buildAudit(project, analyses, policies, { images });
  if (format === 'sarif') {
    const [{ auditItems }, { sarifLog }, { VERSION }] = await Promise.all([import('../deps/audit-sarif.js'), import('../render/sarif.js'), import('./version.js')]);
    io.stdout.write(JSON.stringify(sarifLog(auditItems(data), { version: VERSION }, pathToFileURL(root + path.sep).href), null, 2) + '\n');
    return EXIT.ok;
  }
  io.stdout.write(format === 'json' ? JSON.stringify(data, null, 2) + '\n' : renderAudit(data, format as 'table' | 'md'));
  return EXIT.ok;
}
