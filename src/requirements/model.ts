/**
 * The data model of a pip requirements file. Every range is `[start, end)` into the ORIGINAL text, so
 * edits are made as text ranges and nothing is ever re-printed from the model.
 */

/** A range of the original text and the value it holds. */
export interface Span {
  start: number;
  end: number;
  /**
   * The value as pip sees it: the source slice with `\`-newline continuation joints removed (and, for
   * option values, shell quotes removed). Equals `text.slice(start, end)` for a span on one physical line
   * written without quotes.
   */
  text: string;
}

/** A parse problem: where (offset into the original text) and what. */
export interface ParseError {
  offset: number;
  message: string;
}

/** One option as written: `--index-url URL`, `-i URL`, `--index-url=URL`, `-rfile.txt`, `--pre`. */
export interface OptionEntry {
  /** Canonical long name (`-i` → `--index-url`); unknown options keep their spelling. */
  name: string;
  /** The option as written (`-i`, `--index-url`, `--foo`). */
  written: Span;
  /** The value token (raw range including any quotes; `text` unquoted); absent for flags. */
  value?: Span;
  /** False for options pip's requirements-file parser does not know (kept opaque). */
  known: boolean;
}

/** How a requirement names what to install. */
export type RequirementForm =
  /** `name[extras] specifier ; marker` or `name[extras] @ url ; marker` (PEP 508). */
  | 'pep508'
  /** A plain URL: `https://…/x.whl`, `git+https://…#egg=name`. */
  | 'url'
  /** A local path: `./pkg`, `../x.tar.gz`, `.[dev]`. */
  | 'path';

/** A requirement: a PEP 508 line, a URL or path line, or the value of `-e`. */
export interface Requirement {
  form: RequirementForm;
  /** From `-e`/`--editable`. */
  editable: boolean;
  /** Project name: PEP 508 name, `#egg=` fragment, or a wheel file name's first part. */
  name?: Span & { normalized: string };
  /** `[a,b]` including the brackets. */
  extras?: Span & { items: string[] };
  /**
   * The whole version specifier (`==2.5.1`, `>=1,<2`; inside the parentheses of `name (>=1)`). For a
   * name-form requirement without one, an empty range right after the name/extras (the insertion
   * point). Absent for URL and path requirements.
   */
  specifier?: Span & { parenthesized: boolean };
  /** The URL (`name @ url`, plain URL) or path (`./pkg`), without extras and marker. */
  url?: Span;
  /** The marker expression after `;` (trimmed). */
  marker?: Span & { semicolon: number };
  /** End of the requirement text before any marker (after name/extras/specifier/url). */
  coreEnd: number;
  /** Start and end of the whole requirement (through the marker); options follow it. */
  start: number;
  end: number;
  /** `--hash` values of the line, in order. */
  hashes: string[];
}

/** What a logical line is. */
export type LineKind = 'blank' | 'comment' | 'option' | 'requirement' | 'invalid';

/** One logical line: a physical line plus any lines joined to it by a trailing `\`. */
export interface LogicalLine {
  kind: LineKind;
  /** Offset of the first character. */
  start: number;
  /** Offset before the final line ending. */
  end: number;
  /** Offset after the final line ending (=== end when the file has no final newline). */
  endWithEol: number;
  /** 1-based number of the first physical line. */
  line: number;
  physicalLines: number;
  /** The last physical line ends with `\` but nothing follows it (end of file). */
  danglingContinuation: boolean;
  /** `# …` up to the end of the logical line (whitespace before `#` not included). */
  comment?: Span;
  /** The first option, for option lines. */
  option?: OptionEntry;
  /** All options of the line: an option line's options, or a requirement's `--hash` and the like. */
  options: OptionEntry[];
  requirement?: Requirement;
  /** Why the line is 'invalid'. */
  error?: string;
  /** Words pip reads past without a word (optparse's stray arguments after the first option): not errors. */
  ignored?: ParseError[];
}

/** A parsed requirements file. */
export interface RequirementsFile {
  text: string;
  /** Dominant line ending ('\n' when there is none). */
  eol: '\n' | '\r\n';
  lines: LogicalLine[];
  errors: ParseError[];
}
