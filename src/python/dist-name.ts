import { normalizeName } from '../requirements/names.js';


/** The import name most distributions use: the normalised name with `-` as `_` (`flask-cors` → `flask_cors`). */
export function genericImportName(dist: string): string {
  return normalizeName(dist).replace(/-/g, '_');
}
