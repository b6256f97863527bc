/**
 * Environment variables and command-line options that switch a package on without an import of it: the server or
 * worker reads the setting and imports the package by name. A declared package matched here is class `env-switch`,
 * never removed. Package names are PEP 503-normalised; each entry names the documentation it comes from.
 */
export interface EnvSwitch {
  package: string;
  /** Environment variables whose value selects the package (compose `environment:`, `env_file`, Dockerfile ENV). */
  env?: string[];
  /** Command-line options whose value selects it (`--loop uvloop`, `--loop=uvloop`, `-k gevent`). */
  options?: string[];
  /** The value that selects the package (the whole value, or `scheme://` for URL values). */
  value: RegExp;
  reason: string;
  source: string;
}

const UVICORN = 'https://www.uvicorn.org/settings/#implementation';
const GUNICORN = 'https://docs.gunicorn.org/en/stable/settings.html#worker-class';
const CELERY_POOL = 'https://docs.celeryq.dev/en/stable/reference/cli.html#cmdoption-celery-worker-P';
const CELERY_REDIS = 'https://docs.celeryq.dev/en/stable/getting-started/backends-and-brokers/redis.html';
const CELERY_AMQP = 'https://docs.celeryq.dev/en/stable/getting-started/backends-and-brokers/rabbitmq.html';
const OTEL = 'https://opentelemetry.io/docs/zero-code/python/configuration/';
const BROKER_ENV = ['CELERY_BROKER_URL', 'BROKER_URL', 'CELERY_RESULT_BACKEND', 'RESULT_BACKEND'];

/** The env-switch table. uvicorn reads every option from `UVICORN_<OPTION>` too (click's auto_envvar_prefix). */
export const ENV_SWITCHES: readonly EnvSwitch[] = [
  { package: 'uvloop', env: ['UVICORN_LOOP'], options: ['--loop'], value: /^uvloop$/, reason: 'uvicorn event loop implementation', source: UVICORN },
  { package: 'httptools', env: ['UVICORN_HTTP'], options: ['--http'], value: /^httptools$/, reason: 'uvicorn HTTP protocol implementation', source: UVICORN },
  { package: 'websockets', env: ['UVICORN_WS'], options: ['--ws'], value: /^websockets(?:-sansio)?$/, reason: 'uvicorn WebSocket protocol implementation', source: UVICORN },
  { package: 'wsproto', env: ['UVICORN_WS'], options: ['--ws'], value: /^wsproto$/, reason: 'uvicorn WebSocket protocol implementation', source: UVICORN },
  { package: 'uvicorn', options: ['-k', '--worker-class'], value: /^uvicorn\.workers\.Uvicorn(?:H11)?Worker$/, reason: 'gunicorn worker class (also in GUNICORN_CMD_ARGS)', source: GUNICORN },
  { package: 'uvicorn-worker', options: ['-k', '--worker-class'], value: /^uvicorn_worker\.Uvicorn(?:H11)?Worker$/, reason: 'gunicorn worker class (also in GUNICORN_CMD_ARGS)', source: GUNICORN },
  { package: 'gevent', options: ['-k', '--worker-class'], value: /^gevent(?:_wsgi|_pywsgi)?$|^gunicorn\.workers\.ggevent\./, reason: 'gunicorn gevent worker class', source: GUNICORN },
  { package: 'eventlet', options: ['-k', '--worker-class'], value: /^eventlet$|^gunicorn\.workers\.geventlet\./, reason: 'gunicorn eventlet worker class', source: GUNICORN },
  { package: 'tornado', options: ['-k', '--worker-class'], value: /^tornado$|^gunicorn\.workers\.gtornado\./, reason: 'gunicorn tornado worker class', source: GUNICORN },
  { package: 'gevent', options: ['-P', '--pool'], value: /^gevent$/, reason: 'Celery worker pool', source: CELERY_POOL },
  { package: 'eventlet', options: ['-P', '--pool'], value: /^eventlet$/, reason: 'Celery worker pool', source: CELERY_POOL },
  { package: 'redis', env: BROKER_ENV, value: /^(?:redis|rediss|sentinel):\/\//, reason: 'Celery/kombu Redis broker or result backend', source: CELERY_REDIS },
  { package: 'amqp', env: BROKER_ENV, value: /^(?:amqp|amqps|pyamqp):\/\//, reason: 'Celery/kombu AMQP broker (py-amqp)', source: CELERY_AMQP },
  { package: 'hf-transfer', env: ['HF_HUB_ENABLE_HF_TRANSFER'], value: /^(?:1|true|yes|on)$/i, reason: 'huggingface_hub downloads with hf_transfer', source: 'https://huggingface.co/docs/huggingface_hub/package_reference/environment_variables#hfhubenablehftransfer' },
  { package: 'opentelemetry-exporter-otlp', env: ['OTEL_TRACES_EXPORTER', 'OTEL_METRICS_EXPORTER', 'OTEL_LOGS_EXPORTER'], options: ['--traces_exporter', '--metrics_exporter', '--logs_exporter'], value: /(?:^|,)\s*otlp(?:_proto_grpc|_proto_http)?\s*(?:,|$)/, reason: 'opentelemetry-instrument loads the OTLP exporter entry point', source: OTEL },
  { package: 'opentelemetry-exporter-otlp-proto-grpc', env: ['OTEL_TRACES_EXPORTER', 'OTEL_METRICS_EXPORTER', 'OTEL_LOGS_EXPORTER'], options: ['--traces_exporter', '--metrics_exporter', '--logs_exporter'], value: /(?:^|,)\s*otlp(?:_proto_grpc)?\s*(?:,|$)/, reason: 'opentelemetry-instrument loads the OTLP gRPC exporter entry point', source: OTEL },
  { package: 'opentelemetry-exporter-otlp-proto-http', env: ['OTEL_TRACES_EXPORTER', 'OTEL_METRICS_EXPORTER', 'OTEL_LOGS_EXPORTER'], options: ['--traces_exporter', '--metrics_exporter', '--logs_exporter'], value: /(?:^|,)\s*otlp_proto_http\s*(?:,|$)/, reason: 'opentelemetry-instrument loads the OTLP HTTP exporter entry point', source: OTEL },
];

/** Environment variables whose value is more command-line options (read like a command line). */
export const ARGS_ENV: readonly string[] = ['GUNICORN_CMD_ARGS'];
