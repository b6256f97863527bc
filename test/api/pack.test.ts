import { execa } from 'execa';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The package as users get it: `npm pack` → install the tarball in an empty folder → import 'composeshift'
// from a script, and type-check a TypeScript caller against the shipped declarations with this repo's tsc.
const REPO = path.resolve('.');
const work = mkdtempSync(path.join(tmpdir(), 'composeshift-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const COMPOSE = 'name: shop\nservices:\n  api:\n    image: api:1\n    deploy:\n      resources:\n        limits:\n          memory: 128M\n';
const STATS = 'NAME         CPU %    MEM USAGE / LIMIT\nshop-api-1   90.00%   100MiB / 128MiB\n';

// A batch script as the README shows it: plan over several roots, apply one, errors are typed.
const SCRIPT = `import { apply, plan, defineTransform, InputError } from 'composeshift';
const out = {};
for (const root of ['shop', 'broken']) {
  try {
    const r = await plan({ root, usage: root + '/stats.txt', transforms: ['memory-limits'] });
    out[root] = { files: r.files, values: r.changes.map((c) => c.value), findings: r.findings.map((f) => f.code) };
  } catch (err) {
    out[root] = { error: err instanceof InputError, name: err.name, file: err.file, line: err.line, col: err.col };
  }
}
const applied = await apply({ root: 'shop', usage: 'shop/stats.txt', transforms: ['memory-limits'] });
out.written = applied.written;
out.again = (await plan({ root: 'shop', usage: 'shop/stats.txt', transforms: ['memory-limits'] })).files.length;
out.define = typeof defineTransform;
process.stdout.write(JSON.stringify(out));
`;

// Wrong calls must be type errors (@ts-expect-error fails the check when a type is `any`).
const CALLER = `import { apply, audit, defineTransform, plan, readSetting, report, setSetting, type Change, type FilePlan, type PlanResult } from 'composeshift';

declare module 'composeshift' {
  interface ChangeValues {
    'restart-policy': { policy: string };
  }
}

const result: PlanResult = await plan({ root: '.', usage: 'stats.txt', transforms: ['memory-limits'] });
const first: FilePlan | undefined = result.files[0];
const diff: string | undefined = first?.diff;
const kinds: string[] = result.changes.map((c: Change) => c.value.kind);
console.log(diff, kinds, (await report({ root: '.' })).totals.before, (await audit({ root: '.' })).services.length, (await apply({ root: '.' })).written);

export default defineTransform<{ policy: string }>({
  meta: { name: 'restart', description: 'restart policy', reads: ['compose'], edits: ['compose'], options: { policy: { type: 'string', description: 'the policy', default: 'unless-stopped' } }, defaultPolicies: [{}] },
  run(ctx) {
    for (const s of ctx.services) {
      const policy: string = ctx.policyFor(s)!.options.policy;
      if (readSetting(s, ['restart'])?.raw === policy) continue;
      const w = setSetting(s, ['restart'], policy);
      w.edits.forEach(ctx.edit);
      ctx.change({ value: { kind: 'restart-policy', policy }, service: s.key, file: w.file, line: w.line, what: 'restart', before: 'none', after: policy, reason: 'policy', expect: w.expect });
    }
  },
});

// @ts-expect-error: root is required
await plan({ usage: 'x' });
// @ts-expect-error: not a kind of ChangeValues
const bad: Change['value'] = { kind: 'no-such-kind' };
// @ts-expect-error: options are typed by defineTransform's parameter
defineTransform<{ n: number }>({ meta: { name: 'x', description: 'x', reads: [], edits: [], options: {}, defaultPolicies: [] }, run(ctx) { const s: string = ctx.options.n; console.log(s); } });
console.log(bad);
`;

async function install(app: string, tgz: string): Promise<void> {
  // Dependencies from the npm cache `npm ci` filled; when the cache lacks a package document, the registry may fill in.
  const offline = await execa('npm', ['install', '--offline', '--no-audit', '--no-fund', tgz], { cwd: app, reject: false });
  if (offline.exitCode === 0) return;
  await execa('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tgz], { cwd: app });
}

describe('the packed package', () => {
  it('installs from its tarball; a script imports composeshift, plans, applies; a .ts caller type-checks', async () => {
    expect(existsSync(path.join(REPO, 'dist/src/index.js')), 'dist/src/index.js is missing: npm run build').toBe(true);
    const pkgDir = path.join(work, 'pkg');
    mkdirSync(pkgDir);
    // --ignore-scripts: pack what the build made (prepare would rebuild dist under the other tests' feet).
    await execa('npm', ['pack', '--ignore-scripts', '--pack-destination', pkgDir], { cwd: REPO });
    const tgz = path.join(pkgDir, readdirSync(pkgDir).find((f) => f.endsWith('.tgz'))!);
    const files = (await execa('tar', ['-tzf', tgz])).stdout.split('\n');
    for (const f of ['package/dist/src/index.js', 'package/dist/src/index.d.ts', 'package/schema/composeshift.schema.json', 'package/examples/plugins/cpu-limits.js', 'package/bin/composeshift.js']) expect(files).toContain(f);
    expect(files.filter((f) => f.startsWith('package/test/'))).toEqual([]);

    const app = path.join(work, 'app');
    mkdirSync(app);
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    await install(app, tgz);
    for (const [rel, text] of Object.entries({ 'shop/compose.yaml': COMPOSE, 'shop/stats.txt': STATS, 'broken/compose.yaml': 'services:\n  api:\n    image: [\n', 'broken/stats.txt': STATS, 'batch.mjs': SCRIPT, 'caller.ts': CALLER })) {
      mkdirSync(path.dirname(path.join(app, rel)), { recursive: true });
      writeFileSync(path.join(app, rel), text);
    }

    const r = await execa('node', ['batch.mjs'], { cwd: app, reject: false });
    expect(r.stderr).toBe(''); // the library never prints
    expect(r.exitCode).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    const after = COMPOSE.replace('memory: 128M', 'memory: 256M');
    expect(out.shop).toEqual({
      files: [{ path: 'compose.yaml', before: COMPOSE, after, diff: expect.stringContaining('-          memory: 128M\n+          memory: 256M\n') }],
      values: [{ kind: 'memory-limit', bytes: 256 * 1024 * 1024 }],
      findings: [],
    });
    expect(out.broken).toEqual({ error: true, name: 'InputError', file: 'compose.yaml', line: 4, col: 1 });
    expect(out.written).toEqual(['compose.yaml']);
    expect(readFileSync(path.join(app, 'shop/compose.yaml'), 'utf8')).toBe(after);
    expect(out.again).toBe(0);
    expect(out.define).toBe('function');

    writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: ['node'], typeRoots: [path.join(REPO, 'node_modules/@types')] },
      files: ['caller.ts'],
    }));
    const tsc = await execa('node', [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: app, reject: false });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.exitCode).toBe(0);

    // The check can fail: a caller that misuses a result is a type error.
    writeFileSync(path.join(app, 'caller.ts'), CALLER + 'const n: number = result.files;\nconsole.log(n);\n');
    const wrong = await execa('node', [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: app, reject: false });
    expect(wrong.stdout).toContain("error TS2322: Type 'FilePlan[]' is not assignable to type 'number'.");
  }, 300_000);
});
