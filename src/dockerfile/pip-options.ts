/** What a pip / uv pip option does to the words around it. */
export type PipOptionKind = 'requirement' | 'constraint' | 'editable' | 'index' | 'index-flag' | 'value' | 'flag';

const TABLE: Record<string, PipOptionKind> = {
  '-r': 'requirement',
  '--requirement': 'requirement',
  '--requirements': 'requirement',
  '-c': 'constraint',
  '--constraint': 'constraint',
  '--constraints': 'constraint',
  '-e': 'editable',
  '--editable': 'editable',
  '-i': 'index',
  '--index-url': 'index',
  '--extra-index-url': 'index',
  '-f': 'index',
  '--find-links': 'index',
  '--trusted-host': 'index',
  '--index': 'index',
  '--default-index': 'index',
  '--no-index': 'index-flag',
};

// Options that take a value in the next word; everything else starting with `-` is a flag.
const VALUE_OPTIONS = new Set([
  '-t', '--target', '--prefix', '--root', '--src', '--upgrade-strategy', '--platform', '--python-version',
  '--implementation', '--abi', '--only-binary', '--no-binary', '--progress-bar', '--log', '--log-file',
  '--cache-dir', '--timeout', '--retries', '--proxy', '--cert', '--client-cert', '--exists-action',
  '--global-option', '--install-option', '--config-settings', '-C', '--root-user-action', '--report',
  '-w', '--wheel-dir', '-d', '--dest', '--python', '-p', '--index-strategy', '--keyring-provider',
  '--torch-backend', '--override', '--overrides', '--exclude-newer', '--resolution', '--prerelease',
  '--python-platform', '--extra', '--group', '-b', '--build-dir', '--use-feature', '--use-deprecated',
  '--build-constraint', '--build-constraints', '--link-mode', '--compile-bytecode-timeout',
  // uv: per-package options name a package without installing it; global options (https://docs.astral.sh/uv/reference/cli/#uv-pip-install)
  '--python-preference', '--reinstall-package', '--upgrade-package', '-P', '--refresh-package',
  '--no-build-isolation-package', '--config-setting', '--allow-insecure-host', '--exclude', '--exclude-newer-package',
  '--config-file', '--directory', '--project', '--color', '--fork-strategy',
]);

/** Short options whose value may be glued on (`-rrequirements.txt`). */
const GLUED = /^-([rceif])(.+)$/;

/**
 * Classify an option word: its kind, its name (without `=value`), and the value if the same
 * word carries it (`--index-url=...`, `-rfile`).
 */
export function pipOption(word: string): { kind: PipOptionKind; name: string; inlineValue?: string; valueOffset?: number } {
  const eq = word.startsWith('--') ? word.indexOf('=') : -1;
  if (eq > 0) {
    const name = word.slice(0, eq);
    return { kind: TABLE[name] ?? (VALUE_OPTIONS.has(name) ? 'value' : 'flag'), name, inlineValue: word.slice(eq + 1), valueOffset: eq + 1 };
  }
  const known = TABLE[word] ?? (VALUE_OPTIONS.has(word) ? 'value' : undefined);
  if (known) return { kind: known, name: word };
  const glued = GLUED.exec(word);
  if (glued) return { kind: TABLE[`-${glued[1]}`]!, name: `-${glued[1]}`, inlineValue: glued[2]!, valueOffset: 2 };
  return { kind: 'flag', name: word };
}

/** Canonical long name of an index option (`-i` → `--index-url`). */
export function canonicalIndexOption(name: string): string {
  return name === '-i' ? '--index-url' : name === '-f' ? '--find-links' : name;
}

/** pip's own options that may come before the subcommand (`pip --no-cache-dir install`) and take a value. */
export function isPipGlobalValueOption(word: string): boolean {
  return ['--log', '--cache-dir', '--timeout', '--retries', '--proxy', '--cert', '--client-cert', '--exists-action', '--python'].includes(word);
}
