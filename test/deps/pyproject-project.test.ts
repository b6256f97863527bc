import { describe, expect, it } from 'vitest';
import { projectDependencies } from '../../src/deps/project-install.js';
import { planFiles } from '../helpers/temp-project.js';
import { classes, classOf, pyService } from './helpers.js';

// A service whose image installs its own project (`pip install .`, `uv sync`): the pyproject.toml's static
// `[project] dependencies` are declarations too, reported and never edited.

const df = (install: string, copy = 'COPY . .'): string => `FROM python:3.12-slim\nWORKDIR /app\n${copy}\n${install}\nCMD ["python", "-m", "app"]\n`;
const main = { 'svc/app/__main__.py': 'import requests\n' };
const PYPROJECT = '[project]\nname = "app"\nversion = "1"\ndependencies = [\n  "requests>=2; python_version >= \'3.8\'",  # http, "quoted" in a comment\n  \'numpy\',\n]\n\n[project.optional-dependencies]\ndev = ["pytest"]\n';

describe('pyproject.toml dependencies of a project the image installs', () => {
  it('are read from the array\'s strings only: markers with quotes, comments and optional-dependencies add no names', () => {
    const deps = projectDependencies(PYPROJECT)!;
    expect([...deps].map(([name, d]) => `${name} ${d.line} ${d.text}`)).toEqual(["requests 5 requests>=2; python_version >= '3.8'", 'numpy 6 numpy']);
  });

  it('poetry: python and optional = true entries are not installed dependencies; extras are kept', () => {
    const deps = projectDependencies('[tool.poetry.dependencies]\npython = "^3.11"\nfastapi = "^0.110"\nuvicorn = { version = "^0.29", extras = ["standard"] }\nboto3 = { version = "^1", optional = true }\n\n[tool.poetry.group.dev.dependencies]\npytest = "^8"\n')!;
    expect([...deps].map(([name, d]) => `${name} ${d.line} ${d.extras.join(',')}`)).toEqual(['fastapi 3 ', 'uvicorn 4 standard']);
  });

  it('a dynamic list is unknown', () => {
    expect(projectDependencies('[project]\nname = "x"\ndynamic = ["version", "dependencies"]\n')).toBeUndefined();
  });

  it('`pip install .`: an unused one is reported at its pyproject.toml line, and nothing is edited', async () => {
    const dir = pyService({ ...main, 'svc/Dockerfile': df('RUN pip install .'), 'svc/pyproject.toml': PYPROJECT });
    expect(classes(dir)).toEqual(['svc requests used svc/pyproject.toml:5', 'svc numpy unused svc/pyproject.toml:6']);
    expect(classOf(dir, 'numpy')?.evidence).toMatch(/; listed by svc\/pyproject\.toml, which composeshift does not edit: remove it there \(and re-lock\)$/);
    const { out } = await planFiles(dir, { transforms: ['unused-deps'] });
    expect(out).toEqual({});
  });

  it('`uv sync` installs the WORKDIR project', () => {
    const dir = pyService({ ...main, 'svc/Dockerfile': df('RUN uv sync --frozen'), 'svc/pyproject.toml': PYPROJECT });
    expect(classes(dir)).toEqual(['svc requests used svc/pyproject.toml:5', 'svc numpy unused svc/pyproject.toml:6']);
  });

  it('the pyproject.toml the Dockerfile\'s path leads to, not the context root\'s', () => {
    const dir = pyService({
      'svc/api/app/__main__.py': 'import numpy\n',
      'svc/Dockerfile': df('RUN pip install ./api', 'COPY api /app/api'),
      'svc/api/pyproject.toml': '[project]\nname = "api"\nversion = "1"\ndependencies = ["numpy", "six"]\n',
      'svc/pyproject.toml': PYPROJECT,
    });
    expect(classes(dir)).toEqual(['svc numpy used svc/api/pyproject.toml:4', 'svc six unused svc/api/pyproject.toml:4']);
  });

  it('not read when the command leaves them out (--no-deps, poetry --only dev) or the list is dynamic', () => {
    for (const [install, pyproject] of [
      ['RUN pip install --no-deps .', PYPROJECT],
      ['RUN poetry install --only dev', PYPROJECT],
      ['RUN pip install .', '[project]\nname = "x"\ndynamic = ["dependencies"]\n'],
    ]) {
      const dir = pyService({ ...main, 'svc/Dockerfile': df(install!), 'svc/pyproject.toml': pyproject! });
      expect(classes(dir)).toEqual([]);
    }
  });

  it('a name a requirements file also declares is that file\'s declaration (transitive: the project requires it)', () => {
    const dir = pyService({
      ...main,
      'svc/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nRUN pip install -e .\nCMD ["python", "-m", "app"]\n',
      'svc/requirements.txt': 'numpy==1.26.4\n',
      'svc/pyproject.toml': PYPROJECT,
    });
    expect(classes(dir)).toEqual(['svc numpy transitive svc/requirements.txt:1', 'svc requests used svc/pyproject.toml:5']);
  });
});
