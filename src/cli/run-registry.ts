import path from 'node:path';
import { registry } from '../../transforms/index.js';
import { configTransformSpecs, findConfig, readConfigFile } from '../config/load.js';
import { withPlugins, type RunRegistry } from '../transform/load-plugin.js';
import type { IO } from './io.js';

/**
 * The built-ins plus the plugins that `-t` and the root's config (or `-c`) name, loaded as plan loads them:
 * a plugin that cannot be loaded or is not a transform throws the same PluginError (exit 2).
 */
export async function runRegistryFor(rootArg: string, o: Record<string, unknown>, io: IO): Promise<RunRegistry> {
  const root = path.resolve(io.cwd, rootArg);
  const configPath = findConfig(root, o.config ? path.resolve(io.cwd, o.config as string) : undefined);
  const file = configPath ? readConfigFile(configPath, root) : undefined;
  const config = file && { specs: configTransformSpecs(file), dir: path.dirname(configPath!) };
  return withPlugins(registry, { cli: (o.transform as string[] | undefined) ?? [], cwd: io.cwd, root, config });
}
