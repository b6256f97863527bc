import semver from 'semver';

/**
 * The package-lock.json (lockfileVersion 3) npm writes for a package.json whose packages depend on nothing: the root
 * entry with `dependencies`/`devDependencies` (sorted, as npm sorts them) and one entry per package at the lowest
 * version its range allows (`dev: true` for devDependencies), with `extra` fields for declared packages (name →
 * fields, e.g. `peerDependencies` naming other declared packages). Without a "name", npm names the lock after the
 * package.json's `folder`. npm leaves it byte-identical (`npm install --package-lock-only --offline` is a no-op:
 * test/node/lock-proof.test.ts checks that), so classification and lock-sync tests get a real, consistent lock.
 */
export function npmLock(pkgText: string, opts: { folder?: string; extra?: Record<string, Record<string, unknown>> } = {}): string {
  const extra = opts.extra ?? {};
  const pkg = JSON.parse(pkgText) as { name?: string; version?: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  const sorted = (o: Record<string, string> | undefined): Record<string, string> | undefined =>
    o && Object.keys(o).length ? Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1))) : undefined;
  const root: Record<string, unknown> = {};
  if (pkg.name !== undefined) root.name = pkg.name;
  if (pkg.version !== undefined) root.version = pkg.version;
  if (sorted(pkg.dependencies)) root.dependencies = sorted(pkg.dependencies);
  if (sorted(pkg.devDependencies)) root.devDependencies = sorted(pkg.devDependencies);
  const entries: Record<string, Record<string, unknown>> = {};
  for (const [section, dev] of [['dependencies', false], ['devDependencies', true]] as const) {
    for (const [name, range] of Object.entries(pkg[section] ?? {})) {
      const version = semver.minVersion(range)?.version ?? '1.0.0';
      entries[`node_modules/${name}`] = { version, ...extra[name], ...(dev ? { dev: true } : {}) };
    }
  }
  const packages = Object.fromEntries([['', root], ...Object.entries(entries).sort(([a], [b]) => (a < b ? -1 : 1))]);
  const name = pkg.name ?? opts.folder;
  const lock = { ...(name !== undefined ? { name } : {}), ...(pkg.version !== undefined ? { version: pkg.version } : {}), lockfileVersion: 3, requires: true, packages };
  return `${JSON.stringify(lock, null, 2)}\n`;
}
