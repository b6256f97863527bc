/**
 * Optional backends: a package the service uses loads another one by name when a feature is used (pandas reads
 * .xlsx with openpyxl, BeautifulSoup parses with lxml, Django's PostgreSQL engine needs psycopg). The backend is
 * class `optional-backend` (never removed) only when a loader is declared or imported AND, where the entry has
 * triggers, one of them is seen. Package names are PEP 503-normalised; each entry names its documentation.
 */
export type BackendTrigger =
  /** This text appears in the service's Python code (`read_excel`, `ImageField`). */
  | { kind: 'code'; text: string }
  /** A string literal of the Python code, or a word of a config file, equals this or starts with it plus `.`. */
  | { kind: 'string'; value: string }
  /** A command the service runs has this argument (`--reload`, `runserver`). */
  | { kind: 'arg'; value: string };

export interface OptionalBackend {
  /** Distributions that load the backend (any one, declared or imported). */
  loaders: string[];
  backends: string[];
  /** Empty: using a loader is enough. */
  triggers: BackendTrigger[];
  reason: string;
  source: string;
}

const code = (text: string): BackendTrigger => ({ kind: 'code', text });
const str = (value: string): BackendTrigger => ({ kind: 'string', value });
const arg = (value: string): BackendTrigger => ({ kind: 'arg', value });

const PANDAS = 'https://pandas.pydata.org/docs/getting_started/install.html#optional-dependencies';
const DJANGO_DB = 'https://docs.djangoproject.com/en/stable/ref/databases/';
const STORAGES = 'https://django-storages.readthedocs.io/en/latest/backends/';
const BS4 = 'https://www.crummy.com/software/BeautifulSoup/bs4/doc/#installing-a-parser';

/** The optional-backend table. */
export const OPTIONAL_BACKENDS: readonly OptionalBackend[] = [
  // pandas I/O
  { loaders: ['pandas'], backends: ['openpyxl', 'xlrd', 'odfpy', 'pyxlsb', 'python-calamine'], triggers: [code('read_excel'), code('ExcelFile')], reason: 'pandas.read_excel engines (.xlsx/.xls/.ods/.xlsb)', source: PANDAS },
  { loaders: ['pandas'], backends: ['openpyxl', 'xlsxwriter'], triggers: [code('to_excel'), code('ExcelWriter')], reason: 'pandas.DataFrame.to_excel / ExcelWriter engines', source: PANDAS },
  { loaders: ['pandas'], backends: ['pyarrow', 'fastparquet'], triggers: [code('read_parquet'), code('to_parquet')], reason: 'pandas parquet engines', source: PANDAS },
  { loaders: ['pandas'], backends: ['pyarrow'], triggers: [code('read_feather'), code('to_feather'), code('read_orc'), code('to_orc'), code('dtype_backend')], reason: 'pandas feather/ORC I/O and Arrow dtypes', source: PANDAS },
  { loaders: ['pandas'], backends: ['lxml', 'html5lib', 'beautifulsoup4'], triggers: [code('read_html')], reason: 'pandas.read_html parsers', source: PANDAS },
  { loaders: ['pandas'], backends: ['lxml'], triggers: [code('read_xml'), code('to_xml')], reason: 'pandas XML I/O parser', source: PANDAS },
  { loaders: ['pandas'], backends: ['tables'], triggers: [code('read_hdf'), code('to_hdf'), code('HDFStore')], reason: 'pandas HDF5 I/O (PyTables)', source: PANDAS },
  { loaders: ['pandas'], backends: ['sqlalchemy'], triggers: [code('read_sql'), code('to_sql')], reason: 'pandas SQL I/O with a connection string or engine', source: PANDAS },
  { loaders: ['pandas'], backends: ['tabulate'], triggers: [code('to_markdown')], reason: 'pandas.DataFrame.to_markdown', source: PANDAS },
  { loaders: ['pandas'], backends: ['matplotlib'], triggers: [code('.plot(')], reason: 'pandas plotting backend', source: PANDAS },
  { loaders: ['pandas'], backends: ['numexpr', 'bottleneck'], triggers: [], reason: 'pandas accelerates expressions and reductions with numexpr and bottleneck whenever they are installed (compute.use_numexpr / use_bottleneck default to True)', source: 'https://pandas.pydata.org/docs/getting_started/install.html#performance-dependencies-recommended' },
  { loaders: ['pandas'], backends: ['s3fs', 'gcsfs', 'adlfs', 'fsspec'], triggers: [code('s3://'), code('gs://'), code('gcs://'), code('az://'), code('abfs://')], reason: 'pandas reads remote paths through fsspec', source: PANDAS },
  // Accelerators a library loads whenever they are installed (removing one silently falls back to a slow path).
  { loaders: ['redis'], backends: ['hiredis'], triggers: [], reason: 'redis-py parses replies with hiredis whenever it is installed (redis[hiredis])', source: 'https://github.com/redis/redis-py#installation' },
  { loaders: ['uvicorn'], backends: ['uvloop', 'httptools', 'websockets', 'wsproto'], triggers: [], reason: 'uvicorn\'s defaults (--loop auto, --http auto, --ws auto) use uvloop, httptools and websockets (else wsproto) whenever they are installed', source: 'https://www.uvicorn.org/settings/#implementation' },
  { loaders: ['fuzzywuzzy'], backends: ['python-levenshtein', 'levenshtein'], triggers: [], reason: "fuzzywuzzy's fuzz uses python-Levenshtein's StringMatcher whenever it is installed (else difflib, with a warning)", source: 'https://github.com/seatgeek/fuzzywuzzy#requirements' },
  // BeautifulSoup parsers, named by a string argument.
  { loaders: ['beautifulsoup4', 'bs4'], backends: ['lxml'], triggers: [str('lxml'), str('lxml-xml'), str('xml')], reason: 'BeautifulSoup parser "lxml" / "xml"', source: BS4 },
  { loaders: ['beautifulsoup4', 'bs4'], backends: ['html5lib'], triggers: [str('html5lib')], reason: 'BeautifulSoup parser "html5lib"', source: BS4 },
  // Django settings name backends as dotted strings.
  { loaders: ['django'], backends: ['psycopg2', 'psycopg2-binary', 'psycopg', 'psycopg-binary', 'psycopg-c'], triggers: [str('django.db.backends.postgresql'), str('django.contrib.gis.db.backends.postgis')], reason: 'Django PostgreSQL ENGINE needs psycopg or psycopg2', source: DJANGO_DB },
  { loaders: ['django'], backends: ['mysqlclient'], triggers: [str('django.db.backends.mysql'), str('django.contrib.gis.db.backends.mysql')], reason: 'Django MySQL ENGINE needs mysqlclient', source: DJANGO_DB },
  { loaders: ['django'], backends: ['oracledb', 'cx-oracle'], triggers: [str('django.db.backends.oracle')], reason: 'Django Oracle ENGINE needs oracledb (cx_Oracle before 5.0)', source: DJANGO_DB },
  { loaders: ['django'], backends: ['redis', 'hiredis'], triggers: [str('django.core.cache.backends.redis.RedisCache')], reason: 'Django Redis cache backend uses redis-py (hiredis when installed)', source: 'https://docs.djangoproject.com/en/stable/topics/cache/#redis' },
  { loaders: ['django'], backends: ['pymemcache'], triggers: [str('django.core.cache.backends.memcached.PyMemcacheCache')], reason: 'Django PyMemcacheCache backend', source: 'https://docs.djangoproject.com/en/stable/topics/cache/#memcached' },
  { loaders: ['django'], backends: ['pylibmc'], triggers: [str('django.core.cache.backends.memcached.PyLibMCCache')], reason: 'Django PyLibMCCache backend', source: 'https://docs.djangoproject.com/en/stable/topics/cache/#memcached' },
  { loaders: ['django'], backends: ['pillow'], triggers: [code('ImageField')], reason: 'Django ImageField requires Pillow', source: 'https://docs.djangoproject.com/en/stable/ref/models/fields/#imagefield' },
  { loaders: ['django'], backends: ['argon2-cffi'], triggers: [str('django.contrib.auth.hashers.Argon2PasswordHasher')], reason: 'Django Argon2PasswordHasher', source: 'https://docs.djangoproject.com/en/stable/topics/auth/passwords/#using-argon2-with-django' },
  { loaders: ['django'], backends: ['bcrypt'], triggers: [str('django.contrib.auth.hashers.BCryptSHA256PasswordHasher'), str('django.contrib.auth.hashers.BCryptPasswordHasher')], reason: 'Django bcrypt password hashers', source: 'https://docs.djangoproject.com/en/stable/topics/auth/passwords/#using-bcrypt-with-django' },
  { loaders: ['django'], backends: ['pywatchman'], triggers: [arg('runserver')], reason: 'Django runserver autoreloader uses Watchman when pywatchman is installed', source: 'https://docs.djangoproject.com/en/stable/ref/django-admin/#runserver' },
  // django-storages backends, named by dotted path in STORAGES / DEFAULT_FILE_STORAGE settings: each imports its SDK.
  { loaders: ['django-storages'], backends: ['boto3'], triggers: [str('storages.backends.s3boto3'), str('storages.backends.s3')], reason: 'django-storages S3 backend imports boto3', source: `${STORAGES}amazon-S3.html` },
  { loaders: ['django-storages'], backends: ['google-cloud-storage'], triggers: [str('storages.backends.gcloud')], reason: 'django-storages Google Cloud backend imports google-cloud-storage', source: `${STORAGES}gcloud.html` },
  { loaders: ['django-storages'], backends: ['azure-storage-blob'], triggers: [str('storages.backends.azure_storage')], reason: 'django-storages Azure backend imports azure-storage-blob', source: `${STORAGES}azure.html` },
  { loaders: ['django-storages'], backends: ['dropbox'], triggers: [str('storages.backends.dropbox')], reason: 'django-storages Dropbox backend imports dropbox', source: `${STORAGES}dropbox.html` },
  { loaders: ['django-storages'], backends: ['paramiko'], triggers: [str('storages.backends.sftpstorage')], reason: 'django-storages SFTP backend imports paramiko', source: `${STORAGES}sftp.html` },
  { loaders: ['django-storages'], backends: ['apache-libcloud'], triggers: [str('storages.backends.apache_libcloud')], reason: 'django-storages Apache Libcloud backend imports libcloud', source: `${STORAGES}apache_libcloud.html` },
  // Cache backends of Django add-ons.
  { loaders: ['django-redis', 'django'], backends: ['django-redis', 'redis', 'hiredis'], triggers: [str('django_redis.cache.RedisCache')], reason: 'cache BACKEND django_redis.cache.RedisCache is django-redis over redis-py (hiredis parser when installed)', source: 'https://github.com/jazzband/django-redis#configure-as-cache-backend' },
  // django-allauth: social providers (INSTALLED_APPS, often taken from the environment at deploy time) and MFA.
  { loaders: ['django-allauth'], backends: ['requests-oauthlib', 'oauthlib', 'pyjwt', 'cryptography', 'python3-openid', 'python3-saml'], triggers: [str('allauth.socialaccount'), str('allauth.idp')], reason: 'django-allauth social accounts (extra socialaccount), OpenID/Steam (extra openid) and SAML (extra saml) providers load these; which providers are on is a setting', source: 'https://docs.allauth.org/en/latest/installation/quickstart.html' },
  { loaders: ['django-allauth'], backends: ['qrcode', 'fido2'], triggers: [str('allauth.mfa')], reason: 'django-allauth MFA (extra mfa): TOTP QR codes and WebAuthn', source: 'https://docs.allauth.org/en/latest/installation/quickstart.html' },
  // Notification plugins picked by the URLs a user configures at run time (fcm://, growl://, mqtt://, smpp://, PGP mail).
  { loaders: ['apprise'], backends: ['cryptography', 'gntp', 'paho-mqtt', 'pgpy', 'smpplib'], triggers: [], reason: 'apprise plugins load these for notification URLs configured at run time (fcm:// spush:// growl:// mqtt:// smpp://, PGP for mailto://)', source: 'https://github.com/caronc/apprise/blob/master/all-plugin-requirements.txt' },
  { loaders: ['apprise'], backends: ['slixmpp'], triggers: [], reason: 'the apprise xmpp:// plugin loads slixmpp for notification URLs configured at run time', source: 'https://github.com/caronc/apprise-api/blob/master/requirements.txt ("For xmpp:// support", beside apprise == 1.13.0)' },
  // Servers and their reloaders.
  { loaders: ['uvicorn'], backends: ['watchfiles'], triggers: [arg('--reload')], reason: 'uvicorn --reload watches files with watchfiles when installed', source: 'https://www.uvicorn.org/settings/#reloading-with-watchfiles' },
  { loaders: ['flask', 'werkzeug'], backends: ['watchdog'], triggers: [arg('--reload'), arg('--debug'), code('use_reloader'), code('debug=True')], reason: 'the Werkzeug reloader uses watchdog when installed', source: 'https://werkzeug.palletsprojects.com/en/stable/serving/#reloader' },
  { loaders: ['flask'], backends: ['python-dotenv'], triggers: [], reason: 'the flask command loads .env/.flaskenv with python-dotenv when installed', source: 'https://flask.palletsprojects.com/en/stable/cli/#environment-variables-from-dotenv' },
  // Model libraries.
  { loaders: ['transformers', 'sentence-transformers'], backends: ['sentencepiece', 'protobuf', 'tokenizers', 'tiktoken'], triggers: [code('Tokenizer'), code('SentenceTransformer('), code('pipeline(')], reason: 'transformers tokenizers load sentencepiece/protobuf/tiktoken models (slow tokenizers and conversions)', source: 'https://github.com/huggingface/transformers/blob/main/setup.py' },
  { loaders: ['transformers'], backends: ['accelerate'], triggers: [code('device_map'), code('low_cpu_mem_usage')], reason: 'transformers loads big models with accelerate (device_map / low_cpu_mem_usage)', source: 'https://huggingface.co/docs/transformers/main_classes/model#large-model-loading' },
  // Crypto and HTTP backends picked up when installed.
  { loaders: ['python-jose'], backends: ['cryptography', 'pycryptodome', 'pycryptodomex'], triggers: [], reason: 'python-jose uses the cryptography (or pycryptodome) backend when installed', source: 'https://python-jose.readthedocs.io/en/latest/#cryptographic-backends' },
  { loaders: ['pyjwt'], backends: ['cryptography'], triggers: [str('RS256'), str('RS384'), str('RS512'), str('ES256'), str('ES384'), str('ES512'), str('PS256'), str('EdDSA')], reason: 'PyJWT RSA/EC/EdDSA algorithms need cryptography', source: 'https://pyjwt.readthedocs.io/en/stable/installation.html#cryptographic-dependencies-optional' },
  { loaders: ['aiohttp'], backends: ['aiodns', 'brotli', 'brotlicffi'], triggers: [], reason: 'aiohttp resolves DNS with aiodns and decodes br with Brotli when installed', source: 'https://docs.aiohttp.org/en/stable/#library-installation' },
  { loaders: ['httpx'], backends: ['h2'], triggers: [code('http2=True')], reason: 'httpx HTTP/2 support', source: 'https://www.python-httpx.org/http2/' },
  { loaders: ['passlib'], backends: ['bcrypt'], triggers: [str('bcrypt'), str('bcrypt_sha256'), code('bcrypt_sha256'), code('hash.bcrypt')], reason: 'passlib bcrypt handler', source: 'https://passlib.readthedocs.io/en/stable/lib/passlib.hash.bcrypt.html' },
  { loaders: ['passlib'], backends: ['argon2-cffi'], triggers: [str('argon2')], reason: 'passlib argon2 handler', source: 'https://passlib.readthedocs.io/en/stable/lib/passlib.hash.argon2.html' },
];
