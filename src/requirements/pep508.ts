import { validRange } from '@renovatebot/pep440';
import type { LineMapper } from './lines.js';
import { checkMarker } from './marker.js';
import type { ParseError, Requirement, Span } from './model.js';
import { normalizeName } from './names.js';

/**
 * The requirement part of a line (before any option), read the way pip's `parse_req_from_line` does:
 * URL, archive or path, else a PEP 508 requirement checked with packaging's grammar. Offsets are logical.
 */

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;
const OPERATOR = /^(?:===|~=|==|!=|<=|>=|<|>)/;
// pip's is_url: http(s), file, ftp and the VCS schemes (`git+https`, `hg+ssh`, plain `git`, …).
const URL_SCHEME = /^(?:https?|file|ftp|(?:git|hg|svn|bzr)(?:\+[a-z-]+)?):/i;
const ARCHIVE = /\.(?:zip|whl|tar\.bz2|tbz|tar\.xz|txz|tlz|tar\.lz|tar\.lzma|tar\.gz|tgz|tar)$/i;
const EXTRAS_SUFFIX = /^(.+?)(\[[^\]]+\])$/s;

type Result = Requirement | ParseError;

// pip's Wheel.wheel_file_re: a `.whl` link must be name-version[-build]-python-abi-platform.whl.
const WHEEL_FILE = /^[^\s-]+?-[^\s-]*?(?:-\d[^-]*?)?-[^\s-]+?-[^\s-]+?-[^\s-]+?\.whl$/i;

/** An error when a URL or path names a `.whl` file whose name is not a wheel file name. */
function badWheel(L: string, a: number, b: number, url: boolean): ParseError | undefined {
  // `#` and `?` start a URL's fragment and query; in a path they are file name characters.
  const s = url ? L.slice(a, b).replace(/[#?].*$/s, '') : L.slice(a, b);
  if (!/\.whl$/i.test(s)) return undefined;
  const file = s.slice(s.lastIndexOf('/') + 1);
  return WHEEL_FILE.test(decodeURIComponentSafe(file)) ? undefined : { offset: a, message: `'${file}' is not a valid wheel file name` };
}

/** pip reads `#egg=` of a URL as a requirement string: it must be one. */
function badEgg(L: string, a: number, b: number, m: LineMapper): ParseError | undefined {
  const egg = /[#&]egg=([^&]*)/.exec(L.slice(a, b));
  if (!egg) return undefined;
  const start = a + egg.index + egg[0].length - egg[1]!.length;
  const parsed = parsePep508(L, start, start + egg[1]!.length, m);
  return 'offset' in parsed ? { offset: parsed.offset, message: `invalid #egg= fragment: ${parsed.message}` } : undefined;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const isUrl = (s: string): boolean => URL_SCHEME.test(s);
// pip's _looks_like_path (os.path.sep '/' or a leading '.'): such a word is read as a local path.
const looksLikePath = (s: string): boolean => s.includes('/') || s.startsWith('.');
// A word that is not PEP 508 is taken as a directory only when it clearly names one; pip would look on disk.
const clearlyAPath = (s: string): boolean => {
  const bare = EXTRAS_SUFFIX.exec(s)?.[1] ?? s;
  return bare.includes('/') || bare === '.' || bare === '..';
};

/** Read the requirement in logical [a, b) (already trimmed). */
export function parseRequirementArgs(L: string, a: number, b: number, m: LineMapper): Result {
  const s = L.slice(a, b);
  const url = isUrl(s);
  // pip splits the marker off first; URLs may contain `;`, so for them only "; " separates.
  const sepAt = s.indexOf(url ? '; ' : ';');
  let coreEnd = sepAt === -1 ? b : a + sepAt;
  while (coreEnd > a && /\s/.test(L[coreEnd - 1]!)) coreEnd--;
  let marker: Requirement['marker'];
  if (sepAt !== -1) {
    let ms = a + sepAt + 1;
    while (ms < b && /\s/.test(L[ms]!)) ms++;
    const text = L.slice(ms, b);
    if (text !== '') {
      const bad = checkMarker(text);
      if (bad) return { offset: ms + bad.offset, message: `invalid marker: ${bad.message}` };
    }
    marker = { ...m.span(ms, b), semicolon: m.startOf(a + sepAt) };
  }
  const base = { editable: false, coreEnd: m.endOf(coreEnd), start: m.startOf(a), end: m.endOf(b), hashes: [] };
  const withMarker = marker ? { marker } : {};
  if (url) {
    const bad = badWheel(L, a, coreEnd, true) ?? badEgg(L, a, coreEnd, m);
    return bad ?? { form: 'url', ...base, ...withMarker, ...urlParts(L, a, coreEnd, m) };
  }

  const core = L.slice(a, coreEnd);
  const ex = EXTRAS_SUFFIX.exec(core);
  // pip normalises the path (os.path.normpath) before looking at its extension: `x.whl/` is `x.whl`.
  const bare = (ex ? ex[1]! : core).replace(/(.)\/+$/s, '$1');
  const at = core.indexOf('@');
  if (ARCHIVE.test(bare) && (at === -1 || looksLikePath(core.slice(0, at)))) {
    const bad = badWheel(L, a, a + bare.length, false);
    return bad ?? { form: 'path', ...base, ...withMarker, ...pathParts(L, a, coreEnd, m) };
  }
  const pep = parsePep508(L, a, coreEnd, m);
  if ('offset' in pep) {
    if (clearlyAPath(core)) return { form: 'path', ...base, ...withMarker, ...pathParts(L, a, coreEnd, m) };
    return pep;
  }
  return { form: 'pep508', ...base, ...withMarker, ...pep };
}

/** Read the value of `-e`: a VCS/file URL or a local path with optional extras (pip's parse_editable). */
export function parseEditable(L: string, a: number, b: number, m: LineMapper): Requirement {
  const base = { editable: true, coreEnd: m.endOf(b), start: m.startOf(a), end: m.endOf(b), hashes: [] };
  const s = L.slice(a, b);
  if (isUrl(s)) return { form: 'url', ...base, ...urlParts(L, a, b, m) };
  return { form: 'path', ...base, ...pathParts(L, a, b, m) };
}

type Parts = Pick<Requirement, 'name' | 'extras' | 'url' | 'specifier'>;

function named(span: Span): Span & { normalized: string } {
  return { ...span, normalized: normalizeName(span.text) };
}

/** Name of a URL: `#egg=name`, else a wheel file name's first part. */
function urlParts(L: string, a: number, b: number, m: LineMapper): Parts {
  const s = L.slice(a, b);
  const egg = /[#&]egg=([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/.exec(s);
  if (egg) {
    const ns = a + egg.index + egg[0].length - egg[1]!.length;
    return { url: m.span(a, b), name: named(m.span(ns, ns + egg[1]!.length)) };
  }
  return { url: m.span(a, b), ...wheelName(L, a, b, m) };
}

function wheelName(L: string, a: number, b: number, m: LineMapper): Parts {
  const s = L.slice(a, b).replace(/[#?].*$/s, '');
  if (!/\.whl$/i.test(s)) return {};
  const fileStart = a + Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\')) + 1;
  const dash = L.indexOf('-', fileStart);
  if (dash === -1 || dash <= fileStart || dash >= a + s.length) return {};
  return { name: named(m.span(fileStart, dash)) };
}

function pathParts(L: string, a: number, b: number, m: LineMapper): Parts {
  const ex = EXTRAS_SUFFIX.exec(L.slice(a, b));
  const pathEnd = ex ? a + ex[1]!.length : b;
  const extras = ex ? { extras: extrasSpan(L, pathEnd, b, m) } : {};
  return { url: m.span(a, pathEnd), ...extras, ...wheelName(L, a, pathEnd, m) };
}

function extrasSpan(L: string, open: number, close: number, m: LineMapper): Span & { items: string[] } {
  const items = L.slice(open + 1, close - 1)
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
  return { ...m.span(open, close), items };
}

/** packaging's grammar: name [extras] (@ url | specifier | (specifier)); the marker is already split off. */
function parsePep508(L: string, a: number, b: number, m: LineMapper): Parts | ParseError {
  let pos = a;
  const ws = (): void => {
    while (pos < b && /\s/.test(L[pos]!)) pos++;
  };
  const nameMatch = NAME.exec(L.slice(a, b));
  if (!nameMatch) return { offset: a, message: 'expected a package name or a URL/path' };
  pos = a + nameMatch[0].length;
  const parts: Parts = { name: named(m.span(a, pos)) };
  let afterName = pos;
  ws();
  if (L[pos] === '[') {
    const close = L.indexOf(']', pos);
    if (close === -1 || close >= b) return { offset: pos, message: "expected ']' to close the extras" };
    const items = L.slice(pos + 1, close).split(',').map((x) => x.trim());
    const bad = items.find((x) => !(x === '' && items.length === 1) && !/^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(x));
    if (bad !== undefined) return { offset: pos, message: `invalid extra '${bad}'` };
    parts.extras = { ...m.span(pos, close + 1), items: items.filter((x) => x !== '') };
    pos = close + 1;
    afterName = pos;
    ws();
  }
  if (L[pos] === '@') {
    pos++;
    ws();
    const us = pos;
    while (pos < b && !/[ \t]/.test(L[pos]!)) pos++;
    if (pos === us) return { offset: us, message: "expected a URL after '@'" };
    parts.url = m.span(us, pos);
    ws();
    if (pos < b) return { offset: pos, message: 'unexpected text after URL' };
    return parts;
  }
  const parenthesized = L[pos] === '(';
  if (parenthesized) {
    pos++;
    ws();
  }
  const specStart = pos;
  let specEnd = pos;
  while (pos < b && OPERATOR.test(L.slice(pos, b))) {
    const op = OPERATOR.exec(L.slice(pos, b))![0];
    pos += op.length;
    ws();
    const vs = pos;
    while (pos < b && !/[,;\s)]/.test(L[pos]!)) pos++;
    // packaging lets `===` (arbitrary equality) compare with any string, even an empty one.
    if (pos === vs && op !== '===') return { offset: vs, message: 'expected a version after the operator' };
    specEnd = pos;
    ws();
    if (L[pos] !== ',') break;
    pos++;
    ws();
    if (!OPERATOR.test(L.slice(pos, b))) return { offset: pos, message: "expected a version specifier after ','" };
  }
  if (parenthesized) {
    if (L[pos] !== ')') return { offset: pos, message: "expected ')' to close the specifier" };
    pos++;
    ws();
  }
  if (pos < b) return { offset: pos, message: specEnd > specStart ? 'unexpected text after the version specifier' : 'expected a version specifier, @ URL or end of requirement' };
  const specText = L.slice(specStart, specEnd);
  if (!clausesOk(specText)) return { offset: specStart, message: `invalid version specifier '${specText}'` };
  // Without a specifier, the insertion point is right after name/extras (inside `()` when they are written).
  const [ss, se] = specEnd > specStart ? [specStart, specEnd] : parenthesized ? [specStart, specStart] : [afterName, afterName];
  parts.specifier = { ...m.span(ss, se), parenthesized };
  return parts;
}

/**
 * Each clause is valid PEP 440 (`===` takes any string). packaging allows `.*` only right after the release
 * segment (`==1.0.*`, not `==1.0rc1.*`), where pep440 is laxer.
 */
const clauseCache = new Map<string, boolean>();

function clausesOk(spec: string): boolean {
  if (spec.trim() === '') return true;
  // pep440's range check is a large regex; pins repeat across a monorepo, so results are kept.
  let ok = clauseCache.get(spec);
  if (ok === undefined) {
    ok = checkClauses(spec);
    if (clauseCache.size > 50_000) clauseCache.clear();
    clauseCache.set(spec, ok);
  }
  return ok;
}

function checkClauses(spec: string): boolean {
  return spec.split(',').every((c) => {
    if (c.trim().startsWith('===')) return true;
    const v = c.trim().replace(/^(?:~=|==|!=|<=|>=|<|>)\s*/, '');
    return validRange(c) && (!v.endsWith('.*') || /^v?(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)*\.\*$/i.test(v));
  });
}
