import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PluginError } from '../../src/transform/load-plugin.js';
import { planFiles, tempProject } from '../helpers/temp-project.js';

// A plugin that misbehaves while it runs is a PluginError naming its module (the CLI: exit 2, one line, nothing
// written), never an internal error with a stack trace (red team, notes/redteam-fields.md).

const COMPOSE = 'services:\n  a:\n    image: x\n';
const META = "const meta = { name: 'p-x', description: 'd', reads: ['compose'], edits: ['compose'], options: {}, defaultPolicies: [{}] };\n";
const plugin = (run: string): string => `${META}export default { meta, run(ctx) {\n${run}\n} };\n`;
/** The compose file's absolute path inside a plugin (ctx.project.files holds it). */
const FILE = "const file = [...ctx.project.files.keys()].find((f) => f.endsWith('compose.yaml'));";

async function pluginError(run: string, extra: Record<string, string> = {}): Promise<{ dir: string; err: PluginError }> {
  const dir = tempProject({ 'compose.yaml': COMPOSE, 'p.js': plugin(run), ...extra });
  const err = await planFiles(dir, { transforms: ['./p.js'] }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(PluginError);
  return { dir, err: err as PluginError };
}

describe('a plugin that misbehaves in run: PluginError naming it', () => {
  it('run throws: the message, and the plugin\'s own line', async () => {
    const { dir, err } = await pluginError("  if (ctx.services.length) throw new TypeError('no cpu column');");
    expect(err.message).toBe(`plugin ${dir}/p.js (p-x): run threw TypeError: no cpu column (at p.js:3:34)`);
    expect(err.module).toBe(path.join(dir, 'p.js'));
  });

  it('an edit of a file the run did not read', async () => {
    const { dir, err } = await pluginError("  ctx.edit({ file: ctx.project.root + '/notes.txt', range: [0, 0], text: 'x' });", { 'notes.txt': 'hi\n' });
    expect(err.message).toBe(`plugin ${dir}/p.js (p-x): edits ${dir}/notes.txt, a file the run did not read (a plugin edits only files of the project: ctx.project.files)`);
  });

  it('an edit whose text is not a string, or whose range is outside the file (also when returned from run)', async () => {
    const a = await pluginError(`  ${FILE}\n  ctx.edit({ file, range: [0, 0], text: 42 });`);
    expect(a.err.message).toBe(`plugin ${a.dir}/p.js (p-x): edit of compose.yaml: text must be a string, got number`);
    const b = await pluginError(`  ${FILE}\n  return [{ file, range: [5, 999], text: '' }];`);
    expect(b.err.message).toBe(`plugin ${b.dir}/p.js (p-x): edit of compose.yaml: range must be [start, end] with 0 <= start <= end <= ${COMPOSE.length}, got [5,999]`);
  });

  it('a finding or a change that is not plain data (a BigInt), or a change without expect', async () => {
    const a = await pluginError("  ctx.report({ level: 'warn', code: 'x', message: 'm', bytes: 10n });");
    expect(a.err.message).toBe(`plugin ${a.dir}/p.js (p-x): a finding is not plain data: Do not know how to serialize a BigInt`);
    const b = await pluginError("  ctx.change({ service: ctx.services[0].key, file: 'compose.yaml', line: 1, what: 'w', before: 'a', after: 'b', reason: 'r' });");
    expect(b.err.message).toBe(`plugin ${b.dir}/p.js (p-x): a change is not plain data: expect must be a list (of the values the change sets)`);
  });

  it('run returns something that is not a list of edits', async () => {
    const { dir, err } = await pluginError('  return { edits: [] };');
    expect(err.message).toBe(`plugin ${dir}/p.js (p-x): run returned an object; it returns nothing or a list of edits`);
  });

  it('the CLI: exit 2, one line naming the plugin, nothing written', async () => {
    const { run } = await import('../../src/cli/main.js');
    const dir = tempProject({ 'compose.yaml': COMPOSE, 'p.js': plugin(`  ${FILE}\n  ctx.edit({ file, range: [0, 0], text: '# x\\n' });\n  throw new Error('boom');`) });
    let err = '';
    const io = { stdout: { write: () => true }, stderr: { write: (s: string) => (err += s) }, env: {}, cwd: dir };
    expect(await run(['apply', '-t', './p.js'], io)).toBe(2);
    expect(err).toBe(`composeshift: plugin ${dir}/p.js (p-x): run threw Error: boom (at p.js:5:9)\n`);
    expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toBe(COMPOSE);
  });

  it('a well-behaved plugin is untouched by the guard: its edit is planned', async () => {
    const dir = tempProject({ 'compose.yaml': COMPOSE, 'p.js': plugin(`  ${FILE}\n  ctx.edit({ file, range: [0, 0], text: '# managed\\n' });`) });
    const { out } = await planFiles(dir, { transforms: ['./p.js'] });
    expect(out).toStrictEqual({ 'compose.yaml': `# managed\n${COMPOSE}` });
  });
});
