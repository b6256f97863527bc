/**
 * Build and tool config files that load packages by name: PostCSS plugins as object keys, Babel presets as strings,
 * Angular/Nx builders (`"builder": "@angular-devkit/build-angular:browser"`), any `.<tool>rc` (with or without an
 * extension: .babelrc, .eslintrc.yml, .mocharc.json, .prettierrc), `<tool>.config.*`, `webpack.prod.js`, tsconfig/jsconfig (`extends`,
 * `plugins`) and a `browserslist` file. Package-manager settings (.npmrc, .yarnrc, .nvmrc) name registries, not tools.
 */
const CONFIG_FILE = /(?:^|\/)(?:angular\.json|project\.json|nx\.json|workspace\.json|(?:ts|js)config(?:\.[\w.-]+)?\.json|[\w.-]+\.config\.[cm]?[jt]s|(?:webpack|rollup)(?:[.-][\w.-]+)?\.[cm]?[jt]s|[\w.-]+\.config\.json|\.[\w-]+rc(?:\.[cm]?[jt]s|\.json5?|\.ya?ml|\.toml)?|browserslist)$/;
const NOT_TOOL_RC = /(?:^|\/)\.(?:npm|yarn|nvm|pnpm)rc(?:\.\w+)?$/;
/** Config files without an extension (.babelrc, .eslintrc, .prettierrc, .browserslistrc, browserslist), which no other reader picks up. */
const EXTENSIONLESS = /^(?:\.[\w-]+rc|browserslist)$/;
/**
 * package.json fields that name packages without loading them (dependency lists, overrides) or are prose and
 * metadata; every other field is a tool's config (`babel`, `eslintConfig`, `jest`, `prettier`, `stylelint`,
 * `browserslist`, `mocha`, `nyc`, `lint-staged`, `commitlint`, `imports`…) and a package it names is loaded by name.
 */
const NOT_TOOL_FIELDS = new Set([
  'name', 'version', 'description', 'keywords', 'homepage', 'bugs', 'license', 'licenses', 'author', 'contributors', 'maintainers', 'funding',
  'repository', 'readme', 'files', 'main', 'module', 'exports', 'types', 'typings', 'bin', 'man', 'directories', 'private', 'publishConfig',
  'type', 'engines', 'os', 'cpu', 'packageManager', 'sideEffects', 'workspaces', 'scripts', 'gitHead',
  'dependencies', 'devDependencies', 'peerDependencies', 'peerDependenciesMeta', 'optionalDependencies', 'bundleDependencies',
  'bundledDependencies', 'overrides', 'resolutions', 'pnpm', 'dependenciesMeta',
]);

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** True for a tool config file (by path) whose words may name packages. */
export function isToolConfig(rel: string): boolean {
  return CONFIG_FILE.test(rel) && !NOT_TOOL_RC.test(rel);
}

/** True for a tool config without an extension (`.babelrc`), which the source and config walks do not read. */
export function isExtensionlessConfig(base: string): boolean {
  return EXTENSIONLESS.test(base) && !NOT_TOOL_RC.test(base);
}

/**
 * Names a config may use for a package: itself (also as `name/sub`: `ts-node/register`, `next/babel`,
 * `plugin:react/recommended`, `@tsconfig/node20/tsconfig.json`) and the short forms tools resolve: Babel
 * (`@babel/env`, `module-resolver`, `@acme/foo` for `@acme/babel-plugin-foo`), ESLint (`airbnb`, `react`, `@acme`
 * for `@acme/eslint-plugin`, `@acme/x` for `@acme/eslint-config-x`), Jest environments and runners (`jsdom`).
 */
function shortNames(pkg: string): string[] {
  const out = [pkg];
  const scoped = /^(@[^/]+)\/(?:babel-)?(?:preset|plugin)-(.+)$/.exec(pkg);
  if (scoped) out.push(`${scoped[1]}/${scoped[2]}`);
  const scopedEslint = /^(@[^/]+)\/eslint-(?:plugin|config)(?:-(.+))?$/.exec(pkg);
  if (scopedEslint) out.push(scopedEslint[2] ? `${scopedEslint[1]}/${scopedEslint[2]}` : scopedEslint[1]!);
  const plain = /^(?:(?:babel|postcss|eslint)-(?:preset|plugin|config)|jest-(?:environment|runner))-(.+)$/.exec(pkg);
  if (plain) out.push(plain[1]!);
  return out;
}

/** `@types/node` → `node`, `@types/babel__core` → `@babel/core`: the name tsconfig `types` and `/// <reference types>` use. */
function typesName(pkg: string): string | undefined {
  if (!pkg.startsWith('@types/')) return undefined;
  const rest = pkg.slice(7);
  const i = rest.indexOf('__');
  return i > 0 ? `@${rest.slice(0, i)}/${rest.slice(i + 2)}` : rest;
}

const lineAt = (text: string, index: number): number => text.slice(0, index).split('\n').length;

/**
 * Where a build or tool config names the package (a word equal to the name, its short form, or either followed by
 * `/…`), as `file:line`, or undefined. `texts` are config candidates (path, text), of which the tool configs are
 * read; `pkgJson` is the manifest, whose tool fields count; an `@types/x` package is named by `x` in a tsconfig's
 * `types` list or a `/// <reference types="x" />`.
 */
export function configMention(pkg: string, texts: readonly { rel: string; text: string }[], pkgJson?: { rel: string; value: Record<string, unknown> }): string | undefined {
  const names = shortNames(pkg);
  // A bare scope (`@acme` for `@acme/eslint-plugin`) followed by `/` is another package of that scope, unless
  // `plugin:@acme/…` names the plugin's config.
  const scopes = names.filter((n) => n.startsWith('@') && !n.includes('/'));
  const paths = names.filter((n) => !scopes.includes(n));
  const alts = [`(?<![\\w@/.-])(?:${paths.map(escape).join('|')})(?![\\w-])`, ...scopes.flatMap((n) => [`(?<![\\w@/.-])${escape(n)}(?![\\w/-])`, `plugin:${escape(n)}/`])];
  const re = new RegExp(alts.join('|'));
  for (const t of texts) {
    if (!isToolConfig(t.rel)) continue;
    const m = re.exec(t.text);
    if (!m) continue;
    const where = `${t.rel}:${lineAt(t.text, m.index)}`;
    const modulePath = t.text[m.index + m[0].length] === '/' && !m[0].startsWith('plugin:') && !t.text.slice(0, m.index).endsWith('plugin:');
    return modulePath ? `named as a module path at ${where} (loaded by name)` : `named in ${where} (a build/tool config loads it by name)`;
  }
  if (pkgJson) {
    for (const [field, v] of Object.entries(pkgJson.value)) {
      if (NOT_TOOL_FIELDS.has(field) || v === undefined) continue;
      if (re.test(JSON.stringify(v))) return `named in ${pkgJson.rel} "${field}" (a build/tool config loads it by name)`;
    }
  }
  const types = typesName(pkg);
  return types === undefined ? undefined : typesMention(types, texts);
}

/** `file:line` of a tsconfig/jsconfig `"types": [...]` entry or a `/// <reference types="…" />` naming `name`. */
function typesMention(name: string, texts: readonly { rel: string; text: string }[]): string | undefined {
  const ref = new RegExp(`^\\s*///\\s*<reference\\s+types=["']${escape(name)}["']`, 'm');
  for (const t of texts) {
    if (/(?:^|\/)(?:ts|js)config(?:\.[\w.-]+)?\.json$/.test(t.rel)) {
      for (const list of t.text.matchAll(/"types"\s*:\s*\[([^\]]*)\]/g)) {
        const at = list[1]!.search(new RegExp(`["']${escape(name)}["']`));
        if (at >= 0) return `named in ${t.rel}:${lineAt(t.text, list.index! + list[0].indexOf('[') + 1 + at)} "types" (the type checker loads it by name)`;
      }
    } else if (/\.[cm]?[jt]sx?$/.test(t.rel)) {
      const m = ref.exec(t.text);
      if (m) return `named in ${t.rel}:${lineAt(t.text, m.index + m[0].search(/\S/))} (/// <reference types>: the type checker loads it by name)`;
    }
  }
  return undefined;
}
