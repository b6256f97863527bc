/** Folder names whose JS is third-party or generated, never the service's own source. */
const VENDOR_DIRS = new Set(['vendor', 'vendors', 'third_party', 'third-party', 'thirdparty', 'bower_components', 'jspm_packages', 'dist', 'build', 'out', 'public', 'static', 'assets']);
const MINIFIED_NAME = /[.-]min\.[cm]?js$|\.(?:bundle|chunk|umd|prod|production)\.[cm]?js$/;
const LONG_LINE = 1000;
const SOURCE_MAP = /^\s*\/\/[#@] sourceMappingURL=/m;

/**
 * Why a JS/TS file is vendored or generated (`*.min.js`, under `vendor/`, `dist/`, `build/`, `static/`, a line over
 * 1000 characters, a sourcemap comment), or undefined for the service's own source. Such files' imports never make
 * a package `missing`; they still count as uses, since a bundle's externals load at run time.
 */
export function vendoredReason(rel: string, text: string): string | undefined {
  const segs = rel.split('/');
  const base = segs[segs.length - 1] ?? '';
  if (MINIFIED_NAME.test(base)) return 'minified file name';
  const dir = segs.slice(0, -1).find((s) => VENDOR_DIRS.has(s.toLowerCase()));
  if (dir !== undefined) return `under ${dir}/`;
  if (SOURCE_MAP.test(text)) return 'sourcemap comment (generated)';
  for (let start = 0; start < text.length; ) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    if (end - start > LONG_LINE) return `a line of ${end - start} characters (minified)`;
    start = end + 1;
  }
  return undefined;
}
