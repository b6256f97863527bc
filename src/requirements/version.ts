import { explain, valid, validRange } from '@renovatebot/pep440';

/** The version of a specifier that pins exactly one version (`==2.5.1`, `===2.5.1`), else undefined. */
export function pinnedVersion(specifier: string): string | undefined {
  const clauses = specifier.split(',').map((c) => c.trim());
  if (clauses.length !== 1) return undefined;
  const m = /^(===|==)\s*(\S+)$/.exec(clauses[0]!);
  if (!m || m[2]!.endsWith('.*')) return undefined;
  return m[1] === '===' || valid(m[2]!) ? m[2]! : undefined;
}

/** The local version label (`cu121` of `2.4.0+cu121`), undefined when there is none or it is not a version. */
export function localLabel(version: string): string | undefined {
  return explain(version)?.local ?? undefined;
}

/** Whether a version carries a local label (`+cu121`, `+cpu`). */
export function hasLocalLabel(version: string): boolean {
  return localLabel(version) !== undefined;
}

/** The version without its local label (`2.4.0+cu121` → `2.4.0`); the input when it is not a version. */
export function publicVersion(version: string): string {
  const plus = version.indexOf('+');
  return plus === -1 || !explain(version) ? version : version.slice(0, plus);
}

/** Whether a specifier text is valid PEP 440 (`>=1,<2`, `== 1.0.*`; '' is valid). */
export function isValidSpecifier(specifier: string): boolean {
  return validRange(specifier);
}
