// Configuration by name is a use, lock or no lock: a package that a tool config the image copies names (itself,
// `name/sub`, or the short form the tool resolves) is loaded by that tool. Covers the config files without an
// extension (.babelrc, .eslintrc, .prettierrc, .browserslistrc), package.json tool fields as a class (any field
// that is not a dependency list or metadata), short names (Babel, ESLint, Jest environments), `name/sub` paths and
// tsconfig `types` for @types packages, with controls that must not keep a package.
import { describe, expect, it } from 'vitest';
import { analyzeProject } from '../../src/deps/analyze.js';
import { loadProject } from '../../src/project/load.js';
import { npmLock } from '../helpers/npm-lock.js';
import { planFiles, tempProject } from '../helpers/temp-project.js';

const DEPS: [string, string][] = [
  ['@acme/babel-plugin-foo', '1.0.0'],
  ['@acme/browserslist-config', '1.0.0'],
  ['@acme/eslint-plugin', '1.0.0'],
  ['@acme/prettier-config', '1.0.0'],
  ['@babel/plugin-transform-runtime', '7.0.0'],
  ['@babel/preset-env', '7.0.0'],
  ['@tsconfig/node20', '20.1.0'],
  ['@types/jest', '29.0.0'],
  ['@types/node', '20.0.0'],
  ['@types/babel__core', '7.0.0'],
  ['@typescript-eslint/eslint-plugin', '7.0.0'],
  ['babel-plugin-module-resolver', '5.0.0'],
  ['browserslist-config-foo', '1.0.0'],
  ['eslint-config-airbnb', '19.0.0'],
  ['eslint-config-react-app', '7.0.0'],
  ['eslint-plugin-react', '7.0.0'],
  ['jest-environment-jsdom', '29.0.0'],
  ['jest-preset-angular', '14.0.0'],
  ['left-pad', '1.3.0'],
  ['next', '14.0.0'],
  ['prettier-plugin-tailwindcss', '0.5.0'],
  ['stylelint-config-standard', '36.0.0'],
  ['ts-node', '10.0.0'],
  ['webpack-bundle-analyzer', '4.0.0'],
];
// package.json tool fields (and two that are not: description and overrides name packages without loading them).
const PKG = `{
  "name": "web",
  "description": "uses webpack-bundle-analyzer",
  "scripts": {
    "build": "node build.js"
  },
  "babel": {
    "presets": ["next/babel"]
  },
  "eslintConfig": {
    "extends": ["react-app"]
  },
  "jest": {
    "preset": "jest-preset-angular"
  },
  "prettier": "@acme/prettier-config",
  "browserslist": ["extends @acme/browserslist-config"],
  "mocha": {
    "require": "ts-node/register"
  },
  "overrides": {
    "left-pad": "1.3.0"
  },
  "dependencies": {
${DEPS.map(([n, v]) => `    "${n}": "${v}"`).join(',\n')}
  }
}
`;
const FILES: Record<string, string> = {
  'compose.yaml': 'services:\n  web:\n    build: ./web\n',
  'web/Dockerfile': 'FROM node:20 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nFROM nginx:alpine\nCOPY --from=build /app/dist /usr/share/nginx/html\n',
  'web/package.json': PKG,
  'web/package-lock.json': npmLock(PKG),
  'web/build.js': "console.log('build');\n",
  // No extension: read as tool configs. `"@acme/foo"` is the Babel short name of @acme/babel-plugin-foo, not @acme/eslint-plugin.
  'web/.babelrc': '{\n  "presets": ["@babel/env"],\n  "plugins": ["@babel/transform-runtime", "module-resolver", "@acme/foo"]\n}\n',
  'web/.eslintrc': '{\n  "extends": ["airbnb", "plugin:@typescript-eslint/recommended"],\n  "plugins": ["@acme"],\n  "rules": { "react/prop-types": "off" }\n}\n',
  'web/.prettierrc': '{ "plugins": ["prettier-plugin-tailwindcss"] }\n',
  'web/.browserslistrc': 'extends browserslist-config-foo\n',
  'web/jest.config.js': "module.exports = { testEnvironment: 'jsdom' };\n",
  'web/.stylelintrc.yml': 'extends:\n  - stylelint-config-standard\n',
  'web/tsconfig.json': '{\n  "extends": "@tsconfig/node20/tsconfig.json",\n  "compilerOptions": {\n    "moduleResolution": "node",\n    "types": ["jest", "@babel/core"]\n  }\n}\n',
  // A package-manager setting names a scope's registry, not a tool: it keeps nothing.
  'web/.npmrc': '@acme:registry=https://npm.example.com/\n',
};

const rows = (dir: string): string[] =>
  analyzeProject(loadProject({ root: dir })).flatMap((a) => a.findings.filter((f) => f.declared).map((f) => `${f.package} ${f.class} | ${f.evidence}`));

describe('packages named by tool configs are used by name (with a lock, so what is left is unused)', () => {
  it('every config kind keeps its package, with file:line or the package.json field; the controls stay unused (exact findings)', () => {
    expect(rows(tempProject(FILES))).toEqual([
      '@acme/babel-plugin-foo implicit | named in web/.babelrc:3 (a build/tool config loads it by name)',
      '@acme/browserslist-config implicit | named in web/package.json "browserslist" (a build/tool config loads it by name)',
      '@acme/eslint-plugin implicit | named in web/.eslintrc:3 (a build/tool config loads it by name)',
      '@acme/prettier-config implicit | named in web/package.json "prettier" (a build/tool config loads it by name)',
      '@babel/plugin-transform-runtime implicit | named in web/.babelrc:3 (a build/tool config loads it by name)',
      '@babel/preset-env implicit | named in web/.babelrc:2 (a build/tool config loads it by name)',
      '@tsconfig/node20 implicit | named as a module path at web/tsconfig.json:2 (loaded by name)',
      '@types/jest implicit | named in web/tsconfig.json:5 "types" (the type checker loads it by name)',
      '@types/node test-only | type declarations for node: read by the type checker, never loaded at runtime (belongs in devDependencies)',
      '@types/babel__core implicit | named in web/tsconfig.json:5 "types" (the type checker loads it by name)',
      '@typescript-eslint/eslint-plugin implicit | named in web/.eslintrc:2 (a build/tool config loads it by name)',
      'babel-plugin-module-resolver implicit | named in web/.babelrc:3 (a build/tool config loads it by name)',
      'browserslist-config-foo implicit | named in web/.browserslistrc:1 (a build/tool config loads it by name)',
      'eslint-config-airbnb implicit | named in web/.eslintrc:2 (a build/tool config loads it by name)',
      'eslint-config-react-app implicit | named in web/package.json "eslintConfig" (a build/tool config loads it by name)',
      'eslint-plugin-react implicit | named as a module path at web/.eslintrc:4 (loaded by name)',
      'jest-environment-jsdom implicit | named in web/jest.config.js:1 (a build/tool config loads it by name)',
      'jest-preset-angular implicit | named in web/package.json "jest" (a build/tool config loads it by name)',
      'left-pad unused | not imported by any of 2 JS/TS files copied into the image (web); no script or command runs it',
      'next implicit | named in web/package.json "babel" (a build/tool config loads it by name)',
      'prettier-plugin-tailwindcss implicit | named in web/.prettierrc:1 (a build/tool config loads it by name)',
      'stylelint-config-standard implicit | named in web/.stylelintrc.yml:2 (a build/tool config loads it by name)',
      'ts-node implicit | named in web/package.json "mocha" (a build/tool config loads it by name)',
      'webpack-bundle-analyzer unused | not imported by any of 2 JS/TS files copied into the image (web); no script or command runs it',
    ]);
  });

  it('the plan removes only the two unused packages, with the lock in sync (exact bytes)', async () => {
    const { out } = await planFiles(tempProject(FILES), { transforms: ['unused-deps'] });
    const after = PKG.replace('    "left-pad": "1.3.0",\n', '').replace(',\n    "webpack-bundle-analyzer": "4.0.0"\n', '\n');
    expect(after).not.toBe(PKG);
    expect(out).toEqual({ 'web/package.json': after, 'web/package-lock.json': npmLock(after) });
  }, 180_000);

  it('without a lock the same configs keep the same packages: config is evidence of use either way', () => {
    const noLock = { ...FILES };
    delete noLock['web/package-lock.json'];
    const withLock = rows(tempProject(FILES)).filter((r) => r.includes(' implicit | '));
    expect(rows(tempProject(noLock)).filter((r) => r.includes(' implicit | '))).toEqual(withLock);
    expect(withLock.length).toBe(21);
  });
});
