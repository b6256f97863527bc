import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { CLI_PACKAGES } from '../../src/python/data/cli-commands.js';
import { IMPLICIT_USES } from '../../src/python/data/implicit-use.js';
import { IMPORT_NAME_ENTRIES } from '../../src/python/data/import-names.js';
import { REMOVED_LATER, STDLIB_MODULES } from '../../src/python/data/stdlib.js';
import { TEST_ONLY_PACKAGES } from '../../src/python/data/test-only.js';
import { genericImportName } from '../../src/python/dist-name.js';
import { normalizeName } from '../../src/requirements/names.js';
import {
  commandsFor,
  exactImportNames,
  implicitUsesOf,
  importNamesFor,
  importUses,
  isStdlib,
  isTestOnly,
  packagesForCommand,
} from '../../src/python/lookup.js';

const dupes = (xs: readonly string[]): string[] => xs.filter((x, i) => xs.indexOf(x) !== i);
const MODULE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

describe('distribution → import names table', () => {
  const keys = IMPORT_NAME_ENTRIES.map(([d]) => d);

  test('at least 150 entries, keys unique and PEP 503-normalised', () => {
    expect(IMPORT_NAME_ENTRIES.length).toBeGreaterThanOrEqual(150);
    expect(dupes(keys)).toEqual([]);
    expect(keys.filter((k) => normalizeName(k) !== k)).toEqual([]);
  });

  test('values are module names or dotted prefixes, none stdlib', () => {
    const bad = IMPORT_NAME_ENTRIES.flatMap(([d, ms]) => (ms.length === 0 ? [`${d}: empty`] : ms.filter((m) => !MODULE.test(m)).map((m) => `${d}: ${m}`)));
    expect(bad).toEqual([]);
    expect(IMPORT_NAME_ENTRIES.filter(([, ms]) => ms.some((m) => isStdlib(m.split('.')[0]!))).map(([d]) => d)).toEqual([]);
  });

  test('every entry names its source: an installed wheel or Debian package read, the source tree, or the docs', () => {
    const SOURCE = /^(wheel \S+ \S+ RECORD|debian python3-[a-z0-9-]+: \S+|repo [\w.-]+\/[\w.-]+: \S|docs https:\/\/\S+)/;
    expect(IMPORT_NAME_ENTRIES.filter(([, , src]) => !SOURCE.test(src)).map(([d, , src]) => `${d}: ${src}`)).toEqual([]);
  });

  test('identity entries (the import name IS the distribution name) are listed: only listed names can be unused', () => {
    const identity = IMPORT_NAME_ENTRIES.filter(([d, ms]) => ms.length === 1 && ms[0] === genericImportName(d)).map(([d]) => d);
    for (const d of ['requests', 'numpy', 'pandas', 'django', 'fastapi', 'flask', 'celery', 'redis', 'sqlalchemy', 'torch']) expect(identity, d).toContain(d);
  });

  test.each([
    ['scikit-learn', ['sklearn']],
    ['PyYAML', ['yaml']],
    ['python-dotenv', ['dotenv']],
    ['paho-mqtt', ['paho']],
    ['influxdb-client', ['influxdb_client']],
    ['influxdb3-python', ['influxdb_client_3']],
    ['beautifulsoup4', ['bs4']],
    ['Pillow', ['PIL']],
    ['opencv-python', ['cv2']],
    ['opencv-python-headless', ['cv2']],
    ['python-dateutil', ['dateutil']],
    ['google-api-python-client', ['googleapiclient', 'apiclient']],
    ['protobuf', ['google.protobuf']],
    ['PyJWT', ['jwt']],
    ['python-jose', ['jose']],
    ['attrs', ['attr', 'attrs']],
    ['typing_extensions', ['typing_extensions']],
    ['google-cloud-storage', ['google.cloud.storage']],
    ['azure-storage-blob', ['azure.storage.blob']],
    ['ruamel.yaml', ['ruamel.yaml']],
    ['fastapi', ['fastapi']],
    // issue 8: capitals, namespaces, names with no rule
    ['pyOpenSSL', ['OpenSSL']],
    ['pycryptodome', ['Crypto']],
    ['opentelemetry-exporter-otlp-proto-grpc', ['opentelemetry.exporter.otlp.proto.grpc']],
    ['djangorestframework', ['rest_framework']],
    ['django-environ', ['environ']],
    ['scikit-image', ['skimage']],
    ['sympy', ['isympy', 'sympy']],
  ])('importNamesFor(%s)', (dist, want) => {
    expect(importNamesFor(dist)).toEqual(want);
  });
});

describe('exactImportNames: evidence, never a guess', () => {
  test('installed metadata first, then the table with its source, else undefined (the generic guess is not exact)', () => {
    const site = new Map([['acme-requests-fork', ['requests']]]);
    expect(exactImportNames('ACME_requests.fork', site)).toEqual({ names: ['requests'], source: 'installed metadata' });
    expect(exactImportNames('acme-requests-fork')).toBeUndefined();
    expect(importNamesFor('acme-requests-fork')).toEqual(['acme_requests_fork']);
    expect(exactImportNames('PyOpenSSL')).toEqual({ names: ['OpenSSL'], source: 'bundled table (debian python3-openssl: pyOpenSSL-23.0.0.egg-info/top_level.txt (read on this machine))' });
    expect(exactImportNames('requests')?.names).toEqual(['requests']);
    expect(exactImportNames('foo-bar')).toBeUndefined();
  });
});

describe('importUses', () => {
  const imp = (module: string, names: string[] = [], relative = false) => ({ module, names, relative });
  test.each([
    [imp('yaml'), 'yaml', true],
    [imp('yaml.constructor'), 'yaml', true],
    [imp('yamlx'), 'yaml', false],
    [imp('google.cloud.storage.blob'), 'google.cloud.storage', true],
    [imp('google.cloud', ['storage']), 'google.cloud.storage', true],
    [imp('google.cloud', ['bigquery']), 'google.cloud.storage', false],
    [imp('google', ['cloud']), 'google.cloud.storage', true],
    [imp('google.cloud'), 'google.cloud.storage', false],
    [imp('.yaml', [], true), 'yaml', false],
    [imp('OpenSSL', ['SSL']), 'OpenSSL', true],
    [imp('openssl'), 'OpenSSL', true], // case-insensitive: a use in another case keeps the package
    [imp('google.cloud', ['pubsub_v1']), 'google.cloud.storage', false],
    [imp('azure.storage.blob', ['BlobServiceClient']), 'azure.storage.blob', true],
    [imp('azure.storage', ['queue']), 'azure.storage.blob', false],
  ])('%o uses %s: %s', (i, name, want) => {
    expect(importUses(i, name)).toBe(want);
  });
});

describe('stdlib', () => {
  test('matches sys.stdlib_module_names of the local python, plus removed and added modules', async () => {
    const { stdout } = await execa('python3', ['-c', 'import sys; print("\\n".join(sorted(sys.stdlib_module_names)))']);
    const local = stdout.split('\n');
    expect(local.filter((m) => !isStdlib(m))).toEqual([]);
    for (const m of ['__future__', 'os', 'distutils', 'imp', 'asynchat', 'asyncore', 'smtpd', 'lib2to3', 'telnetlib', 'cgi', 'annotationlib', 'compression', 'tomllib', 'parser']) {
      expect(isStdlib(m), m).toBe(true);
    }
    expect(REMOVED_LATER).toHaveLength(25);
    expect(STDLIB_MODULES.size).toBeGreaterThan(300);
  });

  test('third-party names are not stdlib', () => {
    for (const m of ['yaml', 'requests', 'numpy', 'setuptools', 'pkg_resources', 'typing_extensions', 'six', 'test_x']) {
      expect(isStdlib(m), m).toBe(false);
    }
  });
});

describe('implicit-use, CLI and test-only tables', () => {
  test('implicit uses: normalised packages, unique (package, reason), every entry has triggers', () => {
    expect(IMPLICIT_USES.filter((u) => normalizeName(u.package) !== u.package).map((u) => u.package)).toEqual([]);
    expect(dupes(IMPLICIT_USES.map((u) => `${u.package}: ${u.reason}`))).toEqual([]);
    expect(IMPLICIT_USES.filter((u) => u.triggers.length === 0 || u.reason === '').map((u) => u.package)).toEqual([]);
    for (const u of IMPLICIT_USES) {
      for (const t of u.triggers) {
        if (t.kind === 'url-scheme') expect(t.scheme, u.package).toMatch(/^[a-z][a-z0-9+._-]*$/);
        if (t.kind === 'extra') expect(normalizeName(t.of), u.package).toBe(t.of);
        if (t.kind === 'import') expect(t.module, u.package).toMatch(MODULE);
        if (t.kind === 'text') expect(t.pattern.length, u.package).toBeGreaterThan(2);
      }
    }
  });

  test.each([
    ['sqlite+aiosqlite', 'aiosqlite'],
    ['postgresql+asyncpg', 'asyncpg'],
    ['postgresql+psycopg2', 'psycopg2-binary'],
    ['postgresql', 'psycopg2'],
    ['postgresql+psycopg', 'psycopg'],
    ['mysql+pymysql', 'pymysql'],
    ['mysql+aiomysql', 'aiomysql'],
    ['mysql+mysqldb', 'mysqlclient'],
    ['mssql+pyodbc', 'pyodbc'],
    ['oracle+oracledb', 'oracledb'],
    ['redis', 'redis'],
    ['amqp', 'amqp'],
  ])('URL scheme %s loads %s', (scheme, pkg) => {
    expect(implicitUsesOf(pkg).some((u) => u.triggers.some((t) => t.kind === 'url-scheme' && t.scheme === scheme))).toBe(true);
  });

  test.each([
    ['uvicorn', 'standard', ['uvloop', 'httptools', 'websockets', 'watchfiles', 'python-dotenv']],
    ['passlib', 'bcrypt', ['bcrypt']],
    ['requests', 'socks', ['pysocks']],
    ['httpx', 'http2', ['h2']],
  ])('%s[%s] brings %o', (of, extra, pkgs) => {
    for (const p of pkgs) {
      expect(implicitUsesOf(p).some((u) => u.triggers.some((t) => t.kind === 'extra' && t.of === of && t.extra === extra)), p).toBe(true);
    }
  });

  test('CLI table: normalised, unique packages, commands found both ways', () => {
    const pkgs = CLI_PACKAGES.map((c) => c.package);
    expect(dupes(pkgs)).toEqual([]);
    expect(pkgs.filter((p) => normalizeName(p) !== p)).toEqual([]);
    expect(CLI_PACKAGES.filter((c) => c.commands.length === 0).map((c) => c.package)).toEqual([]);
    expect(commandsFor('Supervisor')).toContain('supervisord');
    expect(commandsFor('awscli')).toEqual(['aws']);
    expect(commandsFor('httpie')).toContain('http');
    expect(commandsFor('left-pad')).toEqual([]);
    expect(packagesForCommand('django-admin')).toEqual(['django']);
    expect(packagesForCommand('sphinx-build')).toEqual(['sphinx']);
    expect(packagesForCommand('gunicorn')).toEqual(['gunicorn']);
  });

  test('test-only list: normalised, unique; prefixes and suffixes apply', () => {
    expect(dupes(TEST_ONLY_PACKAGES)).toEqual([]);
    expect(TEST_ONLY_PACKAGES.filter((p) => normalizeName(p) !== p)).toEqual([]);
    for (const p of ['pytest', 'pytest-asyncio', 'pytest_mock', 'types-requests', 'boto3-stubs', 'Faker', 'factory_boy', 'ruff', 'pre-commit']) {
      expect(isTestOnly(p), p).toBe(true);
    }
    for (const p of ['fastapi', 'requests', 'pydantic', 'typing-extensions', 'mypy-extensions']) expect(isTestOnly(p), p).toBe(false);
  });
});
