// Bundles the CLI into dist/cli.js (+ dist/chunks/ for what loads lazily), so a run loads one file instead
// of ~150 modules. `npm run build` runs tsc first (type check, dist/src for the library API and tests), then this.
// External: ts-morph (large; required on first use by src/node/imports.ts) and dockerfile-ast (required on first
// use by src/dockerfile/parse.ts): runs that read neither format never load them.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// COMPOSESHIFT_BUNDLE_OUT: another folder under the package (profiling a bundle while others rebuild dist/).
const outdir = process.env.COMPOSESHIFT_BUNDLE_OUT ?? 'dist';
rmSync(path.join(root, outdir, 'chunks'), { recursive: true, force: true });
await build({
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
  logLevel: 'warning',
});
