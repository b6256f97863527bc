import picomatch from 'picomatch';

/**
 * Whether a name passes a glob list the way .gitignore-style lists read: `!pattern` excludes, the others include
 * (a list of only exclusions starts from everything). `["api-*", "!api-2"]` is every api but api-2 — with
 * picomatch's own per-pattern negation, `!api-2` alone would match every other name, `web` included.
 */
export function matchesGlobs(name: string, globs: readonly string[]): boolean {
  const negative = (g: string): boolean => g.startsWith('!') && !g.startsWith('!(');
  const include = globs.filter((g) => !negative(g));
  const exclude = globs.filter(negative).map((g) => g.slice(1));
  if (include.length && !include.some((g) => picomatch.isMatch(name, g))) return false;
  return !exclude.some((g) => picomatch.isMatch(name, g));
}
