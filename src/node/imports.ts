import { createRequire } from 'node:module';
import { builtinModules } from 'node:module';
import type * as TsMorph from 'ts-morph';

/** One module specifier a JS/TS file loads. */
export interface NodeImport {
  specifier: string;
  line: number;
  kind: 'import' | 'export' | 'require' | 'dynamic' | 'import-equals';
  /** `import type` / `export type`: erased at compile time. */
  typeOnly: boolean;
}

let tsMorph: typeof TsMorph | undefined;

/**
 * ts-morph, loaded on first use only: Python-only runs never pay for it. Transforms run synchronously, so this is
 * `require` (ts-morph is CommonJS) rather than `await import()`.
 */
export function morph(): typeof TsMorph {
  tsMorph ??= createRequire(import.meta.url)('ts-morph') as typeof TsMorph;
  return tsMorph;
}

/** True when ts-morph has been loaded in this process (for tests of the lazy load). */
export function tsMorphLoaded(): boolean {
  return tsMorph !== undefined;
}

/**
 * Parse JS/TS files (path → text) with the TypeScript parser (through ts-morph's bundled compiler, without
 * ts-morph's node wrappers: a raw walk is an order of magnitude faster) and list every module they load:
 * import, export-from, require, require.resolve, import().
 */
export function scanNodeImports(files: ReadonlyMap<string, string>): Map<string, NodeImport[]> {
  const { ts } = morph();
  const out = new Map<string, NodeImport[]>();
  for (const [file, text] of files) {
    const ext = /\.[cm]?[jt]sx?$/.exec(file)?.[0] ?? (/\.(?:vue|svelte|astro)$/.test(file) ? '.ts' : '.js');
    const kind = /x$/.test(ext) ? (ext.includes('t') ? ts.ScriptKind.TSX : ts.ScriptKind.JSX) : ext.includes('t') ? ts.ScriptKind.TS : ts.ScriptKind.JS;
    // Component scripts (`.vue`, `.svelte`, `.astro`) may be TypeScript: the TS parser reads both.
    const sf = ts.createSourceFile(`/src/${out.size}${ext}`, text, ts.ScriptTarget.Latest, false, kind);
    const list: NodeImport[] = [];
    const lineOf = (n: TsMorph.ts.Node): number => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
    const lit = (n: TsMorph.ts.Node | undefined): string | undefined => (n && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) ? n.text : undefined);
    const visit = (n: TsMorph.ts.Node): void => {
      if (ts.isImportDeclaration(n)) {
        const spec = lit(n.moduleSpecifier);
        const clause = n.importClause;
        const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
        const allTypes = clause?.isTypeOnly === true || (!!named && named.length > 0 && !clause?.name && named.every((e) => e.isTypeOnly));
        if (spec !== undefined) list.push({ specifier: spec, line: lineOf(n), kind: 'import', typeOnly: allTypes });
      } else if (ts.isExportDeclaration(n)) {
        const spec = lit(n.moduleSpecifier);
        if (spec !== undefined) list.push({ specifier: spec, line: lineOf(n), kind: 'export', typeOnly: n.isTypeOnly });
      } else if (ts.isImportEqualsDeclaration(n)) {
        if (ts.isExternalModuleReference(n.moduleReference)) {
          const spec = lit(n.moduleReference.expression);
          if (spec !== undefined) list.push({ specifier: spec, line: lineOf(n), kind: 'import-equals', typeOnly: n.isTypeOnly });
        }
      } else if (ts.isCallExpression(n)) {
        const callee = n.expression;
        const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
        const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
        const isResolve = ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'require' && callee.name.text === 'resolve';
        const spec = isImport || isRequire || isResolve ? lit(n.arguments[0]) : undefined;
        if (spec !== undefined) list.push({ specifier: spec, line: lineOf(n), kind: isImport ? 'dynamic' : 'require', typeOnly: false });
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
    list.sort((a, b) => a.line - b.line);
    out.set(file, list);
  }
  return out;
}

const BUILTINS = new Set(builtinModules);

/** The package a bare specifier names (`lodash/fp` → `lodash`, `@a/b/c` → `@a/b`); undefined for relative, absolute, builtin and URL specifiers. */
export function packageOf(specifier: string): string | undefined {
  if (specifier === '' || specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(specifier)) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? (parts.length >= 2 ? `${parts[0]}/${parts[1]}` : undefined) : parts[0];
  if (name === undefined || BUILTINS.has(name) || BUILTINS.has(specifier)) return undefined;
  return name;
}
