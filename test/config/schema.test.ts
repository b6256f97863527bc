import AjvModule from 'ajv';
import { execa } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { registry } from '../../transforms/index.js';
import { run } from '../../src/cli/main.js';
import { schemaRef } from '../../src/cli/schema.js';
import { loadConfig } from '../../src/config/load.js';
import { configSchema, SCHEMA_FILE, schemaText, type JsonSchema } from '../../src/config/schema.js';
import { starterConfig } from '../../src/config/starter.js';
import { tempProject } from '../helpers/temp-project.js';

// ajv is CommonJS: its default export sits on `.default` under NodeNext. Strict schema and types: an unknown keyword or a loose type is an error.
const Ajv = AjvModule.default;
const compile = (schema: JsonSchema) => new Ajv({ allErrors: true, strictSchema: true, strictTypes: true, strictTuples: true }).compile(schema);
const shipped = readFileSync(SCHEMA_FILE, 'utf8');
const validate = compile(JSON.parse(shipped) as JsonSchema);

function cli(args: string[], cwd: string) {
  let out = '';
  let err = '';
  const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env: {}, cwd };
  return run(args, io).then((code) => ({ code, out, err }));
}

describe('config JSON Schema', () => {
  it('the shipped schema is the one the registry generates (else: npm run build regenerates it)', () => {
    expect(shipped, `${SCHEMA_FILE} is stale: run \`npm run build\` (scripts/write-schema.js) and commit it`).toBe(schemaText(configSchema(registry.values())));
  });

  it('the schema file in the tree is the committed one (the build regenerates it: CI catches a stale commit here)', async () => {
    const git = await execa('git', ['diff', '--quiet', 'HEAD', '--', SCHEMA_FILE], { reject: false });
    // Exit 1: the regenerated file differs from the committed one. Outside a git checkout (128) there is nothing to compare.
    if (git.exitCode !== 128) expect(git.exitCode, `${SCHEMA_FILE} differs from the committed file: commit the regenerated schema`).toBe(0);
  });

  it('`composeshift schema` prints the shipped file byte for byte', async () => {
    const dir = tempProject({});
    expect(await cli(['schema'], dir)).toEqual({ code: 0, out: shipped, err: '' });
  });

  it('the starter config and every example config validate, and load through the config loader', () => {
    const dir = tempProject({ 'composeshift.config.yaml': starterConfig('./schema.json') });
    const configs = [
      path.join(dir, 'composeshift.config.yaml'),
      'examples/smart-home/composeshift.config.yaml',
      ...['broken', 'build', 'mission', 'torch'].map((f) => `test/fixtures/e2e/${f}/composeshift.config.yaml`),
    ];
    for (const file of configs) {
      const data = parse(readFileSync(file, 'utf8')) as unknown;
      expect(validate(data), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
      const config = loadConfig(path.resolve(file), path.dirname(path.resolve(file)), registry);
      expect(config.policies.length).toBeGreaterThan(0);
    }
  });

  it.each([
    ['an unknown top-level key', { policy: [] }],
    ['an unknown option of a built-in', { policies: [{ transform: 'memory-limits', shrinks: true }] }],
    ['a wrong enum value', { policies: [{ transform: 'memory-limits', reservations: 'double' }] }],
    ['a size that is not one', { policies: [{ transform: 'memory-limits', set: { limit: 'lots' } }] }],
    ['a percent that is not one', { policies: [{ transform: 'memory-limits', target: { usage: 'half' } }] }],
    ['set and target together', { policies: [{ transform: 'memory-limits', set: { limit: '1G' }, target: { usage: '50%' } }] }],
    ['a policy without transform', { policies: [{ shrink: true }] }],
    ['a boolean as a string', { policies: [{ transform: 'torch-cpu', localVersion: 'yes' }] }],
  ])('rejects %s', (_why, data) => {
    expect(validate(data)).toBe(false);
  });

  it('accepts a plugin named by path or package, whose options it cannot know', () => {
    expect(validate({ policies: [{ transform: './rules/cpu-limits.js', target: '50%' }, { transform: '@acme/composeshift-rules' }] })).toBe(true);
  });

  it('with a plugin loaded (-t or the config), its options are in the schema and checked', async () => {
    const dir = tempProject({ 'composeshift.config.yaml': `policies:\n  - transform: ${path.resolve('examples/plugins/cpu-limits.js')}\n` });
    const r = await cli(['schema'], dir);
    expect(r.code).toBe(0);
    const withPlugin = compile(JSON.parse(r.out) as JsonSchema);
    const ref = path.resolve('examples/plugins/cpu-limits.js');
    expect(withPlugin({ policies: [{ transform: ref, target: '40%', step: 0.5, services: ['api-*'] }] })).toBe(true);
    expect(withPlugin({ policies: [{ transform: 'cpu-limits', shrink: true }] })).toBe(true);
    expect(withPlugin({ policies: [{ transform: ref, step: 'big' }] })).toBe(false);
    expect(withPlugin({ policies: [{ transform: 'cpu-limits', steps: 1 }] })).toBe(false);
    const viaT = await cli(['schema', '-t', path.resolve('examples/plugins/cpu-limits.js')], tempProject({}));
    expect(JSON.parse(viaT.out)).toEqual(JSON.parse(r.out));
  });
});

describe('composeshift init', () => {
  it('writes the commented starter config with the schema line, and never overwrites a config', async () => {
    const dir = tempProject({});
    const first = await cli(['init', '--schema', './node_modules/composeshift/schema/composeshift.schema.json'], dir);
    expect(first).toEqual({ code: 0, out: '', err: 'wrote composeshift.config.yaml (schema: ./node_modules/composeshift/schema/composeshift.schema.json); run `composeshift plan` to see what it would change\n' });
    const text = readFileSync(path.join(dir, 'composeshift.config.yaml'), 'utf8');
    expect(text).toBe(starterConfig('./node_modules/composeshift/schema/composeshift.schema.json'));
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./node_modules/composeshift/schema/composeshift.schema.json');
    const second = await cli(['init'], dir);
    expect(second).toEqual({ code: 2, out: '', err: 'composeshift: composeshift.config.yaml exists; init never overwrites a config (edit it, or remove it first)\n' });
    expect(readFileSync(path.join(dir, 'composeshift.config.yaml'), 'utf8')).toBe(text);
    const yml = tempProject({ 'composeshift.config.yml': 'policies: []\n' });
    expect((await cli(['init'], yml)).code).toBe(2);
    expect(existsSync(path.join(yml, 'composeshift.config.yaml'))).toBe(false);
  });

  it('the starter config runs what no config runs: every built-in with its defaults', async () => {
    const dir = tempProject({ 'composeshift.config.yaml': starterConfig('x') });
    const config = loadConfig(path.join(dir, 'composeshift.config.yaml'), dir, registry);
    const builtinsWithDefaults = [...registry.values()].filter((t) => t.meta.defaultPolicies.length > 0).map((t) => t.meta.name);
    expect(config.policies.map((p) => p.transform)).toEqual(builtinsWithDefaults);
    const memory = registry.get('memory-limits')!;
    expect(config.policies[0]!.options).toEqual(memory.meta.defaultPolicies[0]);
  });

  it('names the schema relative to the root when the package is installed in it, else by absolute path', () => {
    expect(schemaRef('/p', '/p/node_modules/composeshift/schema/composeshift.schema.json')).toBe('./node_modules/composeshift/schema/composeshift.schema.json');
    expect(schemaRef('/p', '/usr/lib/node_modules/composeshift/schema/composeshift.schema.json')).toBe('/usr/lib/node_modules/composeshift/schema/composeshift.schema.json');
    expect(schemaRef('/work/app')).toBe(path.resolve(SCHEMA_FILE));
  });
});
