import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_NAME, findConfig } from '../config/load.js';
import { configSchema, SCHEMA_FILE, schemaText } from '../config/schema.js';
import { starterConfig } from '../config/starter.js';
import { UsageError } from '../core/errors.js';
import { EXIT, type IO } from './io.js';
import { runRegistryFor } from './run-registry.js';

/**
 * `composeshift schema [root]`: the config's JSON Schema on stdout, from the built-in transforms and the
 * plugins the root's config (or -c) and -t name (without plugins it is the shipped schema file, byte for byte).
 */
export async function runSchema(rootArg: string, o: Record<string, unknown>, io: IO): Promise<number> {
  const run = await runRegistryFor(rootArg, o, io);
  io.stdout.write(schemaText(configSchema(run.registry.values(), { refs: run.refs })));
  return EXIT.ok;
}

/** The installed package's folder: the nearest package.json named composeshift above this module (bundled or not). */
function packageDir(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'composeshift') return dir;
    if (path.dirname(dir) === dir) throw new Error('composeshift: cannot find its own package.json');
  }
}

/** How the starter config names the schema: a path relative to the root when the package is inside it, else absolute. */
export function schemaRef(root: string, schemaPath = path.join(packageDir(), SCHEMA_FILE)): string {
  const rel = path.relative(root, schemaPath);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return schemaPath;
  return './' + rel.split(path.sep).join('/');
}

/** `composeshift init [root]`: write a commented starter composeshift.config.yaml; an existing config is never overwritten. */
export function runInit(rootArg: string, o: Record<string, unknown>, io: IO): number {
  const root = path.resolve(io.cwd, rootArg);
  if (!existsSync(root)) throw new UsageError(`no such folder: ${rootArg}`);
  const existing = findConfig(root);
  if (existing) throw new UsageError(`${path.relative(io.cwd, existing) || existing} exists; init never overwrites a config (edit it, or remove it first)`);
  const target = path.join(root, CONFIG_NAME);
  if (o.schema === '') throw new UsageError("--schema '': an empty schema path or URL");
  const ref = typeof o.schema === 'string' ? o.schema : schemaRef(root);
  // `wx`: fails if the file appeared meanwhile (or is a dangling link), never overwrites; an fs error is one line.
  try {
    writeFileSync(target, starterConfig(ref), { flag: 'wx' });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    const why = code === 'EEXIST' ? 'something is already there (a dangling link?); init never overwrites one' : `cannot write it (${code})`;
    throw new UsageError(`${path.relative(io.cwd, target) || target}: ${why}. Nothing was written`);
  }
  if (o.json) io.stdout.write(JSON.stringify({ command: 'init', file: target, schema: ref }, null, 2) + '\n');
  else io.stderr.write(`wrote ${path.relative(io.cwd, target) || target} (schema: ${ref}); run \`composeshift plan\` to see what it would change\n`);
  return EXIT.ok;
}
