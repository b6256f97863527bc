import type { Service } from '../project/model.js';
import type { LockInfo } from './lock-file.js';

/**
 * How a declared or imported package is used by a service. `used` is not a finding; the others are.
 * `unknown-name`: no import found under a guessed name and the exact import names are known from no metadata or
 * table, so "unused" cannot be shown: reported, never removed. `unverified`: no use found, but the requirements of
 * another kept declared package are unknown, so that it does not require this one cannot be shown: never removed.
 */
export type DepClass = 'used' | 'unused' | 'unverified' | 'unknown-name' | 'cli' | 'env-switch' | 'optional-backend' | 'implicit' | 'string-ref' | 'test-only' | 'missing' | 'undeclared' | 'transitive';

/** The classes reported as findings (every class but `used`). */
export const FINDING_CLASSES: readonly DepClass[] = ['unused', 'unverified', 'unknown-name', 'cli', 'env-switch', 'optional-backend', 'implicit', 'string-ref', 'test-only', 'missing', 'undeclared', 'transitive'];

export type Ecosystem = 'python' | 'node';

/** One declared dependency: a requirement line, an inline `pip install` argument, or a package.json entry. */
export interface DeclaredDep {
  ecosystem: Ecosystem;
  /** Name as written. */
  package: string;
  /** PEP 503-normalised (Python) or as is (npm). */
  normalized: string;
  /** Absolute path of the file that declares it. */
  file: string;
  /** Path relative to the root. */
  rel: string;
  line: number;
  extras: string[];
  /** `# composeshift: ignore` on the line. */
  inlineIgnore: boolean;
  /** Reported, never edited: a Dockerfile `pip install` argument, a requirements file only guessed to be installed, a lock file. */
  readOnly?: boolean;
  /** The requirement line's comment (`# need numpy<2`), as written. */
  comment?: string;
  /** The version specifier as written (`==3.2.25`, `>=1,<2`), when the requirement has one. */
  specifier?: string;
  /** The declaring file is lock-style output: edit its source and re-run the command instead. */
  lock?: LockInfo;
  /** Listed by the pyproject.toml of a project the image installs (always `readOnly`). */
  project?: boolean;
}

/** One import of a source file the service's image contains. */
export interface ImportUse {
  module: string;
  /** Path relative to the root. */
  file: string;
  line: number;
  /** A test file (tests/, test_*.py, *_test.py, conftest.py, *.test.js, __tests__/). */
  test: boolean;
  typeOnly: boolean;
  /** Survives the module being absent (`try: import x except ImportError`). */
  optional: boolean;
}

/** A package with its class and the evidence for it. */
export interface DepFinding {
  ecosystem: Ecosystem;
  package: string;
  class: DepClass;
  /** Declaring file (relative) for declared packages; the first importing file for missing/transitive ones. */
  file?: string;
  line?: number;
  evidence: string;
  /** Ignored by `# composeshift: ignore` or the policy's `ignore:`: reported, never removed. */
  ignored?: boolean;
  /** The declaration, for declared packages. */
  declared?: DeclaredDep;
  /** For transitive: the declared package that brings it in. */
  via?: string;
}

/** What one service declares, imports and how each package is classed. */
export interface ServiceDeps {
  service: Service;
  ecosystem: Ecosystem;
  /** Where the analysed sources come from: the Dockerfile's COPY/ADD sources or the build context. */
  sourceRoots: string[];
  sourcesFrom: 'copies' | 'context';
  sourceFileCount: number;
  declared: DeclaredDep[];
  imports: ImportUse[];
  /** One per declared package (by normalised name, first declaration), then missing and transitive ones. */
  findings: DepFinding[];
  /** Things that make the analysis less sure (guessed requirements, unreadable files). */
  notes: string[];
}
