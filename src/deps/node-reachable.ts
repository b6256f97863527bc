import { existsSync } from 'node:fs';
import path from 'node:path';
import type { CommandUse } from './commands.js';
import type { ImportUse } from './types.js';

/** Commands whose first operand is the script Node runs. */
const RUNNERS = new Set(['node', 'nodejs', 'nodemon', 'ts-node', 'tsx', 'pm2-runtime', 'pm2-docker', 'forever', 'bun']);
/** Build-time commands that read sources without running them from an entry: bundlers, compilers, scripts. */
const BUILDS = /^(?:vite|webpack|webpack-cli|next|nuxt|nuxi|ng|tsc|esbuild|rollup|parcel|babel|swc|vue-cli-service|react-scripts|astro|svelte-kit|remix|turbo|nx|gulp|grunt|node|tsx|ts-node|bun|npx)$/;
/** Bundlers and compilers: when the container runs one at start-up it reads the sources it bundles. */
const BUNDLERS = /^(?:vite|webpack|webpack-cli|next|nuxt|nuxi|ng|tsc|esbuild|rollup|parcel|vue-cli-service|react-scripts|astro|gulp|grunt)$/;
const EXTS = ['', '.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.jsx', '.tsx', '/index.js', '/index.mjs', '/index.cjs', '/index.ts'];

/** `npm run x`, `yarn build`, `pnpm x`: a package.json script run at build time. */
function runsScript(c: CommandUse): boolean {
  if (c.name !== 'npm' && c.name !== 'yarn' && c.name !== 'pnpm' && c.name !== 'bun') return false;
  const verb = c.args.find((a) => !a.startsWith('-'));
  return verb !== undefined && !['ci', 'install', 'i', 'add', 'prune', 'cache', 'config', 'set', 'rebuild', 'audit', 'dedupe'].includes(verb);
}

/**
 * The service's files (relative to the root) reachable through relative imports from the scripts its container
 * runs (`node server/server.js`, `node .` → package.json main), or undefined when that cannot be told: no such
 * entry resolves to a scanned file, or the image also builds (a bundler, compiler or package.json script runs at
 * build time, so it may read every source).
 */
export function nodeReachable(imports: readonly ImportUse[], commands: readonly CommandUse[], root: string, pkgDir: string, main: unknown): Set<string> | undefined {
  const byFile = new Map<string, string[]>();
  for (const i of imports) {
    const list = byFile.get(i.file) ?? [];
    if (i.module.startsWith('.')) list.push(i.module);
    byFile.set(i.file, list);
  }
  const resolve = (fromDir: string, spec: string): string | undefined => {
    const base = path.relative(root, path.resolve(fromDir, spec)).split(path.sep).join('/');
    return EXTS.map((e) => base + e).find((r) => byFile.has(r));
  };
  // package.json scripts count only when the container runs them (`npm start`, `npm run serve`, `yarn serve`).
  const scriptOf = (c: CommandUse): string | undefined => / scripts\.(.+)$/.exec(c.where)?.[1];
  const launched = new Set<string>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const c of commands) {
      const from = scriptOf(c);
      if (!c.runtime || (from !== undefined && !launched.has(from)) || !['npm', 'yarn', 'pnpm', 'bun'].includes(c.name)) continue;
      const words = c.args.filter((a) => !a.startsWith('-'));
      const name = words[0] === 'run' || words[0] === 'run-script' ? words[1] : words[0];
      if (name && !launched.has(name)) {
        launched.add(name);
        grew = true;
      }
    }
  }
  // A build at image build time, or a bundler the container runs when it starts, may read every source.
  const bundles = (c: CommandUse): boolean => c.kind === 'command' && (c.runtime ? BUNDLERS.test(c.name) && (scriptOf(c) === undefined || launched.has(scriptOf(c)!)) : BUILDS.test(c.name) || runsScript(c));
  if (commands.some(bundles)) return undefined;
  const queue: string[] = [];
  for (const c of commands) {
    if (!c.runtime || c.kind !== 'command' || !RUNNERS.has(c.name)) continue;
    const from = scriptOf(c);
    if (from !== undefined && !launched.has(from)) continue;
    let script = c.args.find((a) => !a.startsWith('-'));
    if (c.name === 'pm2-runtime' || c.name === 'pm2-docker') script = c.args.find((a) => !a.startsWith('-') && a !== 'start');
    if (script === '.' && typeof main === 'string') script = main;
    const hit = script && (resolve(pkgDir, script) ?? (existsSync(path.join(pkgDir, script)) ? undefined : resolve(root, script)));
    if (hit) queue.push(hit);
  }
  if (!queue.length) return undefined;
  const seen = new Set<string>(queue);
  while (queue.length) {
    const file = queue.pop()!;
    for (const spec of byFile.get(file) ?? []) {
      const next = resolve(path.dirname(path.join(root, file)), spec);
      if (next && !seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}
