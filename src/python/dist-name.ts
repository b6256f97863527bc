/** A distribution name normalised per PEP 503 (`re.sub(r"[-_.]+", "-", name).lower()`): the key of every table here. */
export function normalizeDist(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/** The import name most distributions use: the normalised name with `-` as `_` (`flask-cors` → `flask_cors`). */
export function genericImportName(dist: string): string {
  return normalizeDist(dist).replace(/-/g, '_');
}
