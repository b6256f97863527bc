import { parseYaml, type YamlFile } from '../compose/parse.js';
import { describeUnsupported, projectFiles, unsupportedFeatures } from '../compose/version-gates.js';
import { UsageError } from '../core/errors.js';
import type { Plan } from '../pipeline/session.js';

/**
 * Before `apply --build/--up` writes anything: refuse when the installed Compose is older than a feature the
 * compose files use, as they will be after the plan (Compose would reject the file, or ignore the limits just set).
 * No Compose found, or a version that does not read as semver: no refusal here (the docker step reports it).
 */
export async function refuseOldCompose(plan: Plan): Promise<void> {
  const { detectCompose } = await import('../docker/detect-compose.js');
  const version = await detectCompose().then((c) => c.version, () => undefined);
  if (!version) return;
  const after = new Map(plan.files.map((f) => [f.source.path, f.after]));
  const files: YamlFile[] = plan.project.compose.flatMap((cp) => (cp.dockerfilesOnly ? [] : projectFiles(cp))).map((f) => {
    const text = after.get(f.source.path);
    return text === undefined ? f : parseYaml({ ...f.source, text });
  });
  const lines = describeUnsupported(unsupportedFeatures(files, version), version);
  if (lines.length) throw new UsageError(`the installed Docker Compose (${version}) is older than what the compose files use; nothing was written:\n${lines.map((l) => `  ${l}`).join('\n')}`);
}
