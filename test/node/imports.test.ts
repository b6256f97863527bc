import { describe, expect, it } from 'vitest';
import { packageOf, scanNodeImports } from '../../src/node/imports.js';

describe('scanNodeImports (ts-morph)', () => {
  it('finds import, export-from, require, require.resolve, dynamic import and import = require, with lines', () => {
    const src = [
      "import a from 'a';",
      "import type { B } from 'b';",
      "import { type C } from 'c';",
      "import 'side-effect';",
      "export * from 'd';",
      "export type { E } from 'e';",
      "const f = require('f');",
      'const g = await import(`g`);',
      "import h = require('h');",
      "const i = require.resolve('i');",
      "const notMe = 'require(\"x\")'; // require('y')",
      'const dyn = require(name);',
    ].join('\n');
    const got = scanNodeImports(new Map([['/x/file.ts', src]])).get('/x/file.ts')!;
    expect(got.map((i) => `${i.line} ${i.kind} ${i.specifier}${i.typeOnly ? ' type' : ''}`)).toEqual([
      '1 import a',
      '2 import b type',
      '3 import c type',
      '4 import side-effect',
      '5 export d',
      '6 export e type',
      '7 require f',
      '8 dynamic g',
      '9 import-equals h',
      '10 require i',
    ]);
  });

  it('reads plain JavaScript (CommonJS and ESM) and JSX', () => {
    const got = scanNodeImports(new Map([['/a.js', "const x = require('x');\nmodule.exports = x;\n"], ['/b.jsx', "import React from 'react';\nexport const C = () => <div/>;\n"]]));
    expect(got.get('/a.js')!.map((i) => i.specifier)).toEqual(['x']);
    expect(got.get('/b.jsx')!.map((i) => i.specifier)).toEqual(['react']);
  });
});

describe('packageOf', () => {
  it.each([
    ['lodash', 'lodash'],
    ['lodash/fp', 'lodash'],
    ['@a/b', '@a/b'],
    ['@a/b/c/d.js', '@a/b'],
    ['./local', undefined],
    ['../up', undefined],
    ['/abs', undefined],
    ['#internal', undefined],
    ['node:fs', undefined],
    ['fs', undefined],
    ['fs/promises', undefined],
    ['https://esm.sh/x', undefined],
    ['@scope-only', undefined],
  ])('%s → %s', (spec, want) => expect(packageOf(spec)).toBe(want));
});
