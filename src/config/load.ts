import { existsSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { InputError } from '../core/errors.js';
import { readSourceFile } from '../core/source.js';
import { parseYaml, type YamlFile } from '../compose/parse.js';
import type { Policy, Transform } from '../transform/types.js';
import { checkExclusive, validateOption } from './validate.js';

/** The config file name looked up in the root. */
export const CONFIG_NAME = 'composeshift.config.yaml';

/** A loaded config: the policies in order, or none (then every transform runs with its defaults). */
export interface Config {
  file?: string;
  policies: Policy[];
}

/** Find the config: `-c FILE`, else composeshift.config.yaml (or .yml) in the root. */
export function findConfig(root: string, explicit?: string): string | undefined {
  if (explicit) return path.resolve(explicit);
  for (const name of [CONFIG_NAME, 'composeshift.config.yml']) {
    const p = path.join(root, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** Read and parse a config file (validated later by loadConfig, once the plugins it names are loaded). */
export function readConfigFile(abs: string, root: string): YamlFile {
  return parseYaml(readSourceFile(abs, root));
}

/** The `transform:` values of a config's policies, as written (names, plugin paths, package names). */
export function configTransformSpecs(file: YamlFile): string[] {
  const top = file.doc.contents;
  const policies = isMap(top) ? top.get('policies') : undefined;
  if (!isSeq(policies)) return [];
  return policies.items.flatMap((item) => {
    const name: unknown = isMap(item) ? item.get('transform') : undefined;
    return typeof name === 'string' ? [name] : [];
  });
}

/**
 * Load and validate a config against the transforms' option schemas. `transforms` maps names (and a
 * plugin's specs as the config writes them) to transforms; a policy records the transform's name.
 */
export function loadConfig(abs: string, root: string, transforms: ReadonlyMap<string, Transform>, file: YamlFile = readConfigFile(abs, root)): Config {
  const top = file.doc.contents;
  const at = (node: Node | null | undefined, message: string): InputError =>
    InputError.at(file.source.rel, file.source.text, node?.range?.[0] ?? 0, message);
  if (!isMap(top)) throw at(top, 'the config must be a mapping with a `policies:` list');
  const policies: Policy[] = [];
  for (const pair of top.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (key !== 'policies') throw at(pair.key as Node, `unknown key "${key}" (allowed: policies)`);
    if (!isSeq(pair.value)) throw at(pair.value as Node, 'policies must be a list');
    for (const item of pair.value.items) policies.push(readPolicy(file, item as Node, transforms, at));
  }
  return { file: abs, policies };
}

function readPolicy(
  file: YamlFile,
  node: Node,
  transforms: ReadonlyMap<string, Transform>,
  at: (node: Node | null | undefined, message: string) => InputError,
): Policy {
  if (!isMap(node)) throw at(node, 'a policy must be a mapping with a `transform:` key');
  const name = node.get('transform');
  if (typeof name !== 'string') throw at(node, 'a policy needs `transform: NAME`');
  const transform = transforms.get(name);
  if (!transform) throw at(node.get('transform', true) as Node, `unknown transform "${name}" (known: ${[...new Set([...transforms.values()].map((t) => t.meta.name))].join(', ')}; a plugin is a path such as ./rules/x.js or an installed package)`);
  const options: Record<string, unknown> = {};
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (key === 'transform') continue;
    const spec = transform.meta.options[key];
    if (!spec) {
      throw at(pair.key as Node, `unknown key "${key}" for transform ${name} (allowed: ${Object.keys(transform.meta.options).join(', ')})`);
    }
    options[key] = validateOption(file, pair.value as Node | null, spec, key);
  }
  checkExclusive(file, node, transform.meta.exclusive, options);
  const line = file.source.text.slice(0, node.range![0]).split('\n').length;
  return { transform: transform.meta.name, options, source: `${file.source.rel}:${line}` };
}
