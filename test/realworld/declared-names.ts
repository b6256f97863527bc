import path from 'node:path';

/** PEP 503 form for Python names; npm names are compared as written, lower-cased. */
export function normName(name: string, ecosystem: 'python' | 'node'): string {
  return ecosystem === 'node' ? name.toLowerCase() : name.toLowerCase().replace(/[-_.]+/g, '-');
}

const NAME = /^([A-Za-z0-9@][A-Za-z0-9._/@-]*)/;

function fromPackageJson(text: string): Set<string> {
  const names = new Set<string>();
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return names; // a broken package.json after a run declares nothing: every label in it counts as removed
  }
  for (const key of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
    const deps = json[key];
    if (deps && typeof deps === 'object') for (const name of Object.keys(deps)) names.add(normName(name, 'node'));
  }
  return names;
}

/** Quoted requirement strings at the start of a line: the dependency arrays of pyproject.toml. */
function fromPyproject(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const m = /^\s*"([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line);
    if (m?.[1]) names.add(normName(m[1], 'python'));
  }
  return names;
}

/** Words after `pip install` in RUN lines (continuations joined): inline installs. */
function fromDockerfile(text: string): Set<string> {
  const names = new Set<string>();
  const joined = text.replace(/\\\r?\n/g, ' ');
  for (const line of joined.split('\n')) {
    for (const part of line.split(/&&|;|\|\|/)) {
      const words = part.trim().split(/\s+/).map((w) => w.replace(/^["']|["']$/g, ''));
      const at = words.findIndex((w, i) => /(^|\/)pip3?$/.test(w) && (words[i + 1] === 'install' || words[i + 1] === 'wheel'));
      if (at < 0) continue;
      for (const w of words.slice(at + 2)) {
        if (w.startsWith('-') || w.includes('/') || w.includes('$')) continue;
        const m = NAME.exec(w);
        if (m?.[1]) names.add(normName(m[1], 'python'));
      }
    }
  }
  return names;
}

/** Requirement lines: a name at the start of a line that is not a comment or an option. */
function fromRequirements(text: string): Set<string> {
  const names = new Set<string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('-')) continue;
    const egg = /#egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line); // git+https://…#egg=name: a fork installed from a URL
    if (egg?.[1]) {
      names.add(normName(egg[1], 'python'));
      continue;
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(line)) continue; // a URL without #egg= names no package
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line);
    if (m?.[1]) names.add(normName(m[1], 'python'));
  }
  return names;
}

/** The package names a manifest declares, by its kind (package.json, pyproject.toml, Dockerfile, requirements). */
export function declaredNames(rel: string, text: string): Set<string> {
  const base = path.basename(rel);
  if (base === 'package.json') return fromPackageJson(text);
  if (base === 'pyproject.toml') return fromPyproject(text);
  if (/dockerfile/i.test(base)) return fromDockerfile(text);
  return fromRequirements(text);
}

/** Whether a changed file is a dependency manifest whose lost names count as removals. */
export function isManifest(rel: string): boolean {
  const base = path.basename(rel);
  return base === 'package.json' || base === 'pyproject.toml' || /dockerfile/i.test(base) || /requirements.*\.(txt|in)$/i.test(base) || /\.txt$/.test(base);
}
