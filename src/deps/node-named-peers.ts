import type { DepFinding } from './types.js';

/**
 * Packages that load another one by name as a peer (often an optional one, installed only when declared), where the
 * names do not show it. Each entry: the package, its peers, and where that was read (its package.json
 * `peerDependencies` on the npm registry).
 */
const IMPLEMENTATION_PEERS: readonly { package: string; peers: string[]; source: string }[] = [
  { package: 'sass-loader', peers: ['sass', 'node-sass', 'sass-embedded', 'webpack'], source: 'sass-loader package.json peerDependencies (sass, node-sass, sass-embedded optional)' },
  { package: 'less-loader', peers: ['less', 'webpack'], source: 'less-loader package.json peerDependencies' },
  { package: 'stylus-loader', peers: ['stylus', 'webpack'], source: 'stylus-loader package.json peerDependencies' },
  { package: 'postcss-loader', peers: ['postcss', 'webpack'], source: 'postcss-loader package.json peerDependencies' },
  { package: 'babel-loader', peers: ['@babel/core', 'webpack'], source: 'babel-loader package.json peerDependencies' },
  { package: 'ts-loader', peers: ['typescript', 'webpack'], source: 'ts-loader package.json peerDependencies' },
  { package: 'fork-ts-checker-webpack-plugin', peers: ['typescript', 'webpack'], source: 'fork-ts-checker-webpack-plugin package.json peerDependencies' },
  { package: 'webpack-cli', peers: ['webpack'], source: 'webpack-cli package.json peerDependencies' },
  { package: 'webpack-dev-server', peers: ['webpack'], source: 'webpack-dev-server package.json peerDependencies' },
  { package: 'vue-loader', peers: ['vue', 'vue-template-compiler', '@vue/compiler-sfc', 'webpack'], source: 'vue-loader package.json peerDependencies' },
];

/** Name words: `@vitejs/plugin-react` → vitejs plugin react. */
const words = (name: string): string[] => name.replace(/^@/, '').split(/[-/.]+/).filter(Boolean);

/** True when `kept`'s name has `dep`'s name as whole words (`sass-loader` ⊃ `sass`, `react-dom` ⊃ `react`). */
function namedAfter(kept: string, dep: string): boolean {
  const k = words(kept);
  const d = words(dep);
  if (!d.length || k.length <= d.length) return false;
  for (let i = 0; i + d.length <= k.length; i++) if (d.every((w, j) => k[i + j] === w)) return true;
  return false;
}

/**
 * Why a kept package probably needs `f` (without a lock, the only hint there is): the kept one is named after it (a
 * loader, plugin or adapter of it: `sass-loader` → `sass`) or peer-depends on it by the table above. Undefined when
 * neither holds; the candidate is kept either way (src/deps/node-lock-proof.ts).
 */
export function namedPeer(f: DepFinding, kept: readonly DepFinding[]): string | undefined {
  const by = kept.find((k) => namedAfter(k.package, f.package) || IMPLEMENTATION_PEERS.some((e) => e.package === k.package && e.peers.includes(f.package)));
  if (!by) return undefined;
  const entry = IMPLEMENTATION_PEERS.find((e) => e.package === by.package && e.peers.includes(f.package));
  return `the kept ${by.package} (${by.file}:${by.line}) ${entry ? `peer-depends on it: ${entry.source}` : 'is named after it: a loader, plugin or adapter of it usually peer-depends on it'}`;
}
