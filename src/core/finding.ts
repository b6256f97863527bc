/** How serious a finding is. `error` findings make the run fail (exit 2) without writing. */
export type Level = 'info' | 'warn' | 'error';

/** Something a transform noticed, with the evidence for it (never a guessed number). */
export interface Finding {
  transform: string;
  level: Level;
  /** Stable machine code, e.g. `no-usage`, `var-override`. */
  code: string;
  message: string;
  service?: string;
  /** Path relative to the root. */
  file?: string;
  line?: number;
  /** 1-based column on `line`, where a finding points into the text (verify's structural check). */
  column?: number;
  evidence?: string;
  /** Extra structured data for --json consumers. */
  data?: Record<string, unknown>;
}

/**
 * A value a transform checks in the new text before anything is written. The verifier re-parses the
 * changed file with its format's parser and compares.
 */
export type Expectation =
  | { kind: 'yaml'; file: string; path: (string | number)[]; value: unknown }
  | { kind: 'requirement'; file: string; name: string; present: boolean; specifier?: string; marker?: string }
  | { kind: 'option'; file: string; option: string; value: string; present: boolean }
  | { kind: 'text'; file: string; contains: string; present: boolean };

/**
 * Typed values of changes, by kind: what report, apply and docker steps read (never the display strings).
 * Open to plugins by declaration merging: `declare module 'composeshift' { interface ChangeValues { 'cpu-limit': { cpus: number } } }`.
 */
export interface ChangeValues {
  /** A service's memory limit set to `bytes` (`expr` when written as an interpolation with that default). */
  'memory-limit': { bytes: number };
  'memory-reservation': { bytes: number };
  /** A declared Python requirement (or Node dependency) removed. */
  'requirement-removed': { package: string; ecosystem: 'python' | 'node' };
  /** A lock file brought in line with its manifest. */
  'lock-updated': { lockFile: string };
  /** A package index option (`--extra-index-url`/`--index-url`) set to `url` (or a stale one removed). */
  'torch-index': { url: string; option: string; removed?: boolean };
  /** A requirement's version specifier rewritten (or a requirement line added, `added: true`). */
  'requirement-pin': { package: string; specifier: string; added?: boolean; marker?: string };
  /** A compose service field set (`value` as written) or removed (`value` undefined). */
  'compose-field': { path: string; value?: unknown; removed?: boolean };
  /** Anything else a plugin changes, with its own data. */
  other: { data?: Record<string, unknown> };
}

/** One typed change value: `{ kind: 'memory-limit', bytes }` and so on. */
export type ChangeValue = { [K in keyof ChangeValues]: { kind: K } & ChangeValues[K] }[keyof ChangeValues];

/** One intended change, as listed in the summary (service, file, before → after, reason). */
export interface Change {
  /** What changed, as data (display strings below are for people only). */
  value: ChangeValue;
  transform: string;
  service?: string;
  /** Path relative to the root. */
  file: string;
  line: number;
  what: string;
  before: string;
  after: string;
  reason: string;
  expect: Expectation[];
}
