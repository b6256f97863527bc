/** Build and tool config files that load packages by name (PostCSS plugins as object keys, Babel presets as strings, Angular/Nx builders `"builder": "@angular-devkit/build-angular:browser"`). */
const CONFIG_FILE = /(?:^|\/)(?:angular\.json|project\.json|nx\.json|workspace\.json|[\w.-]+\.config\.[cm]?[jt]s|[\w.-]+\.config\.json|\.?(?:babel|postcss|eslint|prettier|stylelint|swc|browserslist|lintstaged)rc(?:\.[cm]?[jt]s|\.json|\.ya?ml)?|\.swcrc|babel\.config\.json)$/;
/** package.json sections that name packages for tools (Babel, PostCSS, ESLint...). */
const PKG_SECTIONS = ['babel', 'postcss', 'eslintConfig', 'prettier', 'stylelint', 'browserslist', 'jest', 'ava', 'nodemonConfig', 'lint-staged'];

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Names a config may use for a package: itself, and Babel/PostCSS/ESLint short forms (`@babel/env`, `module-resolver`). */
function shortNames(pkg: string): string[] {
  const out = [pkg];
  const scoped = /^(@[^/]+)\/(?:babel-)?(preset|plugin)-(.+)$/.exec(pkg);
  if (scoped) out.push(`${scoped[1]}/${scoped[3]}`);
  const plain = /^(?:babel|postcss|eslint)-(?:preset|plugin|config)-(.+)$/.exec(pkg);
  if (plain) out.push(plain[1]!);
  return out;
}

/**
 * Where a build or tool config names the package (a word equal to the name or its short form), as
 * `file:line`, or undefined. `texts` are config candidates (path, text); `pkgJson` is the manifest text.
 */
export function configMention(pkg: string, texts: readonly { rel: string; text: string }[], pkgJson?: { rel: string; value: Record<string, unknown> }): string | undefined {
  const names = shortNames(pkg);
  const re = new RegExp(`(?<![\\w@/.-])(?:${names.map(escape).join('|')})(?![\\w/-])`);
  for (const t of texts) {
    if (!CONFIG_FILE.test(t.rel)) continue;
    const m = re.exec(t.text);
    if (m) return `named in ${t.rel}:${t.text.slice(0, m.index).split('\n').length} (a build/tool config loads it by name)`;
  }
  if (pkgJson) {
    for (const s of PKG_SECTIONS) {
      const v = pkgJson.value[s];
      if (v !== undefined && re.test(JSON.stringify(v))) return `named in ${pkgJson.rel} "${s}" (a build/tool config loads it by name)`;
    }
  }
  return undefined;
}
