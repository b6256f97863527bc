// Classes of wrong removals and false findings found on repositories outside the labelled set (helper C,
// notes/realworld-C.md). Each fixture is a small tree of our own that reproduces one class.
import { describe, expect, it } from 'vitest';
import { planFiles, tempProject } from '../helpers/temp-project.js';
import { classes, classOf, DOCKERFILE, pyService } from './helpers.js';

const DF = 'FROM node:20-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\nCOPY . .\nCMD ["node", "server/main.js"]\n';

/**
 * A one-service Node tree: package.json dependencies `deps` (and `scripts`), a v3 lock listing them (no edges among
 * them; `entries` adds fields to a package's entry, such as `bin`), `main`, built by `dockerfile`.
 */
function nodeTree(deps: Record<string, string>, main: string, opts: { scripts?: Record<string, string>; entries?: Record<string, object>; dockerfile?: string } = {}): Record<string, string> {
  const pkg = JSON.stringify({ name: 'app', version: '1.0.0', ...(opts.scripts ? { scripts: opts.scripts } : {}), dependencies: deps }, null, 2) + '\n';
  const packages: Record<string, unknown> = { '': { name: 'app', version: '1.0.0', dependencies: deps } };
  for (const [name, range] of Object.entries(deps)) packages[`node_modules/${name}`] = { version: range.replace(/^[\^~]/, ''), ...opts.entries?.[name] };
  const lock = JSON.stringify({ name: 'app', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2) + '\n';
  return { 'compose.yaml': 'services:\n  app:\n    build: ./app\n', 'app/Dockerfile': opts.dockerfile ?? DF, 'app/package.json': pkg, 'app/package-lock.json': lock, 'app/server/main.js': main };
}

describe('Node: companions a used library require()s lazily (no lock edge, no import)', () => {
  // kutt (thedevs-network/kutt fc832d7): knex("visits").where(match).stream() needs pg-query-stream, which knex
  // require()s inside lib/dialects/postgres; the lock has no edge to it. It was removed (unused).
  const kutt = nodeTree(
    { knex: '3.1.0', pg: '8.13.1', 'pg-query-stream': '4.7.1', 'left-pad': '1.3.0' },
    "const knex = require('knex')({ client: process.env.DB_CLIENT });\nmodule.exports = () => knex('visits').stream();\n",
  );

  it('pg-query-stream beside knex is implicit (kept); left-pad is still unused', () => {
    const rows = classes(tempProject(kutt)).filter((r) => !r.includes(' used '));
    expect(rows.filter((r) => r.includes('pg-query-stream'))).toEqual([expect.stringMatching(/^app pg-query-stream implicit app\/package\.json:\d+$/)]);
    expect(rows.filter((r) => r.includes('left-pad'))).toEqual([expect.stringMatching(/^app left-pad unused /)]);
  });

  it('the plan never removes pg-query-stream', async () => {
    const { out } = await planFiles(tempProject(kutt), { transforms: ['unused-deps'] });
    const after = out['app/package.json'];
    if (after !== undefined) expect(after).toContain('"pg-query-stream"');
  });

  it('sharp beside next, bufferutil/utf-8-validate beside ws are implicit; without the library they are unused', () => {
    const withLib = classes(tempProject(nodeTree({ next: '14.2.0', sharp: '0.33.0', ws: '8.16.0', bufferutil: '4.0.8', 'utf-8-validate': '6.0.3' }, "const next = require('next');\nconst { WebSocketServer } = require('ws');\n")));
    expect(withLib.filter((r) => /sharp|bufferutil|utf-8-validate/.test(r)).map((r) => r.split(' ').slice(1, 3).join(' '))).toEqual(['sharp implicit', 'bufferutil implicit', 'utf-8-validate implicit']);
    const without = classes(tempProject(nodeTree({ sharp: '0.33.0', bufferutil: '4.0.8', express: '4.19.0' }, "const express = require('express');\n")));
    expect(without.filter((r) => /sharp|bufferutil/.test(r)).map((r) => r.split(' ').slice(1, 3).join(' '))).toEqual(['sharp unused', 'bufferutil unused']);
  });
});

describe('Node: a command run by a script is the bin of a package with another name (the lock says which)', () => {
  // linkding (sissbruecker/linkding 6c874af): `npm run build` runs `rollup -c` (bin of @rollup/wasm-node) and
  // `postcss -o …` (bin of postcss-cli); both packages were `unused`, and postcss was taken for the command's package.
  const BUILD = 'FROM node:20-slim AS build\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\nCMD ["node", "server/main.js"]\n';
  const tree = nodeTree(
    { '@rollup/wasm-node': '4.13.0', 'postcss-cli': '11.0.0', 'left-pad': '1.3.0' },
    'console.log(1);\n',
    { scripts: { build: 'rollup -c && npm run css', css: 'postcss -o static/app.css styles/app.css' }, entries: { '@rollup/wasm-node': { bin: { rollup: 'dist/bin/rollup' } }, 'postcss-cli': { bin: { postcss: 'index.js' } } }, dockerfile: BUILD },
  );

  it('@rollup/wasm-node and postcss-cli are cli (from the lock\'s bin fields); left-pad is still unused', () => {
    const rows = classes(tempProject(tree)).map((r) => r.split(' ').slice(1, 3).join(' '));
    expect(rows).toEqual(['@rollup/wasm-node cli', 'postcss-cli cli', 'left-pad unused']);
  });

  it('the plan removes neither', async () => {
    const { out } = await planFiles(tempProject(tree), { transforms: ['unused-deps'] });
    const after = out['app/package.json'];
    if (after !== undefined) expect([after.includes('"@rollup/wasm-node"'), after.includes('"postcss-cli"')]).toEqual([true, true]);
  });
});

describe('Python: what the image installs by URL or path has unknown requirements and import names', () => {
  // Whisper-WebUI (jhj0517/Whisper-WebUI c3bb3b1) installs git+https://…/jhj0517-whisper.git beside pinned packages;
  // such a line has no name to look its requirements up by, so it may require a pinned package (removing the pin
  // only drops it) and may provide an imported module (it is not shown missing).
  const REQ = 'git+https://github.com/acme/widget.git\nnumpy==1.26.4\nrequests==2.31.0\n';
  const tree = (req: string, df = DOCKERFILE) => pyService({ 'svc/Dockerfile': df, 'svc/requirements.txt': req, 'svc/main.py': 'import requests\nimport widget\n' });

  it('numpy beside a git+ URL line is unverified (kept), naming the line; widget is undeclared (info), not missing', () => {
    const dir = tree(REQ);
    const numpy = classOf(dir, 'numpy');
    expect(numpy?.class).toBe('unverified');
    expect(numpy?.evidence).toContain('git+https://github.com/acme/widget.git (svc/requirements.txt:1)');
    expect(classes(dir).filter((r) => r.includes('widget'))).toEqual(['svc widget undeclared svc/main.py:2']);
  });

  it('the plan leaves requirements.txt as it is', async () => {
    expect((await planFiles(tree(REQ), { transforms: ['unused-deps'] })).out).toEqual({});
  });

  it('an inline `pip install git+https://…` is the same; without it numpy is unused and widget missing', () => {
    const df = DOCKERFILE.replace('RUN pip install -r requirements.txt', 'RUN pip install -r requirements.txt git+https://github.com/acme/widget.git');
    expect(classOf(tree('numpy==1.26.4\nrequests==2.31.0\n', df), 'numpy')?.class).toBe('unverified');
    const plain = classes(tree('numpy==1.26.4\nrequests==2.31.0\n'));
    expect(plain.filter((r) => /numpy|widget/.test(r))).toEqual(['svc numpy unused svc/requirements.txt:1', 'svc widget missing svc/main.py:2']);
  });
});

describe('Python: a notification plugin backend the user picks by URL at run time', () => {
  // apprise-api (caronc/apprise-api 69b6187) pins slixmpp "For xmpp:// support": apprise loads it for xmpp:// URLs.
  it('slixmpp beside apprise is optional-backend; without apprise it is not (unknown-name: the table has no import names for it)', () => {
    const tree = (req: string, main: string) => pyService({ 'svc/Dockerfile': DOCKERFILE, 'svc/requirements.txt': req, 'svc/main.py': main });
    expect(classOf(tree('apprise==1.13.0\nslixmpp>=1.16.0\n', 'import apprise\n'), 'slixmpp')?.class).toBe('optional-backend');
    expect(classOf(tree('requests==2.31.0\nslixmpp>=1.16.0\n', 'import requests\n'), 'slixmpp')?.class).toBe('unknown-name');
  });
});

describe('Node: a test runner\'s setup file is test code', () => {
  // kutt 2022 (041aed5): jest-setup.ts imports @testing-library/jest-dom (a devDependency); it was `missing`.
  it('an import in jest-setup.ts / setupTests.js is no runtime import: no missing, and a package only it imports is test-only', () => {
    const files = nodeTree({ express: '4.19.0', 'whatwg-fetch': '3.6.0' }, "const express = require('express');\n");
    files['app/jest-setup.ts'] = "import '@testing-library/jest-dom';\n";
    files['app/src/setupTests.js'] = "import 'whatwg-fetch';\n";
    const rows = classes(tempProject(files)).map((r) => r.split(' ').slice(1, 3).join(' '));
    expect(rows).toEqual(['express used', 'whatwg-fetch test-only']);
  });
});

describe('Python: an import inside an if block runs only when its condition holds', () => {
  // linkding (6c874af) bookmarks/urls.py: `if settings.DEBUG:\n    import debug_toolbar` was missing in the
  // production image, where DEBUG is off; under `if __name__ == "__main__":` an import still runs with the entry.
  const main = 'import requests\nfrom django.conf import settings\n\nif settings.DEBUG:\n    import debug_toolbar\nelif settings.X:\n    if True:\n        import silk\nimport rq\nif __name__ == "__main__":\n    import uvicorn\n';
  it('debug_toolbar and silk are undeclared (info), rq and uvicorn missing', () => {
    const dir = pyService({ 'svc/Dockerfile': DOCKERFILE, 'svc/requirements.txt': 'requests==2.31.0\ndjango==5.0\n', 'svc/main.py': main });
    expect(classes(dir).filter((r) => / (?:missing|undeclared) /.test(r)).map((r) => r.split(' ').slice(1, 3).join(' '))).toEqual(['django-debug-toolbar undeclared', 'django-silk undeclared', 'rq missing', 'uvicorn missing']);
  });
});

describe('Node: missing only for imports the container\'s entry reaches', () => {
  // uptime-kuma 2023 (42b5d30): the release image runs `node server/server.js`; src/*.vue (the prebuilt frontend's
  // sources) and extra/*.js (maintenance scripts) import 30 devDependencies, all reported missing.
  const tree = (dockerfile: string) => {
    const files = nodeTree({ express: '4.19.0' }, "const express = require('express');\nconst a = require('./lib/a');\n", { scripts: { start: 'node server/main.js', tool: 'node extra/tool.js' }, dockerfile });
    files['app/server/lib/a.js'] = "const ws = require('ws');\nmodule.exports = require('../../shared/b');\n";
    files['app/shared/b.js'] = "import 'left-pad';\n";
    files['app/extra/tool.js'] = "const ssh = require('node-ssh');\n";
    files['app/src/App.js'] = "import { createApp } from 'vue';\n";
    return tempProject(files);
  };
  const rows = (dir: string) => classes(dir).filter((r) => / (?:missing|undeclared) /.test(r)).map((r) => r.split(' ').slice(1, 3).join(' '));

  it('imports reached from CMD node server/main.js are missing; the rest undeclared', () => {
    expect(rows(tree(DF))).toEqual(['left-pad missing', 'node-ssh undeclared', 'vue undeclared', 'ws missing']);
  });

  it('CMD npm start reaches the start script\'s entry the same way', () => {
    expect(rows(tree(DF.replace('CMD ["node", "server/main.js"]', 'CMD ["npm", "start"]')))).toEqual(['left-pad missing', 'node-ssh undeclared', 'vue undeclared', 'ws missing']);
  });

  it('an image that also builds (RUN npm run build) may read every source: all stay missing', () => {
    expect(rows(tree(DF.replace('COPY . .\n', 'COPY . .\nRUN npm run build\n')))).toEqual(['left-pad missing', 'node-ssh missing', 'vue missing', 'ws missing']);
  });

  it('a container that runs a bundler when it starts (CMD npm run build && …) may read every source too', () => {
    const files = nodeTree({ express: '4.19.0' }, "const express = require('express');\n", { scripts: { build: 'vite build', start: 'node server/main.js' }, dockerfile: DF.replace('CMD ["node", "server/main.js"]', 'CMD npm run build && npm start') });
    files['app/src/App.js'] = "import { createApp } from 'vue';\n";
    expect(rows(tempProject(files))).toEqual(['vue missing']);
  });
});

describe('Node: one service installing two manifests (cd client && npm install && cd ../server && npm install)', () => {
  // chartbrew (944afa1): each manifest was judged against both folders' files: every server import was missing
  // from client/package.json and the other way round.
  it('an import is judged by the manifest whose folder holds the file', () => {
    const one = (name: string, deps: Record<string, string>) => {
      const packages: Record<string, unknown> = { '': { name, version: '1.0.0', dependencies: deps } };
      for (const [n, v] of Object.entries(deps)) packages[`node_modules/${n}`] = { version: v };
      return { pkg: JSON.stringify({ name, version: '1.0.0', dependencies: deps }, null, 2) + '\n', lock: JSON.stringify({ name, version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2) + '\n' };
    };
    const c = one('client', { vue: '3.4.0' });
    const s = one('server', { express: '4.19.0' });
    const dir = tempProject({
      'compose.yaml': 'services:\n  app:\n    build: .\n',
      Dockerfile: 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN cd client && npm install && cd ../server && npm install\nCMD ["node", "server/index.js"]\n',
      'client/package.json': c.pkg, 'client/package-lock.json': c.lock, 'client/src/main.js': "import { createApp } from 'vue';\nimport axios from 'axios';\n",
      'server/package.json': s.pkg, 'server/package-lock.json': s.lock, 'server/index.js': "const express = require('express');\nconst cors = require('cors');\n",
    });
    const rows = classes(dir).filter((r) => / (?:missing|undeclared) /.test(r)).map((r) => r.split(' ').slice(1, 3).join(' ')).sort();
    expect(rows).toEqual(['axios undeclared', 'cors missing']); // client/src is neither run nor built here
  });
});
