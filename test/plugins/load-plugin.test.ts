import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { registry } from '../../transforms/index.js';
import { InputError } from '../../src/core/errors.js';
import { PluginError, withPlugins } from '../../src/transform/load-plugin.js';
import { planFiles, tempProject } from '../helpers/temp-project.js';

// A plugin that sets `init: true` on every selected service that has none (inserted as the last key).
const INIT_PLUGIN = `export default {
  meta: {
    name: 'init-true',
    description: 'init: true on every service',
    reads: ['compose'],
    edits: ['compose'],
    options: { services: { type: 'string[]', description: 'services' }, value: { type: 'boolean', description: 'the value', default: true } },
    defaultPolicies: [{}],
  },
  run(ctx) {
    for (const s of ctx.services) {
      const def = s.project.services.get(s.name).defs.at(-1);
      if (def.node.has('init')) continue;
      const last = def.node.items.at(-1);
      const end = last.value.range[1];
      const text = def.file.source.text;
      const at = text.indexOf('\\n', end) + 1;
      ctx.edit({ file: def.file.source.path, range: [at, at], text: '    init: ' + ctx.policyFor(s).options.value + '\\n' });
      ctx.change({ service: s.key, file: def.file.source.rel, line: 1, what: 'init', before: 'none', after: String(ctx.policyFor(s).options.value), reason: 'policy', expect: [] });
    }
    ctx.report({ level: 'info', code: 'seen', message: 'services: ' + ctx.services.map((s) => s.name).join(',') });
  },
};
`;

const COMPOSE = 'services:\n  api:\n    image: api:1\n  web:\n    image: web:1\n';

/** A plugin module text with `meta` fields replaced (a JS expression per field). */
function pluginWith(metaPatch: string, run = 'run() {}'): string {
  return `const meta = { name: 'ok-name', description: 'd', reads: ['compose'], edits: ['compose'], options: {}, defaultPolicies: [] };\nexport default { meta: { ...meta, ${metaPatch} }, ${run} };\n`;
}

async function loadError(files: Record<string, string>, spec: string): Promise<PluginError> {
  const dir = tempProject(files);
  try {
    await withPlugins(registry, { cli: [spec], cwd: dir, root: dir });
  } catch (err) {
    expect(err).toBeInstanceOf(PluginError);
    return Object.assign(err as PluginError, { message: (err as Error).message.split(dir).join('<dir>') });
  }
  throw new Error('expected a PluginError');
}

describe('plugin transforms: loading and shape', () => {
  it('-t ./plugin.js runs a plugin with the same ctx as a built-in (options defaulted, --service applied, names stamped)', async () => {
    const dir = tempProject({ 'compose.yaml': COMPOSE, 'init-true.js': INIT_PLUGIN });
    const { plan, out } = await planFiles(dir, { transforms: ['./init-true.js'], services: ['web'] });
    expect(out['compose.yaml']).toBe('services:\n  api:\n    image: api:1\n  web:\n    image: web:1\n    init: true\n');
    expect(plan.changes.map((c) => [c.transform, c.service])).toEqual([['init-true', `${path.basename(dir).toLowerCase().replace(/[^a-z0-9_-]/g, '')}/web`]]);
    expect(plan.findings).toContainEqual(expect.objectContaining({ transform: 'init-true', code: 'seen', message: 'services: web' }));
  });

  it('a config names a plugin by path (relative to the config) and its options are validated like a built-in\'s', async () => {
    const dir = tempProject({
      'compose.yaml': COMPOSE,
      'rules/init-true.js': INIT_PLUGIN,
      'composeshift.config.yaml': 'policies:\n  - transform: ./rules/init-true.js\n    services: [api]\n    value: false\n',
    });
    const { plan, out } = await planFiles(dir);
    expect(out['compose.yaml']).toBe('services:\n  api:\n    image: api:1\n    init: false\n  web:\n    image: web:1\n');
    expect(plan.config.policies).toEqual([{ transform: 'init-true', options: { services: ['api'], value: false }, source: 'composeshift.config.yaml:2' }]);
  });

  it('a bad option of a plugin is an InputError at its line, naming the key', async () => {
    const dir = tempProject({ 'compose.yaml': COMPOSE, 'init-true.js': INIT_PLUGIN, 'composeshift.config.yaml': 'policies:\n  - transform: ./init-true.js\n    value: maybe\n    colour: red\n' });
    const err = await planFiles(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).format()).toBe('composeshift.config.yaml:3:12: value: expected true or false\n      value: maybe\n             ^');
  });

  it('a package name resolves from the root\'s node_modules (exports with an import condition)', async () => {
    const dir = tempProject({
      'compose.yaml': COMPOSE,
      'node_modules/@acme/composeshift-init/package.json': JSON.stringify({ name: '@acme/composeshift-init', type: 'module', exports: { '.': { import: './lib/index.js' } } }),
      'node_modules/@acme/composeshift-init/lib/index.js': INIT_PLUGIN,
      'composeshift.config.yaml': 'policies:\n  - transform: "@acme/composeshift-init"\n',
    });
    const { out } = await planFiles(dir);
    expect(out['compose.yaml']).toBe('services:\n  api:\n    image: api:1\n    init: true\n  web:\n    image: web:1\n    init: true\n');
  });

  it('a plugin loaded by -t can be named by its name in the config', async () => {
    const dir = tempProject({ 'compose.yaml': COMPOSE, 'init-true.js': INIT_PLUGIN, 'composeshift.config.yaml': 'policies:\n  - transform: init-true\n    services: [web]\n' });
    const { out } = await planFiles(dir, { transforms: ['./init-true.js'] });
    expect(out['compose.yaml']).toBe('services:\n  api:\n    image: api:1\n  web:\n    image: web:1\n    init: true\n');
  });

  it.each([
    ['no default export', 'export const x = 1;\n', 'plugin <dir>/p.js: no default export (write `export default defineTransform({ meta, run })`)'],
    ['not an object', 'export default 42;\n', 'plugin <dir>/p.js: the default export must be a transform ({ meta, run }), got number'],
    ['no meta', 'export default { run() {} };\n', 'plugin <dir>/p.js: meta: expected an object ({ name, description, reads, edits, options, defaultPolicies }), got undefined'],
    ['a bad name', pluginWith("name: 'Cpu Limits'"), 'plugin <dir>/p.js: meta.name: expected a kebab-case name such as "cpu-limits", got "Cpu Limits"'],
    ['a bad file kind', pluginWith("reads: ['compose', 'yaml']"), 'plugin <dir>/p.js: meta.reads[1]: "yaml" is not a file kind (compose, requirements, dockerfile, python, node, package-json)'],
    ['a bad option type', pluginWith("options: { step: { type: 'float', description: 's' } }"), 'plugin <dir>/p.js: meta.options.step.type: expected one of string, boolean, number, size, percent, string[], object, enum, any, got "float"'],
    ['an option without description', pluginWith("options: { when: { type: 'object', description: 'w', keys: { x: { type: 'string' } } } }"), 'plugin <dir>/p.js: meta.options.when.keys.x.description: expected a non-empty string, got undefined'],
    ['an enum without values', pluginWith("options: { mode: { type: 'enum', description: 'm' } }"), 'plugin <dir>/p.js: meta.options.mode.values: an enum needs its values (an array of strings)'],
    ['a misspelt meta field', pluginWith("defaultPolicy: [{}]"), 'plugin <dir>/p.js: meta.defaultPolicy: unknown field (allowed: name, description, reads, edits, options, exclusive, defaultPolicies, audit)'],
    ['a default policy with an unknown option', pluginWith('defaultPolicies: [{ target: 1 }]'), 'plugin <dir>/p.js: meta.defaultPolicies[0].target: not one of meta.options (none)'],
    ['no run', pluginWith('', 'runn() {}'), 'plugin <dir>/p.js: runn: unknown field (allowed: meta, run)'],
    ['run not a function', pluginWith('', 'run: 1'), 'plugin <dir>/p.js: run: expected a function run(ctx), got number'],
    ['an async run', pluginWith('', 'async run() {}'), 'plugin <dir>/p.js: run: must be synchronous (an async run returns a Promise; everything it needs is already loaded in ctx)'],
    ['a built-in name', pluginWith("name: 'memory-limits'"), 'plugin <dir>/p.js: meta.name "memory-limits" is a built-in transform\'s name; a plugin may not replace it (choose another name)'],
  ])('%s: a PluginError naming the module and the field', async (_why, text, message) => {
    const err = await loadError({ 'p.js': text }, './p.js');
    expect(err.message).toBe(message);
  });

  it('a module that throws or does not parse: a PluginError naming it, with the reason', async () => {
    expect((await loadError({ 'p.js': 'export default {;\n' }, './p.js')).message).toMatch(/^plugin <dir>\/p\.js: cannot be loaded: \S/);
    expect((await loadError({ 'p.js': "throw new Error('boom');\n" }, './p.js')).message).toBe('plugin <dir>/p.js: cannot be loaded: boom');
  });

  it('a missing file, an unknown name and two plugins of one name', async () => {
    expect((await loadError({}, './nope.js')).message).toBe('plugin ./nope.js: no such file <dir>/nope.js');
    const unknown = await loadError({}, 'nope');
    expect(unknown.message).toBe('unknown transform "nope" (known: memory-limits, torch-cpu, unused-deps): no such built-in, and no package "nope" is installed in <dir>/node_modules or above (a plugin file is named by a path: ./nope.js)'.replace('memory-limits, torch-cpu, unused-deps', [...registry.keys()].join(', ')));
    const dir = tempProject({ 'a.js': pluginWith("name: 'same'"), 'b.js': pluginWith("name: 'same'") });
    await expect(withPlugins(registry, { cli: ['./a.js', './b.js'], cwd: dir, root: dir })).rejects.toThrow(`plugin ${dir}/b.js: meta.name "same" is already the name of another plugin of this run`);
  });

  it('the CLI exits 2 with the PluginError and writes nothing', async () => {
    const { run } = await import('../../src/cli/main.js');
    const dir = tempProject({ 'compose.yaml': COMPOSE, 'p.js': pluginWith("reads: 'compose'") });
    let err = '';
    const io = { stdout: { write: () => true }, stderr: { write: (s: string) => (err += s) }, env: {}, cwd: dir };
    expect(await run(['apply', '-t', './p.js'], io)).toBe(2);
    expect(err).toBe(`composeshift: plugin ${dir}/p.js: meta.reads: expected an array of file kinds (compose, requirements, dockerfile, python, node, package-json), got "compose"\n`);
  });
});
