/** One import found in a Python source file. */
export interface PyImport {
  /**
   * Module as written, dotted, without spaces: `a.b` for `import a.b`, `a.b` for `from a.b import c`,
   * the string's value for `importlib.import_module("a.b")`. Relative imports keep their dots: `.`, `..a`.
   */
  module: string;
  /** First component of an absolute module (`a` for `a.b`); `''` for relative imports. */
  top: string;
  /** Offset of the module name in the scanned text (of the first dot for relative imports, of the string's first
   *  character inside the quotes for dynamic imports). */
  offset: number;
  /** 1-based line of `offset` (lines end at `\n`). */
  line: number;
  kind: 'import' | 'from' | 'dynamic';
  /** Inside the body of `if TYPE_CHECKING:` / `if <name>.TYPE_CHECKING:` (also `elif`). */
  typeOnly: boolean;
  /** Inside the body of a `try:` whose handlers catch ImportError, ModuleNotFoundError, Exception, BaseException, or
   *  everything (bare `except:`): the code survives the module being absent. Handler bodies are not `inTry`. */
  inTry: boolean;
  /** `from . import x`, `from .a import b`, `import_module(".a", pkg)`: a module of the project itself. */
  relative: boolean;
  /** For `from m import a, b as c`: the imported names (`a`, `b`; `*` is left out). Empty for other kinds. Lets a
   *  caller see `from google.cloud import storage` as a use of `google.cloud.storage`. */
  names: string[];
  /** Inside a `def` body: runs only when the function is called, not when the module is imported. Absent: false. */
  local?: true;
  /** Inside an `if`/`elif` whose condition calls `find_spec` (`importlib.util.find_spec("x")`): the code checks for
   *  the module first. Absent: false. */
  guarded?: true;
  /** Inside the body of another `if`/`elif` (`if settings.DEBUG:`; not TYPE_CHECKING, find_spec or `__name__`
   *  checks): runs only when the condition holds. Absent: false. */
  conditional?: true;
}

/** A plain string literal whose value looks like a dotted Python name (`"lxml"`, `"pythonjsonlogger.jsonlogger.X"`). */
export interface PyString {
  value: string;
  offset: number;
  line: number;
}

/** A problem found while scanning; scanning goes on after it. */
export interface ScanError {
  offset: number;
  message: string;
}

/** Result of scanning one file. */
export interface ScanResult {
  imports: PyImport[];
  errors: ScanError[];
  /** Only from `scanPythonBytes`: dotted-name string literals. */
  strings?: PyString[];
}
