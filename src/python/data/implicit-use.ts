/**
 * Distributions that a service uses without importing them: something it does use loads them by name (a database
 * URL's driver, a framework's optional dependency, an extra). The unused-deps transform must keep such a package
 * when one of its triggers is present. Package names are PEP 503-normalised.
 */

/** What makes a package needed without an import of it. */
export type ImplicitTrigger =
  /** A URL scheme in code, config or env, e.g. SQLAlchemy's `postgresql+asyncpg` (matched as `scheme://` or `scheme:`). */
  | { kind: 'url-scheme'; scheme: string }
  /** The service imports this module (dotted prefix match). */
  | { kind: 'import'; module: string }
  /** The requirements ask for this extra, e.g. `uvicorn[standard]`. */
  | { kind: 'extra'; of: string; extra: string }
  /** This literal text appears in the service's sources or config. */
  | { kind: 'text'; pattern: string };

export interface ImplicitUse {
  package: string;
  reason: string;
  triggers: ImplicitTrigger[];
}

const url = (scheme: string): ImplicitTrigger => ({ kind: 'url-scheme', scheme });
const imp = (module: string): ImplicitTrigger => ({ kind: 'import', module });
const extra = (of: string, name: string): ImplicitTrigger => ({ kind: 'extra', of, extra: name });
const text = (pattern: string): ImplicitTrigger => ({ kind: 'text', pattern });

/** The implicit-use table. A package may have several entries, one per mechanism that loads it. */
export const IMPLICIT_USES: readonly ImplicitUse[] = [
  // SQLAlchemy loads the DBAPI driver named in the URL (`dialect+driver://`); a bare dialect uses its default driver.
  { package: 'psycopg2', reason: 'SQLAlchemy default PostgreSQL driver', triggers: [url('postgresql'), url('postgresql+psycopg2'), url('postgres')] },
  { package: 'psycopg2-binary', reason: 'provides the psycopg2 module SQLAlchemy loads for PostgreSQL URLs', triggers: [url('postgresql'), url('postgresql+psycopg2'), url('postgres')] },
  { package: 'psycopg', reason: 'SQLAlchemy driver for postgresql+psycopg:// (psycopg 3)', triggers: [url('postgresql+psycopg'), url('postgresql+psycopg_async')] },
  { package: 'psycopg-binary', reason: 'binary build psycopg 3 loads at import (psycopg[binary])', triggers: [url('postgresql+psycopg'), url('postgresql+psycopg_async'), extra('psycopg', 'binary')] },
  { package: 'psycopg-pool', reason: 'psycopg[pool] connection pool', triggers: [extra('psycopg', 'pool')] },
  { package: 'asyncpg', reason: 'SQLAlchemy driver for postgresql+asyncpg://; also used by databases[asyncpg]', triggers: [url('postgresql+asyncpg'), extra('databases', 'asyncpg')] },
  { package: 'pg8000', reason: 'SQLAlchemy driver for postgresql+pg8000://', triggers: [url('postgresql+pg8000')] },
  { package: 'aiosqlite', reason: 'SQLAlchemy driver for sqlite+aiosqlite://; also databases[aiosqlite]', triggers: [url('sqlite+aiosqlite'), extra('databases', 'aiosqlite')] },
  { package: 'pymysql', reason: 'SQLAlchemy driver for mysql+pymysql:// and mariadb+pymysql://', triggers: [url('mysql+pymysql'), url('mariadb+pymysql')] },
  { package: 'mysqlclient', reason: 'SQLAlchemy default MySQL driver (module MySQLdb), mysql+mysqldb://', triggers: [url('mysql'), url('mysql+mysqldb'), url('mariadb'), url('mariadb+mysqldb')] },
  { package: 'aiomysql', reason: 'SQLAlchemy driver for mysql+aiomysql://', triggers: [url('mysql+aiomysql'), url('mariadb+aiomysql'), extra('databases', 'aiomysql')] },
  { package: 'asyncmy', reason: 'SQLAlchemy driver for mysql+asyncmy://', triggers: [url('mysql+asyncmy'), url('mariadb+asyncmy'), extra('databases', 'asyncmy')] },
  { package: 'mysql-connector-python', reason: 'SQLAlchemy driver for mysql+mysqlconnector://', triggers: [url('mysql+mysqlconnector'), url('mariadb+mysqlconnector')] },
  { package: 'mariadb', reason: 'SQLAlchemy driver for mariadb+mariadbconnector://', triggers: [url('mariadb+mariadbconnector')] },
  { package: 'pyodbc', reason: 'SQLAlchemy default SQL Server driver, mssql+pyodbc://', triggers: [url('mssql'), url('mssql+pyodbc')] },
  { package: 'pymssql', reason: 'SQLAlchemy driver for mssql+pymssql://', triggers: [url('mssql+pymssql')] },
  { package: 'aioodbc', reason: 'SQLAlchemy driver for mssql+aioodbc://', triggers: [url('mssql+aioodbc')] },
  { package: 'oracledb', reason: 'SQLAlchemy driver for oracle+oracledb:// (python-oracledb)', triggers: [url('oracle+oracledb'), url('oracle+oracledb_async')] },
  { package: 'cx-oracle', reason: 'SQLAlchemy default Oracle driver in 1.x, oracle+cx_oracle://', triggers: [url('oracle'), url('oracle+cx_oracle')] },
  { package: 'snowflake-sqlalchemy', reason: 'registers the snowflake:// SQLAlchemy dialect', triggers: [url('snowflake')] },
  { package: 'clickhouse-sqlalchemy', reason: 'registers the clickhouse:// SQLAlchemy dialects', triggers: [url('clickhouse'), url('clickhouse+native'), url('clickhouse+http')] },
  { package: 'sqlalchemy-bigquery', reason: 'registers the bigquery:// SQLAlchemy dialect', triggers: [url('bigquery')] },
  { package: 'trino', reason: 'registers the trino:// SQLAlchemy dialect', triggers: [url('trino')] },
  { package: 'duckdb-engine', reason: 'registers the duckdb:// SQLAlchemy dialect', triggers: [url('duckdb')] },
  { package: 'sqlalchemy-redshift', reason: 'registers the redshift+psycopg2:// SQLAlchemy dialect', triggers: [url('redshift+psycopg2'), url('redshift')] },
  { package: 'sqlalchemy-cockroachdb', reason: 'registers the cockroachdb:// SQLAlchemy dialect', triggers: [url('cockroachdb'), url('cockroachdb+psycopg2'), url('cockroachdb+asyncpg')] },
  // Web frameworks
  { package: 'python-multipart', reason: 'FastAPI/Starlette parse Form(...) and UploadFile bodies with it', triggers: [text('Form('), text('UploadFile'), text('File('), text('request.form('), extra('fastapi', 'standard'), extra('fastapi', 'all')] },
  { package: 'email-validator', reason: 'pydantic EmailStr / NameEmail validate with it (pydantic[email])', triggers: [text('EmailStr'), text('NameEmail'), extra('pydantic', 'email'), extra('fastapi', 'standard'), extra('fastapi', 'all')] },
  { package: 'jinja2', reason: 'FastAPI/Starlette Jinja2Templates and Flask render_template load it', triggers: [text('Jinja2Templates'), imp('fastapi.templating'), imp('starlette.templating')] },
  { package: 'itsdangerous', reason: "Starlette's SessionMiddleware signs cookies with it", triggers: [text('SessionMiddleware')] },
  { package: 'orjson', reason: 'FastAPI ORJSONResponse serialises with it', triggers: [text('ORJSONResponse')] },
  { package: 'ujson', reason: 'FastAPI UJSONResponse serialises with it', triggers: [text('UJSONResponse')] },
  { package: 'aiofiles', reason: 'Starlette FileResponse/StaticFiles stream files with it in older releases', triggers: [text('StaticFiles('), text('FileResponse(')] },
  { package: 'httpx', reason: 'Starlette/FastAPI TestClient is built on it', triggers: [text('TestClient(')] },
  // uvicorn[standard]
  { package: 'uvloop', reason: 'uvicorn[standard] event loop (loaded with --loop auto/uvloop)', triggers: [extra('uvicorn', 'standard'), text('--loop uvloop'), text('loop="uvloop"')] },
  { package: 'httptools', reason: 'uvicorn[standard] HTTP parser (--http auto/httptools)', triggers: [extra('uvicorn', 'standard'), text('--http httptools')] },
  { package: 'websockets', reason: 'uvicorn[standard] WebSocket protocol (--ws auto/websockets)', triggers: [extra('uvicorn', 'standard'), text('--ws websockets')] },
  { package: 'wsproto', reason: 'uvicorn --ws wsproto', triggers: [text('--ws wsproto')] },
  { package: 'watchfiles', reason: 'uvicorn[standard] file watcher for --reload', triggers: [extra('uvicorn', 'standard')] },
  { package: 'python-dotenv', reason: 'uvicorn[standard] loads --env-file with it; pydantic-settings env_file too', triggers: [extra('uvicorn', 'standard'), text('--env-file'), text('env_file')] },
  { package: 'pyyaml', reason: 'uvicorn[standard] reads YAML --log-config files with it', triggers: [extra('uvicorn', 'standard'), text('--log-config')] },
  // Gunicorn worker classes (`-k` / `--worker-class` / `worker_class =`)
  { package: 'uvicorn', reason: 'gunicorn worker class uvicorn.workers.UvicornWorker', triggers: [text('uvicorn.workers.UvicornWorker'), text('uvicorn.workers.UvicornH11Worker')] },
  { package: 'uvicorn-worker', reason: 'gunicorn worker class uvicorn_worker.UvicornWorker', triggers: [text('uvicorn_worker.UvicornWorker')] },
  { package: 'gevent', reason: 'gunicorn -k gevent worker; Celery -P gevent pool', triggers: [text('-k gevent'), text('--worker-class gevent'), text("worker_class = 'gevent'"), text('worker_class = "gevent"'), text('-P gevent'), text('--pool=gevent'), extra('gunicorn', 'gevent')] },
  { package: 'eventlet', reason: 'gunicorn -k eventlet worker; Celery -P eventlet pool', triggers: [text('-k eventlet'), text('--worker-class eventlet'), text("worker_class = 'eventlet'"), text('worker_class = "eventlet"'), text('-P eventlet'), text('--pool=eventlet'), extra('gunicorn', 'eventlet')] },
  { package: 'tornado', reason: 'gunicorn -k tornado worker', triggers: [text('-k tornado'), extra('gunicorn', 'tornado')] },
  { package: 'setproctitle', reason: 'gunicorn[setproctitle] names worker processes', triggers: [extra('gunicorn', 'setproctitle')] },
  // Celery brokers and result backends (URL schemes of broker_url / result_backend)
  { package: 'redis', reason: 'Celery/kombu redis:// broker and backend; celery[redis]; django-redis / Flask-Caching redis backends', triggers: [url('redis'), url('rediss'), url('sentinel'), extra('celery', 'redis'), extra('kombu', 'redis')] },
  { package: 'amqp', reason: 'kombu transport for amqp:// (py-amqp), Celery default broker', triggers: [url('amqp'), url('amqps'), url('pyamqp')] },
  { package: 'librabbitmq', reason: 'kombu transport for librabbitmq://', triggers: [url('librabbitmq')] },
  { package: 'kombu', reason: 'Celery messaging library: every broker URL goes through it', triggers: [imp('celery')] },
  { package: 'boto3', reason: 'kombu SQS transport (sqs://), celery[sqs]', triggers: [url('sqs'), extra('celery', 'sqs')] },
  { package: 'pycurl', reason: 'kombu SQS transport fetches with it, celery[sqs]', triggers: [extra('celery', 'sqs')] },
  { package: 'pymongo', reason: 'Celery mongodb:// result backend, kombu mongodb transport', triggers: [url('mongodb'), url('mongodb+srv'), extra('celery', 'mongodb')] },
  { package: 'sqlalchemy', reason: 'Celery db+ result backend and kombu sqla+ transport', triggers: [url('db+sqlite'), url('db+postgresql'), url('db+mysql'), url('sqla+sqlite'), url('sqla+postgresql'), extra('celery', 'sqlalchemy')] },
  { package: 'msgpack', reason: 'kombu/Celery msgpack serializer', triggers: [text("'msgpack'"), text('"msgpack"'), extra('celery', 'msgpack')] },
  { package: 'python-memcached', reason: 'Celery cache+memcached:// result backend, Django MemcachedCache', triggers: [url('cache+memcached'), text('MemcachedCache')] },
  { package: 'pylibmc', reason: 'Django PyLibMCCache backend; Celery memcache backend', triggers: [text('PyLibMCCache'), extra('celery', 'memcache')] },
  { package: 'pymemcache', reason: 'Django PyMemcacheCache backend', triggers: [text('PyMemcacheCache'), extra('celery', 'pymemcache')] },
  // Django settings name backends as dotted strings
  { package: 'psycopg2', reason: 'Django PostgreSQL backend (ENGINE django.db.backends.postgresql) needs psycopg2 or psycopg', triggers: [text('django.db.backends.postgresql'), text('django.contrib.gis.db.backends.postgis')] },
  { package: 'psycopg2-binary', reason: 'provides psycopg2 for the Django PostgreSQL backend', triggers: [text('django.db.backends.postgresql'), text('django.contrib.gis.db.backends.postgis')] },
  { package: 'psycopg', reason: 'Django 4.2+ PostgreSQL backend accepts psycopg 3', triggers: [text('django.db.backends.postgresql')] },
  { package: 'mysqlclient', reason: 'Django MySQL backend (django.db.backends.mysql)', triggers: [text('django.db.backends.mysql')] },
  { package: 'oracledb', reason: 'Django Oracle backend (django.db.backends.oracle, 5.0+)', triggers: [text('django.db.backends.oracle')] },
  { package: 'django-redis', reason: 'cache BACKEND django_redis.cache.RedisCache', triggers: [text('django_redis.cache')] },
  { package: 'whitenoise', reason: 'MIDDLEWARE whitenoise.middleware.WhiteNoiseMiddleware', triggers: [text('whitenoise.')] },
  { package: 'django-storages', reason: 'storage backends storages.backends.*', triggers: [text('storages.backends.')] },
  { package: 'channels-redis', reason: 'CHANNEL_LAYERS backend channels_redis.core.RedisChannelLayer', triggers: [text('channels_redis.')] },
  { package: 'django-cors-headers', reason: "INSTALLED_APPS 'corsheaders'", triggers: [text("'corsheaders'"), text('"corsheaders"')] },
  // Auth and crypto
  { package: 'bcrypt', reason: 'passlib bcrypt handler loads it (passlib[bcrypt]); CryptContext(schemes=["bcrypt"])', triggers: [extra('passlib', 'bcrypt'), text('"bcrypt"'), text("'bcrypt'")] },
  { package: 'argon2-cffi', reason: 'passlib argon2 handler (passlib[argon2]); Django Argon2PasswordHasher', triggers: [extra('passlib', 'argon2'), text('"argon2"'), text("'argon2'"), text('Argon2PasswordHasher')] },
  { package: 'cryptography', reason: 'python-jose[cryptography], pyjwt[crypto] RSA/EC keys; passlib totp', triggers: [extra('python-jose', 'cryptography'), extra('pyjwt', 'crypto')] },
  // pandas I/O engines, loaded by read_*/to_* functions
  { package: 'openpyxl', reason: 'pandas read_excel/to_excel engine for .xlsx', triggers: [text('read_excel'), text('to_excel'), text('ExcelWriter'), text('openpyxl')] },
  { package: 'xlrd', reason: 'pandas read_excel engine for legacy .xls', triggers: [text('.xls"'), text(".xls'"), text('engine="xlrd"'), text("engine='xlrd'")] },
  { package: 'xlsxwriter', reason: 'pandas to_excel / ExcelWriter engine="xlsxwriter"', triggers: [text('xlsxwriter')] },
  { package: 'odfpy', reason: 'pandas read_excel/to_excel engine="odf" for .ods', triggers: [text('.ods'), text('engine="odf"'), text("engine='odf'")] },
  { package: 'pyxlsb', reason: 'pandas read_excel engine="pyxlsb"', triggers: [text('pyxlsb'), text('.xlsb')] },
  { package: 'pyarrow', reason: 'pandas read_parquet/to_parquet/read_feather/read_orc default engine; dtype_backend="pyarrow"', triggers: [text('read_parquet'), text('to_parquet'), text('read_feather'), text('to_feather'), text('read_orc'), text('pyarrow')] },
  { package: 'fastparquet', reason: 'pandas parquet engine="fastparquet" (fallback when pyarrow is missing)', triggers: [text('read_parquet'), text('to_parquet'), text('fastparquet')] },
  { package: 'lxml', reason: 'pandas read_html/read_xml/to_xml default parser; BeautifulSoup "lxml" parser', triggers: [text('read_html'), text('read_xml'), text('to_xml'), text('"lxml"'), text("'lxml'"), text('"xml"')] },
  { package: 'html5lib', reason: 'pandas read_html flavor="bs4"; BeautifulSoup "html5lib" parser', triggers: [text('read_html'), text('html5lib')] },
  { package: 'beautifulsoup4', reason: 'pandas read_html flavor="bs4"', triggers: [text('read_html')] },
  { package: 'tables', reason: 'pandas read_hdf/to_hdf/HDFStore (PyTables)', triggers: [text('read_hdf'), text('to_hdf'), text('HDFStore')] },
  { package: 'sqlalchemy', reason: 'pandas read_sql/to_sql with a URL string or engine', triggers: [text('read_sql'), text('to_sql')] },
  { package: 'tabulate', reason: 'pandas DataFrame.to_markdown', triggers: [text('to_markdown')] },
  { package: 'jinja2', reason: 'pandas DataFrame.style / Styler.to_html', triggers: [text('.style.'), text('Styler')] },
  { package: 'fsspec', reason: 'pandas/xarray/dask open s3://, gs://, az:// paths through it', triggers: [url('s3'), url('gs'), url('gcs'), url('az'), url('abfs'), url('abfss')] },
  { package: 's3fs', reason: 'fsspec implementation for s3:// paths in pandas/dask', triggers: [url('s3'), url('s3a')] },
  { package: 'gcsfs', reason: 'fsspec implementation for gs:// paths in pandas/dask', triggers: [url('gs'), url('gcs')] },
  { package: 'adlfs', reason: 'fsspec implementation for az:// and abfs:// paths', triggers: [url('az'), url('abfs'), url('abfss')] },
  { package: 'matplotlib', reason: 'pandas DataFrame.plot / Series.plot default backend', triggers: [text('.plot('), text('.plot.'), text('.hist(')] },
  { package: 'scipy', reason: 'pandas interpolate(method=...) and some corr methods use scipy', triggers: [text('method="spline"'), text("method='spline'"), text('method="kendall"'), text("method='kendall'")] },
  // matplotlib GUI backends
  { package: 'pyqt5', reason: 'matplotlib QtAgg/Qt5Agg backend', triggers: [text('Qt5Agg'), text('QtAgg')] },
  { package: 'pyqt6', reason: 'matplotlib QtAgg backend', triggers: [text('QtAgg')] },
  { package: 'pyside6', reason: 'matplotlib QtAgg backend', triggers: [text('QtAgg')] },
  { package: 'pycairo', reason: 'matplotlib cairo / GTK3Cairo backends', triggers: [text('GTK3Cairo'), text('GTK4Cairo'), text('"cairo"'), text("'cairo'")] },
  { package: 'pygobject', reason: 'matplotlib GTK3Agg/GTK4Agg backends', triggers: [text('GTK3Agg'), text('GTK4Agg')] },
  { package: 'wxpython', reason: 'matplotlib WXAgg backend', triggers: [text('WXAgg')] },
  { package: 'ipympl', reason: 'matplotlib widget backend (%matplotlib widget / ipympl)', triggers: [text('matplotlib widget'), text('module://ipympl')] },
  { package: 'kaleido', reason: 'plotly write_image / to_image static export', triggers: [text('write_image'), text('to_image')] },
  // HTTP clients
  { package: 'pysocks', reason: 'requests[socks] / urllib3 SOCKS proxies (socks5:// proxy URLs)', triggers: [extra('requests', 'socks'), url('socks5'), url('socks5h'), url('socks4')] },
  { package: 'socksio', reason: 'httpx[socks] SOCKS proxies', triggers: [extra('httpx', 'socks')] },
  { package: 'h2', reason: 'httpx[http2]: http2=True clients; hypercorn HTTP/2', triggers: [extra('httpx', 'http2'), text('http2=True')] },
  { package: 'brotli', reason: 'httpx[brotli], urllib3[brotli], aiohttp[speedups] decode br responses', triggers: [extra('httpx', 'brotli'), extra('urllib3', 'brotli'), extra('aiohttp', 'speedups')] },
  { package: 'zstandard', reason: 'httpx[zstd], urllib3[zstd] decode zstd responses', triggers: [extra('httpx', 'zstd'), extra('urllib3', 'zstd')] },
  { package: 'aiodns', reason: 'aiohttp[speedups] asynchronous DNS resolver', triggers: [extra('aiohttp', 'speedups')] },
  { package: 'charset-normalizer', reason: 'requests decodes response text with it', triggers: [imp('requests')] },
  { package: 'certifi', reason: 'requests/httpx load their CA bundle from it', triggers: [imp('requests'), imp('httpx')] },
  { package: 'requests-toolbelt', reason: 'used by requests-based SDKs for multipart uploads', triggers: [text('MultipartEncoder')] },
  // Logging, config, misc
  { package: 'pyyaml', reason: 'logging.config from YAML, uvicorn --log-config .yaml', triggers: [text('.yaml'), text('.yml')] },
  { package: 'python-json-logger', reason: "logging config names the formatter class 'pythonjsonlogger.jsonlogger.JsonFormatter'", triggers: [text('pythonjsonlogger')] },
  { package: 'colorlog', reason: "logging config names 'colorlog.ColoredFormatter'", triggers: [text('colorlog.')] },
  { package: 'tzdata', reason: 'zoneinfo reads IANA zones from it where the OS has none (slim images)', triggers: [imp('zoneinfo'), text('ZoneInfo(')] },
  { package: 'greenlet', reason: 'SQLAlchemy asyncio extension runs sync code in greenlets', triggers: [imp('sqlalchemy.ext.asyncio'), extra('sqlalchemy', 'asyncio')] },
];
