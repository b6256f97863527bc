// Bundles the CLI into dist/cli.js (+ dist/chunks/ for what loads lazily), so a run loads one file instead
// of ~150 modules. `npm run build` runs tsc first (type check, dist/src for the library API and tests), then this.
// External: ts-morph (large; required on first use by src/node/imports.ts) and dockerfile-ast (required on first
// use by src/dockerfile/parse.ts): runs that read neither format never load them.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// COMPOSESHIFT_BUNDLE_OUT: another folder under the package (profiling a bundle while others rebuild dist/).
const outdir = path.join(root, process.env.COMPOSESHIFT_BUNDLE_OUT ?? 'dist');
const result = await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli/entry.ts' },
  outdir,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['ts-morph', 'dockerfile-ast'],
  // CommonJS packages in the bundle (commander, picomatch, yaml's node build) call require() for built-ins.
  banner: { js: "import { createRequire as __csCreateRequire } from 'node:module'; const require = __csCreateRequire(import.meta.url);" },
  legalComments: 'none',
  // Whitespace and syntax only (names stay, for stack traces): ~5% less CPU at start-up, mostly parse time.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  logLevel: 'warning',
  write: false,
});

// A CLI running while this builds must never see cli.js name a chunk not yet written: chunks (content-hashed
// names) first, then cli.js by rename. Old chunks stay a while for runs that loaded the old cli.js.
const chunks = path.join(outdir, 'chunks');
const entry = path.join(outdir, 'cli.js');
const fresh = new Set(result.outputFiles.map((f) => f.path));
const replace = (f) => {
  writeFileSync(`${f.path}.${process.pid}.tmp`, f.contents);
  renameSync(`${f.path}.${process.pid}.tmp`, f.path);
};
mkdirSync(chunks, { recursive: true });
for (const f of result.outputFiles) if (f.path.startsWith(chunks + path.sep) && !existsSync(f.path)) writeFileSync(f.path, f.contents);
for (const f of result.outputFiles) if (!f.path.startsWith(chunks + path.sep) && f.path !== entry) replace(f);
replace(result.outputFiles.find((f) => f.path === entry));
for (const name of readdirSync(chunks)) {
  const abs = path.join(chunks, name);
  if (!fresh.has(abs) && Date.now() - statSync(abs).mtimeMs > 10 * 60_000) rmSync(abs, { force: true });
}
