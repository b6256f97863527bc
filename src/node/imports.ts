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

/** Parse JS/TS files (path → text) with ts-morph and list every module they load: import, export-from, require, import(). */
export function scanNodeImports(files: ReadonlyMap<string, string>): Map<string, NodeImport[]> {
  const { Project, SyntaxKind, Node } = morph();
  const project = new Project({ useInMemoryFileSystem: true, skipAddingFilesFromTsConfig: true, compilerOptions: { allowJs: true, noLib: true } });
  const out = new Map<string, NodeImport[]>();
  for (const [file, text] of files) {
    // Component scripts (`.vue`, `.svelte`, `.astro`) may be TypeScript: the TS parser reads both.
    const name = `/src/${out.size}${/\.[cm]?[jt]sx?$/.exec(file)?.[0] ?? (/\.(?:vue|svelte|astro)$/.test(file) ? '.ts' : '.js')}`;
    const sf = project.createSourceFile(name, text, { overwrite: true });
    const list: NodeImport[] = [];
    const lit = (n: TsMorph.Node | undefined): string | undefined =>
      n && (Node.isStringLiteral(n) || Node.isNoSubstitutionTemplateLiteral(n)) ? n.getLiteralValue() : undefined;
    for (const d of sf.getImportDeclarations()) {
      const allTypes = d.isTypeOnly() || (d.getNamedImports().length > 0 && !d.getDefaultImport() && !d.getNamespaceImport() && d.getNamedImports().every((n) => n.isTypeOnly()));
      list.push({ specifier: d.getModuleSpecifierValue(), line: d.getStartLineNumber(), kind: 'import', typeOnly: allTypes });
    }
    for (const d of sf.getExportDeclarations()) {
      const spec = d.getModuleSpecifierValue();
      if (spec !== undefined) list.push({ specifier: spec, line: d.getStartLineNumber(), kind: 'export', typeOnly: d.isTypeOnly() });
    }
    for (const d of sf.getDescendantsOfKind(SyntaxKind.ImportEqualsDeclaration)) {
      const ref = d.getModuleReference();
      if (Node.isExternalModuleReference(ref)) {
        const spec = lit(ref.getExpression());
        if (spec !== undefined) list.push({ specifier: spec, line: d.getStartLineNumber(), kind: 'import-equals', typeOnly: d.isTypeOnly() });
      }
    }
    for (const call of sf.getDescendantsOfKind(SyntaxKind.CallExpression)) {
      const callee = call.getExpression();
      const isImport = callee.getKind() === SyntaxKind.ImportKeyword;
      const isRequire = Node.isIdentifier(callee) && callee.getText() === 'require';
      const isResolve = Node.isPropertyAccessExpression(callee) && callee.getText() === 'require.resolve';
      if (!isImport && !isRequire && !isResolve) continue;
      const spec = lit(call.getArguments()[0]);
      if (spec !== undefined) list.push({ specifier: spec, line: call.getStartLineNumber(), kind: isImport ? 'dynamic' : 'require', typeOnly: false });
    }
    list.sort((a, b) => a.line - b.line);
    out.set(file, list);
    project.removeSourceFile(sf);
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
