/**
 * Distributions used as commands (a Dockerfile `CMD`, a compose `command:`, an entrypoint script) rather than
 * imported. Commands are the console scripts the distribution installs; `python -m <module>` forms are listed by
 * `modules`. Package names are PEP 503-normalised.
 */
export interface CliPackage {
  package: string;
  commands: string[];
  /** Modules run with `python -m`, when different from the import-name tables. */
  modules?: string[];
}

export const CLI_PACKAGES: readonly CliPackage[] = [
  // Servers
  { package: 'uvicorn', commands: ['uvicorn'], modules: ['uvicorn'] },
  { package: 'gunicorn', commands: ['gunicorn'], modules: ['gunicorn'] },
  { package: 'hypercorn', commands: ['hypercorn'], modules: ['hypercorn'] },
  { package: 'daphne', commands: ['daphne'], modules: ['daphne'] },
  { package: 'granian', commands: ['granian'], modules: ['granian'] },
  { package: 'waitress', commands: ['waitress-serve'], modules: ['waitress'] },
  { package: 'uwsgi', commands: ['uwsgi'] },
  { package: 'fastapi-cli', commands: ['fastapi'] }, // `fastapi dev` / `fastapi run`
  { package: 'flask', commands: ['flask'], modules: ['flask'] }, // `flask run`
  { package: 'django', commands: ['django-admin'], modules: ['django'] },
  { package: 'streamlit', commands: ['streamlit'], modules: ['streamlit'] },
  { package: 'gradio', commands: ['gradio'] },
  { package: 'panel', commands: ['panel'] },
  { package: 'bokeh', commands: ['bokeh'] },
  { package: 'voila', commands: ['voila'] },
  { package: 'chainlit', commands: ['chainlit'] },
  { package: 'mlflow', commands: ['mlflow'] },
  { package: 'datasette', commands: ['datasette'] },
  { package: 'mkdocs', commands: ['mkdocs'], modules: ['mkdocs'] },
  { package: 'sphinx', commands: ['sphinx-build', 'sphinx-quickstart', 'sphinx-apidoc', 'sphinx-autogen'], modules: ['sphinx'] },
  { package: 'jupyter-core', commands: ['jupyter'] },
  { package: 'jupyter', commands: ['jupyter'] }, // metapackage; the command comes from jupyter-core
  { package: 'jupyterlab', commands: ['jupyter-lab'] },
  { package: 'notebook', commands: ['jupyter-notebook'] },
  { package: 'jupyter-server', commands: ['jupyter-server'] },
  { package: 'ipython', commands: ['ipython', 'ipython3'], modules: ['IPython'] },
  // Workers, schedulers, orchestration
  { package: 'celery', commands: ['celery'], modules: ['celery'] },
  { package: 'flower', commands: ['celery'] }, // `celery flower` subcommand is a plugin of the celery command
  { package: 'rq', commands: ['rq', 'rqworker', 'rqinfo'] },
  { package: 'dramatiq', commands: ['dramatiq'] },
  { package: 'huey', commands: ['huey_consumer', 'huey_consumer.py'] },
  { package: 'arq', commands: ['arq'] },
  { package: 'faust-streaming', commands: ['faust'] },
  { package: 'dagster', commands: ['dagster'] },
  { package: 'dagster-webserver', commands: ['dagster-webserver'] },
  { package: 'prefect', commands: ['prefect'] },
  { package: 'apache-airflow', commands: ['airflow'] },
  { package: 'luigi', commands: ['luigi', 'luigid'] },
  { package: 'ray', commands: ['ray', 'serve'] },
  { package: 'dask', commands: ['dask'] },
  { package: 'distributed', commands: ['dask-scheduler', 'dask-worker'] },
  { package: 'scrapy', commands: ['scrapy'], modules: ['scrapy'] },
  { package: 'locust', commands: ['locust'], modules: ['locust'] },
  { package: 'alembic', commands: ['alembic'], modules: ['alembic'] },
  { package: 'yoyo-migrations', commands: ['yoyo', 'yoyo-migrate'] },
  { package: 'aerich', commands: ['aerich'] }, // Tortoise ORM migrations
  // Process managers and init
  { package: 'supervisor', commands: ['supervisord', 'supervisorctl', 'echo_supervisord_conf', 'pidproxy'] },
  { package: 'honcho', commands: ['honcho'] },
  { package: 'dumb-init', commands: ['dumb-init'] },
  { package: 'circus', commands: ['circusd', 'circusctl'] },
  { package: 'watchdog', commands: ['watchmedo'] },
  { package: 'watchfiles', commands: ['watchfiles'] },
  { package: 'newrelic', commands: ['newrelic-admin'] }, // `newrelic-admin run-program gunicorn ...`
  { package: 'ddtrace', commands: ['ddtrace-run'] },
  { package: 'opentelemetry-distro', commands: ['opentelemetry-instrument', 'opentelemetry-bootstrap'] },
  { package: 'opentelemetry-instrumentation', commands: ['opentelemetry-instrument', 'opentelemetry-bootstrap'] },
  // Cloud and ops tools
  { package: 'awscli', commands: ['aws'] },
  { package: 'azure-cli', commands: ['az'] },
  { package: 'ansible-core', commands: ['ansible', 'ansible-playbook', 'ansible-galaxy'] },
  { package: 'ansible', commands: ['ansible', 'ansible-playbook', 'ansible-galaxy'] },
  { package: 'httpie', commands: ['http', 'https'] },
  { package: 'dvc', commands: ['dvc'] },
  { package: 'pre-commit', commands: ['pre-commit'] },
  { package: 'pip-tools', commands: ['pip-compile', 'pip-sync'] },
  { package: 'twine', commands: ['twine'] },
  { package: 'gdown', commands: ['gdown'] },
  { package: 'huggingface-hub', commands: ['huggingface-cli'] },
  { package: 'yt-dlp', commands: ['yt-dlp'] },
  { package: 'pyinstaller', commands: ['pyinstaller'] },
  // Test and lint tools
  { package: 'pytest', commands: ['pytest', 'py.test'], modules: ['pytest'] },
  { package: 'coverage', commands: ['coverage'], modules: ['coverage'] },
  { package: 'tox', commands: ['tox'] },
  { package: 'nox', commands: ['nox'] },
  { package: 'black', commands: ['black'], modules: ['black'] },
  { package: 'ruff', commands: ['ruff'], modules: ['ruff'] },
  { package: 'flake8', commands: ['flake8'], modules: ['flake8'] },
  { package: 'pylint', commands: ['pylint'], modules: ['pylint'] },
  { package: 'isort', commands: ['isort'], modules: ['isort'] },
  { package: 'mypy', commands: ['mypy', 'dmypy', 'stubgen'], modules: ['mypy'] },
  { package: 'bandit', commands: ['bandit'] },
];
