import { execa } from 'execa';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/temp-project.js';

// `composeshift transforms` through the real binary (the bundle: `npm run build` first), plugins included.

const BIN = path.resolve('bin/composeshift.js');

function cli(args: string[], cwd: string) {
  return execa('node', [BIN, ...args], { cwd, reject: false, stripFinalNewline: false, env: { NO_COLOR: '1' } });
}

/** A plugin module (a plain transform object; the shape is what is checked, not how it was made). */
function plugin(name: string, extra = ''): string {
  return `export default {
  meta: {
    name: '${name}',
    description: 'Set the restart policy of every service',
    reads: ['compose'],
    edits: ['compose'],
    options: {
      policy: { type: 'enum', values: ['always', 'unless-stopped'], default: 'unless-stopped', description: 'the restart policy' },
      limits: { type: 'object', description: 'bounds', keys: { max: { type: 'number', description: 'at most this many' } } },
      services: { type: 'string[]', description: 'service names or globs' },
    },
    defaultPolicies: [{}],${extra}
  },
  run() {},
};
`;
}

const block = (name: string, spec: string): string =>
  `${name}: Set the restart policy of every service
  plugin: ${spec}
  reads: compose; edits: compose
  policy (enum: always | unless-stopped) default "unless-stopped": the restart policy
  limits (object): bounds
    limits.max (number): at most this many
  services (string[]): service names or globs
`;

const COMPOSE = 'services:\n  a:\n    image: x\n';

describe('composeshift transforms', () => {
  it('without plugins: the built-ins, each with its options, none marked as a plugin', async () => {
    const dir = tempProject({ 'compose.yaml': COMPOSE });
    const r = await cli(['transforms'], dir);
    expect(r.exitCode).toBe(0);
    const names = [...r.stdout.matchAll(/^([a-z-]+): /gm)].map((m) => m[1]);
    expect(names).toEqual(['memory-limits', 'torch-cpu', 'unused-deps', 'compose-fields']);
    expect(r.stdout).not.toContain('plugin:');
    expect(r.stdout).toContain('  set (object): ');
    expect(r.stdout).toContain('    set.<key> (any): ');
  });

  it('a percent default is shown as a config writes it (50%), not as its fraction', async () => {
    const dir = tempProject({ 'compose.yaml': COMPOSE });
    const r = await cli(['transforms', '-t', path.resolve('examples/plugins/cpu-limits.js')], dir);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('  target (percent) default 50%: peak CPU as a share of the new limit');
    expect(r.stdout).toContain('  step (number) default 0.25: ');
  });

  it('-t ./x.js: the plugin after the built-ins, with its description, the spec that loaded it and its options', async () => {
    const dir = tempProject({ 'compose.yaml': COMPOSE, 'rules/restart.js': plugin('restart-policy') });
    const r = await cli(['transforms', '-t', './rules/restart.js'], dir);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.slice(r.stdout.lastIndexOf('\n\n') + 2)).toBe(block('restart-policy', './rules/restart.js'));
  });

  it('a plugin the config names (`transform: ./rules/x.js`, relative to the config) is listed; so is one given with -c', async () => {
    const config = 'policies:\n  - transform: ./rules/restart.js\n    policy: always\n';
    const dir = tempProject({ 'compose.yaml': COMPOSE, 'composeshift.config.yaml': config, 'rules/restart.js': plugin('restart-policy'), 'other/cfg.yaml': 'policies:\n  - transform: ../rules/restart.js\n' });
    const r = await cli(['transforms'], dir);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('\n' + block('restart-policy', './rules/restart.js'));
    // The root as an argument, from another folder.
    const fromAbove = await cli(['transforms', path.basename(dir)], path.dirname(dir));
    expect(fromAbove.stdout).toBe(r.stdout);
    const viaC = await cli(['transforms', '-c', 'other/cfg.yaml'], dir);
    expect(viaC.exitCode).toBe(0);
    expect(viaC.stdout).toContain('\n' + block('restart-policy', '../rules/restart.js'));
  });

  it('an installed npm package named with -t or in the config is listed under its package name', async () => {
    const files = {
      'compose.yaml': COMPOSE,
      'node_modules/composeshift-plugin-restart/package.json': JSON.stringify({ name: 'composeshift-plugin-restart', type: 'module', exports: { '.': { import: './main.js' } } }),
      'node_modules/composeshift-plugin-restart/main.js': plugin('restart-pkg'),
    };
    const dir = tempProject(files);
    const r = await cli(['transforms', '-t', 'composeshift-plugin-restart'], dir);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('\n' + block('restart-pkg', 'composeshift-plugin-restart'));
    const configured = tempProject({ ...files, 'composeshift.config.yaml': 'policies:\n  - transform: composeshift-plugin-restart\n' });
    expect((await cli(['transforms'], configured)).stdout).toContain('\n' + block('restart-pkg', 'composeshift-plugin-restart'));
  });

  it('--json: built-ins and plugins as data (options with their keys, defaults and enum values)', async () => {
    const dir = tempProject({ 'compose.yaml': COMPOSE, 'rules/restart.js': plugin('restart-policy') });
    const r = await cli(['transforms', '--json', '-t', './rules/restart.js'], dir);
    expect(r.exitCode).toBe(0);
    const json = JSON.parse(r.stdout) as { transforms: Record<string, unknown>[] };
    expect(json.transforms.map((t) => [t.name, t.builtin])).toEqual([['memory-limits', true], ['torch-cpu', true], ['unused-deps', true], ['compose-fields', true], ['restart-policy', false]]);
    expect(json.transforms.at(-1)).toEqual({
      name: 'restart-policy',
      description: 'Set the restart policy of every service',
      builtin: false,
      plugin: ['./rules/restart.js'],
      reads: ['compose'],
      edits: ['compose'],
      options: {
        policy: { type: 'enum', values: ['always', 'unless-stopped'], default: 'unless-stopped', description: 'the restart policy' },
        limits: { type: 'object', description: 'bounds', keys: { max: { type: 'number', description: 'at most this many' } } },
        services: { type: 'string[]', description: 'service names or globs' },
      },
      defaultPolicies: [{}],
    });
    // A built-in's cross-key check (a function) is not data: its option is listed without it.
    const memory = json.transforms[0] as { options: Record<string, Record<string, unknown>> };
    expect(memory.options.target).toMatchObject({ type: 'object', keys: { usage: { type: 'percent' } } });
    expect(JSON.stringify(memory)).not.toContain('"check"');
  });

  it.each([
    ['a plugin that is not a transform', { 'bad.js': plugin('bad-one', "\n    reads: 'compose',") }, ['-t', './bad.js']],
    ['a missing plugin file', {}, ['-t', './nope.js']],
    ['an unknown package', {}, ['-t', 'composeshift-plugin-nope']],
    ['a plugin that takes a built-in name', { 'mem.js': plugin('memory-limits') }, ['-t', './mem.js']],
    ['a config naming a bad plugin', { 'bad.js': 'export default 42;\n', 'composeshift.config.yaml': 'policies:\n  - transform: ./bad.js\n' }, []],
  ])('%s: exit 2 with the same error plan gives', async (_why, files: Record<string, string>, args: string[]) => {
    const dir = tempProject({ 'compose.yaml': COMPOSE, ...files });
    const listed = await cli(['transforms', ...args], dir);
    const planned = await cli(['plan', ...args], dir);
    expect(listed.exitCode).toBe(2);
    expect(planned.exitCode).toBe(2);
    expect(listed.stdout).toBe('');
    expect(listed.stderr).toMatch(/^composeshift: (plugin |unknown transform)/);
    expect(listed.stderr).toBe(planned.stderr);
  });
});

describe('composeshift transforms --help', () => {
  it('is pinned: its own options only', async () => {
    const { run } = await import('../../src/cli/main.js');
    const out: string[] = [];
    const io = { stdout: { write: (s: string) => out.push(s), isTTY: false }, stderr: { write: (s: string) => out.push(s), isTTY: false }, env: {}, cwd: '/' };
    expect(await run(['transforms', '--help'], io)).toBe(0);
    expect(out.join('')).toMatchInlineSnapshot(`
      "Usage: composeshift transforms [options] [root]

      list the transforms and their options (plugins too: the config or -t name them)

      Arguments:
        root                      folder whose config names plugins (default: ".")

      Options:
        -c, --config <file>       policy file (default: composeshift.config.yaml in
                                  root)
        -t, --transform <module>  also a plugin transform (./x.js or a package),
                                  repeatable
        --json                    machine-readable output on stdout
        -h, --help                display help for command

      Examples:
        $ composeshift transforms
        $ composeshift transforms -t ./rules/cpu-limits.js   # a plugin's options, as the config takes them
        $ composeshift transforms --json

      Exit codes:
        0  done
        2  bad usage, config or input (nothing is written)
      "
    `);
  });
});
