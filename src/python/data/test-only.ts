/**
 * Distributions that belong to tests, linting, type checking and packaging, not to a running service: finding one in
 * a production requirements file is worth a note, and never importing it from service code is expected.
 * Names are PEP 503-normalised. Prefix rules (`pytest-*`, `types-*`...) are in TEST_ONLY_PREFIXES.
 */
export const TEST_ONLY_PACKAGES: readonly string[] = [
  // Test runners and helpers
  'pytest', 'coverage', 'nose', 'nose2', 'mock', 'responses', 'respx', 'freezegun', 'time-machine', 'factory-boy',
  'faker', 'model-bakery', 'hypothesis', 'requests-mock', 'aioresponses', 'pyfakefs', 'testfixtures', 'moto',
  'testcontainers', 'fakeredis', 'mongomock', 'vcrpy', 'httpretty', 'pyhamcrest', 'parameterized', 'ddt',
  'syrupy', 'snapshottest', 'webtest', 'django-webtest', 'behave',
  'robotframework', 'asynctest', 'polyfactory', 'mutmut', 'dirty-equals', 'inline-snapshot', 'schemathesis',
  'asgi-lifespan', 'codecov', 'coveralls', 'unittest-xml-reporting', 'xmlrunner',
  // Test orchestration
  'tox', 'nox',
  // Type checkers and stubs
  'mypy', 'pyright', 'pytype', 'pyre-check', 'django-stubs', 'djangorestframework-stubs',
  'sqlalchemy-stubs', 'sqlalchemy2-stubs', 'boto3-stubs', 'botocore-stubs', 'celery-types', 'pandas-stubs',
  // Linters and formatters
  'black', 'ruff', 'flake8', 'pylint', 'isort', 'autopep8', 'yapf', 'pycodestyle', 'pydocstyle', 'pyflakes',
  'bandit', 'safety', 'pip-audit', 'vulture', 'radon', 'xenon', 'mccabe', 'autoflake', 'pyupgrade', 'docformatter',
  'codespell', 'darglint', 'blacken-docs', 'flakeheaven', 'prospector', 'pylama', 'wemake-python-styleguide',
  'sqlfluff', 'yamllint', 'djlint', 'interrogate', 'deptry', 'pip-check-reqs',
  // Hooks, release and packaging tools
  'pre-commit', 'commitizen', 'bump2version', 'bumpversion', 'bump-my-version', 'twine', 'build', 'check-manifest',
  'pip-tools', 'pipdeptree', 'wheel',
  // Debugging and profiling
  'ipdb', 'pdbpp', 'debugpy', 'pudb', 'py-spy', 'line-profiler', 'memory-profiler', 'snakeviz', 'pyinstrument',
  'django-debug-toolbar',
];

/** Name prefixes of test-only families: pytest / flake8 / pylint plugins, typeshed and boto3 stub packages. */
export const TEST_ONLY_PREFIXES: readonly string[] = ['pytest-', 'flake8-', 'types-', 'mypy-boto3-', 'pylint-'];

/** Name suffixes of stub-only distributions (`boto3-stubs`, `django-stubs`). */
export const TEST_ONLY_SUFFIXES: readonly string[] = ['-stubs'];
