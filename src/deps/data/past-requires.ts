/**
 * Requirements that older releases of a distribution had and its recent release (the one `transitive.ts` lists)
 * dropped. A requirements file pins the version the project runs, often an old one: `Django==3.2.25` beside
 * `pytz==2024.1` (Django before 4.0 requires pytz and imports it in django.utils.timezone), `requests==2.24.0` beside
 * `chardet==3.0.4`. The bundled table cannot know which release a pin names, so a package any release requires is
 * counted as required when the declared specifier allows only older releases (`==3.2.25`, `<4`, `~=3.2.0`); an
 * unpinned or `>=` requirement installs the recent release. Installed metadata, when read, is the release itself and
 * wins over both tables.
 */
export interface PastRequires {
  /** The first release without them: they count when the declared specifier allows only releases before it. */
  before: string;
  requires: readonly string[];
  /** The releases that required them and where that was read. */
  source: string;
}

/** PEP 503-normalised distribution → requirements of its older releases, one entry per era. */
export const PAST_REQUIRES: ReadonlyMap<string, readonly PastRequires[]> = new Map<string, readonly PastRequires[]>([
  ['django', [
    { before: '4.0', requires: ['pytz'], source: 'Django < 4.0 install_requires pytz (4.0 release notes: zoneinfo is the default time zone implementation, pytz is deprecated)' },
    { before: '5.0', requires: ['backports-zoneinfo', 'tzdata'], source: 'Django 4.x install_requires backports.zoneinfo on Python < 3.9 and tzdata on Windows (5.0 requires Python 3.10)' },
  ]],
  ['requests', [{ before: '2.26', requires: ['chardet'], source: 'requests < 2.26 install_requires chardet (2.26.0 changelog: charset_normalizer on Python 3)' }]],
  ['celery', [
    { before: '5.3', requires: ['pytz', 'importlib-metadata'], source: 'celery < 5.3 install_requires pytz (5.3 moved to zoneinfo); importlib-metadata on Python < 3.8' },
    { before: '5.5', requires: ['backports-zoneinfo'], source: 'celery 5.3-5.4 install_requires backports.zoneinfo on Python < 3.9' },
  ]],
  ['kombu', [{ before: '5.5', requires: ['backports-zoneinfo', 'typing-extensions'], source: 'kombu 5.3-5.4 install_requires backports.zoneinfo[tzdata] on Python < 3.9 and typing_extensions' }]],
  ['uvicorn', [
    { before: '0.12', requires: ['uvloop', 'httptools', 'websockets'], source: 'uvicorn < 0.12 install_requires uvloop, httptools, websockets (setup.py of 0.11: click==7.*, h11>=0.8,<0.10, websockets==8.*, httptools==0.1.*, uvloop>=0.14.0; 0.12.0 moved them to the [standard] extra)' },
    { before: '0.19', requires: ['asgiref'], source: 'uvicorn 0.14-0.18 install_requires asgiref>=3.4.0' },
  ]],
  ['gunicorn', [{ before: '21.0', requires: ['setuptools'], source: 'gunicorn 19.x-20.x install_requires setuptools>=3.0 (21.0 dropped it for packaging)' }]],
  ['cryptography', [{ before: '3.4', requires: ['six', 'asn1crypto', 'idna'], source: 'cryptography < 3.4 install_requires six; < 2.6 asn1crypto and idna' }]],
  ['pyopenssl', [{ before: '22.0', requires: ['six'], source: 'pyOpenSSL < 22.0 install_requires six' }]],
  ['botocore', [{ before: '1.20', requires: ['docutils'], source: 'botocore < 1.20 install_requires docutils>=0.10 (setup.py of botocore 1.12)' }]],
  ['alembic', [{ before: '1.8', requires: ['python-dateutil', 'python-editor'], source: 'alembic < 1.8 install_requires python-dateutil and python-editor' }]],
  ['redis', [{ before: '5.0', requires: ['deprecated', 'packaging', 'importlib-metadata'], source: 'redis 4.x install_requires deprecated and packaging (importlib-metadata on Python < 3.8)' }]],
  ['httpx', [{ before: '0.23', requires: ['rfc3986', 'sniffio', 'charset-normalizer'], source: 'httpx < 0.23 install_requires rfc3986[idna2008], sniffio; 0.19-0.22 charset-normalizer' }]],
  ['httpcore', [{ before: '0.18', requires: ['sniffio', 'anyio'], source: 'httpcore 0.13-0.17 install_requires sniffio and anyio' }]],
  ['docker', [{ before: '6.0', requires: ['six', 'websocket-client'], source: 'docker (docker-py) < 6.0 install_requires six and websocket-client' }]],
  ['elasticsearch', [{ before: '8.0', requires: ['urllib3', 'certifi'], source: 'elasticsearch < 8.0 install_requires urllib3 and certifi' }]],
  ['protobuf', [{ before: '4.0', requires: ['six', 'setuptools'], source: 'protobuf 3.x install_requires six (and setuptools before 3.12)' }]],
  ['grpcio', [{ before: '1.49', requires: ['six'], source: 'grpcio < 1.49 install_requires six>=1.5.2' }]],
  ['google-auth', [{ before: '2.0', requires: ['six', 'setuptools'], source: 'google-auth 1.x install_requires six and setuptools>=40.3.0' }]],
  ['jsonschema', [{ before: '4.0', requires: ['six', 'pyrsistent', 'setuptools', 'importlib-metadata'], source: 'jsonschema 3.x install_requires six, pyrsistent, setuptools (importlib-metadata on Python < 3.8)' }]],
  ['prompt-toolkit', [{ before: '3.0', requires: ['six'], source: 'prompt_toolkit < 3.0 install_requires six' }]],
  ['markdown', [{ before: '3.3', requires: ['setuptools'], source: 'Markdown 3.0-3.2 install_requires setuptools>=36 (entry points through pkg_resources; 3.3 moved to importlib-metadata)' }]],
  ['openai', [{ before: '1.0', requires: ['requests', 'aiohttp'], source: 'openai < 1.0 install_requires requests, tqdm, aiohttp' }]],
]);

/** Release numbers of a version (`3.2.25` → [3, 2, 25]; pre/post/local parts and `.*` dropped). */
function release(v: string): number[] {
  return (/^\s*v?(\d+(?:\.\d+)*)/.exec(v)?.[1] ?? '').split('.').filter(Boolean).map(Number);
}

function below(v: string, bound: string): boolean {
  const a = release(v);
  const b = release(bound);
  if (!a.length) return false;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
}

/**
 * The requirements older releases of `dist` add, when `specifier` allows only releases before the first one without
 * them (an `==`/`===`/`~=` version below it, or an upper bound `<`, `<=` at or below it), merged over the eras that
 * apply; undefined when none does.
 */
export function pastRequires(dist: string, specifier: string | undefined): Omit<PastRequires, 'before'> | undefined {
  const eras = PAST_REQUIRES.get(dist);
  if (!eras || !specifier) return undefined;
  const hit = eras.filter((era) => olderOnly(specifier, era.before));
  if (!hit.length) return undefined;
  return { requires: [...new Set(hit.flatMap((e) => e.requires))], source: hit.map((e) => e.source).join('; ') };
}

function olderOnly(specifier: string, before: string): boolean {
  for (const clause of specifier.replace(/^\(|\)$/g, '').split(',')) {
    const m = /^\s*(===|==|~=|<=|<)\s*([^\s,]+)/.exec(clause);
    if (!m) continue;
    const [, op, v] = m;
    if (op === '<' ? !below(before, v!) : below(v!, before)) return true;
  }
  return false;
}
